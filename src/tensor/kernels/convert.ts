import { allocate, type DType, type TypedArray } from "../dtype";

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/**
 * Converts `x` to `dtype` in a fresh array. To int32 truncates toward zero (saturating out of
 * range values, NaN becomes 0); to bool is `x != 0` (so NaN is true); to float32 rounds.
 * @example convertKernel(Float64Array.of(-1.7, 2.9), "int32") // Int32Array [-1, 2]
 */
export function convertKernel(x: TypedArray, dtype: DType): TypedArray {
  const n = x.length;
  const out = allocate(dtype, n);
  switch (dtype) {
    case "bool":
      for (let i = 0; i < n; i++) out[i] = x[i] !== 0 ? 1 : 0;
      break;
    case "int32":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = v >= INT32_MAX ? INT32_MAX : v <= INT32_MIN ? INT32_MIN : v;
      }
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = x[i];
  }
  return out;
}
