/** Helpers of the array-vocabulary tests: values, and agreement under jit and vmap. */
import { expect } from "vitest";
import { jit, stack, tensor, Tensor, vmap, type NestedArray } from "../../src/index";
import { unstack } from "../../src/ops/split";

/** A float64 tensor from nested numbers. */
export const f64 = (values: NestedArray): Tensor => tensor(values as number[], "float64");

/** Expects `t` to hold exactly `expected` (nested, as toArray gives it). */
export function expectArray(t: Tensor, expected: NestedArray): void {
  expect(t.toArray()).toEqual(expected);
}

/** Expects `t` to match `expected` (nested) within a relative tolerance, shape included. */
export function expectNear(t: Tensor, expected: NestedArray, rtol = 1e-12): void {
  const e = tensor(expected as number[], "float64");
  expect(t.shape).toEqual(e.shape);
  const a = Array.from(t.data(), Number);
  Array.from(e.data(), Number).forEach((v, i) => {
    if (!(Math.abs(a[i] - v) <= rtol * Math.max(1, Math.abs(v)))) throw new Error(`element ${i}: got ${a[i]}, expected ${v}\nactual: ${a.join(", ")}`);
  });
}

/** Expects `jit(f)` to give what `f` gives on `args`. */
export function expectJitAgrees(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[]): void {
  const eager = f(...args);
  const staged = jit(f)(...args);
  expect(staged.shape).toEqual(eager.shape);
  expect(Array.from(staged.data())).toEqual(Array.from(eager.data()));
}

/**
 * Expects `vmap(f)` over axis 0 of the batched arguments (`inAxes` null for the others)
 * to give the stack of `f` applied example by example.
 */
export function expectVmapAgrees(f: (...args: Tensor[]) => Tensor, args: readonly Tensor[], inAxes: readonly (0 | null)[] = args.map(() => 0)): void {
  const size = args[inAxes.indexOf(0)].shape[0];
  const rows = Array.from({ length: size }, (_, i) => f(...args.map((a, j) => (inAxes[j] === 0 ? unstack(a)[i] : a))));
  const batched = vmap(f, { inAxes })(...args);
  const looped = stack(rows);
  expect(batched.shape).toEqual(looped.shape);
  expect(Array.from(batched.data())).toEqual(Array.from(looped.data()));
}
