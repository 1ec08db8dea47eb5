import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { div, mul } from "../ops/arithmetic";
import { exp, sqrt } from "../ops/math";
import { logGammaSamples } from "./gamma";
import { split } from "./key";
import { normal } from "./normal";
import { flatParameter, sampleShape } from "./parameters";
import { type SamplerOptions, type Writable, asSamples, checkSample, samplerOptions } from "./sampling";

/**
 * Student's t samples with `df` degrees of freedom, as JAX's `random.t`: Z·√(ν/2 / G)
 * for Z standard normal and G ~ Gamma(ν/2) (so 2G/ν is a χ²_ν/ν). `df` is a number or a
 * tensor broadcasting to `shape` (by default its shape). Traceable; differentiable in `df`
 * through the gamma sample's implicit reparameterization (first order).
 * @example
 * ```ts
 * import { mean, random, variance } from "purediff";
 * // mean ≈ 0, variance ≈ 5/3
 * const samples = random.t(random.key(0), 5, [1000]);
 * mean(samples).item(); // => -0.0618123
 * variance(samples).item(); // => 1.669977
 * ```
 */
export function t<const S extends Shape = []>(
  k: Tensor,
  df: number | Tensor,
  shape?: S,
  dtypeOrOptions: SamplerOptions | FloatDType = {},
): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const { dtype = "float32" } = options;
  const s = sampleShape("random.t", "df", df, shape) as S;
  const n = checkSample("random.t", k, s, dtype);
  const halfDf = div(
    flatParameter("random.t", "df", df, s, (v) => v > 0, "positive"),
    2,
  );
  const [kz, kg] = split(k);
  const z = normal(kz, [n], { dtype: "float64" });
  return asSamples(mul(mul(z, sqrt(halfDf)), exp(mul(logGammaSamples(kg, halfDf), -0.5))), s, dtype);
}
