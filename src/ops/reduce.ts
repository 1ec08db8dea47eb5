import type { Tensor } from "../tensor/tensor";
import { broadcastShapes, showShape, type Shape } from "../tensor/shape";
import type { Reduce } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asFloat, asTensor, convertTo, operandPair, type Operand, type ShapeOfOperand } from "./operands";
import { normalizeAxes, reducedShape, type Axes, type ReduceOptions } from "./axes";
import { abs, exp, log } from "./math";
import { add, mul, sub } from "./arithmetic";
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
 * @example
 * ```ts
 * import { sum, tensor } from "purediff";
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // => [4, 6]
 * ```
 */
export function sum<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return reduce("reduceSum", "sum", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/**
 * Mean over `axes` (all by default).
 * @example
 * ```ts
 * import { mean, tensor } from "purediff";
 * mean(tensor([1, 2, 3, 6])).toArray(); // => 3
 * ```
 */
export function mean<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  const t = asFloat(x);
  const ax = normalizeAxes("mean", axes, t.shape);
  const count = ax.reduce((n, a) => n * t.shape[a], 1);
  const total = reduce("reduceSum", "mean", t, ax, options?.keepDims ?? false);
  return bind("div", [total, asTensor(count, t.dtype)], {}) as Reduced<T, A, K>;
}

/**
 * Maximum over `axes` (ties share the gradient).
 * @example
 * ```ts
 * import { max, tensor } from "purediff";
 * max(tensor([1, 5, 2])).toArray(); // => 5
 * ```
 */
export function max<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return reduce("reduceMax", "max", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/**
 * Minimum over `axes`.
 * @example
 * ```ts
 * import { min, tensor } from "purediff";
 * min(tensor([1, 5, 2])).toArray(); // => 1
 * ```
 */
export function min<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return reduce("reduceMin", "min", numeric(x), axes, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/**
 * Product over `axes` (exact gradients, zeros included).
 * @example
 * ```ts
 * import { prod, tensor } from "purediff";
 * prod(tensor([2, 3, 4])).toArray(); // => 24
 * ```
 */
export function prod<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
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

/**
 * Index (int32) of the largest element along `axis` (over the flattened tensor by default).
 * @example
 * ```ts
 * import { argmax, tensor } from "purediff";
 * argmax(tensor([1, 5, 2])).toArray(); // => 1
 * ```
 */
export function argmax<T extends Operand, const A extends number | undefined = undefined, K extends boolean = false>(
  x: T,
  axis?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return argReduce("argmax", numeric(x), axis, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/**
 * Index (int32) of the smallest element along `axis`.
 * @example
 * ```ts
 * import { argmin, tensor } from "purediff";
 * argmin(tensor([1, 5, 0])).toArray(); // => 2
 * ```
 */
export function argmin<T extends Operand, const A extends number | undefined = undefined, K extends boolean = false>(
  x: T,
  axis?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return argReduce("argmin", numeric(x), axis, options?.keepDims ?? false) as Reduced<T, A, K>;
}

/** Options of {@link logsumexp}. */
export interface LogsumexpOptions<K extends boolean = boolean, R extends boolean = boolean> extends ReduceOptions<K> {
  /**
   * Weights: the result is log Σ b·exp(x). `b` broadcasts to x's shape; entries where
   * b = 0 are left out (as in JAX), so no gradient reaches x or b there.
   */
  readonly b?: Operand;
  /**
   * Also return the sign of Σ b·exp(x), the result then being log |Σ b·exp(x)| (default
   * false; without it a negative sum gives NaN).
   */
  readonly returnSign?: R;
}

/** The result of {@link logsumexp}: the value, or with `returnSign` the pair [log |Σ b·eˣ|, sign]. */
export type LogSumExp<T, A extends Axes, K extends boolean, R extends boolean> = R extends true ? [Reduced<T, A, K>, Reduced<T, A, K>] : Reduced<T, A, K>;

/** `x` and the weights `b` broadcast to x's shape, in one float dtype, or an error. */
function weighted(x: Tensor, b: Operand): [Tensor, Tensor] {
  const [t, w] = operandPair(x, b, true, "logsumexp");
  const shape = broadcastShapes("logsumexp", t.shape, w.shape);
  if (shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i])) {
    throw new Error(`logsumexp: b of shape ${showShape(w.shape)} must broadcast to the shape ${showShape(t.shape)} of x`);
  }
  return [t, w.shape.length === shape.length && w.shape.every((d, i) => d === shape[i]) ? w : bind("broadcastTo", [w], { shape })];
}

/**
 * log Σ b·exp(x) over `axes` (b = 1 by default), computed stably (the maximum is
 * subtracted first), so inputs of ±1000 give finite results. With `returnSign`, returns
 * [log |Σ b·exp(x)|, its sign] (as JAX's `return_sign`).
 * @example
 * ```ts
 * import { logsumexp, tensor } from "purediff";
 * logsumexp(tensor([1000, 1000])).toArray(); // => 1000.693
 * ```
 * @example
 * ```ts
 * import { logsumexp, tensor } from "purediff";
 * // log(1) = 0
 * logsumexp(tensor([0, 0]), undefined, { b: tensor([2, -1]) }).toArray(); // => 0
 * ```
 */
export function logsumexp<T extends Operand, const A extends Axes = undefined, K extends boolean = false, R extends boolean = false>(
  x: T,
  axes?: A,
  options?: LogsumexpOptions<K, R>,
): LogSumExp<T, A, K, R> {
  let t = asFloat(x);
  let b: Tensor | undefined;
  if (options?.b !== undefined) {
    [t, b] = weighted(t, options.b);
    t = bind("select", [bind("compare", [b, asTensor(0, b.dtype)], { op: "ne" }), t, asTensor(-Infinity, t.dtype)], {});
  }
  const ax = normalizeAxes("logsumexp", axes, t.shape);
  const m = stopGradient(reduce("reduceMax", "logsumexp", t, ax, true));
  // An all −∞ slice has max −∞; shifting by 0 there keeps the result −∞ instead of NaN.
  const hasFiniteMax = bind("compare", [bind("sub", [m, m], {}), asTensor(0, t.dtype)], { op: "eq" });
  const finiteM = bind("select", [hasFiniteMax, m, asTensor(0, t.dtype)], {});
  const shifted = exp(sub(t, finiteM));
  const total = reduce("reduceSum", "logsumexp", b === undefined ? shifted : mul(shifted, b), ax, true);
  const shape = options?.keepDims ? total.shape : reducedShape(t.shape, ax, false);
  const finish = (y: Tensor): Tensor => (options?.keepDims ? y : bind("reshape", [y], { shape }));
  if (b === undefined && options?.returnSign !== true) return finish(add(log(total), finiteM)) as LogSumExp<T, A, K, R>;
  const sign = bind("sign", [total], {});
  const out = add(log(abs(total)), finiteM);
  if (options?.returnSign === true) return [finish(out), finish(sign)] as LogSumExp<T, A, K, R>;
  const negative = bind("compare", [sign, asTensor(0, sign.dtype)], { op: "lt" });
  return finish(bind("select", [negative, asTensor(NaN, out.dtype), out], {})) as LogSumExp<T, A, K, R>;
}
