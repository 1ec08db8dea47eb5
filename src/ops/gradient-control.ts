import type { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import { checkDType, type DType } from "../tensor/dtype";
import { bind } from "../core/bind";
import { convertTo } from "./operands";

/**
 * The value of `x`, seen by every transform as a constant: no gradient flows through it.
 * @example
 * ```ts
 * import { Tensor, grad, mul, scalar, stopGradient } from "purediff";
 * // not 6
 * grad((x: Tensor) => mul(x, stopGradient(x)))(scalar(3)).toArray(); // => 3
 * ```
 */
export function stopGradient<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return bind("stopGradient", [x], {}) as Tensor<S>;
}

/**
 * `x` converted to `dtype` (float → int32 truncates toward zero); differentiable between
 * float dtypes.
 * @example
 * ```ts
 * import { astype, tensor } from "purediff";
 * astype(tensor([1.7, -1.7]), "int32").toArray(); // => [1, -1]
 * ```
 */
export function astype<S extends Shape>(x: Tensor<S>, dtype: DType): Tensor<S> {
  checkDType("astype", dtype);
  return convertTo(x, dtype) as Tensor<S>;
}
