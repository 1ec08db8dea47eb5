/**
 * Exponentials and logarithms of other bases (`exp2`, `log2`, `log10`), their stable sums
 * (`logaddexp`, `logaddexp2`), the cube root and NumPy's float64 power, as `jax.numpy`
 * names them. Integer and bool inputs compute in float32 (float64 for `floatPower`).
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { asTensor, convertTo, operandPair, type Operand, type Same, type Out, type Second, floatUnary } from "./operands";
import { abs, exp, log1p } from "./math";
import { add, div, maximum, neg, pow, sub } from "./arithmetic";
import { notEqual, where } from "./compare";

/**
 * Elementwise 2ˣ, exact at integers.
 * @example
 * ```ts
 * import { exp2, tensor } from "purediff";
 * exp2(tensor([3, -1])).toArray(); // => [8, 0.5]
 * ```
 */
export const exp2 = <T extends Operand>(x: T): Same<T> => floatUnary("exp2", x);
/**
 * Elementwise base-2 logarithm, exact at powers of two.
 * @example
 * ```ts
 * import { log2, tensor } from "purediff";
 * log2(tensor([8, 0.5])).toArray(); // => [3, -1]
 * ```
 */
export const log2 = <T extends Operand>(x: T): Same<T> => floatUnary("log2", x);
/**
 * Elementwise base-10 logarithm, exact at powers of ten.
 * @example
 * ```ts
 * import { log10, tensor } from "purediff";
 * log10(tensor([1000])).toArray(); // => [3]
 * ```
 */
export const log10 = <T extends Operand>(x: T): Same<T> => floatUnary("log10", x);
/**
 * Elementwise real cube root (negative for negative x).
 * @example
 * ```ts
 * import { cbrt, tensor } from "purediff";
 * cbrt(tensor([-8, 27])).toArray(); // => [-2, 3]
 * ```
 */
export const cbrt = <T extends Operand>(x: T): Same<T> => floatUnary("cbrt", x);

/**
 * `max + log1p(f(−|a − b|))`, or `a + b` where a − b is NaN: equal infinities (where the
 * sum is that infinity) and NaNs (propagated).
 */
function logSumOfTwo(name: string, a: Operand, b: Operand, tail: (x: Tensor) => Tensor): Tensor {
  const [x, y] = operandPair(a, b, true, name);
  const delta = sub(x, y);
  const stable = add(maximum(x, y), tail(neg(abs(delta))));
  return where(notEqual(delta, delta), add(x, y), stable);
}

/**
 * Elementwise log(eᵃ + eᵇ) without overflow: max(a, b) + log1p(e^(−|a − b|)).
 * @example
 * ```ts
 * import { logaddexp, tensor } from "purediff";
 * logaddexp(tensor([1000, -Infinity]), tensor([1000, 0])).toArray(); // => [1000.693, 0]
 * ```
 */
export function logaddexp<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "logaddexp">): Out<A, B> {
  return logSumOfTwo("logaddexp", a, b, (d) => log1p(exp(d))) as Out<A, B>;
}

/**
 * Elementwise log₂(2ᵃ + 2ᵇ) without overflow: max(a, b) + log1p(2^(−|a − b|))/ln 2.
 * @example
 * ```ts
 * import { logaddexp2, tensor } from "purediff";
 * logaddexp2(tensor([3]), tensor([3])).toArray(); // => [4]
 * ```
 */
export function logaddexp2<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "logaddexp2">): Out<A, B> {
  return logSumOfTwo("logaddexp2", a, b, (d) => div(log1p(exp2(d)), Math.LN2)) as Out<A, B>;
}

/**
 * Elementwise aᵇ computed in float64 whatever the inputs' dtypes (NumPy's `float_power`;
 * JAX gives float64 when 64-bit floats are on, as they are here).
 * @example
 * ```ts
 * import { floatPower, tensor } from "purediff";
 * // float64 [0.5]
 * floatPower(tensor([2], "int32"), -1).toArray(); // => [0.5]
 * ```
 */
export function floatPower<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "floatPower">): Out<A, B> {
  return pow(convertTo(asTensor(a, "float64"), "float64"), convertTo(asTensor(b, "float64"), "float64")) as Out<A, B>;
}
