import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../examples/rbf-network";

describe("examples/rbf-network.ts", () => {
  const svgPath = join(mkdtempSync(join(tmpdir(), "purediff-rbf-")), "rbf-network.svg");
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run({ steps: 600, svgPath, log: () => {} });
  });

  it("fits sin(x) + noise: the loss falls to the noise level and the fit is close to sin", () => {
    expect(r.finalLoss).toBeLessThan(r.initialLoss / 20);
    expect(r.finalLoss).toBeLessThan(0.01); // ½σ² of the noise is 0.005
    expect(r.rmseToTruth).toBeLessThan(r.noiseStd);
  });

  it("saves a picture of data and fit", () => {
    expect(existsSync(svgPath)).toBe(true);
    const svg = readFileSync(svgPath, "utf8");
    expect(svg).toBe(r.svg);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("RBF fit");
    expect(svg).toContain("data");
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThanOrEqual(80); // one dot per training point
  });
});
