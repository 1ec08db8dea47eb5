/**
 * Trigonometric and hyperbolic functions and their inverses, angle conversions, `hypot`
 * and `sinc`, as `jax.numpy` names them. Integer and bool inputs compute in float32.
 * @module
 */
import { bind } from "../core/bind";
import { asFloat, operandPair, type Operand, type Same, type Out, type Second, floatUnary } from "./operands";
import { abs, sin, sqrt } from "./math";
import { add, div, maximum, minimum, mul, square } from "./arithmetic";
import { equal, less, where } from "./compare";

/**
 * Elementwise tangent.
 * @example
 * ```ts
 * import { tan, tensor } from "purediff";
 * tan(tensor([0, Math.PI / 4])).toArray(); // => [0, 1]
 * ```
 */
export const tan = <T extends Operand>(x: T): Same<T> => floatUnary("tan", x);
/**
 * Elementwise inverse sine, in [−π/2, π/2] (NaN outside [−1, 1]).
 * @example
 * ```ts
 * import { arcsin, tensor } from "purediff";
 * // [π/2]
 * arcsin(tensor([1])).toArray(); // => [1.570796]
 * ```
 */
export const arcsin = <T extends Operand>(x: T): Same<T> => floatUnary("asin", x);
/**
 * Elementwise inverse cosine, in [0, π] (NaN outside [−1, 1]).
 * @example
 * ```ts
 * import { arccos, tensor } from "purediff";
 * // [π]
 * arccos(tensor([-1])).toArray(); // => [3.141593]
 * ```
 */
export const arccos = <T extends Operand>(x: T): Same<T> => floatUnary("acos", x);
/**
 * Elementwise inverse tangent, in (−π/2, π/2).
 * @example
 * ```ts
 * import { arctan, tensor } from "purediff";
 * // [π/4]
 * arctan(tensor([1])).toArray(); // => [0.7853982]
 * ```
 */
export const arctan = <T extends Operand>(x: T): Same<T> => floatUnary("atan", x);
/**
 * Elementwise hyperbolic sine.
 * @example
 * ```ts
 * import { sinh, tensor } from "purediff";
 * sinh(tensor([0])).toArray(); // => [0]
 * ```
 */
export const sinh = <T extends Operand>(x: T): Same<T> => floatUnary("sinh", x);
/**
 * Elementwise hyperbolic cosine.
 * @example
 * ```ts
 * import { cosh, tensor } from "purediff";
 * cosh(tensor([0])).toArray(); // => [1]
 * ```
 */
export const cosh = <T extends Operand>(x: T): Same<T> => floatUnary("cosh", x);
/**
 * Elementwise inverse hyperbolic sine.
 * @example
 * ```ts
 * import { arcsinh, tensor } from "purediff";
 * arcsinh(tensor([0])).toArray(); // => [0]
 * ```
 */
export const arcsinh = <T extends Operand>(x: T): Same<T> => floatUnary("asinh", x);
/**
 * Elementwise inverse hyperbolic cosine (NaN below 1).
 * @example
 * ```ts
 * import { arccosh, tensor } from "purediff";
 * arccosh(tensor([1])).toArray(); // => [0]
 * ```
 */
export const arccosh = <T extends Operand>(x: T): Same<T> => floatUnary("acosh", x);
/**
 * Elementwise inverse hyperbolic tangent (±∞ at ±1, NaN outside).
 * @example
 * ```ts
 * import { arctanh, tensor } from "purediff";
 * arctanh(tensor([0])).toArray(); // => [0]
 * ```
 */
export const arctanh = <T extends Operand>(x: T): Same<T> => floatUnary("atanh", x);

/**
 * Elementwise angle of the point (b, a) from the positive x axis, in [−π, π], with the
 * quadrant from both signs (C's atan2, `np.arctan2(a, b)`).
 * @example
 * ```ts
 * import { arctan2, tensor } from "purediff";
 * // [3π/4, −3π/4]
 * arctan2(tensor([1, -1]), tensor([-1, -1])).toArray(); // => [2.356194, -2.356194]
 * ```
 */
export function arctan2<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "arctan2">): Out<A, B> {
  return bind("atan2", operandPair(a, b, true, "arctan2"), {}) as Out<A, B>;
}

/**
 * Elementwise √(a² + b²) without overflow or underflow in between: the larger magnitude
 * times √(1 + (smaller/larger)²); ∞ when either is infinite (even with a NaN, as C's hypot).
 * @example
 * ```ts
 * import { hypot, tensor } from "purediff";
 * hypot(tensor([3, 1e300]), tensor([4, 1e300])).toArray(); // => [5, Infinity]
 * ```
 */
export function hypot<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "hypot">): Out<A, B> {
  const [x, y] = operandPair(a, b, true, "hypot").map((t) => abs(t));
  const large = maximum(x, y);
  const small = minimum(x, y);
  const safe = where(equal(large, 0), 1, large);
  const value = mul(large, sqrt(add(1, square(div(small, safe)))));
  return where(equal(x, Infinity), Infinity, where(equal(y, Infinity), Infinity, value)) as Out<A, B>;
}

/**
 * Elementwise degrees to radians, x·π/180.
 * @example
 * ```ts
 * import { deg2rad, tensor } from "purediff";
 * // [π]
 * deg2rad(tensor([180])).toArray(); // => [3.141593]
 * ```
 */
export function deg2rad<T extends Operand>(x: T): Same<T> {
  return mul(asFloat(x), Math.PI / 180) as Same<T>;
}

/**
 * Elementwise radians to degrees, x·180/π.
 * @example
 * ```ts
 * import { rad2deg, tensor } from "purediff";
 * rad2deg(tensor([Math.PI])).toArray(); // => [180]
 * ```
 */
export function rad2deg<T extends Operand>(x: T): Same<T> {
  return mul(asFloat(x), 180 / Math.PI) as Same<T>;
}

/**
 * Elementwise normalised sinc, sin(πx)/(πx), 1 at 0. Near 0 (|πx| < 10⁻³) it is the
 * Taylor polynomial 1 − (πx)²/6 + (πx)⁴/120, exact to rounding there and with the right
 * derivatives at 0 (0, −π²/3, ...), which the quotient's `where` would not give.
 * @example
 * ```ts
 * import { sinc, tensor } from "purediff";
 * sinc(tensor([0, 0.5, 1], "float64")).toArray(); // => [1, 0.6366197723675814, 3.8981718325193755e-17]
 * ```
 */
export function sinc<T extends Operand>(x: T): Same<T> {
  const t = asFloat(x);
  const px = mul(t, Math.PI);
  const near = less(abs(px), 1e-3);
  const p2 = square(px);
  const taylor = add(1, mul(p2, add(-1 / 6, div(p2, 120))));
  const quotient = div(sin(px), where(near, 1, px));
  return where(near, taylor, quotient) as Same<T>;
}
