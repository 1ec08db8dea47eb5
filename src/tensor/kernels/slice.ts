import { allocate, type DType, type TypedArray } from "../dtype";
import { stridesOf, type Shape } from "../shape";
import { stridedCopy } from "./strided-copy";

/**
 * The shape of `x[start:end:step]` per axis: `ceil((end - start) / step)`, at least 0.
 * @example slicedShape([0, 1], [4, 3], [2, 1]) // [2, 2]
 */
export function slicedShape(start: readonly number[], end: readonly number[], step: readonly number[]): number[] {
  return start.map((s, i) => Math.max(0, Math.ceil((end[i] - s) / step[i])));
}

/**
 * `x[start[0]:end[0]:step[0], ...]` (one entry per axis, in-range, step >= 1) as a fresh
 * contiguous array of `dtype`, of shape {@link slicedShape}.
 * @example sliceKernel(Float32Array.of(0, 1, 2, 3, 4, 5), [2, 3], [0, 1], [2, 3], [1, 1], "float32") // Float32Array [1, 2, 4, 5]
 */
export function sliceKernel(x: TypedArray, shape: Shape, start: readonly number[], end: readonly number[], step: readonly number[], dtype: DType): TypedArray {
  const outShape = slicedShape(start, end, step);
  const out = allocate(
    dtype,
    outShape.reduce((a, b) => a * b, 1),
  );
  if (out.length === 0) return out;
  const inStrides = stridesOf(shape);
  let offset = 0;
  for (let i = 0; i < shape.length; i++) offset += start[i] * inStrides[i];
  const src = inStrides.map((s, i) => s * step[i]);
  stridedCopy(x, offset, src, out, 0, stridesOf(outShape), outShape);
  return out;
}
