import { Tensor } from "../tensor/tensor";
import type { Broadcast } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asTensor, operandPair, type Operand, type ShapeOfOperand, type Out, type Second } from "./operands";
import type { CompareOp } from "../core/primitive";
import { nonzero, type NonzeroOptions } from "./nonzero";

function compare<A extends Operand, B extends Operand>(op: CompareOp, a: A, b: B, name: string): Out<A, B> {
  return bind("compare", operandPair(a, b, false, name), { op }) as Out<A, B>;
}

/**
 * Elementwise a == b, as a bool tensor.
 * @example
 * ```ts
 * import { equal, tensor } from "purediff";
 * equal(tensor([1, 2]), 2).toArray(); // => [false, true]
 * ```
 */
export const equal = <A extends Operand, B extends Operand>(a: A, b: Second<A, B, "equal">): Out<A, B> => compare("eq", a, b, "equal");
/**
 * Elementwise a != b.
 * @example
 * ```ts
 * import { notEqual, tensor } from "purediff";
 * notEqual(tensor([1, 2]), 2).toArray(); // => [true, false]
 * ```
 */
export const notEqual = <A extends Operand, B extends Operand>(a: A, b: Second<A, B, "notEqual">): Out<A, B> => compare("ne", a, b, "notEqual");
/**
 * Elementwise a > b.
 * @example
 * ```ts
 * import { greater, tensor } from "purediff";
 * greater(tensor([1, 3]), 2).toArray(); // => [false, true]
 * ```
 */
export const greater = <A extends Operand, B extends Operand>(a: A, b: Second<A, B, "greater">): Out<A, B> => compare("gt", a, b, "greater");
/**
 * Elementwise a >= b.
 * @example
 * ```ts
 * import { greaterEqual, tensor } from "purediff";
 * greaterEqual(tensor([2]), 2).toArray(); // => [true]
 * ```
 */
export const greaterEqual = <A extends Operand, B extends Operand>(a: A, b: Second<A, B, "greaterEqual">): Out<A, B> => compare("ge", a, b, "greaterEqual");
/**
 * Elementwise a < b.
 * @example
 * ```ts
 * import { less, tensor } from "purediff";
 * less(tensor([1, 3]), 2).toArray(); // => [true, false]
 * ```
 */
export const less = <A extends Operand, B extends Operand>(a: A, b: Second<A, B, "less">): Out<A, B> => compare("lt", a, b, "less");
/**
 * Elementwise a <= b.
 * @example
 * ```ts
 * import { lessEqual, tensor } from "purediff";
 * lessEqual(tensor([2]), 2).toArray(); // => [true]
 * ```
 */
export const lessEqual = <A extends Operand, B extends Operand>(a: A, b: Second<A, B, "lessEqual">): Out<A, B> => compare("le", a, b, "lessEqual");

/**
 * Elementwise choice: `x` where `condition` holds, else `y` (all three broadcast).
 * The gradient flows to the chosen side only. With the condition alone it is `nonzero`:
 * the indices of its true (nonzero) elements, one int32 array per axis (concrete values,
 * or a fixed `size` under `jit` and `vmap`).
 * @example
 * ```ts
 * import { greater, tensor, where } from "purediff";
 * const x = tensor([-1, 2]);
 * // relu
 * where(greater(x, 0), x, 0).toArray(); // => [0, 2]
 * ```
 * @example
 * ```ts
 * import { tensor, where } from "purediff";
 * where(tensor([0, 1, 1])); // => [[1, 2]]
 * ```
 */
export function where<C extends Operand, A extends Operand, B extends Operand>(
  condition: C,
  x: A,
  y: Second<A, B, "where">,
): Tensor<Broadcast<ShapeOfOperand<C>, Broadcast<ShapeOfOperand<A>, ShapeOfOperand<B>>>>;
export function where(condition: Operand, options?: NonzeroOptions): Tensor<[number]>[];
export function where(condition: Operand, x?: Operand | NonzeroOptions, y?: Operand): Tensor | Tensor<[number]>[] {
  if (y === undefined) {
    if (x instanceof Tensor || typeof x === "number") throw new Error("where: give both x and y, or neither (for the indices of the nonzero elements)");
    return nonzero(condition, x);
  }
  if (x === undefined || !(x instanceof Tensor || typeof x === "number"))
    throw new Error("where: give both x and y, or neither (for the indices of the nonzero elements)");
  const c = asTensor(condition, "bool");
  const cond = c.dtype === "bool" ? c : bind("compare", operandPair(c, 0, false, "where"), { op: "ne" });
  const [a, b] = operandPair(x, y, false, "where");
  return bind("select", [cond, a, b], {});
}

/**
 * Limits each element to [lo, hi]: `minimum(maximum(x, lo), hi)`, with scalar or
 * broadcasting tensor bounds, either of them left out (`undefined`) for no bound.
 * The gradient is 1 inside, 0 outside (for the bounds: 1 where they bind).
 * @example
 * ```ts
 * import { clip, tensor } from "purediff";
 * clip(tensor([-2, 0.5, 3]), 0, 1).toArray(); // => [0, 0.5, 1]
 * ```
 * @example
 * ```ts
 * import { clip, tensor } from "purediff";
 * clip(tensor([[5, -5]]), tensor([[0], [-1]]), 2).toArray(); // => [[2, 0], [2, -1]]
 * ```
 */
export function clip<X extends Operand, L extends Operand | undefined = undefined, H extends Operand | undefined = undefined>(
  x: X,
  lo?: L,
  hi?: H,
): Tensor<Broadcast<ShapeOfOperand<X>, Broadcast<ShapeOfOperand<L>, ShapeOfOperand<H>>>> {
  if (typeof lo === "number" && typeof hi === "number" && !(lo <= hi)) throw new Error(`clip: lo (${lo}) must not exceed hi (${hi})`);
  let out = asTensor(x);
  if (lo !== undefined) out = bind("max", operandPair(out, lo, false, "clip"), {});
  if (hi !== undefined) out = bind("min", operandPair(out, hi, false, "clip"), {});
  return out as Tensor<Broadcast<ShapeOfOperand<X>, Broadcast<ShapeOfOperand<L>, ShapeOfOperand<H>>>>;
}
