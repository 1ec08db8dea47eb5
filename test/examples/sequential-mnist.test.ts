import { beforeAll, describe, expect, it } from "vitest";
import { accuracyLine, trainSequentialMnist, type SequentialMnistResult } from "../../examples/sequential-mnist";

describe("examples/sequential-mnist.ts (an LSTM reads MNIST row by row)", () => {
  let r: SequentialMnistResult;
  beforeAll(() => {
    // A reduced run: 3500 training images, one epoch of 28 steps (the full run: 55 000
    // images, 5 epochs). It measured 41.9% on the first 2000 test images; chance is 10%.
    r = trainSequentialMnist({ epochs: 1, trainLimit: 4000, validationSize: 500, testLimit: 2000 });
  }, 120_000);

  it("learns from one epoch of a few thousand images: test accuracy well above chance", () => {
    expect(r.trainSize).toBe(3500);
    expect(r.testSize).toBe(2000);
    expect(r.history).toHaveLength(1);
    expect(r.history[0]?.loss).toBeLessThan(Math.log(10));
    expect(r.testAccuracy).toBeGreaterThan(0.25);
  });

  it("ends with the line `test accuracy: NN.NN%`", () => {
    expect(r.summary).toMatch(/^test accuracy: \d{1,3}\.\d{2}%$/);
    expect(r.summary).toBe(accuracyLine(r.testAccuracy));
    expect(accuracyLine(0.98123)).toBe("test accuracy: 98.12%");
  });

  it("rejects bad options with a clear error", () => {
    expect(() => trainSequentialMnist({ epochs: 0 })).toThrow(/epochs must be an integer ≥ 1, got 0/);
    expect(() => trainSequentialMnist({ learningRate: -1 })).toThrow(/learningRate must be a finite number > 0/);
    expect(() => trainSequentialMnist({ trainLimit: 100, validationSize: 100 })).toThrow(/validationSize must be in \[1, 100\)/);
  });
});
