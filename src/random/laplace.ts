import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { mul, neg, sub } from "../ops/arithmetic";
import { abs, log1p, sign } from "../ops/math";
import { type SamplerOptions, type Writable, asSamples, checkSample, openUnitFloats, samplerOptions } from "./sampling";

/**
 * Standard Laplace (double exponential) samples, density e^(−|x|)/2, as JAX's
 * `random.laplace`: with v = 2u − 1 uniform in (−1, 1), −sign(v)·log(1 − |v|), in
 * float64, so every sample is finite. Traceable (`jit`, `vmap`).
 * @example
 * ```ts
 * import { mean, random, variance } from "purediff";
 * // mean ≈ 0, variance ≈ 2
 * const samples = random.laplace(random.key(0), [1000]);
 * mean(samples).item(); // => -0.01206668
 * variance(samples).item(); // => 1.989316
 * ```
 */
export function laplace<const S extends Shape = []>(k: Tensor, shape?: S, dtypeOrOptions: SamplerOptions | FloatDType = {}): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { dtype = "float32" } = options;
  const n = checkSample("random.laplace", k, s, dtype);
  const v = sub(mul(openUnitFloats(k, n, dtype), 2), 1);
  return asSamples(mul(neg(sign(v)), log1p(neg(abs(v)))), s, dtype);
}
