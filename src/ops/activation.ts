import type { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import { add, maximum, mul, neg } from "./arithmetic";
import { abs, expm1, log1p, exp, sigmoid } from "./math";
import { customJvp } from "../core/custom-jvp";
import { greater, where } from "./compare";
import { asFloat } from "./operands";

const reluWithRule = customJvp(
  (x: Tensor) => maximum(x, 0),
  ([x], [t]) => [maximum(x, 0), where(greater(x, 0), t, 0)] as const,
);

/**
 * Rectified linear unit max(x, 0). Its derivative is taken as 0 at 0 (as JAX and
 * PyTorch do) and its second derivative is 0.
 * @example
 * ```ts
 * import { relu, tensor } from "purediff";
 * relu(tensor([-1, 2])).toArray(); // => [0, 2]
 * ```
 */
export function relu<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return reluWithRule(asFloat(x)) as unknown as Tensor<S>;
}

const stableSoftplus = (x: Tensor): Tensor => add(maximum(x, 0), log1p(exp(neg(abs(x)))));
const softplusWithRule = customJvp(stableSoftplus, ([x], [t]) => [stableSoftplus(x), mul(t, sigmoid(x))] as const);

/**
 * log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so ±1000 stay finite. Its
 * derivative is the logistic σ(x) by rule, so derivatives of every order are smooth,
 * at 0 too (the stable formula's kinks would otherwise hide the curvature there).
 * @example
 * ```ts
 * import { softplus, tensor } from "purediff";
 * softplus(tensor([0])).toArray(); // => [0.6931472]
 * ```
 */
export function softplus<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return softplusWithRule(asFloat(x)) as unknown as Tensor<S>;
}

/**
 * Exponential linear unit: x for x > 0, α(eˣ − 1) otherwise.
 * @example
 * ```ts
 * import { elu, tensor } from "purediff";
 * elu(tensor([-1, 2])).toArray(); // => [-0.6321205, 2]
 * ```
 */
export function elu<S extends Shape>(x: Tensor<S>, alpha = 1): Tensor<S> {
  const t = asFloat(x);
  const positive = greater(t, 0);
  // The negative branch sees min(x, 0) so that e^x never overflows where it is not chosen.
  const safe = where(positive, 0, t);
  return where(positive, t, mul(alpha, expm1(safe))) as unknown as Tensor<S>;
}

/**
 * Leaky ReLU: x for x > 0, αx otherwise.
 * @example
 * ```ts
 * import { leakyRelu, tensor } from "purediff";
 * leakyRelu(tensor([-2, 3]), 0.1).toArray(); // => [-0.2, 3]
 * ```
 */
export function leakyRelu<S extends Shape>(x: Tensor<S>, alpha = 0.01): Tensor<S> {
  const t = asFloat(x);
  return where(greater(t, 0), t, mul(t, alpha)) as unknown as Tensor<S>;
}
