import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../examples/newton";

describe("examples/newton.ts (logistic regression on breast cancer)", () => {
  let r: ReturnType<typeof run>;
  let optimum: number;
  beforeAll(() => {
    r = run({ gdIterations: 100, log: () => {} });
    optimum = r.newtonLosses[r.newtonLosses.length - 1];
  });

  it("hessian agrees with the closed form XᵀSX/n + λI′", () => {
    expect(r.hessianDifference).toBeLessThan(1e-10);
  });

  it("Newton–Raphson converges in a handful of iterations, quadratically at the end", () => {
    for (let t = 1; t < r.newtonLosses.length; t++) expect(r.newtonLosses[t]).toBeLessThanOrEqual(r.newtonLosses[t - 1] + 1e-15);
    const g = r.newtonGradientNorms;
    expect(g[g.length - 1]).toBeLessThan(1e-10);
    const firstSmall = g.findIndex((x) => x < 1e-6);
    expect(firstSmall).toBeGreaterThan(0);
    expect(firstSmall).toBeLessThanOrEqual(8);
    // quadratic: once close, the next gradient is far below the square of the previous one's order
    expect(g[firstSmall]).toBeLessThan(g[firstSmall - 1] ** 1.5);
  });

  it("gradient descent is far behind after the same number of iterations, and still behind after 100", () => {
    expect(r.gdLosses).toHaveLength(101);
    expect(r.gdLosses[8] - optimum).toBeGreaterThan(1e-2);
    expect(r.gdLosses[100] - optimum).toBeGreaterThan(1e-4);
    expect(r.gdLosses[100]).toBeLessThan(r.gdLosses[8]);
  });
});
