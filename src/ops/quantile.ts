import { Tensor } from "../tensor/tensor";
import { tensor } from "../tensor/create";
import type { Reduce } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asFloat, asTensor, convertTo, type Operand, type ShapeOfOperand } from "./operands";
import { normalizeAxes, reducedShape, type Axes, type ReduceOptions } from "./axes";
import { sort } from "./sort";
import { quantileMethods, reading, type QuantileMethod } from "./quantile-methods";

export type { QuantileMethod };

/** Options of {@link quantile}, {@link percentile} and {@link median}. */
export interface QuantileOptions<K extends boolean = boolean> extends ReduceOptions<K> {
  /** How to read between order statistics (NumPy's methods; default "linear"). */
  readonly method?: QuantileMethod;
}

/** Quantile levels: one number, a list, or a tensor (differentiable, with the "linear" method). */
export type Levels = number | readonly number[] | Tensor;

/** The result's shape: the levels' shape, then the reduced shape of `x`. */
export type Quantiles<T, Q, A extends Axes, K extends boolean> = Q extends number ? Tensor<Reduce<ShapeOfOperand<T>, A, K>> : Tensor<number[]>;

/** The levels as a float tensor of `dtype`, checked to lie in [0, `top`] when given as numbers. */
function levels(op: string, q: Levels, top: number, dtype: Tensor["dtype"]): Tensor {
  if (q instanceof Tensor) return convertTo(asFloat(q), dtype);
  const list = typeof q === "number" ? [q] : q;
  const bad = list.find((v) => !(v >= 0 && v <= top));
  if (bad !== undefined) throw new Error(`${op}: q must lie in [0, ${top}], got ${bad}`);
  return typeof q === "number" ? asTensor(q, dtype) : tensor(Float64Array.from(list), dtype, [list.length]);
}

/** a + (b − a)·t, computed from the nearer end as NumPy's `_lerp` does. */
function lerp(a: Tensor, b: Tensor, t: Tensor): Tensor {
  const d = bind("sub", [b, a], {});
  const fromA = bind("add", [a, bind("mul", [d, t], {})], {});
  const fromB = bind("sub", [b, bind("mul", [d, bind("sub", [asTensor(1, t.dtype), t], {})], {})], {});
  return bind("select", [bind("compare", [t, asTensor(0.5, t.dtype)], { op: "ge" }), fromB, fromA], {});
}

function quantileOf(op: string, x: Operand, q: Tensor, axes: Axes, options: QuantileOptions | undefined): Tensor {
  const t = asFloat(x);
  const method = options?.method ?? "linear";
  if (!quantileMethods.includes(method)) throw new Error(`${op}: method must be one of ${quantileMethods.join(", ")}, got ${String(method)}`);
  const ax = normalizeAxes(op, axes, t.shape);
  const kept = t.shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const n = ax.reduce((m, a) => m * t.shape[a], 1);
  if (n === 0) throw new Error(`${op}: cannot take a quantile of an empty slice (shape [${t.shape.join(",")}], axes [${ax.join(",")}])`);
  // The reduced axes, moved last and flattened into one, sorted.
  const keptShape = kept.map((i) => t.shape[i]);
  const moved = bind("reshape", [bind("transpose", [t], { perm: [...kept, ...ax] })], { shape: [...keptShape, n] });
  const sorted = sort(moved, -1);
  const last = keptShape.length;
  const at = (i: Tensor): Tensor => bind("gather", [sorted, i], { axis: last });
  const read = reading(method, convertTo(q, t.dtype), n);
  let value = "index" in read ? at(read.index) : lerp(at(read.low), at(read.high), read.weight);
  // A slice holding NaN has NaN quantiles (NumPy).
  const hasNaN = bind("reduceMax", [convertTo(bind("compare", [moved, moved], { op: "ne" }), "int32")], { axes: [last] });
  const qAxes = q.shape.map(() => 1);
  const nanSlices = bind("compare", [bind("reshape", [hasNaN], { shape: [...keptShape, ...qAxes] }), asTensor(1, "int32")], { op: "eq" });
  value = bind("select", [nanSlices, asTensor(NaN, t.dtype), value], {});
  // Level axes first, then the kept axes (as 1 where reduced with keepDims).
  const qRank = q.shape.length;
  const perm = [...q.shape.map((_, i) => last + i), ...keptShape.map((_, i) => i)];
  const front = qRank === 0 || last === 0 ? value : bind("transpose", [value], { perm });
  const outShape = [...q.shape, ...reducedShape(t.shape, ax, options?.keepDims ?? false)];
  return front.shape.length === outShape.length && front.shape.every((d, i) => d === outShape[i]) ? front : bind("reshape", [front], { shape: outShape });
}

/**
 * The `q`-th quantiles (q in [0, 1]) over `axes` (all by default), NumPy's `quantile`
 * with any of its 13 methods (default "linear", see {@link QuantileMethod}). For
 * a list or tensor of levels the result has their axes first. A slice holding NaN gives
 * NaN. Gradients flow to the order statistics used (and to `q` given as a tensor).
 * The reduced axes are sorted with the `sort` primitive, so gradients flow through the permutation.
 * @example
 * ```ts
 * import { quantile, tensor } from "purediff";
 * quantile(tensor([1, 2, 3, 4]), 0.25).toArray(); // => 1.75
 * ```
 * @example
 * ```ts
 * import { quantile, tensor } from "purediff";
 * quantile(tensor([[1, 5], [3, 2]]), [0, 1], 1).toArray(); // => [[1, 2], [5, 3]]
 * ```
 */
export function quantile<T extends Operand, const Q extends Levels, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  q: Q,
  axes?: A,
  options?: QuantileOptions<K>,
): Quantiles<T, Q, A, K> {
  return quantileOf("quantile", x, levels("quantile", q, 1, asFloat(x).dtype), axes, options) as Quantiles<T, Q, A, K>;
}

/**
 * The `p`-th percentiles (p in [0, 100]) over `axes`: {@link quantile} at p / 100.
 * @example
 * ```ts
 * import { percentile, tensor } from "purediff";
 * percentile(tensor([1, 2, 3, 4]), 50).toArray(); // => 2.5
 * ```
 */
export function percentile<T extends Operand, const Q extends Levels, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  p: Q,
  axes?: A,
  options?: QuantileOptions<K>,
): Quantiles<T, Q, A, K> {
  const dtype = asFloat(x).dtype;
  const q = bind("div", [levels("percentile", p, 100, dtype), asTensor(100, dtype)], {});
  return quantileOf("percentile", x, q, axes, options) as Quantiles<T, Q, A, K>;
}

/**
 * The median over `axes` (all by default): the middle value, or the mean of the two
 * middle values for an even count. NaN where a slice holds NaN.
 * @example
 * ```ts
 * import { median, tensor } from "purediff";
 * median(tensor([[1, 5, 2], [4, 3, 6]]), 1).toArray(); // => [2, 4]
 * ```
 */
export function median<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Tensor<Reduce<ShapeOfOperand<T>, A, K>> {
  return quantileOf("median", x, asTensor(0.5, asFloat(x).dtype), axes, { keepDims: options?.keepDims }) as Tensor<Reduce<ShapeOfOperand<T>, A, K>>;
}
