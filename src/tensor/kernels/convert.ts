import { allocateUnfilled, type DType, type TypedArray } from "../dtype";

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const UINT32_MAX = 4294967295;

/** True for integer (and bool) storage, whose values convert between integer dtypes by wrapping. */
const isIntegerData = (x: TypedArray): boolean => x instanceof Int32Array || x instanceof Uint32Array || x instanceof Uint8Array;

/**
 * Converts `x` to `dtype` in a fresh array. From a float, to int32 or uint32 truncates
 * toward zero, saturating out-of-range values (NaN becomes 0); between int32 and uint32
 * the 32 bits are kept (taken mod 2³², as XLA's convert does: −1 ↔ 4294967295); to bool
 * is `x != 0` (so NaN is true); to a float is the value (uint32 as its unsigned value),
 * float32 rounding it.
 * @example convertKernel(Float64Array.of(-1.7, 2.9), "int32") // Int32Array [-1, 2]
 * @example convertKernel(Int32Array.of(-1), "uint32") // Uint32Array [4294967295]
 */
export function convertKernel(x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  const out = allocateUnfilled(dtype, n);
  switch (dtype) {
    case "bool":
      for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0;
      break;
    case "int32":
    case "uint32": {
      if (isIntegerData(x)) {
        // Storing into the target array takes the value mod 2³².
        for (let i = 0; i < n; i++) out[i] = x[i];
        break;
      }
      const [lo, hi] = dtype === "int32" ? [INT32_MIN, INT32_MAX] : [0, UINT32_MAX];
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = Math.min(Math.max(v, lo), hi);
      }
      break;
    }
    default:
      for (let i = 0; i < n; i++) out[i] = x[i];
  }
  return out;
}
