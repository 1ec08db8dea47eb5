import { describe, expect, it } from "vitest";
import { BASELINE_MSE, addingBatch, trainAdding } from "../../examples/adding-problem";
import { random } from "../../src/index";

describe("examples/adding-problem.ts", () => {
  it("builds batches whose target is the sum of the two marked numbers", () => {
    const { x, y } = addingBatch(random.key(3), 5, 10);
    expect(x.shape).toEqual([5, 10, 2]);
    const xs = x.toArray() as number[][][];
    const ys = y.toArray() as number[][];
    xs.forEach((seq, b) => {
      const marked = seq.filter(([, m]) => m === 1);
      expect(marked).toHaveLength(2);
      expect(seq.slice(0, 5).filter(([, m]) => m === 1)).toHaveLength(1);
      expect(ys[b][0]).toBeCloseTo(marked[0][0] + marked[1][0], 6);
    });
    expect(() => addingBatch(random.key(0), 2, 1)).toThrow("addingBatch: the length must be an integer ≥ 2, got 1");
  });

  // The time limit: about 65 s alone on 2 cores; the claim is the MSE, so a generous limit for a loaded machine.
  it("at T = 100 the LSTM drives the test MSE below 0.01 while the simple RNN of the same size stays near the baseline", () => {
    const lstm = trainAdding({ cell: "lstm", steps: 1500, stopBelow: 0.01 });
    expect(lstm.finalMse).toBeLessThan(0.01);
    const rnn = trainAdding({ cell: "simpleRnn", steps: 500 });
    expect(rnn.finalMse).toBeGreaterThan(0.9 * BASELINE_MSE);
    expect(rnn.finalMse).toBeLessThan(1.2 * BASELINE_MSE);
    expect(() => trainAdding({ cell: "gru" as "lstm" })).toThrow('trainAdding: cell must be "lstm" or "simpleRnn", got "gru"');
  }, 600_000);
});
