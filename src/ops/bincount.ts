/**
 * Counting occurrences of small non-negative integers (NumPy's and JAX's `bincount`).
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { isInteger } from "../tensor/dtype";
import { sameShape, showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import { concreteValue } from "../core/concrete-value";
import { greaterEqual, less, where } from "./compare";
import { astype } from "./gradient-control";
import { onesLike } from "../tensor/create";

/**
 * Options of {@link bincount}.
 * @example
 * ```ts
 * import { bincount, tensor } from "purediff";
 * const x = tensor([0, 1, 1, 3], "int32");
 * bincount(x, { weights: tensor([0.5, 1, 1, 2]), minlength: 5 }).toArray(); // => [0.5, 2, 0, 2, 0]
 * ```
 */
export interface BincountOptions {
  /** A weight per element of x (same shape): bin i holds the sum of the weights of the i's. */
  readonly weights?: Tensor;
  /** At least this many bins (when `length` is not given). */
  readonly minlength?: number;
  /**
   * Exactly this many bins, values at or above it dropped (JAX's `length`): required under
   * `jit` and `vmap`, where the values of x are not known when the output shape is.
   */
  readonly length?: number;
}

/** The number of bins: `length`, or one more than the largest value (at least `minlength`). */
function binCount(x: Tensor, options: BincountOptions): number {
  const { minlength = 0, length } = options;
  if (!Number.isInteger(minlength) || minlength < 0) throw new Error(`bincount: minlength must be a non-negative integer, got ${minlength}`);
  if (length !== undefined) {
    if (!Number.isInteger(length) || length < 0) throw new Error(`bincount: length must be a non-negative integer, got ${length}`);
    return length;
  }
  const values = concreteValue(x);
  if (values === undefined) {
    throw new Error(
      `bincount: the number of bins depends on the values of x (shape ${showShape(x.shape)}), which are not known inside jit or vmap; ` +
        `pass options.length (values at or above it are dropped)`,
    );
  }
  let top = -1;
  for (let i = 0; i < values.length; i++) {
    if (x.dtype === "int32" && values[i] < 0) throw new Error(`bincount: x must hold non-negative integers, got ${values[i]} at index ${i}`);
    top = Math.max(top, values[i]);
  }
  return Math.max(minlength, top + 1);
}

/**
 * Counts the occurrences of each value 0, 1, … in the 1-D integer tensor `x` (NumPy's
 * `bincount`): int32 counts, or the sums of `weights` per value (in the weights' dtype,
 * differentiable with respect to them). Without `length` the bins run to the largest value
 * (at least `minlength`), which needs concrete values; with `length` (JAX's) there are
 * exactly that many, values at or above it are dropped, and it works under `jit` and
 * `vmap` (where, as in JAX, negative values count as 0; concrete negatives are an error).
 * @example
 * ```ts
 * import { bincount, tensor } from "purediff";
 * bincount(tensor([0, 1, 1, 3], "int32")).toArray(); // => [1, 2, 0, 1]
 * bincount(tensor([0, 1, 1], "int32"), { weights: tensor([0.5, 1, 2]) }).toArray(); // => [0.5, 3]
 * bincount(tensor([0, 5], "int32"), { length: 3 }).toArray(); // => [1, 0, 0]
 * ```
 */
export function bincount<const N extends number>(x: Tensor, options: BincountOptions & { readonly length: N }): Tensor<[N]>;
export function bincount(x: Tensor, options?: BincountOptions): Tensor<[number]>;
export function bincount(x: Tensor, options: BincountOptions = {}): Tensor<[number]> {
  if (!(x instanceof Tensor) || x.shape.length !== 1 || !(isInteger(x.dtype) || x.dtype === "bool")) {
    const what = x instanceof Tensor ? `a ${x.dtype} tensor of shape ${showShape(x.shape)}` : typeof x;
    throw new Error(`bincount: x must be a 1-D int32, uint32 or bool tensor, got ${what}`);
  }
  const { weights } = options;
  if (weights !== undefined && (!(weights instanceof Tensor) || !sameShape(weights.shape, x.shape))) {
    const what = weights instanceof Tensor ? `shape ${showShape(weights.shape)}` : typeof weights;
    throw new Error(`bincount: weights must be a tensor of the shape of x ${showShape(x.shape)}, got ${what}`);
  }
  const n = binCount(x, options);
  const values = x.dtype === "bool" ? astype(x, "int32") : x;
  const dropped = greaterEqual(values, n);
  const clipped = x.dtype === "int32" ? where(less(values, 0), 0, values) : values;
  const index = astype(where(dropped, 0, clipped), "int32");
  const w = weights === undefined ? onesLike(index) : weights.dtype === "bool" ? astype(weights, "int32") : weights;
  const updates = where(dropped, 0, w);
  return bind("scatterAdd", [updates, index], { axis: 0, shape: [n] }) as Tensor<[number]>;
}
