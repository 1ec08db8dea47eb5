import { describe, expect, it } from "vitest";
import { run, SEED } from "../../examples/xor-mlp";

describe("examples/xor-mlp.ts", () => {
  it(`learns XOR with a 2-2-1 MLP (seed ${SEED}): 4/4 correct`, () => {
    const printed: string[] = [];
    const r = run({ log: (line) => printed.push(line) });
    expect(r.seed).toBe(SEED);
    expect(r.correct).toBe(4);
    expect(r.finalLoss).toBeLessThan(0.05);
    expect(r.finalLoss).toBeLessThan(r.initialLoss);
    const [p00, p01, p10, p11] = r.probabilities;
    expect(p00).toBeLessThan(0.1);
    expect(p11).toBeLessThan(0.1);
    expect(p01).toBeGreaterThan(0.9);
    expect(p10).toBeGreaterThan(0.9);
    expect(printed.join("\n")).toContain(`4/4 correct with seed ${SEED}`);
  });
});
