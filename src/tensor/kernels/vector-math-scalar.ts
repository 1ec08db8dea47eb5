/**
 * The JavaScript mirror of the vectorised float32 math (`wasm/vector-math.ts`): the same
 * float64 operations in the same order, rounded once to float32, so a lane of the SIMD kernel
 * and this function agree bit for bit (NaN payloads aside). Small arrays and jit's generated
 * JavaScript loops use it; its arguments are float32 values.
 * @module
 */
import * as constants from "./vector-math-constants";
import type { VectorMathFn } from "./vector-math-constants";

// Module-local copies: the hot loops below read plain constants, not module bindings.
const { EXP_CLAMP, INV_PIO2, LN2, LN2_HI, LN2_LO, LOG2E, MAGIC, PIO2_1, PIO2_1T, SQRT_HALF_HIGH_WORD, TRIG_REDUCTION_LIMIT } = constants;
const [Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9] = constants.EXPM1_OVER_R;
const [L0, L1, L2, L3, L4, L5, L6, L7] = constants.LOG_L;
const [S1, S2, S3, S4] = constants.SIN_S;
const [C0, C1, C2, C3] = constants.COS_C;

const word = new Float64Array(1);
const words = new Int32Array(word.buffer);
/** Index of the high 32-bit word of a float64 in `words` (1 on little-endian machines). */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/** 2^k for the k exp can reach (|k| ≤ 289), built from the bits as the SIMD code builds them. */
const POW2_BIAS = 300;
const pow2 = new Float64Array(2 * POW2_BIAS + 1).map((_, i) => {
  word[0] = 0;
  words[HIGH] = (i - POW2_BIAS + 1023) << 20;
  return word[0];
});

/** (eʳ − 1)/r by Horner's rule, as the SIMD code evaluates it. */
function expm1OverR(r: number): number {
  return ((((((((Q9 * r + Q8) * r + Q7) * r + Q6) * r + Q5) * r + Q4) * r + Q3) * r + Q2) * r + Q1) * r + Q0;
}

/** e^x in float64 (x not NaN): x clamped, x = k·ln2 + r, (1 + r·q)·2^k. */
function expCore(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the comparison form is the SIMD lanes' pmin/pmax, which the mirror copies
  let c = x < -EXP_CLAMP ? -EXP_CLAMP : x;
  // biome-ignore lint/complexity/useMathMinMax: as above
  c = EXP_CLAMP < c ? EXP_CLAMP : c;
  const k = c * LOG2E + MAGIC - MAGIC;
  const r = c - k * LN2_HI - k * LN2_LO;
  return (r * expm1OverR(r) + 1) * pow2[k + POW2_BIAS];
}

/** e^x − 1 in float64 (x not NaN), without the −0 fix-up: 2^k·(r·q) + (2^k − 1). */
function expm1Raw(x: number): number {
  // biome-ignore lint/complexity/useMathMinMax: the comparison form is the SIMD lanes' pmin/pmax, which the mirror copies
  let c = x < -EXP_CLAMP ? -EXP_CLAMP : x;
  // biome-ignore lint/complexity/useMathMinMax: as above
  c = EXP_CLAMP < c ? EXP_CLAMP : c;
  const k = c * LOG2E + MAGIC - MAGIC;
  const r = c - k * LN2_HI - k * LN2_LO;
  const scale = pow2[k + POW2_BIAS];
  return r * expm1OverR(r) * scale + (scale - 1);
}

/** log x in float64 for 0 < x < ∞. */
function logCore(x: number): number {
  word[0] = x;
  const high = words[HIGH];
  const tmp = (high - SQRT_HALF_HIGH_WORD) | 0;
  const k = tmp >> 20;
  words[HIGH] = (high - (tmp & 0xfff00000)) | 0;
  const f = word[0] - 1;
  const s = f / (f + 2);
  const s2 = s * s;
  return k * LN2 + (s + s + s * s2 * (((((((L7 * s2 + L6) * s2 + L5) * s2 + L4) * s2 + L3) * s2 + L2) * s2 + L1) * s2 + L0));
}

/** log x in float64 with its special values (∞, −∞ at 0, NaN below 0). */
function logFloat64(x: number): number {
  if (x > 0) return x === Infinity ? Infinity : logCore(x);
  return x === 0 ? -Infinity : NaN;
}

/** sin (shift 0) or cos (shift 1) in float64 for |x| below the reduction limit. */
function trigCore(x: number, shift: 0 | 1): number {
  const t = x * INV_PIO2 + MAGIC;
  const k = t - MAGIC;
  const r = x - k * PIO2_1 - k * PIO2_1T;
  const z = r * r;
  const w = z * z;
  const s = z * r;
  const n = (k | 0) + shift;
  const v = n & 1 ? 1 + z * C0 + w * C1 + w * z * (C2 + z * C3) : r + s * (S1 + z * S2) + s * w * (S3 + z * S4);
  return n & 2 ? -v : v;
}

/**
 * e^x rounded to float32, as the SIMD kernel computes it.
 * @example expF32(1) // 2.7182817459106445 (Math.fround(Math.E))
 */
export function expF32(x: number): number {
  return x !== x ? x : Math.fround(expCore(x));
}

/**
 * e^x − 1 rounded to float32, accurate near 0.
 * @example expm1F32(1e-10) // 1.000000013351432e-10 (Math.fround(1e-10))
 */
export function expm1F32(x: number): number {
  return x !== x || x === 0 ? x : Math.fround(expm1Raw(x));
}

/**
 * Natural logarithm rounded to float32.
 * @example logF32(0) // -Infinity
 */
export function logF32(x: number): number {
  return Math.fround(logFloat64(x));
}

/**
 * log(1 + x) rounded to float32, accurate near 0.
 * @example log1pF32(-1) // -Infinity
 */
export function log1pF32(x: number): number {
  if (x === 0) return x;
  const u = x + 1;
  if (!(u > 0) || u === Infinity) return Math.fround(logFloat64(u));
  return Math.fround(logCore(u) + (x - (u - 1)) / u);
}

/**
 * Hyperbolic tangent rounded to float32.
 * @example tanhF32(Infinity) // 1
 */
export function tanhF32(x: number): number {
  if (x !== x || x === 0) return x;
  const e = expm1Raw(x + x);
  return Math.fround(e / (e + 2));
}

/**
 * The logistic function 1/(1 + e^−x) rounded to float32.
 * @example sigmoidF32(0) // 0.5
 */
export function sigmoidF32(x: number): number {
  return x !== x ? x : Math.fround(1 / (1 + expCore(-x)));
}

/**
 * Sine rounded to float32; |x| beyond 4.2e8 (and NaN, ±∞) take `Math.sin`.
 * @example sinF32(0) // 0
 */
export function sinF32(x: number): number {
  if (!(Math.abs(x) < TRIG_REDUCTION_LIMIT)) return Math.fround(Math.sin(x));
  return x === 0 ? x : Math.fround(trigCore(x, 0));
}

/**
 * Cosine rounded to float32; |x| beyond 4.2e8 (and NaN, ±∞) take `Math.cos`.
 * @example cosF32(0) // 1
 */
export function cosF32(x: number): number {
  if (!(Math.abs(x) < TRIG_REDUCTION_LIMIT)) return Math.fround(Math.cos(x));
  return Math.fround(trigCore(x, 1));
}

/**
 * `Math.pow(a, b)` rounded to float32, with JavaScript's special cases (pow(x, ±0) = 1,
 * pow(±1, ±∞) = NaN, NaN for a finite negative base and a non-integer exponent).
 * @example powF32(-2, 3) // -8
 */
export function powF32(a: number, b: number): number {
  if (b === 0) return 1;
  const integer = b === Math.trunc(b);
  if (a < 0 && a !== -Infinity && !integer) return NaN;
  const y = b * logFloat64(Math.abs(a));
  const magnitude = y !== y ? y : expCore(y);
  const half = b * 0.5;
  const negative = (a < 0 || Object.is(a, -0)) && integer && half !== Math.trunc(half);
  return Math.fround(negative ? -magnitude : magnitude);
}

/** The mirrored functions by name (what jit's generated float32 loops call as `math.<fn>`). */
export const float32Math: Readonly<Record<Exclude<VectorMathFn, "pow">, (x: number) => number> & { pow: (a: number, b: number) => number }> = {
  exp: expF32,
  expm1: expm1F32,
  log: logF32,
  log1p: log1pF32,
  tanh: tanhF32,
  sigmoid: sigmoidF32,
  sin: sinF32,
  cos: cosF32,
  pow: powF32,
};
