import { describe, expect, it } from "vitest";
import { trainDigitsCnn } from "../../examples/digits-cnn";
import { trainDigits } from "../../examples/digits";

describe("examples/digits-cnn.ts (a small CNN on the bundled 8×8 digits)", () => {
  it("trains in seconds to above 98% on the held-out fifth, ahead of the MLP on the same split", () => {
    // Measured: 99.16% on 359 held-out images in 5.5 s (25 epochs).
    const cnn = trainDigitsCnn();
    expect(cnn.testExamples).toBe(359);
    expect(cnn.testAccuracy).toBeGreaterThan(0.98);
    const mlp = trainDigits();
    expect(mlp.testExamples).toBe(359);
    expect(cnn.testAccuracy).toBeGreaterThanOrEqual(mlp.testAccuracy);
  }, 120_000);
});
