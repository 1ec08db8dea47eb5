import { allocateUnfilled, type DType, type TypedArray } from "../dtype";
import { sizeOf, type Shape } from "../shape";
import { forEachBroadcastRow } from "./broadcast-iter";

/** Bitwise operations of two broadcasting integer (or, for and/or/xor, bool) operands. */
export type BitwiseOp = "and" | "or" | "xor" | "shiftLeft" | "shiftRightLogical" | "shiftRightArithmetic";

/**
 * `a op b` on the 32 bits of each element (bools are single bits), with NumPy
 * broadcasting, into a fresh array of `dtype`. Shift counts are read as unsigned, as XLA
 * does: a count of 32 or more (a negative int32 count included) shifts every bit out,
 * giving 0 for `shiftLeft` and `shiftRightLogical` and the sign fill (0 or all ones) for
 * `shiftRightArithmetic`, which copies bit 31 whatever the dtype.
 * @example
 * bitwiseKernel("xor", Uint32Array.of(0xff, 1), [2], Uint32Array.of(0x0f), [], [2], "uint32") // Uint32Array [0xf0, 0x0e]
 * bitwiseKernel("shiftLeft", Uint32Array.of(1), [1], Uint32Array.of(31, 32), [2], [2], "uint32") // Uint32Array [0x80000000, 0]
 */
export function bitwiseKernel(op: BitwiseOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType): TypedArray {
  const size = sizeOf(outShape);
  const out = allocateUnfilled(dtype, size);
  if (size === 0) return out;
  forEachBroadcastRow(a, aShape, b, bShape, outShape, size, (o, n, ai, sa, bi, sb) => bitwiseRow(op, out, o, n, a, ai, sa, b, bi, sb));
  return out;
}

/** One row: out[o + i] = a[ai + i*sa] op b[bi + i*sb] for i < n. Stores take results mod 2³². */
function bitwiseRow(op: BitwiseOp, out: TypedArray, o: number, n: number, a: TypedArray, ai: number, sa: number, b: TypedArray, bi: number, sb: number): void {
  const end = o + n;
  switch (op) {
    case "and":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] & b[bi];
      break;
    case "or":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] | b[bi];
      break;
    case "xor":
      for (; o < end; o++, ai += sa, bi += sb) out[o] = a[ai] ^ b[bi];
      break;
    case "shiftLeft":
      for (; o < end; o++, ai += sa, bi += sb) {
        const s = b[bi] >>> 0;
        out[o] = s < 32 ? a[ai] << s : 0;
      }
      break;
    case "shiftRightLogical":
      for (; o < end; o++, ai += sa, bi += sb) {
        const s = b[bi] >>> 0;
        out[o] = s < 32 ? a[ai] >>> s : 0;
      }
      break;
    case "shiftRightArithmetic":
      for (; o < end; o++, ai += sa, bi += sb) {
        const s = b[bi] >>> 0;
        out[o] = a[ai] >> (s < 32 ? s : 31);
      }
      break;
    default:
      throw new Error(`bitwiseKernel: unknown op ${String(op satisfies never)}`);
  }
}

/**
 * The complement of every bit into a fresh array of `dtype`; for bool, logical not.
 * @example bitwiseNotKernel(Uint32Array.of(0), "uint32") // Uint32Array [4294967295]
 */
export function bitwiseNotKernel(x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  const out = allocateUnfilled(dtype, n);
  if (dtype === "bool") for (let i = 0; i < n; i++) out[i] = x[i] ^ 1;
  else for (let i = 0; i < n; i++) out[i] = ~x[i];
  return out;
}
