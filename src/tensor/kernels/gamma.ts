/**
 * Scalar kernels of the gamma family in float64: log|Γ(x)|, the digamma function ψ(x),
 * the polygamma functions ψ⁽ⁿ⁾(x) and the Hurwitz zeta function ζ(s, q) they rest on.
 * Each is built from convergent series whose coefficients are exact rationals (Bernoulli
 * numbers) or computed here from ζ, so no step subtracts nearly equal numbers near the
 * zeros of lgamma (x = 1, 2) or of ψ (x ≈ 1.4616): relative errors of a few ulp there, and
 * a few ulp (or 1e−15 absolute, where the reflection formula cancels) elsewhere.
 * @module
 */

/** B₂, B₄, …, B₂₆: the even Bernoulli numbers. */
const bernoulli = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
  43867 / 798,
  -174611 / 330,
  854513 / 138,
  -236364091 / 2730,
  8553103 / 6,
];

/** (2j)! for j = 1…13. */
const evenFactorials = bernoulli.map((_, j) => {
  let f = 1;
  for (let k = 2; k <= 2 * j + 2; k++) f *= k;
  return f;
});

const EPSILON = 2 ** -53;

/**
 * The Hurwitz zeta function ζ(s, q) = Σₖ (q + k)⁻ˢ for s > 1 (and q not a non-positive
 * integer, where it has poles; a negative q needs an integer s): the terms summed directly
 * up to q + N ≥ max(10, s), then the Euler–Maclaurin tail.
 * @example hurwitzZeta(2, 1) // π²/6 = 1.6449340668482264
 */
export function hurwitzZeta(s: number, q: number): number {
  if (q <= 0 && q === Math.floor(q)) return Infinity;
  let sum = 0;
  let a = q;
  const reach = Math.max(10, s);
  while (a < reach) {
    sum += a ** -s;
    a += 1;
  }
  const head = a ** -s;
  sum += a ** (1 - s) / (s - 1) + head / 2;
  // Σⱼ B₂ⱼ/(2j)! · s(s+1)…(s+2j−2) · a^(−s−2j+1)
  let rising = s;
  let power = head / a;
  for (let j = 0; j < bernoulli.length; j++) {
    const term = (bernoulli[j] / evenFactorials[j]) * rising * power;
    sum += term;
    if (Math.abs(term) <= EPSILON * Math.abs(sum)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power /= a * a;
  }
  return sum;
}

const EULER_GAMMA = 0.5772156649015329;

/** ζ(k) − 1 = ζ(k, 2) for k = 2…40, the coefficients of the series of lgamma near 1 and 2. */
const zetaMinusOne = Array.from({ length: 39 }, (_, i) => hurwitzZeta(i + 2, 2));

/** S(z) = Σ_{k≥2} (−1)ᵏ (ζ(k) − 1) zᵏ / k for |z| ≤ 1/2 (terms shrink like (z/2)ᵏ). */
function zetaSeries(z: number): number {
  let sum = 0;
  for (let i = zetaMinusOne.length - 1; i >= 0; i--) {
    const k = i + 2;
    sum = sum * z + ((k % 2 === 0 ? 1 : -1) * zetaMinusOne[i]) / k;
  }
  return sum * z * z;
}

/** lgamma(2 + z) = (1 − γ)z + S(z) for |z| ≤ 1/2: no cancellation near its zero at z = 0. */
const lgammaTwoPlus = (z: number): number => (1 - EULER_GAMMA) * z + zetaSeries(z);

const HALF_LOG_TWO_PI = 0.9189385332046728;

/** Stirling's series for x ≥ 13: (x − ½) log x − x + ½ log 2π + Σₖ B₂ₖ/(2k(2k−1) x^(2k−1)). */
function stirling(x: number): number {
  const z = 1 / (x * x);
  let series = 0;
  for (let k = 8; k >= 1; k--) series = series * z + bernoulli[k - 1] / (2 * k * (2 * k - 1));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series / x;
}

/** x − round(x), exactly: the offset that sin(πx) and cot(πx) depend on, in [−½, ½]. */
const offsetFromInteger = (x: number): number => x - Math.round(x);

/**
 * log|Γ(x)|: +∞ at the poles (x a non-positive integer) and at ±∞.
 * @example lgammaScalar(0.5) // log √π = 0.5723649429247001
 */
export function lgammaScalar(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0) {
    if (x === Math.floor(x)) return Infinity;
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * offsetFromInteger(x)))) - lgammaScalar(1 - x);
  }
  if (x < 0.5) return lgammaTwoPlus(x) - Math.log1p(x) - Math.log(x);
  if (x <= 1.5) return lgammaTwoPlus(x - 1) - Math.log1p(x - 1);
  if (x <= 2.5) return lgammaTwoPlus(x - 2);
  if (x < 13) {
    let product = 1;
    let y = x;
    while (y > 2.5) {
      y -= 1;
      product *= y;
    }
    return Math.log(product) + lgammaTwoPlus(y - 2);
  }
  return stirling(x);
}

/** The positive zero of ψ, x₀ = 1.46163214496836234126…, as a float64 and its remainder. */
const ROOT_HI = 1.4616321449683622;
const ROOT_LO = 9.549995429965697e-17;

/** ψ⁽ᵏ⁾(x₀)/k! = (−1)^(k+1) ζ(k + 1, x₀) for k = 1…40: the Taylor coefficients of ψ at its zero. */
const rootTaylor = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1) * hurwitzZeta(i + 2, ROOT_HI + ROOT_LO));

/** ψ(x₀ + d) for |d| < ½ (terms shrink like (d/x₀)ᵏ): full relative accuracy near the zero. */
function digammaNearRoot(d: number): number {
  let sum = 0;
  for (let i = rootTaylor.length - 1; i >= 0; i--) sum = sum * d + rootTaylor[i];
  return sum * d;
}

/** ψ(x) ~ log x − 1/(2x) − Σₖ B₂ₖ/(2k x^(2k)) for x ≥ 10. */
function digammaAsymptotic(x: number): number {
  const z = 1 / (x * x);
  let series = 0;
  for (let k = 7; k >= 1; k--) series = series * z + bernoulli[k - 1] / (2 * k);
  return Math.log(x) - 0.5 / x - series * z;
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x): NaN at the negative integers, ∓∞ at ±0.
 * @example digammaScalar(1) // −γ = −0.5772156649015329
 */
export function digammaScalar(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return -1 / x;
  if (x < 0) {
    if (x === Math.floor(x)) return NaN;
    // Reflection: ψ(1 − x) − ψ(x) = π cot(πx).
    const r = offsetFromInteger(x);
    return digammaScalar(1 - x) - (Math.abs(r) === 0.5 ? 0 : Math.PI / Math.tan(Math.PI * r));
  }
  const d = x - ROOT_HI - ROOT_LO;
  if (Math.abs(d) < 0.5) return digammaNearRoot(d);
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += 1 / y;
    y += 1;
  }
  return digammaAsymptotic(y) - shift;
}

/**
 * The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of ψ: ψ itself for n = 0, and
 * (−1)^(n+1) n! ζ(n + 1, x) for n ≥ 1 (poles at the non-positive integers).
 * @example polygammaScalar(1, 1) // π²/6 = 1.6449340668482264
 */
export function polygammaScalar(n: number, x: number): number {
  if (n === 0) return digammaScalar(x);
  let factorial = 1;
  for (let k = 2; k <= n; k++) factorial *= k;
  return (n % 2 === 1 ? 1 : -1) * factorial * hurwitzZeta(n + 1, x);
}
