import type { Tensor } from "../tensor/tensor";
import { bind } from "../core/bind";
import { asFloat, type Operand, type ShapeOfOperand } from "./operands";

type Same<T> = Tensor<ShapeOfOperand<T>>;

function unary<T extends Operand>(name: "exp" | "log" | "log1p" | "expm1" | "sqrt" | "abs" | "sign" | "sin" | "cos" | "tanh" | "sigmoid", x: T): Same<T> {
  return bind(name, [asFloat(x)], {}) as Same<T>;
}

/** Elementwise eˣ. @example exp(tensor([0, 1])) // [1, 2.71828] */
export const exp = <T extends Operand>(x: T): Same<T> => unary("exp", x);
/** Elementwise natural logarithm. @example log(tensor([1])) // [0] */
export const log = <T extends Operand>(x: T): Same<T> => unary("log", x);
/** Elementwise log(1 + x), accurate near 0. @example log1p(tensor([0])) // [0] */
export const log1p = <T extends Operand>(x: T): Same<T> => unary("log1p", x);
/** Elementwise eˣ − 1, accurate near 0. @example expm1(tensor([0])) // [0] */
export const expm1 = <T extends Operand>(x: T): Same<T> => unary("expm1", x);
/** Elementwise square root. @example sqrt(tensor([4, 9])) // [2, 3] */
export const sqrt = <T extends Operand>(x: T): Same<T> => unary("sqrt", x);
/** Elementwise |x| (subgradient 0 at 0). @example abs(tensor([-2])) // [2] */
export const abs = <T extends Operand>(x: T): Same<T> => unary("abs", x);
/** Elementwise sign: −1, 0 or 1 (gradient 0 almost everywhere). @example sign(tensor([-3, 0, 2])) // [-1, 0, 1] */
export const sign = <T extends Operand>(x: T): Same<T> => unary("sign", x);
/** Elementwise sine. @example sin(tensor([0])) // [0] */
export const sin = <T extends Operand>(x: T): Same<T> => unary("sin", x);
/** Elementwise cosine. @example cos(tensor([0])) // [1] */
export const cos = <T extends Operand>(x: T): Same<T> => unary("cos", x);
/** Elementwise hyperbolic tangent. @example tanh(tensor([0])) // [0] */
export const tanh = <T extends Operand>(x: T): Same<T> => unary("tanh", x);
/** Elementwise logistic 1/(1 + e⁻ˣ), stable for large |x|. @example sigmoid(tensor([0])) // [0.5] */
export const sigmoid = <T extends Operand>(x: T): Same<T> => unary("sigmoid", x);
