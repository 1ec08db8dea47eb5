import { broadcastShapes, type Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import { Tensor } from "../tensor/tensor";
import { sub } from "../ops/arithmetic";
import { sigmoid } from "../ops/math";
import { logGammaSamples } from "./gamma";
import { split } from "./key";
import { flatParameter, sampleShape } from "./parameters";
import { type SamplerOptions, type Writable, asSamples, checkSample, samplerOptions } from "./sampling";

const positive = (v: number): boolean => v > 0;

/**
 * Beta(a, b) samples in [0, 1], as JAX's `random.beta`: X/(X + Y) for X ~ Gamma(a),
 * Y ~ Gamma(b), computed as sigmoid(log X − log Y) from log-space gamma samples, so small
 * a and b do not underflow to 0/0. `a` and `b` are numbers or tensors broadcasting to
 * `shape` (by default their broadcast shape). Traceable; differentiable in a and b through
 * the gamma samples' implicit reparameterization (first order).
 * @example
 * ```ts
 * import { mean, random, tensor } from "purediff";
 * // mean ≈ 2/7
 * const samples = random.beta(random.key(0), 2, 5, [1000]);
 * mean(samples).item(); // => 0.2837373
 * // one sample per pair
 * random.beta(random.key(0), tensor([0.5, 1]), 1).toArray(); // => [0.2041868, 0.5598741]
 * ```
 */
export function beta<const S extends Shape = []>(
  k: Tensor,
  a: number | Tensor,
  b: number | Tensor,
  shape?: S,
  dtypeOrOptions: SamplerOptions | FloatDType = {},
): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const { dtype = "float32" } = options;
  const own = broadcastShapes("random.beta (a vs b)", a instanceof Tensor ? a.shape : [], b instanceof Tensor ? b.shape : []);
  const s = (shape ?? own) as S;
  sampleShape("random.beta", "a", a, s);
  sampleShape("random.beta", "b", b, s);
  checkSample("random.beta", k, s, dtype);
  const as = flatParameter("random.beta", "a", a, s, positive, "positive");
  const bs = flatParameter("random.beta", "b", b, s, positive, "positive");
  const [ka, kb] = split(k);
  return asSamples(sigmoid(sub(logGammaSamples(ka, as), logGammaSamples(kb, bs))), s, dtype);
}
