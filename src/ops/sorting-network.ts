/**
 * A small sort for the order statistics (`quantile`, `median`) and periodic `interp`
 * until the library has a sort primitive: Batcher's bitonic sorting network along the last
 * axis, written with differentiable primitives (slices, comparisons, selections), so it
 * works under `grad`, `jit` and `vmap` and gradients flow through the permutation. Each
 * of its ⌈log₂ n⌉·(⌈log₂ n⌉ + 1)/2 rounds compares every entry with one partner: O(n log² n)
 * work and O(n) memory per slice. Meant to be replaced by `sort` once that lands.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { full, tensor } from "../tensor/create";
import { bind } from "../core/bind";
import { asTensor } from "./operands";

const select = (c: Tensor, a: Tensor, b: Tensor): Tensor => bind("select", [c, a, b], {});
const compare = (op: "eq" | "gt", a: Tensor, b: Tensor): Tensor => bind("compare", [a, b], { op });

/** `a > b` on (key, flag) pairs ordered by key, then by flag. */
function after(aKey: Tensor, bKey: Tensor, aFlag: Tensor | undefined, bFlag: Tensor | undefined): Tensor {
  const greater = compare("gt", aKey, bKey);
  if (aFlag === undefined || bFlag === undefined) return greater;
  return select(greater, greater, select(compare("eq", aKey, bKey), compare("gt", aFlag, bFlag), greater));
}

/**
 * `key` sorted ascending along its last axis (NaN taken as +∞), and `values` (each of
 * `key`'s shape) permuted the same way; the order among equal keys is unspecified.
 * @example sortByKey(tensor([3, 1, 2]), [tensor([30, 10, 20])]) // [[1, 2, 3], [10, 20, 30]]
 */
export function sortByKey(key: Tensor, values: readonly Tensor[]): Tensor[] {
  const rank = key.shape.length;
  const n = key.shape[rank - 1];
  const lead = key.shape.slice(0, -1);
  const cleanKey = select(compare("eq", key, key), key, asTensor(Infinity, key.dtype));
  if (n <= 1) return [cleanKey, ...values];
  const size = 2 ** Math.ceil(Math.log2(n));
  const extend = (t: Tensor, fill: number): Tensor => (size === n ? t : bind("concat", [t, full([...lead, size - n], fill, t.dtype)], { axis: rank - 1 }));
  // Padding sorts after every entry, +∞ included: its flag is the tie-breaker (needed only
  // when values travel along, since a padded +∞ key is otherwise as good as a real one).
  let flag = size === n || values.length === 0 ? undefined : extend(full([...lead, n], 0, "int32"), 1);
  let arrays = [extend(cleanKey, Infinity), ...values.map((v) => extend(v, 0))];
  for (let block = 2; block <= size; block *= 2) {
    for (let half = block / 2; half >= 1; half /= 2) {
      // Entries i and i + half of each run of 2·half are partners; runs whose start has the
      // `block` bit set sort descending (bitonic merging).
      const runs = size / (2 * half);
      const shape = [...lead, runs, 2, half];
      const split = (t: Tensor): [Tensor, Tensor] => {
        const r = bind("reshape", [t], { shape });
        const part = (p: number) => bind("slice", [r], { start: shape.map((_, i) => (i === rank ? p : 0)), end: shape.map((d, i) => (i === rank ? p + 1 : d)), step: shape.map(() => 1) });
        return [part(0), part(1)];
      };
      const ascending = tensor(Uint8Array.from({ length: runs }, (_, r) => ((r * 2 * half) & block) === 0 ? 1 : 0), "bool", [runs, 1, 1]);
      const [loKey, hiKey] = split(arrays[0]);
      const [loFlag, hiFlag] = flag === undefined ? [undefined, undefined] : split(flag);
      const swap = select(ascending, after(loKey, hiKey, loFlag, hiFlag), after(hiKey, loKey, hiFlag, loFlag));
      const exchange = (t: Tensor): Tensor => {
        const [lo, hi] = split(t);
        return bind("reshape", [bind("concat", [select(swap, hi, lo), select(swap, lo, hi)], { axis: rank })], { shape: [...lead, size] });
      };
      arrays = arrays.map(exchange);
      flag = flag === undefined ? undefined : exchange(flag);
    }
  }
  const first = (t: Tensor): Tensor => (size === n ? t : bind("slice", [t], { start: t.shape.map(() => 0), end: [...lead, n], step: t.shape.map(() => 1) }));
  return arrays.map(first);
}

/**
 * `x` sorted ascending along its last axis, NaN taken as +∞ (callers deal with NaN).
 * @example sortLastAxis(tensor([3, 0, 1, 2])) // [0, 1, 2, 3]
 */
export const sortLastAxis = (x: Tensor): Tensor => sortByKey(x, [])[0];
