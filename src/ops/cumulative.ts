import type { Tensor } from "../tensor/tensor";
import { normalizeAxis } from "../tensor/shape";
import type { ShapeSize } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asTensor, convertTo, type Operand, type ShapeOfOperand } from "./operands";

/** The shape of a cumulative op's result: the input's along an axis, flattened without one. */
export type Cumulated<S extends readonly number[], A extends number | undefined> = [A] extends [undefined] ? [ShapeSize<S>] : S;

/** Options of the cumulative ops. */
export interface CumulativeOptions {
  /** Accumulate from the end of the axis towards its start (default false), as `lax.cumsum`'s `reverse`. */
  readonly reverse?: boolean;
}

type Result<T, A extends number | undefined> = Tensor<Cumulated<ShapeOfOperand<T>, A>>;

function accumulate(name: "cumsum" | "cumprod" | "cummax" | "cummin", x: Operand, axis: number | undefined, options: CumulativeOptions | undefined): Tensor {
  const given = asTensor(x);
  const t = given.dtype === "bool" ? convertTo(given, "int32") : given;
  const flat = axis === undefined && t.shape.length !== 1 ? bind("reshape", [t], { shape: [t.size] }) : t;
  const a = axis === undefined ? 0 : normalizeAxis(name, axis, t.shape.length);
  return bind(name, [flat], { axis: a, reverse: options?.reverse ?? false });
}

/**
 * Running sum along `axis` (over the flattened tensor when `axis` is omitted, as NumPy);
 * `reverse` sums from the end. bool counts as int32; int32 sums wrap. Its gradient is the
 * running sum of the cotangent in the other direction.
 * @example
 * ```ts
 * import { cumsum, tensor } from "purediff";
 * cumsum(tensor([[1, 2], [3, 4]]), 1).toArray(); // => [[1, 3], [3, 7]]
 * ```
 * @example
 * ```ts
 * import { cumsum, tensor } from "purediff";
 * cumsum(tensor([1, 2, 3]), 0, { reverse: true }).toArray(); // => [6, 5, 3]
 * ```
 */
export function cumsum<T extends Operand, const A extends number | undefined = undefined>(x: T, axis?: A, options?: CumulativeOptions): Result<T, A> {
  return accumulate("cumsum", x, axis, options) as Result<T, A>;
}

/**
 * Running product along `axis` (flattened when omitted). Its derivatives are exact to
 * every order, zeros in `x` included (no division is involved).
 * @example
 * ```ts
 * import { cumprod, tensor } from "purediff";
 * cumprod(tensor([1, 2, 3, 4])).toArray(); // => [1, 2, 6, 24]
 * ```
 */
export function cumprod<T extends Operand, const A extends number | undefined = undefined>(x: T, axis?: A, options?: CumulativeOptions): Result<T, A> {
  return accumulate("cumprod", x, axis, options) as Result<T, A>;
}

/**
 * Running maximum along `axis` (flattened when omitted), as `lax.cummax`; NaN propagates.
 * Each output's gradient goes to the entry holding the running maximum, the first one in
 * scan order on ties.
 * @example
 * ```ts
 * import { cummax, tensor } from "purediff";
 * cummax(tensor([1, 3, 2, 5])).toArray(); // => [1, 3, 3, 5]
 * ```
 */
export function cummax<T extends Operand, const A extends number | undefined = undefined>(x: T, axis?: A, options?: CumulativeOptions): Result<T, A> {
  return accumulate("cummax", x, axis, options) as Result<T, A>;
}

/**
 * Running minimum along `axis` (flattened when omitted), as `lax.cummin`; NaN propagates.
 * Gradients as {@link cummax}.
 * @example
 * ```ts
 * import { cummin, tensor } from "purediff";
 * cummin(tensor([4, 2, 3, 1])).toArray(); // => [4, 2, 2, 1]
 * ```
 */
export function cummin<T extends Operand, const A extends number | undefined = undefined>(x: T, axis?: A, options?: CumulativeOptions): Result<T, A> {
  return accumulate("cummin", x, axis, options) as Result<T, A>;
}
