import { allocateUnfilled, type DType, type TypedArray } from "../dtype";
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
  // Every element is written below.
  const out = allocateUnfilled(dtype, size);
  if (size === 0) return out;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const src = perm.map((p) => inStrides[p]);
  const dst = stridesOf(outShape);
  const { dims, strides } = coalesce(outShape, [src, dst]);
  const s = strides[0];
  if (dims.length === 2 && s[0] === 1) {
    transpose2dOf(x, out)(x, 0, out, 0, dims[0], dims[1]);
  } else if (dims.length === 3 && s[1] === 1 && s[0] === dims[1] * dims[2]) {
    const plane = dims[1] * dims[2];
    const transpose = transpose2dOf(x, out);
    for (let b = 0, off = 0; b < dims[0]; b++, off += plane) transpose(x, off, out, off, dims[1], dims[2]);
  } else {
    stridedCopy(x, 0, src, out, 0, dst, outShape);
  }
  return out;
}

/**
 * The 2-D transpose for these arrays: float32 → float32 (most transposes) has its own loop,
 * whose element accesses see one array type only and compile to plain loads and stores.
 */
function transpose2dOf(x: TypedArray, out: TypedArray): typeof transpose2d {
  return x instanceof Float32Array && out instanceof Float32Array ? (transpose2dFloat32 as typeof transpose2d) : transpose2d;
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

/** {@link transpose2d} for float32 into float32. */
function transpose2dFloat32(x: Float32Array, xOff: number, out: Float32Array, oOff: number, p: number, q: number): void {
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
