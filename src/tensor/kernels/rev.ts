import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";

/**
 * `x` with the order of its entries reversed along each axis in `axes` (in range, no
 * repeats), as a fresh array of `dtype` of the same shape. Works row by row: a tight
 * loop over the last axis (forwards or backwards), the source row found by stepping a
 * counter over the other axes.
 * @example revKernel(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1], "float32") // Float32Array [3, 2, 1, 6, 5, 4]
 */
export function revKernel(x: TypedArray, shape: Shape, axes: readonly number[], dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  if (out.length === 0) return out;
  if (shape.length === 0) {
    out[0] = x[0];
    return out;
  }
  const last = shape.length - 1;
  const width = shape[last];
  const reverseRows = axes.includes(last);
  const strides = stridesOf(shape);
  // The source offset moves by +stride along a kept axis and by −stride along a reversed one.
  const step = strides.map((s, i) => (axes.includes(i) ? -s : s));
  let src = 0;
  for (let i = 0; i < last; i++) if (axes.includes(i)) src += (shape[i] - 1) * strides[i];
  const index = new Array<number>(last).fill(0);
  for (let d = 0; d < out.length; d += width) {
    if (reverseRows) for (let j = 0, s = src + width - 1; j < width; j++, s--) out[d + j] = x[s];
    else for (let j = 0; j < width; j++) out[d + j] = x[src + j];
    for (let axis = last - 1; axis >= 0; axis--) {
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
