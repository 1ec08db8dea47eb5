/**
 * The shared definition of the vectorised float32 math functions: their names and the
 * constants of their algorithms, used by both the WebAssembly SIMD emitter
 * (`wasm/vector-math.ts`) and its bit-identical JavaScript mirror (`vector-math-scalar.ts`).
 *
 * Every function takes float32 values, computes in float64 (WebAssembly f64x2 lanes, or
 * JavaScript numbers) with the same operations in the same order, and rounds once to
 * float32 at the end; the float64 error (≈1e−12 relative at worst) is far below half a
 * float32 ulp (3e−8), so results are within one ulp of the correctly rounded value.
 * The mirror unrolls the coefficient arrays: change their lengths in both places.
 * @module
 */

/** The functions with a vectorised float32 kernel. `pow` takes two operands, the others one. */
export type VectorMathFn = "exp" | "expm1" | "log" | "log1p" | "tanh" | "sigmoid" | "sin" | "cos" | "pow";

/** All of them, in a fixed order. */
export const vectorMathFns: readonly VectorMathFn[] = ["exp", "expm1", "log", "log1p", "tanh", "sigmoid", "sin", "cos", "pow"];

/** 1.5·2⁵²: `(x + MAGIC) − MAGIC` rounds x (|x| < 2⁵¹) to the nearest integer, ties to even, and the low bits of `x + MAGIC` hold that integer. */
export const MAGIC = 6755399441055744;

/** exp and expm1 clamp their argument to ±EXP_CLAMP, beyond which float32 results are 0, −1 or ∞ and 2^k stays a normal float64. */
export const EXP_CLAMP = 200;
export const LOG2E = Math.LOG2E;
/** ln 2 split (fdlibm): LN2_HI has trailing zero bits, so k·LN2_HI is exact for |k| < 2²⁰. */
export const LN2_HI = 6.9314718036912381649e-1;
export const LN2_LO = 1.90821492927058770002e-10;
export const LN2 = Math.LN2;

/** (eʳ − 1)/r = Σ rⁿ/(n+1)!, n = 0…9: truncation error below 1e−12 for |r| ≤ ln2/2. Lowest degree first. */
export const EXPM1_OVER_R = [1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880, 1 / 3628800];

/** log z = 2s + s·s²·L(s²), s = (z−1)/(z+1), L = Σ 2/(2j+1) (s²)^(j−1), j = 1…8: below 1e−15 for z ∈ [√½, √2). */
export const LOG_L = [2 / 3, 2 / 5, 2 / 7, 2 / 9, 2 / 11, 2 / 13, 2 / 15, 2 / 17];
/** High word of √½ (0x3fe6a09e667f3bcd): subtracting it from x's high word splits x = 2^k·z with z ∈ [√½, √2). */
export const SQRT_HALF_HIGH_WORD = 0x3fe6a09e;

/** sin/cos argument reduction (FreeBSD `e_rem_pio2f.c`): 2/π, π/2 in 25 bits plus its tail. */
export const INV_PIO2 = 0.6366197723675814;
export const PIO2_1 = 1.5707963109016418;
export const PIO2_1T = 1.5893254773528196e-8;
/** Below this |x| (2²⁸·π/2 as a float32) the two-term reduction is exact enough; above it, lanes call `Math.sin`/`Math.cos`. */
export const TRIG_REDUCTION_LIMIT = 421657440;
/** sin(r) ≈ r + r³(S1 + r²S2) + r⁷(S3 + r²S4) on |r| ≤ π/4 (FreeBSD `k_sinf.c`, error below 2^−37.5). */
export const SIN_S = [-0.16666666641626524, 0.008333329385889463, -0.00019839334836096632, 2.718311493989822e-6];
/** cos(r) ≈ 1 + r²C0 + r⁴C1 + r⁶(C2 + r²C3) on |r| ≤ π/4 (FreeBSD `k_cosf.c`, error below 2^−34.1). */
export const COS_C = [-0.499999997251031, 0.04166662332373906, -0.001388676377460993, 2.439044879627741e-5];
