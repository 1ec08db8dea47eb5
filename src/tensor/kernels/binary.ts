import { allocateUnfilled, type DType, type TypedArray } from "../dtype";
import { sizeOf, type Shape } from "../shape";
import { forEachBroadcastRow, isSingleRow } from "./broadcast-iter";
import { simdBinary, simdCompare } from "./elementwise-simd";
import { float32MathPow } from "./vector-math-dispatch";
import { powF32 } from "./vector-math-scalar";

export { selectKernel } from "./select";

/** Elementwise arithmetic binary operations. */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow" | "max" | "min" | "atan2";

/** Elementwise comparisons; they produce bools. */
export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

/**
 * `a op b` with NumPy broadcasting, into a fresh array of `dtype` and shape `outShape`
 * (the caller has computed it with `broadcastShapes`). `max`/`min` propagate NaN like
 * `np.maximum`. int32 and uint32 arithmetic wraps mod 2³² like 32-bit machine integers:
 * `add`/`sub` are exact in doubles and wrap when stored, `mul` is `Math.imul` (the low 32
 * bits of the exact product); other integer results are the double result stored
 * (truncated toward zero, then taken mod 2³²). float32 `pow` is the vectorised float32
 * function (WebAssembly SIMD on large arrays, its bit-identical JavaScript mirror otherwise).
 * @example
 * binaryKernel("add", Float32Array.of(1, 2), [2, 1], Float32Array.of(10, 20, 30), [3], [2, 3], "float32")
 * // Float32Array [11, 21, 31, 12, 22, 32]
 */
export function binaryKernel(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType): TypedArray {
  const size = sizeOf(outShape);
  const float32 = dtype === "float32";
  if (
    size > 0 &&
    op === "pow" &&
    float32 &&
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    (a.length === 1 || a.length === size) &&
    (b.length === 1 || b.length === size)
  ) {
    return float32MathPow(a, b, size);
  }
  const simd = simdBinary(op, a, aShape, b, bShape, outShape, dtype, size);
  if (simd !== undefined) return simd;
  const out = allocateUnfilled(dtype, size);
  if (size === 0) return out;
  const intMul = op === "mul" && (dtype === "int32" || dtype === "uint32");
  if (isSingleRow(a, b, size)) {
    // One row (operands laid out like the output, or single elements): no row callback to allocate.
    binaryRow(op, intMul, float32, out, 0, size, a, 0, a.length === 1 ? 0 : 1, b, 0, b.length === 1 ? 0 : 1);
    return out;
  }
  forEachBroadcastRow(a, aShape, b, bShape, outShape, size, (o, n, ai, sa, bi, sb) => binaryRow(op, intMul, float32, out, o, n, a, ai, sa, b, bi, sb));
  return out;
}

/** One row: out[o + i] = a[ai + i*sa] op b[bi + i*sb] for i < n (`float32`: pow is the float32 function). */
function binaryRow(
  op: BinaryOp,
  intMul: boolean,
  float32: boolean,
  out: TypedArray,
  o: number,
  n: number,
  a: TypedArray,
  ai: number,
  sa: number,
  b: TypedArray,
  bi: number,
  sb: number,
): void {
  const end = o + n;
  switch (op) {
    case "add":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] + b[bi];
      break;
    case "sub":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] - b[bi];
      break;
    case "mul":
      if (intMul) {
        for (; o < end; o++, ai += sa, bi += sb) out[o] = Math.imul(a[ai], b[bi]);
      } else {
        for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] * b[bi];
      }
      break;
    case "div":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] / b[bi];
      break;
    case "pow":
      if (float32) {
        for (; o < end; o++, ai += sa, bi += sb) out[o] = powF32(a[ai], b[bi]);
      } else {
        for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] ** b[bi];
      }
      break;
    case "max":
      for (; o < end; o++, ai += sa, bi += sb) {
        const x = a[ai];
        const y = b[bi];
        out[o] = x > y || x !== x ? x : y;
      }
      break;
    case "min":
      for (; o < end; o++, ai += sa, bi += sb) {
        const x = a[ai];
        const y = b[bi];
        out[o] = x < y || x !== x ? x : y;
      }
      break;
    case "atan2":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = Math.atan2(a[ai], b[bi]);
      break;
    default:
      unknownOp("binaryKernel", op);
  }
}

/**
 * `a op b` compared elementwise with NumPy broadcasting, as bools (1/0) of shape `outShape`.
 * Every comparison with NaN is false except `ne`.
 * @example
 * compareKernel("gt", Float64Array.of(1, 5), [2], Float64Array.of(3), [], [2]) // Uint8Array [0, 1]
 */
export function compareKernel(op: CompareOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): Uint8Array {
  const size = sizeOf(outShape);
  const simd = simdCompare(op, a, aShape, b, bShape, outShape, size);
  if (simd !== undefined) return simd;
  const out = allocateUnfilled("bool", size);
  if (size === 0) return out;
  if (isSingleRow(a, b, size)) {
    compareRow(op, out, 0, size, a, 0, a.length === 1 ? 0 : 1, b, 0, b.length === 1 ? 0 : 1);
    return out;
  }
  forEachBroadcastRow(a, aShape, b, bShape, outShape, size, (o, n, ai, sa, bi, sb) => compareRow(op, out, o, n, a, ai, sa, b, bi, sb));
  return out;
}

/** One row of {@link compareKernel}. */
function compareRow(op: CompareOp, out: Uint8Array, o: number, n: number, a: TypedArray, ai: number, sa: number, b: TypedArray, bi: number, sb: number): void {
  const end = o + n;
  switch (op) {
    case "eq":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] === b[bi] ? 1 : 0;
      break;
    case "ne":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] !== b[bi] ? 1 : 0;
      break;
    case "gt":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] > b[bi] ? 1 : 0;
      break;
    case "ge":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] >= b[bi] ? 1 : 0;
      break;
    case "lt":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] < b[bi] ? 1 : 0;
      break;
    case "le":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] <= b[bi] ? 1 : 0;
      break;
    default:
      unknownOp("compareKernel", op);
  }
}

function unknownOp(kernel: string, op: never): never {
  throw new Error(`${kernel}: unknown op ${String(op)}`);
}
