/**
 * The compiler's laws: for every primitive (every case of the law table), `jit(f) ≡ f`
 * and `jit(grad f) ≡ grad f` on random inputs. Fused loops round float32 after each
 * step exactly as separate kernels store their results, so agreement is exact.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, grad, jit, mul, sum, type Tensor } from "../../src/index";
import { primitiveLaws, type Sample } from "./primitive-specs";

const SAMPLES = 4;

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Values as plain arrays, with −0 and 0 told apart and NaN equal to itself. */
const exact = (t: Tensor) => Array.from(t.data(), (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v));

/** A scalar that depends on every output element, for the gradient law. */
const scalarOf =
  (sample: Sample) =>
  (...xs: Tensor[]) => {
    const y = sample.fn(...xs);
    return add(sum(y), mul(0.5, sum(mul(y, y))));
  };

for (const [name, spec] of Object.entries(primitiveLaws)) {
  describe(`jit law: ${name}`, () => {
    for (const c of spec.cases) {
      it(`jit(f) ≡ f and jit(grad f) ≡ grad f: ${c.name}`, () => {
        const samples = fc.sample(c.sample, { numRuns: SAMPLES, seed: seedOf(`${name}/${c.name}`) });
        for (const sample of samples) {
          const eager = sample.fn(...sample.args);
          const staged = jit(sample.fn)(...sample.args);
          expect(staged.shape).toEqual(eager.shape);
          expect(staged.dtype).toBe(eager.dtype);
          expect(exact(staged)).toEqual(exact(eager));
          const differentiable =
            sample.args.every((a) => a.dtype === "float64" || a.dtype === "float32") && (eager.dtype === "float64" || eager.dtype === "float32");
          if (!differentiable) continue;
          const g = grad(scalarOf(sample), { argnums: sample.args.map((_, i) => i) });
          const eagerGrads = g(...sample.args);
          const stagedGrads = jit(g)(...sample.args);
          eagerGrads.forEach((e, i) => expect(exact(stagedGrads[i])).toEqual(exact(e)));
        }
      });
    }
  });
}
