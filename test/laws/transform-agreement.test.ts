/**
 * The transforms agree with each other on every case of the primitive law table:
 * `grad∘jit ≡ grad`, `jvp∘jit ≡ jvp`, `vmap ≡` the per-example loop, `vmap∘grad ≡` the
 * per-example gradients, and `jit∘vmap ≡ vmap`. `jit` inside another transform is a call
 * primitive that the transform rewrites as a whole (JVP program, VJP split into residuals
 * and a backward program, batched program), so these laws check those rewrites for every
 * primitive the call may contain.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, grad, jit, jvp, mul, scalar, stack, sum, take, vmap, type Tensor } from "../../src/index";
import { primitiveLaws, type Sample } from "./primitive-specs";

const SAMPLES = 3;
const BATCH = 3;

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const isFloat = (t: Tensor) => t.dtype === "float32" || t.dtype === "float64";

/** Values as plain arrays, with −0 and 0 told apart and NaN equal to itself. */
const exact = (t: Tensor) => Array.from(t.data(), (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : Number(v)));

/** Equal up to rounding: batched kernels may sum in another order than per-example ones. */
function expectClose(actual: Tensor, expected: Tensor, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  const tol = expected.dtype === "float32" ? 2e-5 : 1e-11;
  const a = actual.data();
  const e = expected.data();
  for (let i = 0; i < e.length; i++) {
    const x = Number(a[i]);
    const y = Number(e[i]);
    if (Number.isNaN(y)) {
      expect(Number.isNaN(x), `${what}[${i}]: expected NaN, got ${x}`).toBe(true);
      continue;
    }
    if (x === y) continue;
    expect(Math.abs(x - y) <= tol * (1 + Math.abs(y)), `${what}[${i}]: ${x} vs ${y}`).toBe(true);
  }
}

/** Example `k` of a batch (axis 0). */
const row = (x: Tensor, k: number): Tensor => take(x, scalar(k, "int32"), 0);

/** A scalar that depends on every output element, for the gradient laws. */
const scalarOf =
  (sample: Sample) =>
  (...xs: Tensor[]) => {
    const y = sample.fn(...xs);
    return add(sum(y), mul(0.5, sum(mul(y, y))));
  };

/** A batch of `BATCH` examples: the sample with its float arguments scaled by 1, 1.01, 1.02 (indices unchanged). */
function batchOf(sample: Sample): Tensor[][] {
  return Array.from({ length: BATCH }, (_, k) => sample.args.map((a) => (isFloat(a) && k > 0 ? (mul(a, 1 + 0.01 * k) as Tensor) : a)));
}

for (const [name, spec] of Object.entries(primitiveLaws)) {
  describe(`transform agreement: ${name}`, () => {
    for (const c of spec.cases) {
      it(`grad∘jit ≡ grad, jvp∘jit ≡ jvp, vmap ≡ loop, vmap∘grad ≡ loop, jit∘vmap ≡ vmap: ${c.name}`, () => {
        const samples = fc.sample(c.sample, { numRuns: SAMPLES, seed: seedOf(`agreement/${name}/${c.name}`) });
        for (const sample of samples) {
          const examples = batchOf(sample);
          const stacked = sample.args.map((_, i) => stack(examples.map((e) => e[i])) as Tensor);
          const perExample = examples.map((e) => sample.fn(...e));
          const batched = vmap(sample.fn)(...stacked);
          perExample.forEach((y, k) => expectClose(row(batched, k), y, `vmap row ${k}`));
          expect(exact(jit(vmap(sample.fn))(...stacked))).toEqual(exact(batched));

          const differentiable = sample.args.every(isFloat) && isFloat(perExample[0]);
          if (!differentiable) continue;
          const argnums = sample.args.map((_, i) => i);
          const g = grad(scalarOf(sample), { argnums });
          const eagerGrads = g(...sample.args);
          const jitGrads = grad(jit(scalarOf(sample)), { argnums })(...sample.args);
          eagerGrads.forEach((e, i) => expectClose(jitGrads[i], e, `grad(jit f) argument ${i}`));

          const tangents = sample.args.map((a) => mul(a, 0.5) as Tensor);
          const [y1, t1] = jvp(sample.fn, sample.args, tangents);
          const [y2, t2] = jvp(jit(sample.fn), sample.args, tangents);
          expectClose(y2, y1, "jvp(jit f) value");
          expectClose(t2, t1, "jvp(jit f) tangent");

          const batchedGrads = vmap(g)(...stacked);
          examples.forEach((e, k) => {
            const expected = g(...e);
            expected.forEach((gk, i) => expectClose(row(batchedGrads[i], k), gk, `vmap(grad f) row ${k} argument ${i}`));
          });
        }
      });
    }
  });
}
