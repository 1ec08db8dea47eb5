/**
 * The floored modulo that `unwrap` and periodic `interp` need, for the library's own use
 * until a public `remainder` exists.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { bind } from "../core/bind";
import { asTensor, convertTo } from "./operands";
import { mul, sub } from "./arithmetic";
import { stopGradient } from "./gradient-control";

/**
 * x mod `period` with the sign of `period` (NumPy's `mod`): x − period·⌊x / period⌋. The
 * floor is taken through int32, so |x / period| must stay below 2³¹. Its derivative in x is 1.
 * @example modulo(tensor([-1, 7]), 3) // [2, 1]
 */
export function modulo(x: Tensor, period: number): Tensor {
  const ratio = stopGradient(bind("div", [x, asTensor(period, x.dtype)], {}));
  const truncated = convertTo(convertTo(ratio, "int32"), x.dtype);
  // Truncation rounds towards zero: one less below zero, where it rounded up.
  const floor = bind("select", [bind("compare", [ratio, truncated], { op: "lt" }), sub(truncated, 1), truncated], {});
  return sub(x, mul(floor, period));
}
