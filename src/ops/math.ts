import { type Operand, type Same, floatUnary } from "./operands";

/**
 * Elementwise eˣ.
 * @example
 * ```ts
 * import { exp, tensor } from "purediff";
 * exp(tensor([0, 1])).toArray(); // => [1, 2.718282]
 * ```
 */
export const exp = <T extends Operand>(x: T): Same<T> => floatUnary("exp", x);
/**
 * Elementwise natural logarithm.
 * @example
 * ```ts
 * import { log, tensor } from "purediff";
 * log(tensor([1])).toArray(); // => [0]
 * ```
 */
export const log = <T extends Operand>(x: T): Same<T> => floatUnary("log", x);
/**
 * Elementwise log(1 + x), accurate near 0.
 * @example
 * ```ts
 * import { log1p, tensor } from "purediff";
 * log1p(tensor([0])).toArray(); // => [0]
 * ```
 */
export const log1p = <T extends Operand>(x: T): Same<T> => floatUnary("log1p", x);
/**
 * Elementwise eˣ − 1, accurate near 0.
 * @example
 * ```ts
 * import { expm1, tensor } from "purediff";
 * expm1(tensor([0])).toArray(); // => [0]
 * ```
 */
export const expm1 = <T extends Operand>(x: T): Same<T> => floatUnary("expm1", x);
/**
 * Elementwise square root.
 * @example
 * ```ts
 * import { sqrt, tensor } from "purediff";
 * sqrt(tensor([4, 9])).toArray(); // => [2, 3]
 * ```
 */
export const sqrt = <T extends Operand>(x: T): Same<T> => floatUnary("sqrt", x);
/**
 * Elementwise |x| (subgradient 0 at 0).
 * @example
 * ```ts
 * import { abs, tensor } from "purediff";
 * abs(tensor([-2])).toArray(); // => [2]
 * ```
 */
export const abs = <T extends Operand>(x: T): Same<T> => floatUnary("abs", x);
/**
 * Elementwise sign: −1, 0 or 1 (gradient 0 almost everywhere).
 * @example
 * ```ts
 * import { sign, tensor } from "purediff";
 * sign(tensor([-3, 0, 2])).toArray(); // => [-1, 0, 1]
 * ```
 */
export const sign = <T extends Operand>(x: T): Same<T> => floatUnary("sign", x);
/**
 * Elementwise sine.
 * @example
 * ```ts
 * import { sin, tensor } from "purediff";
 * sin(tensor([0])).toArray(); // => [0]
 * ```
 */
export const sin = <T extends Operand>(x: T): Same<T> => floatUnary("sin", x);
/**
 * Elementwise cosine.
 * @example
 * ```ts
 * import { cos, tensor } from "purediff";
 * cos(tensor([0])).toArray(); // => [1]
 * ```
 */
export const cos = <T extends Operand>(x: T): Same<T> => floatUnary("cos", x);
/**
 * Elementwise hyperbolic tangent.
 * @example
 * ```ts
 * import { tanh, tensor } from "purediff";
 * tanh(tensor([0])).toArray(); // => [0]
 * ```
 */
export const tanh = <T extends Operand>(x: T): Same<T> => floatUnary("tanh", x);
/**
 * Elementwise logistic 1/(1 + e⁻ˣ), stable for large |x|.
 * @example
 * ```ts
 * import { sigmoid, tensor } from "purediff";
 * sigmoid(tensor([0])).toArray(); // => [0.5]
 * ```
 */
export const sigmoid = <T extends Operand>(x: T): Same<T> => floatUnary("sigmoid", x);
