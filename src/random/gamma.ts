import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import { zeros } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { add, div, mul, sub } from "../ops/arithmetic";
import { bitwiseAnd, bitwiseNot } from "../ops/bitwise";
import { greater, less, where } from "../ops/compare";
import { exp, log, sqrt } from "../ops/math";
import { customJvp } from "../core/custom-jvp";
import { logGammaSampleTangent } from "./gamma-grad";
import { split } from "./key";
import { normal } from "./normal";
import { flatParameter, sampleShape } from "./parameters";
import { untilDone } from "./rejection";
import { type SamplerOptions, type Writable, asSamples, checkSample, openUnitFloats, samplerOptions } from "./sampling";

/**
 * The logarithms of Gamma(a, 1) samples, one per entry of the float64 vector `a`:
 * Marsaglia and Tsang's method ("A simple method for generating gamma variables", ACM
 * TOMS 2000) for a ≥ 1, and for a < 1 a Gamma(a + 1) sample times U^(1/a) (their boost),
 * kept in log space so that tiny shapes do not underflow. Entries with a ≤ 0 (or NaN)
 * give NaN. Differentiable with respect to `a` by implicit reparameterization
 * ({@link logGammaSampleTangent}: first order, forward and reverse mode). Internal:
 * `gamma`, `beta`, `dirichlet` and `t` are built on it.
 * @example logGammaSamples(key(0), tensor([0.5, 3], "float64")) // log-samples, float64 [2]
 */
export function logGammaSamples(k: Tensor, a: Tensor): Tensor {
  const sample = (shape: Tensor): Tensor => marsagliaTsang(k, shape);
  return customJvp(sample, ([shape], [tangent]) => {
    const logX = sample(shape);
    return [logX, mul(tangent, logGammaSampleTangent(shape, logX))] as const;
  })(a);
}

/** The log-samples of {@link logGammaSamples}, without their derivative rule. */
function marsagliaTsang(k: Tensor, a: Tensor): Tensor {
  const n = a.shape[0];
  const valid = greater(a, 0);
  const boosted = less(a, 1);
  const shape = where(valid, where(boosted, add(a, 1), a), 1);
  const d = sub(shape, 1 / 3);
  const c = div(1 / 3, sqrt(d));
  const [kLoop, kBoost] = split(k);
  const [logDv] = untilDone(kLoop, bitwiseNot(valid), [zeros([n], "float64")], (ki) => {
    const [kx, ku] = split(ki);
    const x = normal(kx, [n], { dtype: "float64" });
    const t = add(mul(c, x), 1);
    const v = mul(mul(t, t), t);
    const logV = log(where(greater(v, 0), v, 1));
    const logU = log(openUnitFloats(ku, n, "float64"));
    // Accept when log U < x²/2 + d − d·v + d·log v (and v > 0).
    const bound = add(sub(add(mul(mul(x, x), 0.5), d), mul(d, v)), mul(d, logV));
    return [[add(log(d), logV)], bitwiseAnd(greater(v, 0), less(logU, bound))] as const;
  });
  const boost = div(log(openUnitFloats(kBoost, n, "float64")), where(valid, a, 1));
  return where(valid, where(boosted, add(logDv, boost), logDv), NaN);
}

/**
 * Gamma(a, 1) samples (shape a, unit scale; divide by a rate or multiply by a scale
 * yourself), as JAX's `random.gamma`: Marsaglia and Tsang's rejection method in a
 * `lax.whileLoop` (every element redraws until accepted, about 1.05 rounds on average),
 * with the U^(1/a) boost for a < 1. `a` is a number or a tensor broadcasting to `shape`
 * (the shape defaults to a's); a ≤ 0 entries of a tensor give NaN. Works under `jit` and
 * `vmap`; differentiable with respect to `a` as in JAX, by implicit reparameterization
 * (dx/da = −∂ₐP(a, x)/p(x; a), the CDF held fixed; first order: the derivative is
 * computed by loops that reverse mode cannot differentiate again).
 * @example
 * ```ts
 * import { mean, random, tensor, variance } from "purediff";
 * // mean ≈ 2, variance ≈ 2
 * const samples = random.gamma(random.key(0), 2, [1000]);
 * mean(samples).item(); // => 1.96863
 * variance(samples).item(); // => 1.847184
 * // one sample per shape
 * random.gamma(random.key(0), tensor([0.5, 1, 5])).toArray(); // => [0.006656284, 0.5278468, 5.03852]
 * ```
 */
export function gamma<const S extends Shape = []>(
  k: Tensor,
  a: number | Tensor,
  shape?: S,
  dtypeOrOptions: SamplerOptions | FloatDType = {},
): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const { dtype = "float32" } = options;
  const s = sampleShape("random.gamma", "a", a, shape) as S;
  checkSample("random.gamma", k, s, dtype);
  const as = flatParameter("random.gamma", "a", a, s, (v) => v > 0, "positive");
  return asSamples(exp(logGammaSamples(k, as)), s, dtype);
}
