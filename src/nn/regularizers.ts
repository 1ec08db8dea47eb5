/**
 * Weight penalties added to a loss: L2 (weight decay) and L1, over the parameter leaves a
 * mask selects. By default biases are excluded (leaves whose key is `b` or `bias`), as
 * the material does: penalising biases does not reduce overfitting and can hurt.
 * @example
 * const objective = (p: Params) => add(loss(p), mul(1e-4, nn.l2(p)));
 * @module
 */
import { equalDefs, flatten, flattenWithKeys, show, showPath, unflatten, type PathKey } from "../tree";
import type { MapLeaves } from "../tree/types";
import { scalar } from "../tensor/create";
import { Tensor } from "../tensor/tensor";
import { abs } from "../ops/math";
import { add, mul, square } from "../ops/arithmetic";
import { sum } from "../ops/reduce";

/**
 * A tree of booleans with the structure of the params: true where the penalty applies.
 * @example
 * ```ts
 * import { Tensor, nn } from "purediff";
 * const mask: nn.MaskTree<{ W: Tensor; b: Tensor }> = { W: true, b: false };
 * ```
 */
export type MaskTree<P> = MapLeaves<P, Tensor, boolean>;

/**
 * A mask as a tree of booleans, or a predicate on each leaf's path and value.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const params = { W: tensor([[1, 2]]), b: tensor([3]) };
 * const onlyW: nn.Mask<typeof params> = (path) => path.at(-1)?.key === "W";
 * nn.l2(params, { mask: onlyW }).item(); // => 2.5
 * ```
 */
export type Mask<P> = MaskTree<P> | ((path: readonly PathKey[], leaf: Tensor) => boolean);

/**
 * Options of the regularizers.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const params = { W: tensor([[1, -2]]), b: tensor([3]) };
 * nn.l1(params, { mask: nn.weightDecayMask(params) } satisfies nn.RegularizerOptions<typeof params>).item(); // => 3
 * ```
 */
export interface RegularizerOptions<P> {
  /** Which leaves are penalised (default {@link weightDecayMask}: every leaf but biases). */
  readonly mask?: Mask<P>;
}

const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/**
 * Parameter names treated as biases by {@link weightDecayMask}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.BIAS_NAMES.includes("bias"); // => true
 * ```
 */
export const BIAS_NAMES: readonly string[] = Object.freeze(["b", "bias"]);

function isBias(path: readonly PathKey[]): boolean {
  const last = path[path.length - 1];
  return last !== undefined && typeof last.key === "string" && BIAS_NAMES.includes(last.key);
}

/**
 * The default weight-decay mask: a tree like `params` with `false` at biases (leaves
 * whose key is `b` or `bias`) and `true` elsewhere. Pass it, edited, as `mask`.
 * @example
 * ```ts
 * import { nn, random, tensor } from "purediff";
 * nn.weightDecayMask({ W: tensor([1]), b: tensor([2]) }); // => { W: true, b: false }
 * const [, mlpParams] = nn.serial(nn.dense(4), nn.activation(nn.relu), nn.dense(2)).init(random.key(0), [-1, 3]);
 * nn.weightDecayMask(mlpParams); // => [{ W: true, b: false }, {}, { W: true, b: false }]
 * ```
 */
export function weightDecayMask<P>(params: P): MaskTree<P> {
  const [, def] = flatten(params, isTensor);
  const flags = flattenWithKeys(params, isTensor).map(([path]) => !isBias(path));
  return unflatten(def, flags) as unknown as MaskTree<P>;
}

/** The leaves `mask` selects, checked against the params' structure. */
function selected<P>(op: string, params: P, mask: Mask<P> | undefined): Tensor[] {
  const entries = flattenWithKeys(params, isTensor) as [readonly PathKey[], unknown][];
  entries.forEach(([path, leaf]) => {
    if (!(leaf instanceof Tensor)) throw new Error(`${op}: params leaf at ${showPath(path) || "(root)"} is ${typeof leaf}, not a tensor`);
  });
  if (mask === undefined) return entries.filter(([path]) => !isBias(path)).map(([, leaf]) => leaf as Tensor);
  if (typeof mask === "function") {
    const keep = mask as (path: readonly PathKey[], leaf: Tensor) => boolean;
    return entries.filter(([path, leaf]) => keep(path, leaf as Tensor)).map(([, leaf]) => leaf as Tensor);
  }
  const [flags, maskDef] = flatten(mask, (x): x is boolean => typeof x === "boolean");
  const [, paramsDef] = flatten(params, isTensor);
  if (!equalDefs(maskDef, paramsDef)) {
    throw new Error(`${op}: the mask has structure ${show(maskDef)} but the params have ${show(paramsDef)}`);
  }
  return entries.filter((_, i) => flags[i] === true).map(([, leaf]) => leaf as Tensor);
}

function total(leaves: Tensor[], term: (w: Tensor) => Tensor): Tensor<[]> {
  if (leaves.length === 0) return scalar(0);
  return leaves.map((w) => sum(term(w)) as Tensor).reduce((a, b) => add(a, b)) as Tensor<[]>;
}

/**
 * The L2 penalty ½ Σ w² over the selected leaves (biases excluded by default). The ½
 * makes its gradient exactly w, so adding λ·l2(params) to a loss is weight decay with
 * rate λ: w ← w − η(∇loss + λw).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * // b is excluded
 * nn.l2({ W: tensor([[1, 2]]), b: tensor([3]) }).item(); // => 2.5
 * const params = { W: tensor([[1, 2]]), b: tensor([3]), gamma: tensor([2]) };
 * nn.l2(params, { mask: (path) => path.at(-1)?.key === "W" }).item(); // => 2.5
 * ```
 */
export function l2<P>(params: P, options: RegularizerOptions<P> = {}): Tensor<[]> {
  const leaves = selected("l2", params, options.mask);
  return mul(total(leaves, square), 0.5) as Tensor<[]>;
}

/**
 * The L1 penalty Σ |w| over the selected leaves (biases excluded by default): drives
 * weights to exactly zero (sparsity). Its gradient is sign(w) (0 at 0).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.l1({ W: tensor([[1, -2]]), b: tensor([3]) }).toArray(); // => 3
 * ```
 */
export function l1<P>(params: P, options: RegularizerOptions<P> = {}): Tensor<[]> {
  return total(selected("l1", params, options.mask), abs);
}
