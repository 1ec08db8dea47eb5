import { beforeAll, describe, expect, it } from "vitest";
import { run, TRUE_INTERCEPT, TRUE_SLOPE } from "../../examples/linear-regression";

describe("examples/linear-regression.ts", () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run({ log: () => {} });
  });

  it("the closed form, lstsq and gradient descent agree (to 1e-3)", () => {
    expect(r.maxDifference).toBeLessThan(1e-3);
    r.lstsq.forEach((w, i) => expect(w).toBeCloseTo(r.closedForm[i], 9));
    expect(r.gradientDescentSteps).toBeLessThan(20000); // stopped on a vanishing gradient
  });

  it("recovers the line y = 0.8x + 2 up to the noise", () => {
    const [intercept, slope] = r.closedForm;
    expect(Math.abs(slope - TRUE_SLOPE)).toBeLessThan(0.15);
    expect(Math.abs(intercept - TRUE_INTERCEPT)).toBeLessThan(0.6);
  });

  it("a duplicated column makes solve fail with a LinalgError naming the singular matrix", () => {
    expect(r.singularIsLinalgError).toBe(true);
    expect(r.singularError).toMatch(/solve: .*singular/);
    expect(r.lstsqError).toMatch(/rank-deficient.*ridge/);
  });

  it("ridge solves it, equals solve(XᵀX + λI, Xᵀy), and splits the slope between the twin columns", () => {
    expect(r.ridge).toHaveLength(3);
    r.ridge.forEach((w, i) => expect(w).toBeCloseTo(r.ridgeBySolve[i], 9));
    expect(r.ridge[1]).toBeCloseTo(r.ridge[2], 9);
    expect(r.ridge[1] + r.ridge[2]).toBeCloseTo(r.closedForm[1], 2);
  });
});
