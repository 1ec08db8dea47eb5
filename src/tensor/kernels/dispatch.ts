import { matmulKernel, type MatmulSpec } from "./matmul";
import { matmulWasm, wasmAvailable } from "./wasm/matmul-wasm";

/** Below this many multiply-adds per call the plain JavaScript kernel wins (no copies in and out). */
const WASM_MIN_WORK = 1 << 14;

/**
 * The matmul the primitives call: the WebAssembly SIMD kernel (on both cores for large
 * products) where the platform has it and the product is big enough, else the blocked
 * JavaScript kernel.
 * @example matmul(a, b, { batch: 1, m: 2, k: 3, n: 4, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }, "float32")
 */
export function matmul(
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  spec: MatmulSpec,
  dtype: "float32" | "float64",
): Float32Array | Float64Array {
  if (matmulInWasm(spec)) return matmulWasm(a, b, spec, dtype);
  return matmulKernel(a, b, spec, dtype);
}

/**
 * Whether {@link matmul} runs a product of this shape in WebAssembly.
 * @example matmulInWasm({ batch: 1, m: 512, k: 512, n: 512, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }) // true where wasm runs
 */
export function matmulInWasm(spec: MatmulSpec): boolean {
  return spec.batch * spec.m * spec.n * spec.k >= WASM_MIN_WORK && wasmAvailable();
}
