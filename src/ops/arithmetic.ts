import type { Tensor } from "../tensor/tensor";
import { bind } from "../core/bind";
import { asFloat, asTensor, operandPair, type Operand, type ShapeOfOperand, type Out, type Second } from "./operands";

/**
 * Elementwise a + b, broadcasting by NumPy rules.
 * @example
 * ```ts
 * import { add, tensor } from "purediff";
 * add(tensor([1, 2]), 10).toArray(); // => [11, 12]
 * ```
 */
export function add<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "add">): Out<A, B> {
  return bind("add", operandPair(a, b, false, "add"), {}) as Out<A, B>;
}

/**
 * Elementwise a − b.
 * @example
 * ```ts
 * import { sub, tensor } from "purediff";
 * sub(tensor([3, 4]), 1).toArray(); // => [2, 3]
 * ```
 */
export function sub<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "sub">): Out<A, B> {
  return bind("sub", operandPair(a, b, false, "sub"), {}) as Out<A, B>;
}

/**
 * Elementwise a · b.
 * @example
 * ```ts
 * import { mul, tensor } from "purediff";
 * mul(tensor([1, 2]), tensor([[1], [3]])).toArray(); // => [[1, 2], [3, 6]]
 * ```
 */
export function mul<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "mul">): Out<A, B> {
  return bind("mul", operandPair(a, b, false, "mul"), {}) as Out<A, B>;
}

/**
 * Elementwise a / b (float division).
 * @example
 * ```ts
 * import { div, tensor } from "purediff";
 * div(tensor([1, 2]), 4).toArray(); // => [0.25, 0.5]
 * ```
 */
export function div<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "div">): Out<A, B> {
  return bind("div", operandPair(a, b, true, "div"), {}) as Out<A, B>;
}

/**
 * Elementwise a to the power b.
 * @example
 * ```ts
 * import { pow, tensor } from "purediff";
 * pow(tensor([2, 3]), 2).toArray(); // => [4, 9]
 * ```
 */
export function pow<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "pow">): Out<A, B> {
  return bind("pow", operandPair(a, b, true, "pow"), {}) as Out<A, B>;
}

/**
 * Elementwise maximum (ties share the gradient equally).
 * @example
 * ```ts
 * import { maximum, tensor } from "purediff";
 * maximum(tensor([1, 5]), 3).toArray(); // => [3, 5]
 * ```
 */
export function maximum<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "maximum">): Out<A, B> {
  return bind("max", operandPair(a, b, false, "maximum"), {}) as Out<A, B>;
}

/**
 * Elementwise minimum.
 * @example
 * ```ts
 * import { minimum, tensor } from "purediff";
 * minimum(tensor([1, 5]), 3).toArray(); // => [1, 3]
 * ```
 */
export function minimum<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "minimum">): Out<A, B> {
  return bind("min", operandPair(a, b, false, "minimum"), {}) as Out<A, B>;
}

/**
 * Elementwise −x, keeping the dtype (int32 and uint32 wrap mod 2³², as `sub` does); bools
 * have no negation (use `logicalNot`).
 * @example
 * ```ts
 * import { neg, tensor } from "purediff";
 * neg(tensor([1, -2])).toArray(); // => [-1, 2]
 * ```
 */
export function neg<T extends Operand>(x: T): Tensor<ShapeOfOperand<T>> {
  return bind("neg", [asTensor(x)], {}) as Tensor<ShapeOfOperand<T>>;
}

/**
 * Elementwise x².
 * @example
 * ```ts
 * import { square, tensor } from "purediff";
 * square(tensor([3])).toArray(); // => [9]
 * ```
 */
export function square<T extends Operand>(x: T): Tensor<ShapeOfOperand<T>> {
  const t = asFloat(x);
  return bind("mul", [t, t], {}) as Tensor<ShapeOfOperand<T>>;
}

/**
 * Elementwise 1/x.
 * @example
 * ```ts
 * import { reciprocal, tensor } from "purediff";
 * reciprocal(tensor([4])).toArray(); // => [0.25]
 * ```
 */
export function reciprocal<T extends Operand>(x: T): Tensor<ShapeOfOperand<T>> {
  return div(1, x as Operand) as Tensor<ShapeOfOperand<T>>;
}
