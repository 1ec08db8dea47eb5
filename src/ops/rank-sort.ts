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
 * `x` sorted ascending along its last axis, stably; NaN entries are taken as +∞ (callers
 * deal with NaN themselves).
 * @example sortLastAxis(tensor([3, 0, 1, 2])) // [0, 1, 2, 3]
 */
export function sortLastAxis(x: Tensor): Tensor {
  const n = x.shape[x.shape.length - 1];
  const lead = x.shape.slice(0, -1);
  const key = bind("select", [bind("compare", [x, x], { op: "eq" }), x, asTensor(Infinity, x.dtype)], {});
  const column = bind("reshape", [key], { shape: [...lead, n, 1] });
  const row = bind("reshape", [key], { shape: [...lead, 1, n] });
  // rank i = #{j : key j < key i} + #{j < i : key j = key i}
  const countOf = (b: Tensor): Tensor => bind("reduceSum", [convertTo(b, "int32")], { axes: [lead.length + 1] });
  const earlier = tensor(Int32Array.from({ length: n * n }, (_, k) => (k % n < Math.floor(k / n) ? 1 : 0)), "int32", [n, n]);
  const smaller = countOf(bind("compare", [row, column], { op: "lt" }));
  const tiedBefore = bind("reduceSum", [bind("mul", [convertTo(bind("compare", [row, column], { op: "eq" }), "int32"), earlier], {})], { axes: [lead.length + 1] });
  const rank = bind("add", [smaller, tiedBefore], {});
  // sorted k = the entry whose rank is k (a selection, not a product: ±∞ entries stay exact).
  const positions = tensor(Int32Array.from({ length: n }, (_, k) => k), "int32", [1, n]);
  const isAt = bind("compare", [bind("reshape", [rank], { shape: [...lead, n, 1] }), positions], { op: "eq" });
  const picked = bind("select", [isAt, bind("broadcastTo", [column], { shape: [...lead, n, n] }), asTensor(0, x.dtype)], {});
  return bind("reduceSum", [picked], { axes: [lead.length] });
}
