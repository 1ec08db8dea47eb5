import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nn } from "../../src/index";
import { compareAugmentation } from "../../examples/augmentation";
import { lenet5, trainLenet, type LenetResult } from "../../examples/lenet";
import { parseMainArgs } from "../../examples/main";

const dir = mkdtempSync(join(tmpdir(), "purediff-lenet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples/lenet.ts (LeNet-5 on MNIST)", () => {
  let r: LenetResult;
  beforeAll(() => {
    // A reduced run: 5000 training images, 2 epochs of 40 steps (the full run: 55 000 images, 8 epochs).
    r = trainLenet({ epochs: 2, trainLimit: 6000, validationSize: 1000, outDir: dir });
  }, 240_000);

  it("is LeNet-5: 61 706 parameters in the classic layer sizes", () => {
    const s = nn.summary(lenet5(), [-1, 28, 28, 1], { print: false });
    expect(s.totalParams).toBe(156 + 2416 + 48_120 + 10_164 + 850);
    expect(s.rows.filter((row) => row.params > 0).map((row) => row.outputShape)).toEqual([
      [-1, 28, 28, 6],
      [-1, 10, 10, 16],
      [-1, 120],
      [-1, 84],
      [-1, 10],
    ]);
  });

  it("learns from two epochs of 5000 images: above 85% on the 10 000 test images", () => {
    // Measured: 89.51%; chance is 10%.
    expect(r.history).toHaveLength(2);
    expect(r.history[1].loss).toBeLessThan(r.history[0].loss);
    expect(r.testAccuracy).toBeGreaterThan(0.85);
  });

  it("saves the params, the curves and the filters picture", () => {
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual(["lenet.pdif", "lenet-curves.svg", "lenet-filters.svg"]);
    const svg = readFileSync(join(dir, "lenet-filters.svg"), "utf8");
    expect(svg.match(/<text[^>]*>filter \d<\/text>/g)).toHaveLength(6);
    expect(svg.match(/<text[^>]*>map \d<\/text>/g)).toHaveLength(6);
    // 6 filters of 5×5 pixels and 7 images of 28×28, and the two grids' white backgrounds
    expect(svg.match(/<rect x=/g)?.length).toBe(6 * 25 + 7 * 784 + 2);
  });
});

describe("examples/augmentation.ts", () => {
  it("augmentation changes what a small-data LeNet-5 learns: better held-out accuracy", () => {
    // Measured: 92.49% without, 93.36% with (2000 images, 12 epochs, seed 0).
    const { plain, augmented } = compareAugmentation();
    expect(augmented.testAccuracy).not.toBe(plain.testAccuracy);
    expect(augmented.testAccuracy).toBeGreaterThan(plain.testAccuracy);
    expect(augmented.testLoss).toBeLessThan(plain.testLoss);
  }, 300_000);
});

describe("the main job's arguments", () => {
  it("take a model and epochs, and refuse anything else", () => {
    expect(parseMainArgs([])).toEqual({ model: "mlp" });
    expect(parseMainArgs(["--model", "lenet"])).toEqual({ model: "lenet" });
    expect(parseMainArgs(["--model=lenet", "3"])).toEqual({ model: "lenet", epochs: 3 });
    expect(parseMainArgs(["5"])).toEqual({ model: "mlp", epochs: 5 });
    expect(parseMainArgs(["--model", "resnet"])).toBe('usage: npm start -- [--model mlp|lenet] [epochs]: unknown model "resnet" (mlp or lenet)');
    expect(parseMainArgs(["0"])).toBe('usage: npm start -- [--model mlp|lenet] [epochs]: unexpected argument "0"');
  });
});
