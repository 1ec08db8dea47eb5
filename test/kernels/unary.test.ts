import { describe, expect, it } from "vitest";
import type { DType } from "../../src/tensor/dtype";
import { unaryKernel, type UnaryOp } from "../../src/tensor/kernels/unary";
import { expectClose, expectDType, randomData, rng, snapshot, store, tolerance } from "./reference";

/** Naive per-element definitions, in doubles. */
const reference: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  log1p: (x) => Math.log1p(x),
  expm1: (x) => Math.expm1(x),
  sqrt: (x) => Math.sqrt(x),
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  tanh: (x) => Math.tanh(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  step: (x) => (x > 0 ? 1 : 0),
};

const ops = Object.keys(reference) as UnaryOp[];

describe("unaryKernel", () => {
  for (const op of ops) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${op} matches the reference on ${dtype} for sizes 0, 1, 3, 17, 130`, () => {
        const rand = rng(op.length * 7 + dtype.length);
        for (const n of [0, 1, 3, 17, 130]) {
          const x = randomData(dtype, n, rand);
          const before = snapshot(x);
          const out = unaryKernel(op, x, dtype);
          expectDType(out, dtype);
          expect(out).not.toBe(x);
          expectClose(out, store(dtype, Array.from(x, reference[op])), tolerance(dtype));
          expect(snapshot(x)).toEqual(before);
        }
      });
    }
  }

  for (const op of ["neg", "abs", "sign", "square", "step"] as const) {
    it(`${op} on int32 stays exact`, () => {
      const x = randomData("int32", 41, rng(3));
      expectClose(unaryKernel(op, x, "int32"), store("int32", Array.from(x, reference[op])));
    });
  }

  it("converts to the requested dtype (float32 input, float64 output)", () => {
    const x = Float32Array.of(0.1, -2.5);
    const out = unaryKernel("exp", x, "float64");
    expectDType(out, "float64");
    expectClose(out, [Math.exp(x[0]), Math.exp(x[1])]);
  });

  it("sign of ±0 is 0, of NaN is NaN", () => {
    const out = unaryKernel("sign", Float64Array.of(0, -0, NaN, -3, 4), "float64");
    expectClose(out, [0, 0, NaN, -1, 1]);
  });

  it("step is 0 at 0 and at NaN", () => {
    expectClose(unaryKernel("step", Float64Array.of(0, -0, NaN, 1e-300, -1), "float64"), [0, 0, 0, 1, 0]);
  });

  it("sigmoid is stable at the extremes and symmetric", () => {
    const out = unaryKernel("sigmoid", Float64Array.of(-1000, -40, 0, 40, 1000, NaN), "float64");
    expect(out[0]).toBe(0);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[1]).toBeCloseTo(Math.exp(-40), 30);
    expect(out[2]).toBe(0.5);
    expect(out[3]).toBe(1);
    expect(out[4]).toBe(1);
    expect(out[5]).toBeNaN();
    const xs = Float64Array.from({ length: 41 }, (_, i) => i - 20);
    const s = unaryKernel("sigmoid", xs, "float64");
    const sNeg = unaryKernel("sigmoid", unaryKernel("neg", xs, "float64"), "float64");
    for (let i = 0; i < xs.length; i++) expect(s[i] + sNeg[i]).toBeCloseTo(1, 14);
  });

  it("log/sqrt of negatives are NaN, log of 0 is -Infinity, reciprocal of 0 is Infinity", () => {
    const dtype: DType = "float32";
    expectClose(unaryKernel("log", Float32Array.of(-1, 0), dtype), [NaN, -Infinity]);
    expectClose(unaryKernel("sqrt", Float32Array.of(-1, 4), dtype), [NaN, 2]);
    expectClose(unaryKernel("reciprocal", Float32Array.of(0, -0, 4), dtype), [Infinity, -Infinity, 0.25]);
  });
});
