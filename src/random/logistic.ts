import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { neg, sub } from "../ops/arithmetic";
import { log, log1p } from "../ops/math";
import { type SamplerOptions, type Writable, asSamples, checkSample, openUnitFloats, samplerOptions } from "./sampling";

/**
 * Standard logistic samples, CDF 1/(1 + e^(−x)), as JAX's `random.logistic`: the
 * logit log(u/(1 − u)) of u uniform in (0, 1), in float64, so every sample is finite.
 * Traceable (`jit`, `vmap`).
 * @example
 * ```ts
 * import { mean, random, variance } from "purediff";
 * // mean ≈ 0, variance ≈ π²/3
 * const samples = random.logistic(random.key(0), [1000]);
 * mean(samples).item(); // => -0.01372839
 * variance(samples).item(); // => 3.215506
 * ```
 */
export function logistic<const S extends Shape = []>(k: Tensor, shape?: S, dtypeOrOptions: SamplerOptions | FloatDType = {}): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { dtype = "float32" } = options;
  const n = checkSample("random.logistic", k, s, dtype);
  const u = openUnitFloats(k, n, dtype);
  return asSamples(sub(log(u), log1p(neg(u))), s, dtype);
}
