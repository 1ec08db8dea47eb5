import type { Tensor } from "../tensor/tensor";
import { normalizeAxis } from "../tensor/shape";
import { asFloat, type Operand, type ShapeOfOperand } from "./operands";
import { abs } from "./math";
import { add, sub } from "./arithmetic";
import { equal, greater, less, where } from "./compare";
import { concat } from "./join";
import { cumsum } from "./cumulative";
import { along, diff } from "./differences";
import { remainder } from "./division";

/** Options of {@link unwrap}. */
export interface UnwrapOptions {
  /** Jumps smaller than this are left alone (default, and at least, period / 2). */
  readonly discont?: number;
  /** The axis to unwrap along (default the last). */
  readonly axis?: number;
  /** The period of the values (default 2π). */
  readonly period?: number;
}

/**
 * Unwraps a periodic signal (phases by default): wherever consecutive values jump by more
 * than `discont`, whole periods are added to the rest of the axis so that the jump falls
 * in [−period/2, period/2] (NumPy's `unwrap`). Its gradient is the identity's.
 * @example
 * ```ts
 * import { tensor, unwrap } from "purediff";
 * unwrap(tensor([0, 2, 4, -2.1, 0.3])).toArray(); // => [0, 2, 4, 4.183186, 6.583186]
 * ```
 */
export function unwrap<T extends Operand>(p: T, options: UnwrapOptions = {}): Tensor<ShapeOfOperand<T>> {
  const t = asFloat(p);
  if (t.shape.length === 0) throw new Error("unwrap: p must have at least one dimension, got a scalar");
  const axis = normalizeAxis("unwrap", options.axis ?? -1, t.shape.length);
  const period = options.period ?? 2 * Math.PI;
  if (!(Number.isFinite(period) && period !== 0)) throw new Error(`unwrap: period must be a finite non-zero number, got ${period}`);
  const discont = Math.max(options.discont ?? period / 2, period / 2);
  const high = period / 2;
  const dd = diff(t, 1, axis) as Tensor;
  const wrapped = add(remainder(add(dd, high), period), -high);
  // A jump of exactly +period/2 stays +period/2 rather than becoming −period/2.
  const signed = where(equal(wrapped, -high), where(greater(dd, 0), high, wrapped), wrapped);
  const correction = where(less(abs(dd), discont), 0, sub(signed, dd));
  const rest = add(along(t, axis, 1), cumsum(correction, axis));
  return concat([along(t, axis, 0, 1), rest], axis) as Tensor<ShapeOfOperand<T>>;
}
