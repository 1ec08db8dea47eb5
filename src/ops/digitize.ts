/**
 * Which bin each value falls in (NumPy's `digitize`), by comparisons against the edges.
 * @module
 */
import { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import { showShape } from "../tensor/shape";
import { zeros } from "../tensor/create";
import { concreteValue } from "../core/concrete-value";
import { sub } from "./arithmetic";
import { greaterEqual, less, lessEqual, where } from "./compare";
import { slice } from "./indexing";
import { sum } from "./reduce";
import { expandDims, reshape } from "./shape";

/**
 * Throws unless the 1-D `bins` of `op` is a tensor whose concrete values (when known)
 * are monotonic: `increasing` only, or either direction.
 */
export function checkEdges(op: string, bins: Tensor, increasingOnly: boolean): void {
  if (!(bins instanceof Tensor) || bins.shape.length !== 1 || bins.dtype === "bool") {
    const what = bins instanceof Tensor ? `a ${bins.dtype} tensor of shape ${showShape(bins.shape)}` : typeof bins;
    throw new Error(`${op}: bins must be a 1-D numeric tensor, got ${what}`);
  }
  const v = concreteValue(bins);
  if (v === undefined) return;
  let up = true;
  let down = !increasingOnly;
  for (let i = 1; i < v.length; i++) {
    up &&= v[i] >= v[i - 1];
    down &&= v[i] <= v[i - 1];
  }
  if (!up && !down) {
    throw new Error(`${op}: bins must be monotonically ${increasingOnly ? "increasing" : "increasing or decreasing"}, got [${Array.from(v).join(", ")}]`);
  }
}

/**
 * The index of the bin each element of `x` falls in (NumPy's `digitize`): with increasing
 * `bins`, i such that bins[i−1] ≤ x < bins[i] (bins[i−1] < x ≤ bins[i] when `right`); with
 * decreasing bins, bins[i−1] > x ≥ bins[i] (bins[i−1] ≥ x > bins[i] when `right`). Values
 * below (above) every edge get 0 (bins.length). An int32 tensor of x's shape; each element
 * is compared with every edge, which suits moderate bin counts. The direction is read from
 * the first and last edges (as JAX), so it works under `jit` and `vmap`; concrete bins are
 * checked to be monotonic. Not differentiable (integer output).
 * @example
 * ```ts
 * import { digitize, tensor } from "purediff";
 * digitize(tensor([0.2, 6.4, 3.0, 1.6]), tensor([0, 1, 2.5, 4, 10])).toArray(); // => [1, 4, 3, 2]
 * digitize(tensor([1, 2]), tensor([1, 2, 3]), true).toArray(); // => [0, 1]
 * ```
 */
export function digitize<S extends Shape>(x: Tensor<S>, bins: Tensor, right = false): Tensor<S> {
  if (!(x instanceof Tensor) || x.dtype === "bool") throw new Error(`digitize: x must be a numeric tensor, got ${x instanceof Tensor ? x.dtype : typeof x}`);
  checkEdges("digitize", bins, false);
  const n = bins.shape[0];
  if (n === 0) return zeros(x.shape, "int32") as unknown as Tensor<S>;
  const column = expandDims(x as Tensor, -1);
  // How many edges lie below x (or at it, unless `right`).
  const below = sum(right ? less(bins, column) : lessEqual(bins, column), -1);
  const increasing = greaterEqual(reshape(slice(bins, [n - 1], [n]), []), reshape(slice(bins, [0], [1]), []));
  return where(increasing, below, sub(n, below)) as unknown as Tensor<S>;
}
