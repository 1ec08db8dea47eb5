/**
 * Histograms of the values of a tensor (NumPy's `histogram`).
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { isFloat, type FloatDType } from "../tensor/dtype";
import { sameShape, showShape, sizeOf } from "../tensor/shape";
import { arange, scalar } from "../tensor/create";
import { add, div, mul, sub } from "./arithmetic";
import { equal, lessEqual, where } from "./compare";
import { bitwiseAnd } from "./bitwise";
import { astype } from "./gradient-control";
import { slice } from "./indexing";
import { max, min, sum } from "./reduce";
import { reshape } from "./shape";
import { bincount } from "./bincount";
import { checkEdges, digitize } from "./digitize";

/**
 * Options of {@link histogram}.
 * @example
 * ```ts
 * import { histogram, tensor } from "purediff";
 * const [density, edges] = histogram(tensor([0.1, 0.2, 0.7]), 2, { range: [0, 1], density: true });
 * density.toArray(); // => [1.333333, 0.6666667]
 * edges.toArray(); // => [0, 0.5, 1]
 * ```
 */
export interface HistogramOptions {
  /** The span [lo, hi] of equal bins (default: the smallest and largest value); ignored with explicit edges. */
  readonly range?: readonly [number, number];
  /** Divide the counts by their total and the bin widths, so the histogram integrates to 1. */
  readonly density?: boolean;
  /** A weight per value (the shape of the data): bins sum the weights instead of counting. */
  readonly weights?: Tensor;
}

/** The float dtype a histogram of `a` reports in: float64 for float64 data, else float32. */
const floatOf = (t: Tensor): FloatDType => (t.dtype === "float64" ? "float64" : "float32");

/** n + 1 equal edges from lo to hi (hi exactly), as NumPy's `linspace`; lo = hi widens to ±0.5. */
function equalEdges(lo0: Tensor, hi0: Tensor, n: number): Tensor {
  const same = equal(lo0, hi0);
  const lo = where(same, sub(lo0, 0.5), lo0);
  const hi = where(same, add(hi0, 0.5), hi0);
  const i = arange(0, n + 1, 1, "float64");
  return where(equal(i, n), hi, add(lo, mul(i, div(sub(hi, lo), n))));
}

/** The edges of `bins` equal bins over `range`, or over the data's span (NumPy's choice). */
function edgesOf(a: Tensor, bins: number, range: readonly [number, number] | undefined): Tensor {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram: bins must be a positive integer or a 1-D tensor of edges, got ${bins}`);
  if (range !== undefined) {
    const [lo, hi] = range;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new Error(`histogram: range must be finite [lo, hi] with lo <= hi, got [${lo}, ${hi}]`);
    return equalEdges(scalar(lo, "float64"), scalar(hi, "float64"), bins);
  }
  if (sizeOf(a.shape) === 0) return equalEdges(scalar(0, "float64"), scalar(1, "float64"), bins);
  const x = astype(a, "float64");
  return equalEdges(min(x), max(x), bins);
}

/**
 * The histogram of the values of `a` (flattened; NumPy's `histogram`): `[hist, edges]`.
 * `bins` is a number of equal bins (10 by default) spanning `range` or the data, or a
 * 1-D tensor of increasing edges. Every bin is half-open [eᵢ, eᵢ₊₁) except the last,
 * which holds its right edge; values outside the edges are left out. `hist` is int32
 * counts, or sums of `weights` (their dtype), or with `density` a float density that
 * integrates to 1. Edges are float64 for float64 data, else float32. Each value is
 * compared with every edge (moderate bin counts), so it works under `jit` and `vmap`,
 * and is differentiable with respect to `weights`.
 * @example
 * ```ts
 * import { histogram, tensor } from "purediff";
 * histogram(tensor([1, 2, 1]), 2); // => [[2, 1], [1, 1.5, 2]]
 * histogram(tensor([0.5, 1.5, 2.5]), tensor([0, 1, 2, 3]), { density: true }); // => [[0.3333333, 0.3333333, 0.3333333], [0, 1, 2, 3]]
 * ```
 */
export function histogram<const N extends number = 10>(a: Tensor, bins?: N, options?: HistogramOptions): [Tensor<[N]>, Tensor<[number]>];
export function histogram(a: Tensor, bins: Tensor, options?: HistogramOptions): [Tensor<[number]>, Tensor<[number]>];
export function histogram(a: Tensor, bins: number | Tensor = 10, options: HistogramOptions = {}): [Tensor<[number]>, Tensor<[number]>] {
  if (!(a instanceof Tensor) || a.dtype === "bool") throw new Error(`histogram: a must be a numeric tensor, got ${a instanceof Tensor ? a.dtype : typeof a}`);
  const { weights, density = false } = options;
  if (weights !== undefined && (!(weights instanceof Tensor) || !sameShape(weights.shape, a.shape))) {
    const what = weights instanceof Tensor ? `shape ${showShape(weights.shape)}` : typeof weights;
    throw new Error(`histogram: weights must be a tensor of the shape of a ${showShape(a.shape)}, got ${what}`);
  }
  const dtype = floatOf(a);
  let edges: Tensor;
  if (bins instanceof Tensor) {
    checkEdges("histogram", bins, true);
    if (bins.shape[0] < 2) throw new Error(`histogram: bins needs at least 2 edges, got shape ${showShape(bins.shape)}`);
    edges = isFloat(bins.dtype) ? bins : astype(bins, dtype);
  } else {
    edges = astype(edgesOf(a, bins, options.range), dtype);
  }
  const n = edges.shape[0] - 1;
  const x = reshape(a, [-1]);
  const first = reshape(slice(edges, [0], [1]), []);
  const last = reshape(slice(edges, [n], [n + 1]), []);
  const within = bitwiseAnd(lessEqual(first, x) as Tensor, lessEqual(x, last) as Tensor);
  // Bin i holds e_i <= x < e_{i+1}; x at the last edge belongs to the last bin.
  const index = where(equal(x, last), n - 1, sub(digitize(x, edges), 1));
  const w = weights === undefined ? astype(within, "int32") : where(within, reshape(weights, [-1]), 0);
  const hist = bincount(astype(where(within, index, 0), "int32"), { weights: w, length: n }) as Tensor;
  if (!density) return [hist as Tensor<[number]>, edges as Tensor<[number]>];
  const h = isFloat(hist.dtype) ? hist : astype(hist, dtype);
  const widths = sub(slice(edges, [1]), slice(edges, [0], [n]));
  return [div(div(h, sum(h)), widths) as Tensor<[number]>, edges as Tensor<[number]>];
}
