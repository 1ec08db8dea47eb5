/**
 * Special functions, as `jax.scipy.special` (and `jax.nn.log1mexp`): the error functions,
 * the log-gamma and polygamma functions, the logistic pair `logit`/`expit`, `log1mexp`,
 * and `xlogy`/`xlog1py` (zero where x is 0). Integer and bool inputs compute in float32.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { bind } from "../core/bind";
import { customJvp } from "../core/custom-jvp";
import { asFloat, operandPair, type Operand, type Same, type Out, type Second, floatUnary } from "./operands";
import { exp, expm1, log, log1p, sigmoid } from "./math";
import { add, div, mul, neg, sub } from "./arithmetic";
import { equal, less, where } from "./compare";

/**
 * Elementwise error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, accurate to under 1 ulp in
 * float64 (fdlibm's rational approximations; float32 is the float64 value rounded).
 * Differentiable to any order: d erf/dx = 2/√π · e^(−x²).
 * @example
 * ```ts
 * import { erf, tensor } from "purediff";
 * erf(tensor([0, 1], "float64")).toArray(); // => [0, 0.8427007929497149]
 * ```
 */
export const erf = <T extends Operand>(x: T): Same<T> => floatUnary("erf", x);

/**
 * Elementwise complementary error function erfc(x) = 1 − erf(x), accurate in its tail
 * (under 1 ulp in float64, fdlibm's algorithm), where 1 − erf(x) is 0.
 * @example
 * ```ts
 * import { erfc, tensor } from "purediff";
 * erfc(tensor([0, 10], "float64")).toArray(); // => [1, 2.088487583762545e-45]
 * ```
 */
export const erfc = <T extends Operand>(x: T): Same<T> => floatUnary("erfc", x);

/**
 * Elementwise inverse error function on [−1, 1] (±∞ at ±1, NaN outside), within an ulp
 * of the float64 value, in the tail near ±1 too. d erfinv/dy = √π/2 · e^(erfinv(y)²).
 * @example
 * ```ts
 * import { erfinv, tensor } from "purediff";
 * erfinv(tensor([0.5], "float64")).toArray(); // => [0.4769362762044699]
 * ```
 */
export const erfinv = <T extends Operand>(x: T): Same<T> => floatUnary("erfInv", x);

/**
 * Elementwise log|Γ(x)|, +∞ at the poles (0, −1, −2, ...). Float64 values are within a
 * few ulp (also next to its zeros at 1 and 2), except next to its zeros on the negative
 * axis, where the reflection formula leaves an absolute error near 1e−16.
 * d lgamma/dx = digamma(x).
 * @example
 * ```ts
 * import { lgamma, tensor } from "purediff";
 * lgamma(tensor([0.5, 10], "float64")).toArray(); // => [0.5723649429247001, 12.801827480081469]
 * ```
 */
export const lgamma = <T extends Operand>(x: T): Same<T> => floatUnary("lgamma", x);

/**
 * Elementwise polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of the digamma function
 * (n a non-negative integer): (−1)ⁿ⁺¹ n! ζ(n + 1, x) for n ≥ 1. Differentiable to any order
 * (d ψ⁽ⁿ⁾/dx = ψ⁽ⁿ⁺¹⁾).
 * @example
 * ```ts
 * import { polygamma, tensor } from "purediff";
 * // [π²/6 = 1.6449340668482264]
 * polygamma(1, tensor([1], "float64")).toArray(); // => [1.6449340668482264]
 * ```
 */
export function polygamma<T extends Operand>(n: number, x: T): Same<T> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`polygamma: n must be a non-negative integer, got ${n}`);
  return bind("polygamma", [asFloat(x)], { order: n }) as Same<T>;
}

/**
 * Elementwise digamma function ψ(x) = d/dx log Γ(x) (NaN at the negative integers, −∞ at
 * +0); float64 values within a few ulp, also next to its zero at 1.4616...
 * @example
 * ```ts
 * import { digamma, tensor } from "purediff";
 * // [−γ = −0.5772156649015329]
 * digamma(tensor([1], "float64")).toArray(); // => [-0.5772156649015331]
 * ```
 */
export const digamma = <T extends Operand>(x: T): Same<T> => polygamma(0, x);

/**
 * Elementwise log(x/(1 − x)), the inverse of `expit`, on [0, 1] (∓∞ at the ends): as
 * log1p((2x − 1)/(1 − x)) within 1/4 of 1/2, so it stays accurate near its zero.
 * @example
 * ```ts
 * import { logit, tensor } from "purediff";
 * logit(tensor([0.5, 0.75], "float64")).toArray(); // => [0, 1.0986122886681096]
 * ```
 */
export function logit<T extends Operand>(x: T): Same<T> {
  const p = asFloat(x);
  const middle = less(mul(sub(p, 0.5), sub(p, 0.5)), 0.0625);
  const centred = log1p(div(sub(mul(p, 2), 1), sub(1, p)));
  const ends = sub(log(p), log1p(neg(p)));
  return where(middle, centred, ends) as Same<T>;
}

/**
 * Elementwise logistic 1/(1 + e⁻ˣ) (`sigmoid` by SciPy's name).
 * @example
 * ```ts
 * import { expit, tensor } from "purediff";
 * expit(tensor([0])).toArray(); // => [0.5]
 * ```
 */
export const expit = <T extends Operand>(x: T): Same<T> => sigmoid(x);

/**
 * Elementwise log(1 − e⁻ˣ) for x ≥ 0 (NaN below), as `jax.nn.log1mexp`: log(−expm1(−x))
 * below ln 2 and log1p(−e⁻ˣ) above (Mächler's split), accurate at both ends.
 * @example
 * ```ts
 * import { log1mexp, tensor } from "purediff";
 * // [−23.025850929990457, −1.9287498479639178e−22]
 * log1mexp(tensor([1e-10, 50], "float64")).toArray(); // => [-23.025850929990458, -1.9287498479639178e-22]
 * ```
 */
export function log1mexp<T extends Operand>(x: T): Same<T> {
  const t = asFloat(x);
  return where(less(t, Math.LN2), log(neg(expm1(neg(t)))), log1p(neg(exp(neg(t))))) as Same<T>;
}

/** x·f(y), 0 where x = 0 (also where f(y) is infinite or NaN). */
const zeroAtZero = (x: Tensor, fy: Tensor): Tensor => where(equal(x, 0), 0, mul(x, fy));

/** xlogy with JAX's derivative: x′·log y + y′·x/y, also where x = 0. */
const xlogyWithRule = customJvp(
  (x: Tensor, y: Tensor): Tensor => zeroAtZero(x, log(y)),
  ([x, y], [tx, ty]) => [zeroAtZero(x, log(y)), add(mul(tx, log(y)), mul(ty, div(x, y)))],
);

/** xlog1py with JAX's derivative: x′·log1p(y) + y′·x/(1 + y). */
const xlog1pyWithRule = customJvp(
  (x: Tensor, y: Tensor): Tensor => zeroAtZero(x, log1p(y)),
  ([x, y], [tx, ty]) => [zeroAtZero(x, log1p(y)), add(mul(tx, log1p(y)), mul(ty, div(x, add(y, 1))))],
);

/**
 * Elementwise x·log(y), 0 where x = 0 (even at y = 0): the term of entropies and
 * cross-entropies. The derivative is JAX's: log(y) for x and x/y for y, at x = 0 too.
 * @example
 * ```ts
 * import { tensor, xlogy } from "purediff";
 * xlogy(tensor([0, 2]), tensor([0, Math.E])).toArray(); // => [0, 2]
 * ```
 */
export function xlogy<A extends Operand, B extends Operand>(x: A, y: Second<A, B, "xlogy">): Out<A, B> {
  const [a, b] = operandPair(x, y, true, "xlogy");
  return xlogyWithRule(a, b) as Out<A, B>;
}

/**
 * Elementwise x·log(1 + y), 0 where x = 0 (even at y = −1). The derivative is JAX's:
 * log1p(y) for x and x/(1 + y) for y.
 * @example
 * ```ts
 * import { tensor, xlog1py } from "purediff";
 * xlog1py(tensor([0, 2]), tensor([-1, Math.E - 1])).toArray(); // => [0, 2]
 * ```
 */
export function xlog1py<A extends Operand, B extends Operand>(x: A, y: Second<A, B, "xlog1py">): Out<A, B> {
  const [a, b] = operandPair(x, y, true, "xlog1py");
  return xlog1pyWithRule(a, b) as Out<A, B>;
}
