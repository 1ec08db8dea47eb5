import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { iotaAlong } from "../core/primitives/sort";

/** Options of {@link sort} and {@link argsort}. */
export interface SortOptions {
  /** Largest first (default false); NaNs then come first and ties keep their order. */
  readonly descending?: boolean;
  /**
   * Keep equal elements in their original order. Sorting here is always stable; the option
   * is accepted as JAX accepts it, and `false` (which allows any order of ties) gets the
   * stable order too.
   */
  readonly stable?: boolean;
}

/**
 * The `sort` primitive: the last of `operands` reordered along `axis` by the stable
 * lexicographic order of the first `numKeys` (NaN last, −0 equal to 0). Internal.
 */
export function sortOperands(operands: readonly Tensor[], axis: number, numKeys: number, descending: boolean): Tensor {
  return bind("sort", operands, { axis, numKeys, descending });
}

/** `x` and the normalised axis to sort along; `null` flattens `x` first (NumPy's axis=None). */
function sortTarget(op: string, x: Tensor, axis: number | null): [Tensor, number] {
  if (axis === null) return [x.shape.length === 1 ? x : bind("reshape", [x], { shape: [x.size] }), 0];
  if (x.shape.length === 0) throw new Error(`${op}: cannot sort a scalar (shape []) along axis ${axis}; pass axis null to sort its flattened form`);
  return [x, normalizeAxis(op, axis, x.shape.length)];
}

/**
 * The values of `x` sorted along `axis` (default −1; `null` sorts the flattened tensor), in
 * NumPy's order: NaNs last, −0 and 0 equal, the sort stable. Gradients flow through the
 * permutation to the entries they came from.
 * @example
 * ```ts
 * import { sort, tensor } from "purediff";
 * sort(tensor([[3, 1, 2], [NaN, 0, -1]])).toArray(); // => [[1, 2, 3], [-1, 0, NaN]]
 * ```
 * @example
 * ```ts
 * import { sort, tensor } from "purediff";
 * sort(tensor([3, 1, 2]), -1, { descending: true }).toArray(); // => [3, 2, 1]
 * ```
 */
export function sort<S extends Shape>(x: Tensor<S>, axis?: number, options?: SortOptions): Tensor<S>;
export function sort(x: Tensor, axis: null, options?: SortOptions): Tensor<[number]>;
export function sort(x: Tensor, axis: number | null = -1, options: SortOptions = {}): Tensor {
  const [t, ax] = sortTarget("sort", x, axis);
  return sortOperands([t], ax, 1, options.descending ?? false);
}

/**
 * The int32 indices that sort `x` along `axis` (default −1; `null` for the flattened
 * tensor): stable (equal elements keep their order), NaNs last, −0 and 0 equal.
 * @example
 * ```ts
 * import { argsort, tensor } from "purediff";
 * argsort(tensor([3, 1, 2, 1])).toArray(); // => [1, 3, 2, 0]
 * ```
 * @example
 * ```ts
 * import { argsort, tensor } from "purediff";
 * argsort(tensor([3, 1, 2, 1]), -1, { descending: true }).toArray(); // => [0, 2, 1, 3]
 * ```
 */
export function argsort<S extends Shape>(x: Tensor<S>, axis?: number, options?: SortOptions): Tensor<S>;
export function argsort(x: Tensor, axis: null, options?: SortOptions): Tensor<[number]>;
export function argsort(x: Tensor, axis: number | null = -1, options: SortOptions = {}): Tensor {
  const [t, ax] = sortTarget("argsort", x, axis);
  return sortOperands([t, iotaAlong(t.shape, ax)], ax, 1, options.descending ?? false);
}

/**
 * Partitions `x` along `axis` (default −1) around the element(s) of sorted position `kth`
 * (a number or several, negative ones counting from the end): each such element lands
 * where a sort would put it, with nothing larger before it and nothing smaller after it.
 * As in NumPy the order inside the parts is unspecified; here it is sorted (a sort is a
 * partition around every position).
 * @example
 * ```ts
 * import { partition, tensor } from "purediff";
 * // 3 at index 2, smaller before, larger after
 * partition(tensor([3, 4, 2, 1]), 2).toArray(); // => [1, 2, 3, 4]
 * ```
 */
export function partition<S extends Shape>(x: Tensor<S>, kth: number | readonly number[], axis = -1): Tensor<S> {
  const [t, ax] = sortTarget("partition", x, axis);
  const n = t.shape[ax];
  for (const k of typeof kth === "number" ? [kth] : kth) {
    if (!Number.isInteger(k) || k < -n || k >= n)
      throw new Error(`partition: kth ${k} is out of range for axis ${axis} of length ${n} (shape ${showShape(x.shape)})`);
  }
  return sortOperands([t], ax, 1, false) as Tensor<S>;
}
