import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run, type LayerStats } from "../../examples/init-statistics";

describe("examples/init-statistics.ts (10 layers, smaller: 100 units, 200 inputs)", () => {
  const svgPath = join(mkdtempSync(join(tmpdir(), "purediff-init-")), "init-statistics.svg");
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run({ units: 100, examples: 200, gradientExamples: 64, svgPath, log: () => {} });
  });
  const setup = (label: string): LayerStats => {
    const s = r.activations.find((a) => a.label === label);
    if (s === undefined) throw new Error(`no setup ${label}`);
    return s;
  };
  const last = (xs: readonly number[]): number => xs[xs.length - 1];

  it("tanh with σ = 0.01: the outputs collapse to 0, layer after layer", () => {
    const s = setup("tanh, σ = 0.01");
    expect(s.std).toHaveLength(10);
    for (let l = 1; l < 10; l++) expect(s.std[l]).toBeLessThan(s.std[l - 1] / 2);
    expect(last(s.std)).toBeLessThan(1e-6);
  });

  it("tanh with σ = 1: the units saturate at ±1 in every layer", () => {
    const s = setup("tanh, σ = 1");
    for (const f of s.extreme) expect(f).toBeGreaterThan(0.5);
    for (const std of s.std) expect(std).toBeGreaterThan(0.9);
  });

  it("tanh with Xavier (Var(w) = 1/n): a healthy spread through all ten layers, no saturation", () => {
    const s = setup("tanh, Xavier 1/n");
    expect(last(s.std)).toBeGreaterThan(0.1);
    expect(last(s.std)).toBeLessThan(0.6);
    expect(last(s.extreme)).toBeLessThan(0.01);
  });

  it("ReLU: He (2/n) keeps the scale, Xavier (1/n) lets it shrink", () => {
    const he = setup("ReLU, He 2/n");
    const xavier = setup("ReLU, Xavier 1/n");
    expect(last(he.std) / he.std[0]).toBeGreaterThan(0.5);
    expect(last(he.std) / he.std[0]).toBeLessThan(2);
    expect(last(xavier.std) / xavier.std[0]).toBeLessThan(0.1);
    for (const f of he.extreme) expect(f).toBeCloseTo(0.5, 0); // half the units off
  });

  it("the gradient vanishes towards the input with sigmoid + Xavier, not with ReLU + He", () => {
    const norms = (label: string): readonly number[] => {
      const g = r.gradientNorms.find((x) => x.label === label);
      if (g === undefined) throw new Error(`no setup ${label}`);
      return g.norms;
    };
    const sigmoid = norms("sigmoid, Xavier 1/n");
    for (let l = 1; l < 10; l++) expect(sigmoid[l - 1]).toBeLessThan(sigmoid[l]);
    expect(sigmoid[0] / last(sigmoid)).toBeLessThan(1e-4);
    const relu = norms("ReLU, He 2/n");
    expect(relu[0] / last(relu)).toBeGreaterThan(0.1);
  });

  it("saves the 50 histograms as one SVG of small multiples", () => {
    const svg = readFileSync(svgPath, "utf8");
    expect(svg).toBe(r.svg);
    expect((svg.match(/<g class="panel"/g) ?? []).length).toBe(50);
    expect(svg).toContain("tanh, σ = 0.01 · L10");
    expect(svg).toContain("ReLU, He 2/n · L1");
  });
});
