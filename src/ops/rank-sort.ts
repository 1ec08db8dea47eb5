/**
 * A small sort for the order statistics (`quantile`, `median`) until the library has a
 * sort primitive: each entry's rank is counted by comparing it with every other entry of
 * its slice, and the sorted slice is gathered by a one-hot selection. It is built from
 * differentiable ops (gradients flow through the permutation) and works under `jit` and
 * `vmap`, but costs O(n²) time and memory per slice of n entries: meant to be replaced by
 * `sort(x, -1)` once that lands.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { tensor } from "../tensor/create";
import { bind } from "../core/bind";
import { asTensor, convertTo } from "./operands";

/**
 * `values` (each of `key`'s shape) permuted along the last axis as sorting `key` ascending
 * would, stably; NaN keys count as +∞.
 * @example sortByKey(tensor([3, 1, 2]), [tensor([30, 10, 20])]) // [[10, 20, 30]]
 */
export function sortByKey(key: Tensor, values: readonly Tensor[]): Tensor[] {
  const n = key.shape[key.shape.length - 1];
  const lead = key.shape.slice(0, -1);
  const k = bind("select", [bind("compare", [key, key], { op: "eq" }), key, asTensor(Infinity, key.dtype)], {});
  const column = bind("reshape", [k], { shape: [...lead, n, 1] });
  const row = bind("reshape", [k], { shape: [...lead, 1, n] });
  // rank i = #{j : key j < key i} + #{j < i : key j = key i}
  const count = (b: Tensor): Tensor => bind("reduceSum", [convertTo(b, "int32")], { axes: [lead.length + 1] });
  const earlier = tensor(Int32Array.from({ length: n * n }, (_, i) => (i % n < Math.floor(i / n) ? 1 : 0)), "int32", [n, n]);
  const tied = convertTo(bind("compare", [row, column], { op: "eq" }), "int32");
  const rank = bind("add", [count(bind("compare", [row, column], { op: "lt" })), count(bind("mul", [tied, earlier], {}))], {});
  // Place k holds the entry of rank k: a selection, not a product, so ±∞ entries stay exact.
  const positions = tensor(Int32Array.from({ length: n }, (_, i) => i), "int32", [1, n]);
  const isAt = bind("compare", [bind("reshape", [rank], { shape: [...lead, n, 1] }), positions], { op: "eq" });
  return values.map((v) => {
    const spread = bind("broadcastTo", [bind("reshape", [v], { shape: [...lead, n, 1] })], { shape: [...lead, n, n] });
    return bind("reduceSum", [bind("select", [isAt, spread, asTensor(0, v.dtype)], {})], { axes: [lead.length] });
  });
}

/**
 * `x` sorted ascending along its last axis; NaN entries stay in the slice but their places
 * are unspecified (callers deal with NaN themselves).
 * @example sortLastAxis(tensor([3, 0, 1, 2])) // [0, 1, 2, 3]
 */
export const sortLastAxis = (x: Tensor): Tensor => sortByKey(x, [x])[0];
