/**
 * The first-order linear recurrence hⱼ = aⱼ·hⱼ₋₁ + bⱼ along an axis, written with
 * primitives (slices, concatenation, products and sums) so that it differentiates, batches
 * and compiles like any composition. The derivative rules of the cumulative primitives are
 * such recurrences: they stay exact where a division would not (zeros in a product) and
 * are differentiable again.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { full } from "../../tensor/create";
import { bind } from "../bind";
import { add, mul } from "./wrappers";

/** `x[start:end]` along `axis`. */
export function sliceAlong(x: Tensor, axis: number, start: number, end: number): Tensor {
  return bind("slice", [x], {
    start: x.shape.map((_, i) => (i === axis ? start : 0)),
    end: x.shape.map((d, i) => (i === axis ? end : d)),
    step: x.shape.map(() => 1),
  });
}

/**
 * `x` moved `shift` places along `axis` (towards the end, or towards the start when
 * `reverse`), the places left empty holding `fill`; the shape is kept.
 * @example shiftAlong([1, 2, 3], 0, 1, false, 0) // [0, 1, 2]
 */
export function shiftAlong(x: Tensor, axis: number, shift: number, reverse: boolean, fill: number): Tensor {
  const n = x.shape[axis];
  const s = Math.min(shift, n);
  const filler = full(
    x.shape.map((d, i) => (i === axis ? s : d)),
    fill,
    x.dtype,
  );
  const kept = reverse ? sliceAlong(x, axis, s, n) : sliceAlong(x, axis, 0, n - s);
  return bind("concat", reverse ? [kept, filler] : [filler, kept], { axis });
}

/**
 * hⱼ = aⱼ·hⱼ₋₁ + bⱼ with h₋₁ = 0 along `axis` (hⱼ = aⱼ·hⱼ₊₁ + bⱼ from the end when
 * `reverse`): hⱼ = Σ_{k≤j} bₖ·Π_{k<m≤j} aₘ. Computed as an inclusive scan of the affine
 * maps (aⱼ, bⱼ) by doubling (Hillis–Steele): ⌈log₂ n⌉ rounds of shifted products and sums,
 * no division, so it is exact for any `a` (zeros included). `a` and `b` share a shape.
 */
export function linearRecurrence(a: Tensor, b: Tensor, axis: number, reverse: boolean): Tensor {
  const n = b.shape[axis];
  let coefficient = a;
  let offset = b;
  for (let shift = 1; shift < n; shift *= 2) {
    offset = add(mul(coefficient, shiftAlong(offset, axis, shift, reverse, 0)), offset);
    if (shift * 2 < n) coefficient = mul(coefficient, shiftAlong(coefficient, axis, shift, reverse, 1));
  }
  return offset;
}
