import { describe, expect, it } from "vitest";
import { float32Math } from "../../../src/tensor/kernels/vector-math-scalar";
import { vectorMathPow, vectorMathUnary } from "../../../src/tensor/kernels/wasm/vector-math-kernel";
import type { VectorMathUnaryFn } from "../../../src/tensor/kernels/vector-math-dispatch";
import { edgeInputs, fromBits, reference, strided, ulps } from "./vector-math-ulp";

const unaryFns: readonly VectorMathUnaryFn[] = ["exp", "expm1", "log", "log1p", "tanh", "sigmoid", "sin", "cos"];

/** Largest ulp distance of `got` from the rounded reference, and one input where it occurs. */
function maxUlps(fn: keyof typeof reference, got: Float32Array, a: Float32Array, b?: Float32Array): { ulps: number; at: number[] } {
  let worst = { ulps: 0, at: [] as number[] };
  for (let i = 0; i < got.length; i++) {
    const d = ulps(got[i], Math.fround(reference[fn](a[i], b === undefined ? 0 : b[i])));
    if (d > worst.ulps) worst = { ulps: d, at: b === undefined ? [a[i]] : [a[i], b[i]] };
  }
  return worst;
}

describe("vectorised float32 math: accuracy is a law", () => {
  // 2³²/1021 ≈ 4.2 million bit patterns across the whole float32 range, plus the edges.
  const x = strided(1021);
  for (const fn of unaryFns) {
    it(`${fn}: within 2 ulps of Math.fround(Math.${fn}(x)) over the whole float32 range`, () => {
      const worst = maxUlps(fn, vectorMathUnary(fn, x), x);
      expect(worst.ulps, `at x = ${worst.at}`).toBeLessThanOrEqual(2);
    });
  }

  it("pow: within 2 ulps of Math.fround(Math.pow(a, b)) on a grid over the float32 range and a dense grid of moderate values", () => {
    const side = 1024;
    const a = new Float32Array(side * side);
    const b = new Float32Array(side * side);
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        // Half the rows spread over all bit patterns, half over (0, 8]; exponents likewise and over [−40, 40].
        a[i * side + j] = i % 2 === 0 ? fromBits(i * 4194304 + 77) : Math.fround(((i + 1) * 8) / side);
        b[i * side + j] = j % 2 === 0 ? fromBits(j * 4194304 + 99) : Math.fround(-40 + (80 * j) / side);
      }
    }
    const worst = maxUlps("pow", vectorMathPow(a, b, a.length), a, b);
    expect(worst.ulps, `at (a, b) = ${worst.at}`).toBeLessThanOrEqual(2);
  });

  it("special values are exact", () => {
    const cases: [VectorMathUnaryFn, number, number][] = [
      ["exp", -Infinity, 0],
      ["exp", Infinity, Infinity],
      ["exp", 0, 1],
      ["exp", -0, 1],
      ["exp", 89, Infinity],
      ["exp", -110, 0],
      ["expm1", -Infinity, -1],
      ["expm1", Infinity, Infinity],
      ["expm1", -0, -0],
      ["expm1", 0, 0],
      ["expm1", -110, -1],
      ["log", 0, -Infinity],
      ["log", -0, -Infinity],
      ["log", -1, NaN],
      ["log", -Infinity, NaN],
      ["log", Infinity, Infinity],
      ["log", 1, 0],
      ["log1p", -1, -Infinity],
      ["log1p", -2, NaN],
      ["log1p", -0, -0],
      ["log1p", 0, 0],
      ["log1p", Infinity, Infinity],
      ["tanh", Infinity, 1],
      ["tanh", -Infinity, -1],
      ["tanh", -0, -0],
      ["tanh", 0, 0],
      ["tanh", 20, 1],
      ["tanh", -20, -1],
      ["sigmoid", -Infinity, 0],
      ["sigmoid", Infinity, 1],
      ["sigmoid", 0, 0.5],
      ["sigmoid", -200, 0],
      ["sin", 0, 0],
      ["sin", -0, -0],
      ["sin", Infinity, NaN],
      ["sin", -Infinity, NaN],
      ["cos", 0, 1],
      ["cos", -0, 1],
      ["cos", Infinity, NaN],
    ];
    for (const fn of unaryFns) cases.push([fn, NaN, NaN]);
    for (const [fn, input, want] of cases) {
      expect(vectorMathUnary(fn, Float32Array.of(input))[0], `${fn}(${input})`).toBe(want);
      expect(float32Math[fn](input), `mirror ${fn}(${input})`).toBe(want);
    }
  });

  it("sin and cos of huge arguments (the cold per-lane path) are Math.sin and Math.cos rounded", () => {
    const x = Float32Array.of(1e30, -3e38, 4.3e8, 1e10, 123456790528, -7e25);
    for (const fn of ["sin", "cos"] as const) {
      expect(Array.from(vectorMathUnary(fn, x))).toEqual(Array.from(x, (v) => Math.fround(Math[fn](v))));
    }
    // From NumPy: np.float32(np.sin(np.float64(np.float32(1e30)))) and the same with cos at −7e25.
    expect(vectorMathUnary("sin", Float32Array.of(1e30))[0]).toBe(-0.791163444519043);
    expect(vectorMathUnary("cos", Float32Array.of(-7e25))[0]).toBe(0.36567455530166626);
  });

  it("pow follows JavaScript's special cases exactly", () => {
    const cases: [number, number, number][] = [
      [NaN, 0, 1],
      [2, -0, 1],
      [2, NaN, NaN],
      [NaN, 1, NaN],
      [1, Infinity, NaN],
      [-1, -Infinity, NaN],
      [1, NaN, NaN],
      [-8, 1 / 3, NaN],
      [-2, 3, -8],
      [-2, 2, 4],
      [-2, -3, -0.125],
      [0, 3, 0],
      [-0, 3, -0],
      [-0, 2, 0],
      [-0, -3, -Infinity],
      [-0, -2, Infinity],
      [0, -1, Infinity],
      [-0, 0.5, 0],
      [Infinity, 0.5, Infinity],
      [-Infinity, 3, -Infinity],
      [-Infinity, -3, -0],
      [-Infinity, 0.5, Infinity],
      [2, Infinity, Infinity],
      [0.5, Infinity, 0],
      [2, -Infinity, 0],
      [0.5, -Infinity, Infinity],
      [-2, Infinity, Infinity],
      [2, 10, 1024],
      [2, 128, Infinity],
      [2, -149, 1.401298464324817e-45],
      [2, -160, 0],
      [4, 0.5, 2],
      [10, 38, 9.99999968e37],
    ];
    for (const [a, b, want] of cases) {
      expect(vectorMathPow(Float32Array.of(a), Float32Array.of(b), 1)[0], `pow(${a}, ${b})`).toBe(Math.fround(want));
      expect(float32Math.pow(a, b), `mirror pow(${a}, ${b})`).toBe(Math.fround(want));
      expect(Math.fround(a ** b), `Math.pow(${a}, ${b})`).toBe(Math.fround(want));
    }
  });

  it("edge inputs stay within 2 ulps", () => {
    const x = edgeInputs();
    for (const fn of unaryFns) expect(maxUlps(fn, vectorMathUnary(fn, x), x).ulps, fn).toBeLessThanOrEqual(2);
  });
});
