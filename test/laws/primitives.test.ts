/**
 * The primitive battery: every primitive of the rule table, exercised through public ops
 * as `primitive-specs.ts` says, against the same laws in float64: vjp and jvp agree with
 * finite differences, vjp/jvp duality, linearity in the tangent and the cotangent,
 * purity, and second derivatives (grad∘grad against finite differences of grad, Hessian
 * symmetry, jacfwd∘grad = jacrev∘grad = hessian = grad∘grad) for the differentiable ones;
 * zero-derivative and value laws for the rest.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, mul, sum, type Tensor } from "../../src/index";
import { rules } from "../../src/core/primitives";
import {
  checkLaw,
  describeValue,
  hessianConsistency,
  hessianSymmetry,
  jvpLinearity,
  jvpMatchesFiniteDifferences,
  purity,
  randomTensorLike,
  randomTensorsLike,
  secondDerivativeMatchesFiniteDifferences,
  vjpJvpDuality,
  vjpLinearity,
  vjpMatchesFiniteDifferences,
  zeroDerivative,
  type LawResult,
} from "../../laws/index";
import { lawsOf, primitiveLaws, type LawCase, type Sample } from "./primitive-specs";

const RUNS = 20;
const NESTED_RUNS = 6;
const TIMEOUT = 60_000;

type Input = [Sample, number];

/** A stable seed per test, so failures replay. */
function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const describeInput = ([sample, seed]: Input): string =>
  `args ${describeValue(sample.args)}${sample.note === undefined ? "" : ` (${sample.note})`}; direction seed ${seed}`;

function run(subject: string, c: LawCase, predicate: (input: Input) => LawResult, numRuns = RUNS): void {
  checkLaw(fc.tuple(c.sample, fc.integer({ min: 0, max: 0x7fffffff })), predicate, {
    numRuns,
    seed: seedOf(subject),
    describe: describeInput,
    subject,
  });
}

/**
 * A scalar function of the sample's arguments whose second derivatives exercise both the
 * primitive's curvature and the differentiation of its vjp rule:
 * s(x) = Σ w·y + ½ Σ y², y = fn(x), w random.
 */
function scalarize(sample: Sample, seed: number): (...xs: Tensor[]) => Tensor {
  const w = randomTensorLike(sample.fn(...sample.args), seed);
  return (...xs: Tensor[]) => {
    const y = sample.fn(...xs);
    return add(sum(mul(w, y)), mul(0.5, sum(mul(y, y))));
  };
}

/** The scalar function of argument k alone, the others fixed. */
function focus(s: (...xs: Tensor[]) => Tensor, args: readonly Tensor[], k: number): (x: Tensor) => Tensor {
  return (x: Tensor) => s(...args.map((a, i) => (i === k ? x : a)));
}

describe("the law table", () => {
  it("has a spec for every primitive of the rule table, and no other", () => {
    expect(Object.keys(primitiveLaws).sort()).toEqual(Object.keys(rules).sort());
  });

  it("gives every primitive at least one case", () => {
    const empty = Object.entries(primitiveLaws)
      .filter(([, spec]) => spec.cases.length === 0)
      .map(([name]) => name);
    expect(empty).toEqual([]);
  });
});

for (const [name, spec] of Object.entries(primitiveLaws)) {
  describe(`${name} (via ${spec.via}; domain ${spec.domain})`, () => {
    for (const c of spec.cases) {
      describe(c.name, () => {
        const laws = c.laws ?? lawsOf[c.derivative ?? spec.derivative];
        const fd = c.fd ?? {};
        const algebraic = c.algebraic ?? {};
        const subject = (law: string) => `${name} / ${c.name} / ${law}`;

        if (laws.includes("vjp-fd")) {
          it(
            "vjp agrees with finite differences",
            () => {
              run(subject("vjp-fd"), c, ([s, seed]) => vjpMatchesFiniteDifferences(s.fn, s.args, randomTensorLike(s.fn(...s.args), seed), fd));
            },
            TIMEOUT,
          );
        }
        if (laws.includes("jvp-fd")) {
          it(
            "jvp agrees with finite differences",
            () => {
              run(subject("jvp-fd"), c, ([s, seed]) => jvpMatchesFiniteDifferences(s.fn, s.args, randomTensorsLike(s.args, seed), fd));
            },
            TIMEOUT,
          );
        }
        if (laws.includes("zero")) {
          it(
            "has a zero derivative in both modes",
            () => {
              run(subject("zero"), c, ([s, seed]) =>
                zeroDerivative(s.fn, s.args, randomTensorLike(s.fn(...s.args), seed), randomTensorsLike(s.args, seed + 1)),
              );
            },
            TIMEOUT,
          );
        }
        if (laws.includes("duality")) {
          it(
            "vjp/jvp duality ⟨J·t, c⟩ = ⟨t, Jᵀ·c⟩",
            () => {
              run(subject("duality"), c, ([s, seed]) =>
                vjpJvpDuality(s.fn, s.args, randomTensorsLike(s.args, seed), randomTensorLike(s.fn(...s.args), seed + 1), algebraic),
              );
            },
            TIMEOUT,
          );
        }
        if (laws.includes("linearity")) {
          it(
            "vjp is linear in the cotangent and jvp in the tangent",
            () => {
              run(subject("linearity"), c, ([s, seed]) => {
                const y = s.fn(...s.args);
                const alpha = 1.5 - (seed % 7) / 2;
                const beta = -0.75 + (seed % 5) / 3;
                const r = vjpLinearity(s.fn, s.args, randomTensorLike(y, seed), randomTensorLike(y, seed + 1), alpha, beta, algebraic);
                return r.ok ? jvpLinearity(s.fn, s.args, randomTensorsLike(s.args, seed + 2), randomTensorsLike(s.args, seed + 3), alpha, beta, algebraic) : r;
              });
            },
            TIMEOUT,
          );
        }
        if (laws.includes("purity")) {
          it(
            "is pure: inputs unchanged, same input → same output bitwise",
            () => {
              run(subject("purity"), c, ([s, seed]) => purity(s.fn, s.args, { seed }), Math.ceil(RUNS / 2));
            },
            TIMEOUT,
          );
        }
        if (laws.includes("second-order")) {
          it(
            "grad∘grad agrees with finite differences of grad",
            () => {
              run(
                subject("second-order-fd"),
                c,
                ([s, seed]) => secondDerivativeMatchesFiniteDifferences(scalarize(s, seed), s.args, randomTensorsLike(s.args, seed + 1), fd),
                NESTED_RUNS * 2,
              );
            },
            TIMEOUT,
          );
          it(
            "Hessian is symmetric; jacfwd∘grad = jacrev∘grad = hessian = grad∘grad = jvp∘grad",
            () => {
              run(
                subject("second-order-nested"),
                c,
                ([s, seed]) => {
                  const scalar = scalarize(s, seed);
                  for (let k = 0; k < s.args.length; k++) {
                    const f = focus(scalar, s.args, k);
                    const symmetric = hessianSymmetry(f, s.args[k], algebraic);
                    if (!symmetric.ok) return { ...symmetric, message: `argument ${k}: ${symmetric.message}` };
                    const consistent = hessianConsistency(f, s.args[k], randomTensorLike(s.args[k], seed + 7 + k), algebraic);
                    if (!consistent.ok) return { ...consistent, message: `argument ${k}: ${consistent.message}` };
                  }
                  return { ok: true };
                },
                NESTED_RUNS,
              );
            },
            TIMEOUT,
          );
        }
        const value = c.value;
        if (value !== undefined) {
          it(
            "value law",
            () => {
              run(subject("value"), c, ([s]) => value(s));
            },
            TIMEOUT,
          );
        }
      });
    }
  });
}
