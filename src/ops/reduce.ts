import type { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import type { Reduce } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asFloat, asTensor, convertTo, type Operand, type ShapeOfOperand } from "./operands";
import { normalizeAxes, reducedShape, type Axes, type ReduceOptions } from "./axes";
import { exp, log } from "./math";
import { add, sub } from "./arithmetic";
import { stopGradient } from "./gradient-control";

type Reduced<T, A extends Axes, K extends boolean> = Tensor<Reduce<ShapeOfOperand<T>, A, K>>;

function reduce(name: "reduceSum" | "reduceMax" | "reduceMin" | "reduceProd", op: string, x: Tensor, axes: Axes, keepDims: boolean): Tensor {
  const ax = normalizeAxes(op, axes, x.shape);
  const out = ax.length === 0 ? x : bind(name, [x], { axes: ax });
  return keepDims ? keep(out, x.shape, ax) : out;
}

function keep(out: Tensor, shape: Shape, axes: readonly number[]): Tensor {
  const target = reducedShape(shape, axes, true);
  return out.shape.length === target.length ? out : bind("reshape", [out], { shape: target });
}

function numeric(x: Operand): Tensor {
  const t = asTensor(x);
  return t.dtype === "bool" ? convertTo(t, "int32") : t;
}

/**
 * Sum over `axes` (all by default).
 * @example sum(tensor([[1, 2], [3, 4]]), 0) // [4, 6]
 */
export function sum<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(x: T, axes?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  return reduce("reduceSum", "sum", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/**
 * Mean over `axes` (all by default).
 * @example mean(tensor([1, 2, 3, 6])) // 3
 */
export function mean<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(x: T, axes?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  const t = asFloat(x);
  const ax = normalizeAxes("mean", axes, t.shape);
  const count = ax.reduce((n, a) => n * t.shape[a], 1);
  const total = reduce("reduceSum", "mean", t, ax, options?.keepDims ?? false);
  return bind("div", [total, asTensor(count, t.dtype)], {}) as Reduced<T, A, K>;
}

/** Maximum over `axes` (ties share the gradient). @example max(tensor([1, 5, 2])) // 5 */
export function max<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(x: T, axes?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  return reduce("reduceMax", "max", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/** Minimum over `axes`. @example min(tensor([1, 5, 2])) // 1 */
export function min<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(x: T, axes?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  return reduce("reduceMin", "min", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/** Product over `axes` (exact gradients, zeros included). @example prod(tensor([2, 3, 4])) // 24 */
export function prod<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(x: T, axes?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  return reduce("reduceProd", "prod", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

function argReduce(op: "argmax" | "argmin", x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  if (axis === undefined) {
    const flat = x.shape.length === 1 ? x : bind("reshape", [x], { shape: [x.size] });
    return argReduce(op, flat, 0, false);
  }
  const [a] = normalizeAxes(op, axis, x.shape);
  if (x.shape[a] === 0) throw new Error(`${op}: axis ${axis} of shape [${x.shape.join(",")}] is empty`);
  const out = bind("argReduce", [x], { op, axis: a });
  return keepDims ? keep(out, x.shape, [a]) : out;
}

/** Index (int32) of the largest element along `axis` (over the flattened tensor by default). @example argmax(tensor([1, 5, 2])) // 1 */
export function argmax<T extends Operand, const A extends number | undefined = undefined, K extends boolean = false>(x: T, axis?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  return argReduce("argmax", numeric(x), axis, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/** Index (int32) of the smallest element along `axis`. @example argmin(tensor([1, 5, 0])) // 2 */
export function argmin<T extends Operand, const A extends number | undefined = undefined, K extends boolean = false>(x: T, axis?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  return argReduce("argmin", numeric(x), axis, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/**
 * log Σ exp(x) over `axes`, computed stably (the maximum is subtracted first), so
 * inputs of ±1000 give finite results.
 * @example logsumexp(tensor([1000, 1000])) // 1000.693
 */
export function logsumexp<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(x: T, axes?: A, options?: ReduceOptions<K>): Reduced<T, A, K> {
  const t = asFloat(x);
  const ax = normalizeAxes("logsumexp", axes, t.shape);
  const m = stopGradient(reduce("reduceMax", "logsumexp", t, ax, true));
  // An all −∞ slice has max −∞; shifting by 0 there keeps the result −∞ instead of NaN.
  const isFinite = bind("compare", [bind("sub", [m, m], {}), asTensor(0, t.dtype)], { op: "eq" });
  const finiteM = bind("select", [isFinite, m, asTensor(0, t.dtype)], {});
  const shifted = exp(sub(t, finiteM));
  const total = log(reduce("reduceSum", "logsumexp", shifted, ax, true));
  const out = add(total, finiteM);
  return (options?.keepDims ? out : bind("reshape", [out], { shape: reducedShape(t.shape, ax, false) })) as Reduced<T, A, K>;
}
