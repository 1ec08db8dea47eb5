import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";

/**
 * Shifts the entries cyclically by `shift` along `axis`: entries pushed off the end come
 * back at the start. Without an axis the tensor is rolled flat and keeps its shape.
 * Several axes take one shift each (or one shift for all); a repeated axis adds up.
 * @example
 * ```ts
 * import { roll, tensor } from "purediff";
 * roll(tensor([1, 2, 3, 4]), 1).toArray(); // => [4, 1, 2, 3]
 * ```
 */
export function roll<S extends Shape>(x: Tensor<S>, shift: number | readonly number[], axis?: number | readonly number[]): Tensor<S> {
  const shifts = typeof shift === "number" ? [shift] : shift;
  shifts.forEach((s) => {
    if (!Number.isInteger(s)) throw new Error(`roll: shift ${s} must be an integer`);
  });
  if (axis === undefined) {
    if (shifts.length !== 1) throw new Error(`roll: without an axis the shift must be one number, got [${shifts.join(",")}]`);
    const flat = bind("reshape", [x], { shape: [x.size] });
    return bind("reshape", [rollAxis(flat, shifts[0], 0)], { shape: [...x.shape] }) as Tensor<S>;
  }
  const axes = (typeof axis === "number" ? [axis] : axis).map((a) => normalizeAxis("roll", a, x.shape.length));
  if (shifts.length !== 1 && shifts.length !== axes.length) {
    throw new Error(`roll: ${shifts.length} shifts for ${axes.length} axes [${axes.join(",")}] of shape ${showShape(x.shape)}`);
  }
  const total = x.shape.map(() => 0);
  axes.forEach((a, i) => (total[a] += shifts.length === 1 ? shifts[0] : shifts[i]));
  return total.reduce<Tensor>((acc, s, a) => rollAxis(acc, s, a), x) as Tensor<S>;
}

/** `x` rolled by `shift` along one axis: the last `shift` entries (mod n) moved to the front. */
function rollAxis(x: Tensor, shift: number, axis: number): Tensor {
  const n = x.shape[axis];
  const s = n === 0 ? 0 : ((shift % n) + n) % n;
  if (s === 0) return x;
  const part = (from: number, to: number): Tensor =>
    bind("slice", [x], {
      start: x.shape.map((_, i) => (i === axis ? from : 0)),
      end: x.shape.map((d, i) => (i === axis ? to : d)),
      step: x.shape.map(() => 1),
    });
  return bind("concat", [part(n - s, n), part(0, n - s)], { axis });
}
