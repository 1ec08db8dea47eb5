import type { TypedArray } from "../dtype";
import { RowIterator } from "./broadcast-iter";

/**
 * Copies an N-D strided view of `src` into a strided view of `dst` (mutating `dst`, which the
 * calling kernel has just allocated): element `idx` of the `dims`-shaped iteration goes from
 * `src[srcOffset + Σ idx[i]*srcStrides[i]]` to `dst[dstOffset + Σ idx[i]*dstStrides[i]]`.
 * Contiguous runs are coalesced into long rows. The shared engine of slice, pad, concat,
 * transpose and broadcastTo.
 * @example
 * const dst = new Float32Array(4);
 * stridedCopy(Float32Array.of(1, 2, 3, 4), 0, [1, 2], dst, 0, [2, 1], [2, 2]); // dst = [1, 3, 2, 4]
 */
export function stridedCopy(
  src: TypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: TypedArray,
  dstOffset: number,
  dstStrides: readonly number[],
  dims: readonly number[],
): void {
  const it = new RowIterator(dims, [srcStrides, dstStrides], [srcOffset, dstOffset]);
  // float32 → float32 (most copies) has its own loop, whose element accesses see one array
  // type only and compile to plain loads and stores.
  if (src instanceof Float32Array && dst instanceof Float32Array) copyRowsFloat32(src, dst, it);
  else copyRows(src, dst, it);
}

/** The rows of `it` from `src` into `dst` (any types; the stores convert). */
function copyRows(src: TypedArray, dst: TypedArray, it: RowIterator): void {
  const n = it.inner;
  const [ss, ds] = it.innerStrides;
  const offsets = it.offsets;
  for (let r = 0; r < it.rows; r++, it.next()) {
    let s = offsets[0];
    let d = offsets[1];
    if (ss === 1 && ds === 1) {
      // Runs of 16 or more as one block copy (the same conversions as element stores).
      if (n >= 16) dst.set(src.subarray(s, s + n), d);
      else for (const end = s + n; s < end; s++, d++) dst[d] = src[s];
    } else if (ss === 0 && ds === 1) {
      dst.fill(src[s], d, d + n);
    } else {
      for (let i = 0; i < n; i++, s += ss, d += ds) dst[d] = src[s];
    }
  }
}

/** {@link copyRows} for float32 into float32. */
function copyRowsFloat32(src: Float32Array, dst: Float32Array, it: RowIterator): void {
  const n = it.inner;
  const [ss, ds] = it.innerStrides;
  const offsets = it.offsets;
  for (let r = 0; r < it.rows; r++, it.next()) {
    let s = offsets[0];
    let d = offsets[1];
    if (ss === 1 && ds === 1) {
      if (n >= 16) dst.set(src.subarray(s, s + n), d);
      else for (const end = s + n; s < end; s++, d++) dst[d] = src[s];
    } else if (ss === 0 && ds === 1) {
      dst.fill(src[s], d, d + n);
    } else {
      for (let i = 0; i < n; i++, s += ss, d += ds) dst[d] = src[s];
    }
  }
}
