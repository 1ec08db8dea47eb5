import type { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import type { Reduce } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asFloat, asTensor, convertTo, type Operand, type ShapeOfOperand } from "./operands";
import type { Axes, ReduceOptions } from "./axes";
import { max, min, sum } from "./reduce";
import { div } from "./arithmetic";
import { where } from "./compare";

type Reduced<T, A extends Axes, K extends boolean> = Tensor<Reduce<ShapeOfOperand<T>, A, K>>;

/** x = x: true at the entries that are not NaN. */
const present = (x: Tensor): Tensor => bind("compare", [x, x], { op: "eq" });

/** `x` with NaN entries replaced by `fill` (integer and bool tensors hold no NaN and pass through). */
function withoutNaN(x: Operand, fill: number): Tensor {
  const t = asTensor(x);
  return isFloat(t.dtype) ? where(present(t), t, fill) : t;
}

/**
 * Sum over `axes` treating NaN as 0 (an all-NaN slice sums to 0). No gradient reaches
 * the NaN entries.
 * @example
 * ```ts
 * import { nansum, tensor } from "purediff";
 * nansum(tensor([1, NaN, 3])).toArray(); // => 4
 * ```
 */
export function nansum<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return sum(withoutNaN(x, 0), axes, options) as Reduced<T, A, K>;
}

/**
 * Mean over `axes` of the entries that are not NaN (NaN for an all-NaN slice, as NumPy).
 * @example
 * ```ts
 * import { nanmean, tensor } from "purediff";
 * nanmean(tensor([1, NaN, 3])).toArray(); // => 2
 * ```
 */
export function nanmean<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  const t = asFloat(x);
  const count = sum(convertTo(present(t), t.dtype), axes, options);
  return div(nansum(t, axes, options) as Tensor, count) as Reduced<T, A, K>;
}

/** max or min over the non-NaN entries, NaN where a slice holds nothing else. */
function nanExtremum(op: "nanmax" | "nanmin", x: Operand, axes: Axes, options: ReduceOptions | undefined): Tensor {
  const t = asTensor(x);
  if (!isFloat(t.dtype)) return op === "nanmax" ? max(t, axes, options) : min(t, axes, options);
  const reduced = op === "nanmax" ? max(withoutNaN(t, -Infinity), axes, options) : min(withoutNaN(t, Infinity), axes, options);
  const allNaN = bind("compare", [sum(convertTo(present(t), "int32"), axes, options), asTensor(0, "int32")], { op: "eq" });
  return where(allNaN, NaN, reduced as Tensor);
}

/**
 * Maximum over `axes` ignoring NaN (NaN for an all-NaN slice, where NumPy also warns).
 * The gradient goes to the maximum entries, ties sharing it, as {@link max}.
 * @example
 * ```ts
 * import { nanmax, tensor } from "purediff";
 * nanmax(tensor([1, NaN, 3])).toArray(); // => 3
 * ```
 */
export function nanmax<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return nanExtremum("nanmax", x, axes, options) as Reduced<T, A, K>;
}

/**
 * Minimum over `axes` ignoring NaN (NaN for an all-NaN slice).
 * @example
 * ```ts
 * import { nanmin, tensor } from "purediff";
 * nanmin(tensor([1, NaN, 3])).toArray(); // => 1
 * ```
 */
export function nanmin<T extends Operand, const A extends Axes = undefined, K extends boolean = false>(
  x: T,
  axes?: A,
  options?: ReduceOptions<K>,
): Reduced<T, A, K> {
  return nanExtremum("nanmin", x, axes, options) as Reduced<T, A, K>;
}
