import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { neg } from "../ops/arithmetic";
import { log1p } from "../ops/math";
import { type SamplerOptions, type Writable, asSamples, checkSample, unitFloats, samplerOptions } from "./sampling";

/**
 * Standard exponential samples (rate 1; divide by a rate yourself), as JAX's
 * `random.exponential`: −log(1 − u) for u uniform in [0, 1), computed in float64, so
 * every sample is finite and non-negative. Traceable (`jit`, `vmap`).
 * @example
 * ```ts
 * import { mean, random } from "purediff";
 * // mean ≈ 1
 * const samples = random.exponential(random.key(0), [1000]);
 * mean(samples).item(); // => 0.9785886
 * random.exponential(random.key(0), [3], { dtype: "float64" });
 * ```
 */
export function exponential<const S extends Shape = []>(k: Tensor, shape?: S, dtypeOrOptions: SamplerOptions | FloatDType = {}): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { dtype = "float32" } = options;
  const n = checkSample("random.exponential", k, s, dtype);
  return asSamples(neg(log1p(neg(unitFloats(k, n, dtype)))), s, dtype);
}
