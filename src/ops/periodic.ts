/**
 * Floors and the floored modulo that `unwrap`, periodic `interp` and the quantile methods
 * need, for the library's own use until public `floor` and `remainder` exist.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { asTensor, convertTo } from "./operands";
import { div, mul, sub } from "./arithmetic";
import { less, where } from "./compare";

/**
 * ⌊x⌋ as int32, through int32 truncation (so |x| must stay below 2³¹); no gradient.
 * @example floorInt32(tensor([-1.5, 2.5])) // [-2, 2] (int32)
 */
export function floorInt32(x: Tensor): Tensor {
  const truncated = convertTo(x, "int32");
  // Truncation rounds towards zero: one less below zero, where it rounded up.
  return where(less(x, convertTo(truncated, x.dtype)), sub(truncated, asTensor(1, "int32")), truncated);
}

/**
 * x mod `period` with the sign of `period` (NumPy's `mod`): x − period·⌊x / period⌋, with
 * |x / period| below 2³¹. Its derivative in x is 1.
 * @example modulo(tensor([-1, 7]), 3) // [2, 1]
 */
export function modulo(x: Tensor, period: number): Tensor {
  return sub(x, mul(convertTo(floorInt32(div(x, period)), x.dtype), period));
}
