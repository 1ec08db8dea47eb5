import { describe, expect, it } from "vitest";
import { float32Math } from "../../../src/tensor/kernels/vector-math-scalar";
import { vectorMathPow, vectorMathUnary } from "../../../src/tensor/kernels/wasm/vector-math-kernel";
import { vectorMathUnaryPooled } from "../../../src/tensor/kernels/wasm/vector-math-pooled";
import { emitVectorMath } from "../../../src/tensor/kernels/wasm/vector-math";
import { Code } from "../../../src/tensor/kernels/wasm/encoder";
import { float32MathPow, float32MathUnary, VECTOR_MATH_MIN_ELEMENTS, type VectorMathUnaryFn } from "../../../src/tensor/kernels/vector-math-dispatch";
import { edgeInputs, strided } from "./vector-math-ulp";

const unaryFns: readonly VectorMathUnaryFn[] = ["exp", "expm1", "log", "log1p", "tanh", "sigmoid", "sin", "cos"];

/** Same value bit for bit, any NaN equal to any NaN. */
const same = (a: number, b: number): boolean => Object.is(a, b) || (a !== a && b !== b);

/** Indices where the SIMD lanes and the mirror differ. */
function differences(got: Float32Array, want: (i: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < got.length && out.length < 5; i++) if (!same(got[i], Math.fround(want(i)))) out.push(i);
  return out;
}

/** A deterministic generator of uniform numbers in [0, 1). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("SIMD lanes equal the JavaScript mirror bit for bit", () => {
  const random = uniform(7);
  const moderate = Float32Array.from({ length: 100003 }, () => (random() - 0.5) * 60);
  const wide = strided(40961);
  for (const fn of unaryFns) {
    it(`${fn}: on moderate random values, on bit patterns across the range and on the edges`, () => {
      for (const x of [moderate, wide, edgeInputs()]) {
        const got = vectorMathUnary(fn, x);
        const bad = differences(got, (i) => float32Math[fn](x[i]));
        expect(
          bad.map((i) => [x[i], got[i], float32Math[fn](x[i])]),
          fn,
        ).toEqual([]);
      }
    });
  }

  it("every length from 0 to 13 (the one-lane tail after full vectors) and an offset start", () => {
    const x = Float32Array.from({ length: 13 }, (_, i) => -3 + i * 0.61);
    for (let n = 0; n <= 13; n++) {
      for (const fn of unaryFns) {
        const got = vectorMathUnary(fn, x.subarray(0, n));
        expect(got.length).toBe(n);
        expect(Array.from(got)).toEqual(Array.from(x.subarray(0, n), (v) => float32Math[fn](v)));
      }
    }
    const tail = vectorMathUnary("tanh", x.subarray(5));
    expect(Array.from(tail)).toEqual(Array.from(x.subarray(5), (v) => float32Math.tanh(v)));
  });

  it("pow with both operands full, either one broadcast, on random and special values, for lengths 1 to 11", () => {
    const specials = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, Infinity, -Infinity, NaN, 1e-45, 1e30, -1e30];
    const a: number[] = [];
    const b: number[] = [];
    for (const p of specials) {
      for (const q of specials) {
        a.push(p);
        b.push(q);
      }
    }
    for (let i = 0; i < 20000; i++) {
      a.push((random() - 0.3) * 20);
      b.push(i % 5 === 0 ? Math.round((random() - 0.5) * 40) : (random() - 0.5) * 40);
    }
    const fa = Float32Array.from(a);
    const fb = Float32Array.from(b);
    const full = vectorMathPow(fa, fb, fa.length);
    expect(differences(full, (i) => float32Math.pow(fa[i], fb[i]))).toEqual([]);
    const base = vectorMathPow(fa.subarray(3, 4), fb, fb.length);
    expect(differences(base, (i) => float32Math.pow(fa[3], fb[i]))).toEqual([]);
    const exponent = vectorMathPow(fa, Float32Array.of(-1.5), fa.length);
    expect(differences(exponent, (i) => float32Math.pow(fa[i], -1.5))).toEqual([]);
    for (let n = 1; n <= 11; n++) {
      const got = vectorMathPow(fa.subarray(300, 300 + n), fb.subarray(300, 300 + n), n);
      expect(Array.from(got)).toEqual(Array.from(fa.subarray(300, 300 + n), (v, i) => float32Math.pow(v, fb[300 + i])));
    }
  });

  it("the eager dispatch gives the same values below and above its threshold", () => {
    const x = Float32Array.from({ length: VECTOR_MATH_MIN_ELEMENTS + 7 }, () => (random() - 0.5) * 10);
    for (const fn of unaryFns) {
      const big = float32MathUnary(fn, x);
      const small = float32MathUnary(fn, x.subarray(0, VECTOR_MATH_MIN_ELEMENTS - 1));
      expect(Array.from(big.subarray(0, VECTOR_MATH_MIN_ELEMENTS - 1))).toEqual(Array.from(small));
    }
    const big = float32MathPow(x.map(Math.abs), Float32Array.of(0.75), x.length);
    const small = float32MathPow(x.subarray(0, 10).map(Math.abs), Float32Array.of(0.75), 10);
    expect(Array.from(big.subarray(0, 10))).toEqual(Array.from(small));
  });

  it("rejects a pow operand of the wrong length and a dtype other than float32, naming them", () => {
    expect(() => vectorMathPow(Float32Array.of(1, 2), Float32Array.of(1, 2, 3), 3)).toThrow("vectorMathPow: a has 2 elements, expected 1 or 3");
    const code = new Code(1).localGet(0);
    expect(() => emitVectorMath({ code, importedMath: () => 0 }, "exp", "float64" as "float32")).toThrow(
      "emitVectorMath: only float32 is vectorised, got float64",
    );
  });
});

describe("the pooled vector math kernels equal the one-thread kernels bit for bit", () => {
  const random = uniform(11);
  // Around the 4096-element pool task and the 2¹⁸-element block copied per pool job.
  const x = Float32Array.from({ length: (1 << 18) + 4101 }, () => (random() - 0.5) * 40);
  x[5] = NaN;
  x[6] = -0;
  x[4097] = Infinity;
  it.each(["exp", "expm1", "log", "log1p", "tanh", "sigmoid"] as const)("%s", (fn) => {
    for (const n of [4095, 4096, 4099, 1 << 18, x.length]) {
      const input = x.subarray(0, n);
      const got = vectorMathUnaryPooled(fn, input);
      const want = vectorMathUnary(fn, input);
      expect(
        differences(got, (i) => want[i]),
        `n=${n}`,
      ).toEqual([]);
    }
  });
});
