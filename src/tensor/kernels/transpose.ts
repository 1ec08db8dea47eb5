import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";
import { coalesce } from "./broadcast-iter";
import { stridedCopy } from "./strided-copy";

const BLOCK = 32;

/**
 * Permutes the axes of `x`: output axis i is input axis `perm[i]`, as a fresh contiguous array
 * of `dtype`. A (possibly batched) 2-D transpose after merging axes runs cache-blocked; any
 * other permutation is a general strided copy.
 * @example transposeKernel(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1, 0], "float32") // Float32Array [1, 4, 2, 5, 3, 6]
 */
export function transposeKernel(x: TypedArray, shape: Shape, perm: readonly number[], dtype: DType): TypedArray {
  const size = sizeOf(shape);
  const out = allocate(dtype, size);
  if (size === 0) return out;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const src = perm.map((p) => inStrides[p]);
  const dst = stridesOf(outShape);
  const { dims, strides } = coalesce(outShape, [src, dst]);
  const s = strides[0];
  if (dims.length === 2 && s[0] === 1) {
    transpose2d(x, 0, out, 0, dims[0], dims[1]);
  } else if (dims.length === 3 && s[1] === 1 && s[0] === dims[1] * dims[2]) {
    const plane = dims[1] * dims[2];
    for (let b = 0, off = 0; b < dims[0]; b++, off += plane) transpose2d(x, off, out, off, dims[1], dims[2]);
  } else {
    stridedCopy(x, 0, src, out, 0, dst, outShape);
  }
  return out;
}

/** Blocked 2-D transpose: `x` (from `xOff`) holds a [q, p] matrix, `out` (from `oOff`) receives its [p, q] transpose. */
function transpose2d(x: TypedArray, xOff: number, out: TypedArray, oOff: number, p: number, q: number): void {
  for (let i0 = 0; i0 < p; i0 += BLOCK) {
    const i1 = Math.min(p, i0 + BLOCK);
    for (let j0 = 0; j0 < q; j0 += BLOCK) {
      const j1 = Math.min(q, j0 + BLOCK);
      for (let i = i0; i < i1; i++) {
        let o = oOff + i * q + j0;
        let s = xOff + j0 * p + i;
        for (let j = j0; j < j1; j++, o++, s += p) out[o] = x[s];
      }
    }
  }
}
