/**
 * The standard normal CDF Φ in double precision on plain numbers, for constants worked
 * out before tracing (a truncated normal's Φ(lower) and Φ(upper)); the quantile the
 * samplers apply to tensors is {@link ndtri}. Internal to `random`; accurate to about
 * 1e-15 relative in the tails.
 * @module
 */

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in both tails:
 * a positive-term series (no cancellation) for |x| < 3, Lentz's continued fraction beyond.
 * @example erfc(0) // 1
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  return erfcFraction(x);
}

/** erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), all terms positive. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let total = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    total += term;
    if (term < total * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * total;
}

/** erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x ≥ 3, by Lentz's method. */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/**
 * The standard normal CDF Φ(x) = erfc(−x/√2)/2.
 * @example normalCdf(0) // 0.5
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
