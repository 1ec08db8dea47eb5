import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../examples/logistic-regression";

describe("examples/logistic-regression.ts (breast cancer)", () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run({ log: () => {} });
  });

  it("grad equals the closed form Xᵀ(ŷ − y)/n to 1e-10 in float64, before, at a random point and after training", () => {
    expect(r.gradientDifferences.initial).toBeLessThan(1e-10);
    expect(r.gradientDifferences.random).toBeLessThan(1e-10);
    expect(r.gradientDifferences.trained).toBeLessThan(1e-10);
  });

  it("trains on the standardised training split and classifies ≥ 95% of held-out tumours", () => {
    expect(r.trainSize + r.testSize).toBe(569);
    expect(r.initialLoss).toBeCloseTo(Math.log(2), 12);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
