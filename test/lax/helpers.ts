/**
 * Shared helpers of the control-flow tests: stable seeds, the per-example loop that
 * `vmap` must equal, counting the equations of a program and its sub-programs, and
 * small arbitraries.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { Jaxpr, reshape, scalar, slice, stack, tree, Tensor } from "../../src/index";
import { assertLaw, type LawResult } from "../../laws/index";

/** fast-check runs per property: the suite must stay fast on 2 cores. */
export const RUNS = 6;
/** Runs of the costlier properties (second order, vmap of grad). */
export const FEW_RUNS = 4;

/** A stable seed per test name, so failures replay. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** An arbitrary with a direction seed alongside. */
export const withSeed = <A>(a: fc.Arbitrary<A>): fc.Arbitrary<[A, number]> => fc.tuple(a, fc.integer({ min: 0, max: 0x7fffff }));

/** Fails the test with the law's message (the numbers) when the law does not hold. */
export function expectLaw(result: LawResult, input?: unknown): void {
  assertLaw(result, input);
  expect(result.ok).toBe(true);
}

const isTensor = (x: unknown): boolean => x instanceof Tensor;

/** Row `b` of a batched leaf (its leading axis dropped), with public ops. */
function row(x: Tensor, b: number): Tensor {
  return reshape(slice(x, [b], [b + 1]), x.shape.slice(1));
}

/**
 * What `vmap(f, { inAxes })` must equal: `f` called once per example (arguments with axis
 * 0 sliced, those with `null` shared) and the results stacked leaf by leaf on axis 0.
 * Written with public, differentiable ops, so its derivatives are the reference too.
 */
export function perExample<Args extends unknown[]>(f: (...args: Args) => unknown, inAxes: readonly (0 | null)[]): (...args: Args) => unknown {
  return (...args: Args) => {
    const batched = args.flatMap((a, i) => (inAxes[i] === 0 ? (tree.flatten(a, isTensor)[0] as Tensor[]) : []));
    const size = batched[0].shape[0];
    const results = Array.from({ length: size }, (_, b) => {
      const sliced = args.map((a, i) => {
        if (inAxes[i] !== 0) return a;
        const [leaves, def] = tree.flatten(a, isTensor);
        return tree.unflatten(
          def,
          (leaves as Tensor[]).map((x) => row(x, b)),
        );
      });
      return tree.flatten(f(...(sliced as Args)), isTensor);
    });
    const def = results[0][1];
    const stacked = results[0][0].map((_, j) => stack(results.map(([ls]) => (typeof ls[j] === "number" ? scalar(ls[j] as number) : (ls[j] as Tensor)))));
    return tree.unflatten(def, stacked);
  };
}

/** The sub-programs an equation carries (a loop's body, a conditional's branches, a call's program). */
function subPrograms(params: unknown): Jaxpr[] {
  return Object.values(params as object).flatMap((v: unknown) =>
    v instanceof Jaxpr ? [v] : Array.isArray(v) ? v.filter((j): j is Jaxpr => j instanceof Jaxpr) : [],
  );
}

/** The number of equations of a program and of all its sub-programs. */
export function totalEqns(jaxpr: Jaxpr): number {
  let n = 0;
  const todo = [jaxpr];
  for (let j = todo.pop(); j !== undefined; j = todo.pop()) {
    n += j.eqns.length;
    for (const e of j.eqns) todo.push(...subPrograms(e.params));
  }
  return n;
}

/** The names of the equations of a program and of all its sub-programs. */
export function eqnNames(jaxpr: Jaxpr): string[] {
  const names: string[] = [];
  const todo = [jaxpr];
  for (let j = todo.pop(); j !== undefined; j = todo.pop()) {
    for (const e of j.eqns) {
      names.push(e.kind === "primitive" ? e.primitive : e.primitive.name);
      todo.push(...subPrograms(e.params));
    }
  }
  return names;
}

/** A tensor's values as a plain array (for checking that inputs were not changed). */
export const snapshot = (t: Tensor): number[] => Array.from(t.data());
