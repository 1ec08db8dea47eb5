import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";
import { stridedCopy } from "./strided-copy";

/**
 * The transpose of a strided slice: a zero-filled array of `outShape` and `dtype` with
 * `x[j]` written at `before[i] + j[i]*step[i]` on every axis i. With step 1 it is zero padding.
 * @example padKernel(Float32Array.of(1, 2), [2], [1], [5], [2], "float32") // Float32Array [0, 1, 0, 2, 0]
 */
export function padKernel(x: TypedArray, shape: Shape, before: readonly number[], outShape: Shape, step: readonly number[], dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(outShape));
  if (x.length === 0 || out.length === 0) return out;
  const outStrides = stridesOf(outShape);
  let offset = 0;
  for (let i = 0; i < outShape.length; i++) offset += before[i] * outStrides[i];
  const dst = outStrides.map((s, i) => s * step[i]);
  stridedCopy(x, 0, stridesOf(shape), out, offset, dst, shape);
  return out;
}
