import { allocateUnfilled, type DType, type TypedArray } from "../dtype";
import { float32MathUnary, isVectorMathUnary } from "./vector-math-dispatch";
import { simdUnary } from "./elementwise-simd";

/** Elementwise unary operations. */
export type UnaryOp =
  | "neg"
  | "exp"
  | "log"
  | "log1p"
  | "expm1"
  | "sqrt"
  | "abs"
  | "sign"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "square"
  | "reciprocal"
  | "floor"
  | "ceil"
  | "step";

/**
 * Applies `op` to every element of `x`, into a fresh array of `dtype`. `sigmoid` is the
 * numerically stable form, `step` is 1 where x > 0 else 0, and `sign` keeps 0 (and NaN).
 * In float32, exp, expm1, log, log1p, tanh, sigmoid, sin and cos are the vectorised float32
 * functions (WebAssembly SIMD on large arrays, their bit-identical JavaScript mirror on small).
 * @example unaryKernel("square", Float32Array.of(-2, 3), "float32") // Float32Array [4, 9]
 */
export function unaryKernel(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray {
  if (dtype === "float32" && x instanceof Float32Array && isVectorMathUnary(op)) return float32MathUnary(op, x);
  const simd = simdUnary(op, x, dtype);
  if (simd !== undefined) return simd;
  const n = x.length;
  const out = allocateUnfilled(dtype, n);
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -x[i];
      break;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      break;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      break;
    case "log1p":
      for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]);
      break;
    case "expm1":
      for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]);
      break;
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
      break;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
      break;
    case "sign":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = v > 0 ? 1 : v < 0 ? -1 : v;
      }
      break;
    case "sin":
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]);
      break;
    case "cos":
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]);
      break;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
      break;
    case "sigmoid":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v >= 0) {
          out[i] = 1 / (1 + Math.exp(-v));
        } else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      break;
    case "square":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = v * v;
      }
      break;
    case "reciprocal":
      for (let i = 0; i < n; i++) out[i] = 1 / x[i];
      break;
    case "floor":
      for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]);
      break;
    case "ceil":
      for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]);
      break;
    case "step":
      for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? 1 : 0;
      break;
    default:
      return unknownOp(op);
  }
  return out;
}

function unknownOp(op: never): never {
  throw new Error(`unaryKernel: unknown op ${String(op)}`);
}
