import type { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import { exp } from "./math";
import { sub } from "./arithmetic";
import { logsumexp } from "./reduce";
import { asFloat } from "./operands";

/**
 * log softmax along `axis` (default last): x − logsumexp(x), stable for any magnitude.
 * @example
 * ```ts
 * import { logSoftmax, tensor } from "purediff";
 * logSoftmax(tensor([1000, 0])).toArray(); // => [0, -1000]
 * ```
 */
export function logSoftmax<S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> {
  const t = asFloat(x);
  return sub(t, logsumexp(t, axis, { keepDims: true })) as unknown as Tensor<S>;
}

/**
 * Softmax along `axis` (default last): exp(x) / Σ exp(x), stable for any magnitude.
 * @example
 * ```ts
 * import { softmax, tensor } from "purediff";
 * softmax(tensor([0, 0])).toArray(); // => [0.5, 0.5]
 * ```
 */
export function softmax<S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> {
  return exp(logSoftmax(x, axis)) as unknown as Tensor<S>;
}
