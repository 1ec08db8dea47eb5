/**
 * Self-tests of the public gradient checkers: `checkGrads` passes on correct functions
 * and THROWS on a deliberately wrong derivative (a `customVjp` with a wrong bwd, a
 * stopGradient that hides part of the derivative), naming the law, the input and the
 * numbers; `gradCheck` reports the worst coordinate with the analytic and numeric values.
 */
import { describe, expect, it } from "vitest";
import { List } from "immutable";
import { add, customVjp, exp, matmul, mul, sin, stopGradient, sum, tanh, tensor, type Tensor } from "../../src/index";
import { checkGrads, gradCheck, LawError, VJP_FINITE_DIFFERENCES, JVP_FINITE_DIFFERENCES } from "../../laws/index";

const x = tensor(
  [
    [0.3, -1.2, 0.7],
    [1.1, 0.4, -0.5],
  ],
  "float64",
);
const w = tensor(
  [
    [0.5, -0.2],
    [0.1, 0.9],
    [-0.7, 0.3],
  ],
  "float64",
);

/** x² with a wrong gradient 3x (the right one is 2x). */
const wrongSquare = customVjp(
  (u: Tensor) => mul(u, u),
  (u: Tensor) => [mul(u, u), u] as const,
  (u: Tensor, ct: Tensor) => [mul(mul(3, u), ct)],
);

/** x² with the right gradient, written by hand. */
const rightSquare = customVjp(
  (u: Tensor) => mul(u, u),
  (u: Tensor) => [mul(u, u), u] as const,
  (u: Tensor, ct: Tensor) => [mul(mul(2, u), ct)],
);

/** A gradient that is right to first order but whose bwd is not differentiated correctly: d/dx of bwd is wrong. */
const wrongSecondOrder = customVjp(
  (u: Tensor) => mul(u, mul(u, u)),
  (u: Tensor) => [mul(u, mul(u, u)), u] as const,
  // 3u² as 3·u·stopGradient(u): right value, but its own derivative is 3u instead of 6u.
  (u: Tensor, ct: Tensor) => [mul(mul(3, mul(u, stopGradient(u))), ct)],
);

function thrown(f: () => void): LawError {
  try {
    f();
  } catch (error) {
    if (error instanceof LawError) return error;
    throw error;
  }
  throw new Error("expected a LawError");
}

describe("checkGrads passes on correct functions", () => {
  it("an elementwise function, both modes, order 1 and 2", () => {
    expect(() => checkGrads((u: Tensor) => mul(sin(u), exp(u)), [x], { order: 2 })).not.toThrow();
  });
  it("a function of two arguments with a tensor output", () => {
    expect(() => checkGrads((a: Tensor, b: Tensor) => tanh(matmul(a, b)), [x, w], { order: 2 })).not.toThrow();
  });
  it("pytree arguments (an object and an Immutable List), a number and a pytree output", () => {
    const params = { w, b: List([tensor([0.1, -0.3], "float64")]) };
    const f = (p: typeof params, u: Tensor, scale: number | Tensor) => ({
      y: mul(tanh(add(matmul(u, p.w), p.b.get(0) as Tensor)), scale),
      total: sum(p.w),
    });
    expect(() => checkGrads(f, [params, x, 1.5], { order: 2 })).not.toThrow();
  });
  it("a correct customVjp in reverse mode, order 2", () => {
    expect(() => checkGrads((u: Tensor) => sum(rightSquare(u)), [x], { modes: ["rev"], order: 2 })).not.toThrow();
  });
  it("with sampled coordinates", () => {
    expect(() => checkGrads((u: Tensor) => exp(u), [x], { modes: ["rev"], sampled: 3, seed: 5 })).not.toThrow();
  });
});

describe("checkGrads throws on wrong derivatives", () => {
  it("a customVjp whose bwd is 3x instead of 2x: names the law, the input and the numbers", () => {
    const error = thrown(() => checkGrads(wrongSquare, [x], { modes: ["rev"] }));
    expect(error.result.law).toBe(VJP_FINITE_DIFFERENCES);
    expect(error.message).toContain("checkGrads (order 1, rev)");
    expect(error.message).toContain(`law "${VJP_FINITE_DIFFERENCES}" failed`);
    expect(error.message).toContain("float64[2,3] [0.3, -1.2, 0.7, 1.1, 0.4, -0.5]");
    expect(error.message).toMatch(/vjp gives -?\d.*finite differences give -?\d/);
    // The worst coordinate: analytic 3x·c vs numeric 2x·c, so the relative error is 1/3.
    expect(error.result.details.maxRelativeError).toBeCloseTo(1 / 3, 6);
  });
  it("a customVjp that is right to first order but wrong to second order: order 1 passes, order 2 throws", () => {
    expect(() => checkGrads((u: Tensor) => sum(wrongSecondOrder(u)), [x], { modes: ["rev"] })).not.toThrow();
    const error = thrown(() => checkGrads((u: Tensor) => sum(wrongSecondOrder(u)), [x], { modes: ["rev"], order: 2 }));
    expect(error.message).toContain("order 2");
  });
  it("x · stopGradient(x) (derivative x, not 2x) fails in forward mode too", () => {
    const error = thrown(() => checkGrads((u: Tensor) => mul(u, stopGradient(u)), [x], { modes: ["fwd"] }));
    expect(error.result.law).toBe(JVP_FINITE_DIFFERENCES);
    expect(error.message).toContain("jvp gives");
  });
  it("forward mode through a customVjp is an error that checkGrads reports as a law failure", () => {
    const error = thrown(() => checkGrads(rightSquare, [x], { modes: ["fwd"] }));
    expect(error.message).toContain("customVjp");
  });
});

describe("gradCheck reports", () => {
  it("a passing report with tiny relative errors", () => {
    const report = gradCheck((a: Tensor, b: Tensor) => sum(tanh(matmul(a, b))), [x, w]);
    expect(report.passed).toBe(true);
    expect(report.checked).toBe(12);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
  });
  it("the worst coordinate of a wrong gradient, with analytic 3x and numeric 2x", () => {
    const report = gradCheck((u: Tensor) => sum(wrongSquare(u)), [x]);
    expect(report.passed).toBe(false);
    const worst = report.worst;
    expect(worst).toBeDefined();
    if (worst === undefined) return;
    const v = (x.toArray() as number[][])[worst.index[0]][worst.index[1]];
    expect(worst.argument).toBe(0);
    expect(worst.analytic).toBeCloseTo(3 * v, 10);
    expect(worst.numeric).toBeCloseTo(2 * v, 6);
    expect(report.maxRelativeError).toBeCloseTo(1 / 3, 6);
  });
  it("samples a seeded subset of coordinates, the same for the same seed", () => {
    const f = (u: Tensor) => sum(wrongSquare(u));
    const a = gradCheck(f, [x], { sampled: 2, seed: 9 });
    const b = gradCheck(f, [x], { sampled: 2, seed: 9 });
    expect(a.checked).toBe(2);
    expect(a.worst).toEqual(b.worst);
  });
  it("names the leaf of a pytree argument by its path", () => {
    const report = gradCheck((p: { a: Tensor; b: Tensor }) => add(sum(wrongSquare(p.b)), sum(p.a)), [{ a: w, b: x }]);
    expect(report.worst?.path).toBe(".b");
  });
});
