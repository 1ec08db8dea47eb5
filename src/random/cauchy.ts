import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { div, mul, sub } from "../ops/arithmetic";
import { cos, sin } from "../ops/math";
import { type SamplerOptions, type Writable, asSamples, checkSample, openUnitFloats, samplerOptions } from "./sampling";

/**
 * Standard Cauchy samples, density 1/(π(1 + x²)), as JAX's `random.cauchy`: the
 * quantile tan(π(u − ½)) of u uniform in (0, 1), in float64, so every sample is finite
 * (heavy tails: the mean and variance do not exist). Traceable (`jit`, `vmap`).
 * @example
 * ```ts
 * import { quantile, random } from "purediff";
 * // median ≈ 0, quartiles ≈ ±1
 * const samples = random.cauchy(random.key(0), [1000]);
 * quantile(samples, [0.25, 0.5, 0.75]).toArray(); // => [-0.9734179, -0.01882573, 0.9353549]
 * ```
 */
export function cauchy<const S extends Shape = []>(k: Tensor, shape?: S, dtypeOrOptions: SamplerOptions | FloatDType = {}): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { dtype = "float32" } = options;
  const n = checkSample("random.cauchy", k, s, dtype);
  const angle = mul(sub(openUnitFloats(k, n, dtype), 0.5), Math.PI);
  return asSamples(div(sin(angle), cos(angle)), s, dtype);
}
