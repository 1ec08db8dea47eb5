import { beforeAll, describe, expect, it } from "vitest";
import { GATES, run, trainGate } from "../../examples/perceptron";

describe("examples/perceptron.ts", () => {
  const printed: string[] = [];
  let result: ReturnType<typeof run>;
  beforeAll(() => {
    result = run({ log: (line) => printed.push(line) });
  });

  it("learns AND and OR with the perceptron rule: an epoch without mistakes, the right truth table", () => {
    for (const gate of ["AND", "OR"] as const) {
      const r = result.gates[gate];
      expect(r.converged).toBe(true);
      expect(r.mistakesPerEpoch[r.mistakesPerEpoch.length - 1]).toBe(0);
      expect(r.epochs).toBeLessThan(10);
      expect(r.outputs).toEqual(GATES[gate]);
    }
  });

  it("never converges on XOR: every one of the 100 epochs makes mistakes, and the weights cycle", () => {
    const r = result.gates.XOR;
    expect(r.converged).toBe(false);
    expect(r.epochs).toBe(100);
    expect(Math.min(...r.mistakesPerEpoch)).toBeGreaterThan(0);
    expect(r.outputs).not.toEqual(GATES.XOR);
    expect(r.cycle).toBeDefined();
    const [earlier, later] = r.cycle ?? [0, 0];
    expect(later).toBeGreaterThan(earlier);
    // The cycle is real: training exactly to those epochs gives the same weights.
    expect(trainGate("XOR", 1, earlier - 1).weights).toEqual(trainGate("XOR", 1, later - 1).weights);
  });

  it("states why: XOR's inequalities are contradictory, AND's and OR's are not", () => {
    expect(result.contradiction).toEqual({ AND: false, OR: false, XOR: true });
    const text = printed.join("\n");
    expect(text).toContain("(1, 1) → 0 needs w₀ + w₁ + w₂ < 0");
    expect(text).toContain("2w₀ + w₁ + w₂ ≥ 0");
    expect(text).toContain("2w₀ + w₁ + w₂ < 0");
    expect(text).toContain("Contradiction");
  });

  it("applies w ← w + η(y − ŷ)x: from w = 0, η only scales the weights", () => {
    const one = trainGate("AND", 1);
    const half = trainGate("AND", 0.5);
    expect(half.epochs).toBe(one.epochs);
    expect(half.weights).toEqual(one.weights.map((w) => w / 2));
  });
});
