/**
 * Activation functions: elementwise nonlinearities (and softmax) for neurons and layers.
 * The ones the core already has (sigmoid, tanh, relu, leakyRelu, elu, softplus, softmax,
 * logSoftmax) are re-exported from the ops; the rest are built from ops, so all are
 * differentiable to any order.
 * @example
 * import { nn, tensor } from "purediff";
 * nn.relu(tensor([-1, 2])); // [0, 2]
 * @module
 */
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, mul, square } from "../ops/arithmetic";
import { greaterEqual, where } from "../ops/compare";
import { exp, sigmoid as logistic, tanh as tanhOp } from "../ops/math";
import { erf } from "../ops/special";
import { asFloat } from "../ops/operands";
import { relu } from "../ops/activation";
import { normal } from "../random/normal";

export { sigmoid, tanh } from "../ops/math";
export { relu, leakyRelu, elu, softplus } from "../ops/activation";
export { softmax, logSoftmax } from "../ops/softmax";

/**
 * The identity f(x) = x: the output activation for regression (a linear neuron).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.identity(tensor([-1, 2])).toArray(); // => [-1, 2]
 * ```
 */
export function identity<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return x;
}

/**
 * The threshold (Heaviside) activation of the McCulloch–Pitts perceptron: 1 where x ≥ 0,
 * `low` elsewhere (0 by default; −1 gives the perceptron's ±1 outputs). Its derivative
 * is 0 almost everywhere (and undefined at 0), so `grad` through it gives zeros: train a
 * perceptron with the perceptron learning rule, not with backpropagation.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.step(tensor([-0.5, 0, 2])).toArray(); // => [0, 1, 1]
 * nn.step(tensor([-0.5, 2]), -1).toArray(); // => [-1, 1]
 * ```
 */
export function step<S extends Shape>(x: Tensor<S>, low = 0): Tensor<S> {
  const t = asFloat(x);
  return where(greaterEqual(t, 0), 1, low) as unknown as Tensor<S>;
}

/**
 * Noisy ReLU: max(0, x + ε) with ε ~ N(0, σ²) drawn from `key` (Nair & Hinton). `sigma`
 * is a number or a tensor broadcasting against x (σ(x) may depend on x). The noise is a
 * constant to `grad`: the gradient is that of relu at x + ε.
 * @example
 * ```ts
 * import { nn, random, tensor } from "purediff";
 * nn.noisyRelu(random.key(0), tensor([-1, 0.5, 2]), 0.1);
 * ```
 */
export function noisyRelu<S extends Shape>(key: Tensor, x: Tensor<S>, sigma: number | Tensor): Tensor<S> {
  const t = asFloat(x);
  const dtype = t.dtype === "float64" ? "float64" : "float32";
  const eps = normal(key, t.shape, { dtype });
  return relu(add(t, mul(eps, sigma))) as unknown as Tensor<S>;
}

/**
 * The Gaussian radial basis function exp(−x² / (2·width²)) of a distance or
 * pre-activation x: 1 at 0, decaying with |x|. (The `rbf` layer applies it to ‖x − c‖.)
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.gaussianRbf(tensor([0, 1]), 1).toArray(); // => [1, 0.6065307]
 * ```
 */
export function gaussianRbf<S extends Shape>(x: Tensor<S>, width = 1): Tensor<S> {
  if (!(width > 0)) throw new Error(`gaussianRbf: width must be positive, got ${width}`);
  return exp(mul(square(asFloat(x)), -1 / (2 * width * width))) as unknown as Tensor<S>;
}

/**
 * Options of {@link gelu}.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.gelu(tensor([1]), { approximate: false } satisfies nn.GeluOptions).toArray(); // => [0.8413447]
 * ```
 */
export interface GeluOptions {
  /**
   * True (the default, as in JAX): the tanh form 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)));
   * false: the exact form 0.5·x·(1 + erf(x/√2)) = x·Φ(x).
   */
  readonly approximate?: boolean;
}

const sqrtTwoOverPi = Math.sqrt(2 / Math.PI);

/**
 * Gaussian error linear unit (Hendrycks & Gimpel): x·Φ(x), Φ the standard normal CDF,
 * exactly through `erf` or (the default, as `jax.nn.gelu`) by the tanh approximation.
 * The activation of transformer MLPs. Smooth, differentiable to any order.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.gelu(tensor([-1, 0, 1], "float64"), { approximate: false }).toArray(); // => [-0.15865525393145702, 0, 0.841344746068543]
 * // tanh form
 * nn.gelu(tensor([1], "float64")).toArray(); // => [0.8411919906082768]
 * ```
 */
export function gelu<S extends Shape>(x: Tensor<S>, options: GeluOptions = {}): Tensor<S> {
  const t = asFloat(x);
  const inner = options.approximate === false ? erf(mul(t, Math.SQRT1_2)) : tanhOp(mul(add(t, mul(mul(t, square(t)), 0.044715)), sqrtTwoOverPi));
  return mul(mul(t, 0.5), add(inner, 1)) as unknown as Tensor<S>;
}

/**
 * Sigmoid linear unit x·σ(x) (Elfwing et al.; swish with β = 1).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.silu(tensor([0, 1], "float64")).toArray(); // => [0, 0.7310585786300049]
 * ```
 */
export function silu<S extends Shape>(x: Tensor<S>): Tensor<S> {
  const t = asFloat(x);
  return mul(t, logistic(t)) as unknown as Tensor<S>;
}

/**
 * Swish x·σ(βx) (Ramachandran et al.); β = 1 (the default) is {@link silu}.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.swish(tensor([1], "float64"), 2).toArray(); // => [0.8807970779778823]
 * ```
 */
export function swish<S extends Shape>(x: Tensor<S>, beta = 1): Tensor<S> {
  const t = asFloat(x);
  return mul(t, logistic(beta === 1 ? t : mul(t, beta))) as unknown as Tensor<S>;
}
