/**
 * Decoupled weight decay (`addDecayedWeights`) and the masks that choose which
 * parameters it applies to (by default every leaf but the biases).
 */
import { add, mul } from "../ops/arithmetic";
import type { Tensor } from "../tensor/tensor";
import { equalDefs, flatten, flattenWithKeys, leafPaths, showPath, TreeMismatchError, type PathKey, type TreeDefNode } from "../tree";
import { align, checkNumber, freeze, isTensor, rebuild } from "./leaves";
import type { EmptyFn, EmptyState, GradientTransformation } from "./types";

/**
 * A predicate on a leaf of the params tree: its path as text (`.layers[0].W`), the
 * same path as keys, and the leaf.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const onlyMatrices: optim.PathPredicate = (_path, _keys, leaf) => leaf.ndim >= 2;
 * ```
 */
export type PathPredicate = (path: string, keys: readonly PathKey[], leaf: Tensor) => boolean;

/**
 * Which params a masked transformation applies to: a tree of booleans with the params'
 * structure, or a function of the params returning one (see {@link maskByPath} for a
 * predicate on leaf paths).
 * @example
 * ```ts
 * import { Tensor, optim } from "purediff";
 * const m1: optim.Mask = { W: true, b: false };
 * const m2: optim.Mask<{ W: Tensor; b: Tensor }> = (p) => ({ W: p.W.ndim > 1, b: false });
 * const m3: optim.Mask = optim.maskByPath((path) => !path.endsWith(".b"));
 * ```
 */
export type Mask<P = unknown> = ((params: P) => unknown) | boolean | object;

/**
 * A mask function from a predicate on leaf paths: the mask of a params tree has `pred`'s
 * answer at each leaf.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const noEmbeddings = optim.maskByPath((path) => !path.startsWith(".embedding"));
 * optim.addDecayedWeights(1e-4, { mask: noEmbeddings });
 * ```
 */
export function maskByPath(pred: PathPredicate): (params: unknown) => unknown {
  return (params) => {
    const withKeys = flattenWithKeys(params, isTensor) as [readonly PathKey[], unknown][];
    const [, def] = flatten(params, isTensor) as [unknown[], TreeDefNode];
    return rebuild(
      def,
      withKeys.map(([keys, leaf]) => pred(showPath(keys), keys, leaf as Tensor)),
    );
  };
}

/**
 * True when a leaf is a bias: the nearest key on its path that is not an array or List
 * index is `b` or `bias` (so `.layers[0].b`, `.bias[1]` and `.get("bias")` are biases,
 * while `.b.W`, a weight inside a sub-tree named `b`, is not).
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.isBiasPath([{ container: "object", key: "layers" }, { container: "array", key: 0 }, { container: "object", key: "b" }]); // => true
 * ```
 */
export function isBiasPath(keys: readonly PathKey[]): boolean {
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    if (k.container === "array" || k.container === "List") continue;
    return k.key === "b" || k.key === "bias";
  }
  return false;
}

/**
 * The default weight-decay mask: every leaf except the biases (see {@link isBiasPath}).
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * optim.excludeBiases({ W: tensor([[1]]), b: tensor([0]) }); // => { W: true, b: false }
 * ```
 */
export const excludeBiases: (params: unknown) => unknown = maskByPath((_path, keys) => !isBiasPath(keys));

/**
 * The mask's booleans in the leaf order of `def` (the params' structure), or an error
 * printing both structures (internal).
 * @example
 * resolveMask("optim.addDecayedWeights.update", excludeBiases, params, def);
 */
export function resolveMask(operation: string, mask: Mask<never>, params: unknown, def: TreeDefNode): boolean[] {
  const tree = typeof mask === "function" ? (mask as (p: unknown) => unknown)(params) : mask;
  const [raw, maskDef] = flatten(tree) as [unknown[], TreeDefNode];
  if (!equalDefs(def, maskDef)) throw new TreeMismatchError(`${operation} (mask vs params)`, def, maskDef);
  return raw.map((b, i) => {
    if (typeof b !== "boolean") {
      const p = leafPaths(def)[i];
      throw new TypeError(`${operation}: the mask leaf at ${p === "" ? "<root>" : p} is ${typeof b}, not a boolean`);
    }
    return b;
  });
}

/**
 * Options of {@link addDecayedWeights}; `P` types the params a mask function receives.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.addDecayedWeights(1e-4, { mask: optim.maskByPath((path) => path.endsWith(".W")) });
 * ```
 */
export interface AddDecayedWeightsOptions<P = unknown> {
  /** Which params decay (default {@link excludeBiases}: all but the biases). */
  readonly mask?: Mask<P>;
}

/**
 * Adds decoupled weight decay to the updates (Optax's `add_decayed_weights`):
 * `u ← u + λ·p` on the leaves the mask selects, `u` unchanged elsewhere. Placed before
 * `scaleByLearningRate`, the step becomes `−η·(u + λ·p)`: the decay of AdamW (Loshchilov
 * & Hutter 2019), not an L2 term in the gradient. Needs `params` in `update`. No state.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const params = { W: tensor([[1, 2]]), b: tensor([1]) };
 * const grads = { W: tensor([[0, 0]]), b: tensor([0]) };
 * const opt = optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(1e-2), optim.scaleByLearningRate(1e-3));
 * // biases (1-d leaves) are not decayed
 * const [updates] = opt.update(grads, opt.init(params), params);
 * updates; // => { W: [[-0.00001, -0.00002]], b: [0] }
 * ```
 */
export function addDecayedWeights<P = unknown>(weightDecay: number, options: AddDecayedWeightsOptions<P> = {}): GradientTransformation<EmptyFn> {
  checkNumber("addDecayedWeights", "weightDecay", weightDecay, Number.isFinite, "a finite number");
  const mask: Mask<never> = (options.mask ?? excludeBiases) as Mask<never>;
  const op = "optim.addDecayedWeights.update";
  return {
    init: () => freeze({}) as EmptyState,
    update: <Q>(updates: Q, state: EmptyState, params?: Q): readonly [Q, EmptyState] => {
      if (params === undefined) {
        throw new TypeError(`${op}: weight decay needs the params: call update(grads, state, params)`);
      }
      const { def, leaves } = align(op, [
        { name: "updates", tree: updates },
        { name: "params", tree: params },
      ]);
      const [gs, ps] = leaves;
      const selected = resolveMask(op, mask, params, def);
      const out = gs.map((g, i) => (selected[i] ? add(g, mul(ps[i], weightDecay)) : g));
      return [rebuild<Q>(def, out), state];
    },
  };
}
