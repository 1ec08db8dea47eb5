import { matmulKernel, type MatmulSpec } from "./matmul";

/**
 * The matmul the primitives call: the fastest kernel available for the job.
 * @example matmul(a, b, { batch: 1, m: 2, k: 3, n: 4, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }, "float32")
 */
export function matmul(a: Float32Array | Float64Array, b: Float32Array | Float64Array, spec: MatmulSpec, dtype: "float32" | "float64"): Float32Array | Float64Array {
  return matmulKernel(a, b, spec, dtype);
}
