import type { Tensor } from "../tensor/tensor";
import { showShape } from "../tensor/shape";
import type { Reduce } from "../tensor/shape-types";
import { asFloat, asTensor, operandPair, type Operand, type ShapeOfOperand } from "./operands";
import { normalizeAxes, reducedShape, type Axes, type ReduceOptions } from "./axes";
import { max, mean, min, sum } from "./reduce";
import { div, mul, square, sub } from "./arithmetic";
import { sqrt } from "./math";
import { broadcastTo, reshape } from "./shape";

type Reduced<T, A extends Axes, K extends boolean> = Tensor<Reduce<ShapeOfOperand<T>, A, K>>;

/** Options of {@link variance} and {@link std}. */
export interface VarianceOptions<K extends boolean = boolean> extends ReduceOptions<K> {
  /** Delta degrees of freedom: the sum of squares is divided by N − ddof (default 0; 1 for the unbiased estimate). */
  readonly ddof?: number;
}

/**
 * Variance over `axes` (all by default): the mean squared deviation from the mean, the
 * sum divided by N − `ddof` (NumPy's `var`, exported as both `variance` and `var`).
 * When N − ddof ≤ 0 the result is ∞ or NaN, as in NumPy.
 * @example
 * ```ts
 * import { tensor, variance } from "purediff";
 * variance(tensor([1, 2, 3, 4])).toArray(); // => 1.25
 * ```
 * @example
 * ```ts
 * import { tensor, variance } from "purediff";
 * variance(tensor([1, 2, 3, 4]), 0, { ddof: 1 }).toArray(); // => 1.666667
 * ```
 */
export function variance<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: VarianceOptions<K>,
): Reduced<T, A, K> {
  const t = asFloat(x);
  const ax = normalizeAxes("var", axes, t.shape);
  const ddof = options?.ddof ?? 0;
  if (!Number.isFinite(ddof)) throw new Error(`var: ddof must be a finite number, got ${ddof}`);
  const count = ax.reduce((n, a) => n * t.shape[a], 1);
  const deviations = sub(t, mean(t, ax, { keepDims: true }));
  const squares = sum(square(deviations), ax, { keepDims: options?.keepDims ?? false });
  return div(squares, asTensor(Math.max(count - ddof, 0), t.dtype)) as Reduced<T, A, K>;
}

/**
 * Standard deviation over `axes`: the square root of {@link variance} (same `ddof`).
 * Its gradient is NaN where the deviation is 0 (the square root's slope is infinite there).
 * @example
 * ```ts
 * import { std, tensor } from "purediff";
 * std(tensor([1, 2, 3, 4])).toArray(); // => 1.118034
 * ```
 */
export function std<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: VarianceOptions<K>,
): Reduced<T, A, K> {
  return sqrt(variance(x, axes, options)) as Reduced<T, A, K>;
}

/**
 * Range (maximum − minimum) over `axes`: NumPy's "peak to peak".
 * @example
 * ```ts
 * import { ptp, tensor } from "purediff";
 * ptp(tensor([[4, 9, 2], [1, 7, 5]]), 1).toArray(); // => [7, 6]
 * ```
 */
export function ptp<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return sub(max(x, axes, options) as Tensor, min(x, axes, options) as Tensor) as Reduced<T, A, K>;
}

/** Options of {@link average}. */
export interface AverageOptions<K extends boolean = boolean, R extends boolean = boolean> extends ReduceOptions<K> {
  /**
   * One weight per entry: x's shape, or the shape of the averaged axes (x.shape[a] for
   * each of `axes`, which must then be given). Unweighted by default.
   */
  readonly weights?: Operand;
  /** Also return the sum of the weights, broadcast to the average's shape (default false). */
  readonly returned?: R;
}

/** The result of {@link average}: the average, or with `returned` the pair [average, sum of weights]. */
export type Averaged<T, A extends Axes, K extends boolean, R extends boolean> = R extends true ? [Reduced<T, A, K>, Reduced<T, A, K>] : Reduced<T, A, K>;

/** `w` shaped to broadcast against `x` (x's shape, or the averaged axes' shape), or an error. */
function alignWeights(x: Tensor, weights: Tensor, axes: Axes, ax: readonly number[]): Tensor {
  if (weights.shape.length === x.shape.length && weights.shape.every((d, i) => d === x.shape[i])) return weights;
  const axesShape = ax.map((a) => x.shape[a]);
  if (axes !== undefined && weights.shape.length === ax.length && weights.shape.every((d, i) => d === axesShape[i])) {
    return reshape(
      weights,
      x.shape.map((d, i) => (ax.includes(i) ? d : 1)),
    );
  }
  throw new Error(
    `average: weights of shape ${showShape(weights.shape)} must have x's shape ${showShape(x.shape)}` +
      (axes === undefined ? "" : ` or the shape ${showShape(axesShape)} of the averaged axes [${ax.join(",")}]`),
  );
}

/**
 * The (weighted) average over `axes`: Σ w·x / Σ w, or the mean without weights (NumPy's
 * `average`). With `returned`, also the sum of the weights (the count without weights).
 * Weights that sum to 0 give ∞ or NaN (as in JAX; NumPy raises).
 * @example
 * ```ts
 * import { average, tensor } from "purediff";
 * average(tensor([1, 2, 4]), 0, { weights: tensor([3, 1, 0]) }).toArray(); // => 1.25
 * ```
 * @example
 * ```ts
 * import { average, tensor } from "purediff";
 * average(tensor([[1, 2], [3, 4]]), 1, { returned: true }); // => [[1.5, 3.5], [2, 2]]
 * ```
 */
export function average<T extends Operand, const A extends Axes = undefined, K extends boolean = false, R extends boolean = false>(
  x: T,
  axes?: A,
  options?: AverageOptions<K, R>,
): Averaged<T, A, K, R> {
  const t = asFloat(x);
  const ax = normalizeAxes("average", axes, t.shape);
  const keepDims = options?.keepDims ?? false;
  let avg: Tensor;
  let total: Tensor;
  if (options?.weights === undefined) {
    avg = mean(t, ax, { keepDims });
    total = asTensor(
      ax.reduce((n, a) => n * t.shape[a], 1),
      avg.dtype,
    );
  } else {
    const [values, w] = operandPair(t, options.weights, true, "average");
    const weights = alignWeights(values, w, axes, ax);
    total = sum(broadcastTo(weights, values.shape), ax, { keepDims });
    avg = div(sum(mul(values, weights), ax, { keepDims }), total);
  }
  if (options?.returned !== true) return avg as Averaged<T, A, K, R>;
  return [avg, broadcastTo(total, reducedShape(t.shape, ax, keepDims))] as Averaged<T, A, K, R>;
}

/** Exported as `var`, NumPy's name (a reserved word in JavaScript, so `variance` in code). */
export { variance as var };
