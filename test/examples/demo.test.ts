import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runDemo, type DemoResult } from "../../examples/demo";

const root = resolve(__dirname, "../..");

describe("examples/demo.ts (npm run demo)", () => {
  const printed: string[] = [];
  let result: DemoResult;

  it("runs its core without throwing and prints every section", () => {
    result = runDemo((...args) => printed.push(args.map(String).join(" ")));
    const text = printed.join("\n");
    expect(text).toContain("Tensor<[2,2], float32>");
    expect(text).toContain("{ lambda ; a:f32[3]. let");
    expect(text).toContain("step 20");
  });

  it("computes the gradient of sum(x²) as 2x", () => {
    expect(result.gradient).toEqual([2, 4, 6]);
  });

  it("nests grad: d²/dx² x³ at 2 is 12", () => {
    expect(result.secondDerivative).toBeCloseTo(12, 5);
  });

  it("passes the Siskind–Pearlmutter perturbation-confusion check (= 1, not 2)", () => {
    expect(result.siskindPearlmutter).toBe(1);
  });

  it("computes the Hessian diag(6x) + 2 at [1, 2]", () => {
    expect(result.hessian).toEqual([
      [8, 2],
      [2, 14],
    ]);
  });

  it("prints the IR and jit agrees with eager evaluation", () => {
    expect(result.jaxpr).toMatch(/tanh/);
    expect(result.jaxpr).toMatch(/reduceSum/);
    expect(result.jitValue).toBeCloseTo(result.eagerValue, 6);
    expect(result.eagerValue).toBeCloseTo(Math.tanh(0.2) + Math.tanh(0.4) + Math.tanh(0.6), 5);
  });

  it("gradient descent makes the loss fall at every step and fits y = 3x − 1", () => {
    const { losses } = result;
    expect(losses).toHaveLength(21);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 1000);
    expect(result.w).toBeCloseTo(3, 1);
    expect(result.b).toBeCloseTo(-1, 3);
  });

  it("runs as a script (what `npm run demo` does)", () => {
    const out = execFileSync(process.execPath, [resolve(root, "node_modules/tsx/dist/cli.mjs"), "examples/demo.ts"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(out).toContain("(expect 1): 1");
    expect(out).toMatch(/step 20 {2}loss \d/);
    expect(out).toMatch(/final loss 0\.000\d+, w = 2\.9\d+, b = -1\.0000/);
  });
});
