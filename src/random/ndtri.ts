/**
 * The standard normal quantile Φ⁻¹ written with float64 tensor ops, so the normal samplers
 * stay traceable: Giles's double-precision approximation of erfinv (M. Giles,
 * "Approximating the erfinv function", GPU Computing Gems, 2011; the polynomials XLA's
 * ErfInv64 uses), with w computed from p itself so the tails keep their digits, and a
 * Newton refinement on log Φ for the far tails (p < 10⁻¹⁶) that only truncated normals
 * with bounds beyond ±8 reach. Relative error below 10⁻¹⁵ throughout.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { jit } from "../core/jit";
import { add, div, mul, neg, sub } from "../ops/arithmetic";
import { log, sqrt } from "../ops/math";
import { less, lessEqual, greaterEqual, where } from "../ops/compare";

/** erfinv(x) = x · P(w − 3.125), w = −log(1 − x²) < 6.25. */
const CENTRAL = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17, -1.333171662854620906e-16,
  2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14, 2.6335093153082322977e-12,
  -1.2975133253453532498e-11, -5.4154120542946279317e-11, 1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8,
  4.2347877827932403518e-7, -1.3654692000834678645e-6, -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512,
  -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
/** erfinv(x) = x · P(√w − 3.25), 6.25 ≤ w < 16. */
const TAIL = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8, 1.5027403968909827627e-6, -4.013867526981545969e-6,
  2.9234449089955446044e-6, 1.2475304481671778723e-5, -4.7318229009055733981e-5, 6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
  0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
  3.0838856104922207635,
];
/** erfinv(x) = x · P(√w − 5), w ≥ 16. */
const FAR = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9, 7.6157012080783393804e-9,
  -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8, 2.2900482228026654717e-7, -9.9298272942317002539e-7, 4.5260625972231537039e-6,
  -1.9681778105531670567e-5, 7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977, 4.8499064014085844221,
];

/** Below this tail probability the polynomials extrapolate and Newton steps take over. */
const FAR_TAIL = 1e-16;
/** Depth of the Mills-ratio continued fraction (exact to rounding for t ≥ 8). */
const CF_DEPTH = 40;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** c₀tⁿ + … + cₙ by Horner's rule. */
function horner(coefficients: readonly number[], t: Tensor): Tensor {
  let p: Tensor = add(mul(t, coefficients[0]), coefficients[1]);
  for (let i = 2; i < coefficients.length; i++) p = add(mul(p, t), coefficients[i]);
  return p;
}

/** w = −log(4p(1 − p)) = −log(1 − x²) for x = 2p − 1, without the cancellation of 1 − x². */
const wOf = (p: Tensor): Tensor => neg(log(mul(mul(p, 4), sub(1, p))));

/**
 * The Mills ratio R(t) = Φ(−t)/φ(t) for t > 0 by Laplace's continued fraction
 * 1/(t + 1/(t + 2/(t + 3/(t + …)))), evaluated from a fixed depth upward.
 */
function millsRatio(t: Tensor): Tensor {
  let s = t;
  for (let k = CF_DEPTH; k >= 1; k--) s = add(t, div(k, s));
  return div(1, s);
}

/**
 * Φ⁻¹(q) for tiny q (< 10⁻¹⁶) as −t: an asymptotic first guess t² ≈ L − log(2πL),
 * L = −2 log q, then Newton steps on log Φ(−t) = −t²/2 − log √(2π) + log R(t), whose
 * derivative in t is −1/R(t).
 */
function farTail(q: Tensor): Tensor {
  const logQ = log(q);
  const big = mul(logQ, -2);
  let t = sqrt(sub(big, log(mul(big, 2 * Math.PI))));
  for (let i = 0; i < 4; i++) {
    const r = millsRatio(t);
    const logPhi = add(sub(mul(mul(t, t), -0.5), LOG_SQRT_2PI), log(r));
    t = add(t, mul(sub(logPhi, logQ), r));
  }
  return neg(t);
}

/** Φ⁻¹ written with ops (see {@link ndtri}). */
function quantile(p: Tensor, smallest = 0): Tensor {
  const x = sub(mul(p, 2), 1);
  const w = wOf(p);
  const wMax = smallest > 0 ? -Math.log(4 * smallest * (1 - smallest)) : Infinity;
  let poly = horner(CENTRAL, sub(w, 3.125));
  if (wMax >= 6.25) {
    const root = sqrt(w);
    const tail = wMax >= 16 ? where(less(w, 16), horner(TAIL, sub(root, 3.25)), horner(FAR, sub(root, 5))) : horner(TAIL, sub(root, 3.25));
    poly = where(less(w, 6.25), poly, tail);
  }
  let z = mul(mul(x, poly), Math.SQRT2);
  if (smallest < FAR_TAIL) {
    const lower = less(p, 0.5);
    const q = where(lower, p, sub(1, p));
    const t = farTail(where(less(q, FAR_TAIL), q, FAR_TAIL));
    z = where(less(q, FAR_TAIL), where(lower, t, neg(t)), z);
  }
  return where(lessEqual(p, 0), -Infinity, where(greaterEqual(p, 1), Infinity, z));
}

/**
 * The standard normal quantile Φ⁻¹(p), elementwise, for a float64 tensor of probabilities
 * (−∞ at 0, +∞ at 1). `smallest` is a lower bound on min(p, 1 − p) known in advance: it
 * lets the normal samplers skip the tail polynomials their grid never reaches. Compiled
 * with `jit` (once per shape and bound), so its hundred-odd elementwise steps run as a few
 * fused loops, eagerly too.
 * @example ndtri(tensor([0.025, 0.5, 0.975], "float64")) // ≈ [-1.959964, 0, 1.959964]
 */
export const ndtri: (p: Tensor, smallest?: number) => Tensor = jit(quantile, { staticArgnums: [1] });
