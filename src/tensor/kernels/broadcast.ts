import { allocateUnfilled, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";
import { broadcastStrides } from "./broadcast-iter";
import { stridedCopy } from "./strided-copy";

/**
 * Materialises `x` (shape `xShape`) broadcast to `outShape` by NumPy rules, as a fresh
 * contiguous array of `dtype`.
 * @example broadcastToKernel(Float32Array.of(1, 2), [2, 1], [2, 3], "float32") // Float32Array [1, 1, 1, 2, 2, 2]
 */
export function broadcastToKernel(x: TypedArray, xShape: Shape, outShape: Shape, dtype: DType): TypedArray {
  const out = allocateUnfilled(dtype, sizeOf(outShape));
  if (x.length === 1) {
    out.fill(x[0]);
    return out;
  }
  stridedCopy(x, 0, broadcastStrides(xShape, outShape), out, 0, stridesOf(outShape), outShape);
  return out;
}
