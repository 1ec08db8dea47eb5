import { allocate, type DType, type TypedArray } from "../dtype";

/**
 * `n` evenly spaced values `start + i*step` as a fresh array of `dtype`.
 * @example iotaKernel(1, 0.5, 4, "float32") // Float32Array [1, 1.5, 2, 2.5]
 */
export function iotaKernel(start: number, step: number, n: number, dtype: DType): TypedArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}
