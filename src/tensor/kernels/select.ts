import { allocateUnfilled, type DType, type TypedArray } from "../dtype";
import { sizeOf, type Shape } from "../shape";
import { broadcastStrides, RowIterator } from "./broadcast-iter";
import { simdSelect } from "./elementwise-simd";

/**
 * `where(cond, a, b)`: `a` where `cond` is nonzero, else `b`; all three broadcast (NumPy
 * rules) to `outShape`. Output is a fresh array of `dtype`.
 * @example
 * selectKernel(Uint8Array.of(1, 0), [2], Float32Array.of(1, 2), [2], Float32Array.of(9), [], [2], "float32")
 * // Float32Array [1, 9]
 */
export function selectKernel(
  cond: Uint8Array,
  cShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  dtype: DType,
): TypedArray {
  const size = sizeOf(outShape);
  const simd = simdSelect(cond, cShape, a, aShape, b, bShape, outShape, dtype, size);
  if (simd !== undefined) return simd;
  const out = allocateUnfilled(dtype, size);
  if (size === 0) return out;
  const flat = (x: TypedArray): boolean => x.length === size || x.length === 1;
  if (flat(cond) && flat(a) && flat(b)) {
    const sc = cond.length === 1 ? 0 : 1;
    const sa = a.length === 1 ? 0 : 1;
    const sb = b.length === 1 ? 0 : 1;
    for (let o = 0, ci = 0, ai = 0, bi = 0; o < size; o++, ci += sc, ai += sa, bi += sb) {
      out[o] = cond[ci] ? a[ai] : b[bi];
    }
    return out;
  }
  const it = new RowIterator(outShape, [broadcastStrides(cShape, outShape), broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const inner = it.inner;
  const [sc, sa, sb] = it.innerStrides;
  const offsets = it.offsets;
  for (let r = 0, o = 0; r < it.rows; r++, it.next()) {
    let ci = offsets[0];
    let ai = offsets[1];
    let bi = offsets[2];
    for (const end = o + inner; o < end; o++, ci += sc, ai += sa, bi += sb) out[o] = cond[ci] ? a[ai] : b[bi];
  }
  return out;
}
