import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";
import { stridedCopy } from "./strided-copy";

/**
 * Joins `parts` (shapes `shapes`, equal except on `axis`) along `axis` into a fresh array of
 * `dtype`. There must be at least one part.
 * @example concatKernel([Float32Array.of(1, 2), Float32Array.of(3)], [[2, 1], [1, 1]], 0, "float32") // Float32Array [1, 2, 3]
 */
export function concatKernel(parts: readonly TypedArray[], shapes: readonly Shape[], axis: number, dtype: DType): TypedArray {
  const outShape = shapes[0].slice();
  outShape[axis] = shapes.reduce((n, s) => n + s[axis], 0);
  const out = allocate(dtype, sizeOf(outShape));
  if (out.length === 0) return out;
  const outStrides = stridesOf(outShape);
  let at = 0;
  for (let p = 0; p < parts.length; p++) {
    const shape = shapes[p];
    stridedCopy(parts[p], 0, stridesOf(shape), out, at * outStrides[axis], outStrides, shape);
    at += shape[axis];
  }
  return out;
}
