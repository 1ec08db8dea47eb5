// Checks that every law spec samples inputs inside its domain on which the op is smooth:
// the shapes match, the values are finite, and the derivatives agree with finite differences.
import { describe, expect, it } from "vitest";
import { linalgOpSpecs, linalgSpecs, triangularSolveVariants, type LinalgLawSpec } from "./linalg-specs";
import { checkDuality, checkGrad, checkJvp, checkSecondOrder, values } from "./helpers";

const all: readonly (readonly [string, LinalgLawSpec])[] = [
  ...Object.entries(linalgSpecs),
  ...Object.entries(linalgOpSpecs),
  ...Object.entries(triangularSolveVariants).map(([k, v]) => [`triangularSolve ${k}`, v] as const),
];

describe("linalg law specs", () => {
  for (const [name, spec] of all) {
    it(`${name}: samples of the declared shapes, finite output, derivatives agree`, () => {
      for (const seed of [1, 2]) {
        const args = spec.sample(seed);
        expect(args.map((a) => a.shape)).toEqual(spec.shapes);
        expect(values(spec.op(...args)).every(Number.isFinite)).toBe(true);
        checkGrad(
          spec.op,
          args,
          args.map((_, i) => i),
          seed,
        );
        checkJvp(spec.op, args, seed);
        checkDuality(spec.op, args, seed);
      }
      if (spec.secondOrder) checkSecondOrder(spec.op, spec.sample(3), 0, 0);
    });
  }
});
