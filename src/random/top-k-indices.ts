/**
 * The positions of the k largest entries along the last axis, in decreasing order, by
 * ranking every entry against every other (n² comparisons, no sort primitive needed):
 * the core of sampling without replacement by the Gumbel top-k trick. Internal.
 * @module
 */
import { arange } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { add } from "../ops/arithmetic";
import { bitwiseAnd } from "../ops/bitwise";
import { equal, greater, less, where } from "../ops/compare";
import { sum } from "../ops/reduce";
import { expandDims, reshape } from "../ops/shape";

/**
 * Indices (int32, shape [...batch, k]) of the k largest entries of `z` (shape
 * [...batch, n]) along the last axis, largest first; ties go to the lower index.
 * @example topKIndices(tensor([0.1, 3, 2]), 2) // [1, 2]
 */
export function topKIndices(z: Tensor, k: number): Tensor {
  const n = z.shape[z.shape.length - 1];
  const index = arange(0, n, 1, "int32");
  const zi = expandDims(z, -1);
  const zj = expandDims(z, -2);
  // rank_i = #{j : z_j > z_i} + #{j < i : z_j = z_i}: a permutation of 0..n−1.
  const earlier = less(reshape(index, [1, n]), reshape(index, [n, 1]));
  const rank = add(sum(greater(zj, zi), -1), sum(bitwiseAnd(equal(zj, zi), earlier), -1));
  const slots = reshape(arange(0, k, 1, "int32"), [k, 1]);
  const hit = equal(expandDims(rank, -2), slots);
  return sum(where(hit, index, 0), -1);
}
