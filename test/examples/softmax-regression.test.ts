import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../examples/softmax-regression";

describe("examples/softmax-regression.ts (iris)", () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run({ steps: 300, log: () => {} });
  });

  it("∂ℓ/∂z = f(x) − e(y) for every example, before and after training", () => {
    expect(r.perExampleDifferenceInitial).toHaveLength(r.trainSize);
    expect(r.perExampleDifferenceTrained).toHaveLength(r.trainSize);
    for (const d of [...r.perExampleDifferenceInitial, ...r.perExampleDifferenceTrained]) expect(d).toBeLessThan(1e-12);
  });

  it("trains multinomial logistic regression to ≥ 90% held-out accuracy", () => {
    expect(r.trainSize + r.testSize).toBe(150);
    expect(r.initialLoss).toBeCloseTo(Math.log(3), 12);
    expect(r.finalLoss).toBeLessThan(0.15);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});
