/**
 * Truth values, as `jax.numpy`: the elementwise logical operators, the reductions `any`,
 * `all` and `countNonzero`, and membership (`isin`). Any dtype is taken as its truth value
 * (nonzero is true, NaN included), and results are bool.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import type { Reduce } from "../tensor/shape-types";
import { full } from "../tensor/create";
import { bind } from "../core/bind";
import { asTensor, convertTo, operandPair, type Operand, type ShapeOfOperand, type Same, type Out, type Second } from "./operands";
import type { Axes, ReduceOptions } from "./axes";
import { sum } from "./reduce";

type Reduced<T, A extends Axes, K extends boolean> = Tensor<Reduce<ShapeOfOperand<T>, A, K>>;

/** The truth value of each element as bool: x ≠ 0 (bools pass through). */
export function truth(x: Operand): Tensor {
  const t = asTensor(x);
  return t.dtype === "bool" ? t : bind("compare", [t, full([], 0, t.dtype)], { op: "ne" });
}

const constant = (value: boolean): Tensor => full([], value ? 1 : 0, "bool");

/**
 * Elementwise a AND b.
 * @example
 * ```ts
 * import { logicalAnd, tensor } from "purediff";
 * logicalAnd(tensor([true, true]), tensor([true, false])).toArray(); // => [true, false]
 * ```
 */
export function logicalAnd<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "logicalAnd">): Out<A, B> {
  return bind("select", [truth(a), truth(b), constant(false)], {}) as Out<A, B>;
}

/**
 * Elementwise a OR b.
 * @example
 * ```ts
 * import { logicalOr, tensor } from "purediff";
 * logicalOr(tensor([false, false]), tensor([true, false])).toArray(); // => [true, false]
 * ```
 */
export function logicalOr<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "logicalOr">): Out<A, B> {
  return bind("select", [truth(a), constant(true), truth(b)], {}) as Out<A, B>;
}

/**
 * Elementwise a XOR b (exactly one is true).
 * @example
 * ```ts
 * import { logicalXor, tensor } from "purediff";
 * logicalXor(tensor([true, true]), tensor([true, false])).toArray(); // => [false, true]
 * ```
 */
export function logicalXor<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "logicalXor">): Out<A, B> {
  return bind("compare", [truth(a), truth(b)], { op: "ne" }) as Out<A, B>;
}

/**
 * Elementwise NOT x.
 * @example
 * ```ts
 * import { logicalNot, tensor } from "purediff";
 * logicalNot(tensor([0, 2])).toArray(); // => [true, false]
 * ```
 */
export function logicalNot<T extends Operand>(x: T): Same<T> {
  return bind("compare", [truth(x), constant(false)], { op: "eq" }) as Same<T>;
}

/** The number of true elements over `axes`, as int32. */
function countTrue(x: Tensor, axes: Axes, keepDims: boolean): Tensor {
  return sum(convertTo(x, "int32"), axes, { keepDims });
}

/**
 * Whether any element over `axes` (all by default) is true (nonzero); false when empty.
 * @example
 * ```ts
 * import { any, tensor } from "purediff";
 * any(tensor([[0, 0], [0, 3]]), 1).toArray(); // => [false, true]
 * ```
 */
export function any<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  const count = countTrue(truth(x), axes, options?.keepDims ?? false);
  return bind("compare", [count, full([], 0, "int32")], { op: "gt" }) as Reduced<T, A, K>;
}

/**
 * Whether every element over `axes` (all by default) is true (nonzero); true when empty.
 * @example
 * ```ts
 * import { all, tensor } from "purediff";
 * all(tensor([[1, 0], [2, 3]]), 1).toArray(); // => [false, true]
 * ```
 */
export function all<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  const count = countTrue(logicalNot(x), axes, options?.keepDims ?? false);
  return bind("compare", [count, full([], 0, "int32")], { op: "eq" }) as Reduced<T, A, K>;
}

/**
 * The number of nonzero elements over `axes` (all by default), as int32.
 * @example
 * ```ts
 * import { countNonzero, tensor } from "purediff";
 * countNonzero(tensor([[0, 1], [2, 3]]), 0).toArray(); // => [1, 2]
 * ```
 */
export function countNonzero<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return countTrue(truth(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/** Options of {@link isin}. */
export interface IsinOptions {
  /** Answer "not in" instead (default false). */
  readonly invert?: boolean;
}

/**
 * Elementwise membership: whether each element of `element` equals some element of
 * `testElements` (of any shape), with `element`'s shape. Compares every pair: memory grows
 * as size(element) · size(testElements).
 * @example
 * ```ts
 * import { isin, tensor } from "purediff";
 * isin(tensor([1, 2, 3]), tensor([3, 1])).toArray(); // => [true, false, true]
 * ```
 */
export function isin<T extends Operand>(element: T, testElements: Operand, options: IsinOptions = {}): Same<T> {
  const [e, t] = operandPair(element, testElements, false, "isin");
  const column = bind("reshape", [e], { shape: [...e.shape, 1] });
  const row = bind("reshape", [t], { shape: [t.size] });
  const found = any(bind("compare", [column, row], { op: "eq" }), -1);
  return (options.invert === true ? logicalNot(found) : found) as Same<T>;
}
