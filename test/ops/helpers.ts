/** Helpers of the array-vocabulary tests: values (exact, near, within ulps), and agreement under jit and vmap. */
import { expect } from "vitest";
import { jit, stack, tensor, type Tensor, vmap, type NestedArray } from "../../src/index";
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

/** A tensor's values as numbers (bools as 0/1). */
export const values = (t: Tensor): number[] => Array.from(t.data(), Number);

/** A number formatted for messages, −0 and NaN included. */
const show = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

/**
 * Expects each value within `ulps` units in the last place (float64, 2⁻⁵² relative) of
 * the reference (2⁻¹⁰⁷⁴ for subnormals), with infinities, NaN and the sign of zero matched exactly.
 */
export function expectUlps(t: Tensor, expected: readonly number[], ulps = 2): void {
  const got = values(t);
  expect(got.length).toBe(expected.length);
  got.forEach((g, i) => {
    const e = expected[i];
    if (!Number.isFinite(e) || e === 0) {
      expect(Object.is(g, e) || (e === 0 && g === 0 && Object.is(g, -0) === Object.is(e, -0)), `at ${i}: ${show(g)}, expected ${show(e)}`).toBe(true);
      return;
    }
    // Below the normal range an ulp is the fixed spacing 2⁻¹⁰⁷⁴.
    const error = Math.abs(g - e) / Math.max(Math.abs(e) * 2 ** -52, 2 ** -1074);
    expect(error, `at ${i}: ${g}, expected ${e} (${error.toFixed(1)} ulp)`).toBeLessThanOrEqual(ulps);
  });
}

/** Expects values equal exactly (Object.is, so −0 and NaN count). */
export function expectExact(t: Tensor, expected: readonly number[]): void {
  expect(values(t).map(show)).toEqual(expected.map(show));
}
