import type { Tensor } from "../tensor/tensor";
import { showShape } from "../tensor/shape";
import { arange } from "../tensor/create";
import { bind } from "../core/bind";
import { asFloat, asTensor, convertTo, type Operand, type ShapeOfOperand } from "./operands";
import { add, div, mul, sub } from "./arithmetic";
import { equal, greater, less, where } from "./compare";
import { concat } from "./join";
import { sum } from "./reduce";
import { reshape } from "./shape";
import { along } from "./differences";
import { remainder } from "./division";
import { sortOperands } from "./sort";

/** Options of {@link interp}. */
export interface InterpOptions {
  /** The value below xp[0] (default fp[0]). */
  readonly left?: Operand;
  /** The value above xp[−1] (default fp[−1]). */
  readonly right?: Operand;
  /** A period of the x-coordinates: then xp need not be sorted, and left/right do not apply. */
  readonly period?: number;
}

/**
 * One-dimensional piecewise-linear interpolation (NumPy's `interp`): the values at `x` of
 * the function through the points (xp, fp), xp increasing (not checked). Outside
 * [xp[0], xp[−1]] it is `left` / `right`; with `period`, the coordinates wrap around.
 * Differentiable in x, xp and fp. Each x is located by comparing it with every xp
 * (O(x.size · xp.length) work and memory).
 * @example
 * ```ts
 * import { interp, tensor } from "purediff";
 * interp(tensor([0.5, 2.5, 9]), tensor([0, 1, 3]), tensor([0, 10, 30])).toArray(); // => [5, 25, 30]
 * ```
 */
export function interp<T extends Operand>(x: T, xp: Operand, fp: Operand, options: InterpOptions = {}): Tensor<ShapeOfOperand<T>> {
  let points = asFloat(xp);
  const dtype = points.dtype === "float64" || asFloat(x).dtype === "float64" || asFloat(fp).dtype === "float64" ? "float64" : "float32";
  let at = convertTo(asFloat(x), dtype);
  points = convertTo(points, dtype);
  let values = convertTo(asFloat(fp), dtype);
  if (points.shape.length !== 1 || values.shape.length !== 1 || points.shape[0] !== values.shape[0] || points.shape[0] === 0) {
    throw new Error(`interp: xp and fp must be 1-D of one non-zero length, got shapes ${showShape(points.shape)} and ${showShape(values.shape)}`);
  }
  if (options.period !== undefined) {
    const period = Math.abs(options.period);
    if (!(Number.isFinite(period) && period > 0)) throw new Error(`interp: period must be a finite non-zero number, got ${options.period}`);
    at = remainder(at, period);
    const wrapped = remainder(points, period);
    [points, values] = [sortOperands([wrapped], 0, 1, false), sortOperands([wrapped, values], 0, 1, false)];
    points = concat([sub(along(points, 0, -1), period), points, add(along(points, 0, 0, 1), period)], 0);
    values = concat([along(values, 0, -1), values, along(values, 0, 0, 1)], 0);
  }
  const n = points.shape[0];
  if (n === 1) {
    const only = reshape(values, []);
    const inside = where(equal(at, reshape(points, [])), only, NaN);
    return where(less(at, reshape(points, [])), options.left ?? only, where(greater(at, reshape(points, [])), options.right ?? only, inside)) as Tensor<
      ShapeOfOperand<T>
    >;
  }
  // The interval [xp[i−1], xp[i]] holding x: i = #{xp ≤ x}, kept within 1 … n − 1.
  const column = reshape(at, [...at.shape, 1]);
  const count = sum(convertTo(bind("compare", [points, column], { op: "le" }), "int32"), -1);
  const i = bind("max", [bind("min", [count, asTensor(n - 1, "int32")], {}), asTensor(1, "int32")], {});
  const pick = (v: Tensor, index: Tensor): Tensor => {
    const chosen = bind("compare", [reshape(index, [...index.shape, 1]), arange(0, n, 1, "int32")], { op: "eq" });
    return sum(where(chosen, v, 0), -1);
  };
  const previous = bind("sub", [i, asTensor(1, "int32")], {});
  const [x0, x1, f0, f1] = [pick(points, previous), pick(points, i), pick(values, previous), pick(values, i)];
  const dx = sub(x1, x0);
  const flat = equal(dx, 0);
  // Where two xp coincide, the value on the left; no division by zero (nor NaN gradients).
  let f: Tensor = where(flat, f0, add(f0, mul(div(sub(at, x0), where(flat, 1, dx)), sub(f1, f0))));
  if (options.period === undefined) {
    const first = reshape(along(points, 0, 0, 1), []);
    const last = reshape(along(points, 0, -1), []);
    f = where(less(at, first), options.left ?? reshape(along(values, 0, 0, 1), []), f);
    f = where(greater(at, last), options.right ?? reshape(along(values, 0, -1), []), f);
  }
  return f as Tensor<ShapeOfOperand<T>>;
}
