import { describe, expect, it } from "vitest";
import { trainDigits } from "../../../examples/digits";

describe("examples/digits.ts", () => {
  it("reaches at least 95% accuracy on the held-out digits", () => {
    const { testAccuracy, testExamples, history } = trainDigits();
    expect(testExamples).toBe(359);
    expect(history.length).toBeGreaterThan(0);
    expect(testAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
