import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";

/**
 * `x` with the order of its entries reversed along each axis in `axes` (in range, no
 * repeats), as a fresh array of `dtype` of the same shape.
 * @example revKernel(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1], "float32") // Float32Array [3, 2, 1, 6, 5, 4]
 */
export function revKernel(x: TypedArray, shape: Shape, axes: readonly number[], dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  if (out.length === 0) return out;
  const rank = shape.length;
  const strides = stridesOf(shape);
  // The source offset moves by +stride on a kept axis and −stride on a reversed one.
  const reversed = shape.map((_, i) => axes.includes(i));
  const step = strides.map((s, i) => (reversed[i] ? -s : s));
  let src = 0;
  for (let i = 0; i < rank; i++) if (reversed[i]) src += (shape[i] - 1) * strides[i];
  const index = new Array<number>(rank).fill(0);
  for (let d = 0; d < out.length; d++) {
    out[d] = x[src];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) {
        src += step[axis];
        break;
      }
      index[axis] = 0;
      src -= step[axis] * (shape[axis] - 1);
    }
  }
  return out;
}
