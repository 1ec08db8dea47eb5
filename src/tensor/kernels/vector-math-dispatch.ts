/**
 * Eager float32 math: the WebAssembly SIMD kernels on large arrays, their JavaScript mirror
 * (bit-identical) on small ones and where WebAssembly is unavailable.
 * @module
 */
import { allocateUnfilled } from "../dtype";
import type { VectorMathFn } from "./vector-math-constants";
import { float32Math } from "./vector-math-scalar";
import { vectorMathPow, vectorMathUnary } from "./wasm/vector-math-kernel";
import { wasmAvailable } from "./wasm/matmul-wasm";
import { canPoolVectorMath, vectorMathUnaryPooled } from "./wasm/vector-math-pooled";

/** Fewest elements worth the copies into and out of WebAssembly memory (measured: the SIMD path is 2–3× faster at 64 elements, the two cross between 16 and 32). */
export const VECTOR_MATH_MIN_ELEMENTS = 64;

/** Fewest elements worth running on the pool's threads (measured with `npm run bench:elementwise -- --only tanh`). */
export const VECTOR_MATH_POOL_MIN_ELEMENTS = 1 << 16;

/** The unary functions with a vectorised float32 kernel. */
export type VectorMathUnaryFn = Exclude<VectorMathFn, "pow">;

const unaryNames: ReadonlySet<string> = new Set<VectorMathUnaryFn>(["exp", "expm1", "log", "log1p", "tanh", "sigmoid", "sin", "cos"]);

/**
 * Is `op` one of the vectorised unary functions?
 * @example isVectorMathUnary("tanh") // true
 */
export function isVectorMathUnary(op: string): op is VectorMathUnaryFn {
  return unaryNames.has(op);
}

/**
 * fn elementwise on float32 values, into a fresh Float32Array.
 * @example float32MathUnary("log", Float32Array.of(1)) // Float32Array [0]
 */
export function float32MathUnary(fn: VectorMathUnaryFn, x: Float32Array): Float32Array {
  const n = x.length;
  if (n >= VECTOR_MATH_MIN_ELEMENTS && wasmAvailable()) {
    return n >= VECTOR_MATH_POOL_MIN_ELEMENTS && canPoolVectorMath(fn) ? vectorMathUnaryPooled(fn, x) : vectorMathUnary(fn, x);
  }
  const f = float32Math[fn];
  const out = allocateUnfilled("float32", n);
  for (let i = 0; i < n; i++) out[i] = f(x[i]);
  return out;
}

/**
 * pow(a, b) on float32 values over `n` elements where each operand has 1 or `n` elements
 * (the shapes a broadcast without strides reads), into a fresh Float32Array.
 * @example float32MathPow(Float32Array.of(2, 3), Float32Array.of(3), 2) // Float32Array [8, 27]
 */
export function float32MathPow(a: Float32Array, b: Float32Array, n: number): Float32Array {
  if (n >= VECTOR_MATH_MIN_ELEMENTS && wasmAvailable()) return vectorMathPow(a, b, n);
  const out = allocateUnfilled("float32", n);
  const sa = a.length === 1 ? 0 : 1;
  const sb = b.length === 1 ? 0 : 1;
  for (let i = 0; i < n; i++) out[i] = float32Math.pow(a[i * sa], b[i * sb]);
  return out;
}
