import { type Operand, type Same, floatUnary } from "./operands";

/** Elementwise eˣ. @example exp(tensor([0, 1])) // [1, 2.71828] */
export const exp = <T extends Operand>(x: T): Same<T> => floatUnary("exp", x);
/** Elementwise natural logarithm. @example log(tensor([1])) // [0] */
export const log = <T extends Operand>(x: T): Same<T> => floatUnary("log", x);
/** Elementwise log(1 + x), accurate near 0. @example log1p(tensor([0])) // [0] */
export const log1p = <T extends Operand>(x: T): Same<T> => floatUnary("log1p", x);
/** Elementwise eˣ − 1, accurate near 0. @example expm1(tensor([0])) // [0] */
export const expm1 = <T extends Operand>(x: T): Same<T> => floatUnary("expm1", x);
/** Elementwise square root. @example sqrt(tensor([4, 9])) // [2, 3] */
export const sqrt = <T extends Operand>(x: T): Same<T> => floatUnary("sqrt", x);
/** Elementwise |x| (subgradient 0 at 0). @example abs(tensor([-2])) // [2] */
export const abs = <T extends Operand>(x: T): Same<T> => floatUnary("abs", x);
/** Elementwise sign: −1, 0 or 1 (gradient 0 almost everywhere). @example sign(tensor([-3, 0, 2])) // [-1, 0, 1] */
export const sign = <T extends Operand>(x: T): Same<T> => floatUnary("sign", x);
/** Elementwise sine. @example sin(tensor([0])) // [0] */
export const sin = <T extends Operand>(x: T): Same<T> => floatUnary("sin", x);
/** Elementwise cosine. @example cos(tensor([0])) // [1] */
export const cos = <T extends Operand>(x: T): Same<T> => floatUnary("cos", x);
/** Elementwise hyperbolic tangent. @example tanh(tensor([0])) // [0] */
export const tanh = <T extends Operand>(x: T): Same<T> => floatUnary("tanh", x);
/** Elementwise logistic 1/(1 + e⁻ˣ), stable for large |x|. @example sigmoid(tensor([0])) // [0.5] */
export const sigmoid = <T extends Operand>(x: T): Same<T> => floatUnary("sigmoid", x);
