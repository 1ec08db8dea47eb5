/**
 * The inverse error function erfinv(y), erf(erfinv(y)) = y on (−1, 1), as a primitive
 * (JAX's `erf_inv`). The kernel starts from Giles' single-precision approximation
 * ("Approximating the erfinv function", GPU Computing Gems, 2011) and polishes it with
 * Halley steps on erf(x) − y, or once |y| > 1/2 Newton steps on log erfc(x) − log q with
 * the exact q = 1 − |y|, so the tail keeps its relative accuracy: within a few ulp of the float64
 * value; float32 rounds it. d erfinv/dy = √π/2 · e^(erfinv(y)²).
 * @module
 */
import type { Empty, PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { mul, square } from "./wrappers";
import { erfcScalar, erfScalar } from "./erf";
import { scalarUnaryRule } from "./elementwise-rules";

const central = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 2.46640727e-1, 1.50140941];
const tail = [-2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3, 9.43887047e-3, 1.00167406, 2.83297682];

/** c[0]·wⁿ + … + c[n] (Horner). */
const horner = (c: readonly number[], w: number): number => c.reduce((p, k) => p * w + k, 0);

/** Giles' approximation of erfinv(y) for 0 < y < 1 (relative error about 1e−7 where it was fitted). */
function start(y: number): number {
  const w = -Math.log((1 - y) * (1 + y));
  return y * (w < 5 ? horner(central, w - 2.5) : horner(tail, Math.sqrt(w) - 3));
}

const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);

/**
 * erfinv of one float64 number: ±∞ at ±1, NaN outside [−1, 1], −0 kept.
 * @example erfInvScalar(0.5) // 0.4769362762044699
 */
export function erfInvScalar(y: number): number {
  if (!(Math.abs(y) <= 1)) return NaN;
  if (Math.abs(y) === 1) return y * Infinity;
  if (y === 0) return y;
  const ay = Math.abs(y);
  const logQ = Math.log(1 - ay);
  let x = start(ay);
  for (let step = 0; step < 8; step++) {
    const density = twoOverSqrtPi * Math.exp(-x * x);
    let dx: number;
    if (ay <= 0.5) {
      // Halley on erf(x) − y: with u = residual/erf'(x), the step is u/(1 + x·u).
      const u = (erfScalar(x) - ay) / density;
      dx = u / (1 + x * u);
    } else {
      // Newton on log erfc(x) − log(1 − y): nearly quadratic in x, so it converges from afar.
      const c = erfcScalar(x);
      dx = ((Math.log(c) - logQ) * c) / -density;
    }
    x -= dx;
    if (!(Math.abs(dx) > 1e-16 * x)) break;
  }
  return y < 0 ? -x : x;
}

const halfSqrtPi = Math.sqrt(Math.PI) / 2;

/** The erfInv primitive. */
export const erfInvRule: PrimitiveRule<Empty> = scalarUnaryRule<Empty>(
  "erfInv",
  () => erfInvScalar,
  (_x, y) => mul(bind("exp", [square(y)], {}), halfSqrtPi),
);

declare module "../primitive" {
  interface PrimitiveParams {
    erfInv: Empty;
  }
}
