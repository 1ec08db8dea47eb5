import { describe, expect, it } from "vitest";
import type { DType } from "../../src/tensor/dtype";
import type { Shape } from "../../src/tensor/shape";
import { argReduceKernel, reduceKernel, type ReduceOp } from "../../src/tensor/kernels/reduce";
import { expectClose, expectDType, randomData, ravel, rng, size, snapshot, store, tolerance, unravel } from "./reference";

/** Reference reduction: visit every input element and fold it into its output slot, in doubles. */
function naiveReduce(op: ReduceOp, x: ArrayLike<number>, shape: Shape, axes: readonly number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const init = { sum: 0, prod: 1, max: -Infinity, min: Infinity }[op];
  const out = new Array<number>(size(outShape)).fill(init);
  for (let i = 0; i < size(shape); i++) {
    const idx = unravel(i, shape).filter((_, d) => !axes.includes(d));
    const o = ravel(idx, outShape);
    const v = x[i];
    const acc = out[o];
    switch (op) {
      case "sum":
        out[o] = acc + v;
        break;
      case "prod":
        out[o] = acc * v;
        break;
      case "max":
        out[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v);
        break;
      case "min":
        out[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v);
        break;
    }
  }
  return out;
}

/** Every sorted subset of the axes of a rank. */
function subsets(rank: number): number[][] {
  const all: number[][] = [];
  for (let mask = 0; mask < 1 << rank; mask++) {
    all.push(Array.from({ length: rank }, (_, d) => d).filter((d) => mask & (1 << d)));
  }
  return all;
}

const shapes: Shape[] = [[], [1], [7], [3, 5], [17, 3], [1, 7], [2, 3, 4], [3, 1, 7], [2, 3, 1, 5], [3, 4, 5, 2], [2, 1, 3, 1, 4]];

describe("reduceKernel", () => {
  for (const op of ["sum", "prod", "max", "min"] as const) {
    for (const dtype of ["float32", "float64", "int32"] as DType[]) {
      it(`${op} on ${dtype} matches the reference for every subset of axes`, () => {
        const rand = rng(op.length * 31 + dtype.length);
        for (const shape of shapes) {
          for (const axes of subsets(shape.length)) {
            // keep products finite and exact-ish: small magnitudes for prod
            const x = randomData(dtype, size(shape), rand);
            if (op === "prod") for (let i = 0; i < x.length; i++) x[i] = dtype === "int32" ? (i % 3) - 1 : x[i] / 4;
            const before = snapshot(x);
            const out = reduceKernel(op, x, shape, axes, dtype);
            expectDType(out, dtype);
            expectClose(out, store(dtype, naiveReduce(op, x, shape, axes)), tolerance(dtype) * 10, tolerance(dtype));
            expect(snapshot(x)).toEqual(before);
          }
        }
      });
    }
  }

  it("sums bool input into int32 output", () => {
    const x = Uint8Array.of(1, 0, 1, 1, 1, 0);
    expectClose(reduceKernel("sum", x, [2, 3], [1], "int32"), [2, 2]);
  });

  it("accumulates float32 sums in double precision", () => {
    // 1 + 2^-24 * 2^20 is exact in doubles but every partial sum rounds back to 1 in float32.
    const n = 1 << 20;
    const x = new Float32Array(n + 1).fill(2 ** -24);
    x[0] = 1;
    const out = reduceKernel("sum", x, [n + 1], [0], "float32");
    expect(out[0]).toBe(Math.fround(1 + n * 2 ** -24));
    // the same along a leading axis (row accumulation path)
    const rows = reduceKernel("sum", x.subarray(0, n), [n / 2, 2], [0], "float32");
    expect(rows[0]).toBe(Math.fround(1 + (n / 2 - 1) * 2 ** -24));
  });

  it("sums over the last axis are each row's sum in element order, from +0, bit for bit", () => {
    const rand = rng(97);
    const specials = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const dtype of ["float32", "float64", "int32"] as DType[]) {
      for (const [rows, n] of [
        [1, 5],
        [3, 2],
        [4, 7],
        [7, 13],
        [9, 64],
        [130, 3],
      ]) {
        const x = randomData(dtype, rows * n, rand);
        if (dtype !== "int32") for (let i = 0; i < x.length; i++) if (rand() < 0.05) x[i] = specials[Math.floor(rand() * specials.length)];
        if (dtype !== "int32" && rows > 2) x.fill(-0, n, 2 * n); // a row of -0 sums to +0
        const expected = store(dtype, naiveReduce("sum", x, [rows, n], [1]));
        const out = reduceKernel("sum", x, [rows, n], [1], dtype);
        expect(Array.from(out, (v, i) => Object.is(v, expected[i]))).toEqual(Array.from(out, () => true));
      }
    }
  });

  it("reducing over no axes is a copy in the output dtype", () => {
    const x = Float32Array.of(1.5, -2, 3);
    const out = reduceKernel("sum", x, [3], [], "float64");
    expectDType(out, "float64");
    expectClose(out, [1.5, -2, 3]);
    expect(out).not.toBe(x);
  });

  it("max/min propagate NaN on contiguous and strided axes", () => {
    const x = Float64Array.of(1, NaN, 3, 4, 5, 6);
    expectClose(reduceKernel("max", x, [2, 3], [1], "float64"), [NaN, 6]);
    expectClose(reduceKernel("min", x, [2, 3], [0], "float64"), [1, NaN, 3]);
  });

  it("empty reductions give the identity; empty outputs are empty", () => {
    const x = new Float32Array(0);
    expectClose(reduceKernel("sum", x, [3, 0], [1], "float32"), [0, 0, 0]);
    expectClose(reduceKernel("prod", x, [3, 0], [1], "float32"), [1, 1, 1]);
    expectClose(reduceKernel("max", x, [3, 0], [1], "float32"), [-Infinity, -Infinity, -Infinity]);
    expectClose(reduceKernel("min", x, [0, 2], [0], "float32"), [Infinity, Infinity]);
    expect(reduceKernel("sum", x, [0, 2], [1], "float32").length).toBe(0);
  });
});

/** Reference argmax/argmin: first index of the extreme, first NaN wins. */
function naiveArg(op: "argmax" | "argmin", x: ArrayLike<number>, shape: Shape, axis: number): number[] {
  const outShape = shape.filter((_, d) => d !== axis);
  const out: number[] = [];
  for (let o = 0; o < size(outShape); o++) {
    const idx = unravel(o, outShape);
    let best = 0;
    let bestV = NaN;
    for (let j = 0; j < shape[axis]; j++) {
      const full = [...idx.slice(0, axis), j, ...idx.slice(axis)];
      const v = x[ravel(full, shape)];
      if (j === 0) {
        bestV = v;
        continue;
      }
      if (Number.isNaN(bestV)) break;
      if (Number.isNaN(v) || (op === "argmax" ? v > bestV : v < bestV)) {
        best = j;
        bestV = v;
      }
    }
    out.push(best);
  }
  return out;
}

describe("argReduceKernel", () => {
  const argShapes: Shape[] = [[1], [7], [3, 5], [17, 3], [2, 3, 4], [3, 1, 7], [2, 3, 1, 5]];
  for (const op of ["argmax", "argmin"] as const) {
    for (const dtype of ["float32", "float64", "int32"] as DType[]) {
      it(`${op} on ${dtype} matches the reference on every axis, with ties`, () => {
        const rand = rng(op.length + dtype.length * 3);
        for (const shape of argShapes) {
          for (let axis = 0; axis < shape.length; axis++) {
            const x = randomData(dtype, size(shape), rand);
            for (let i = 0; i < x.length; i++) x[i] = Math.round(x[i] / 4); // many ties
            const out = argReduceKernel(op, x, shape, axis);
            expectDType(out, "int32");
            expectClose(out, naiveArg(op, x, shape, axis));
          }
        }
      });
    }

    it(`${op} returns the first NaN, on contiguous and strided axes`, () => {
      const rand = rng(5);
      for (const shape of [[9], [4, 6], [3, 5, 2]] as Shape[]) {
        for (let axis = 0; axis < shape.length; axis++) {
          const x = randomData("float64", size(shape), rand);
          for (let i = 0; i < x.length; i++) if (rand() < 0.2) x[i] = NaN;
          expectClose(argReduceKernel(op, x, shape, axis), naiveArg(op, x, shape, axis));
        }
      }
      expectClose(argReduceKernel(op, Float32Array.of(1, NaN, 5, NaN), [4], 0), [1]);
      expectClose(argReduceKernel(op, Float32Array.of(NaN, 1, 5), [3], 0), [0]);
    });
  }

  it("takes the first index on ties", () => {
    expectClose(argReduceKernel("argmax", Float32Array.of(2, 5, 5, 1), [4], 0), [1]);
    expectClose(argReduceKernel("argmin", Float32Array.of(2, 1, 3, 1), [4], 0), [1]);
    expectClose(argReduceKernel("argmax", Float32Array.of(5, 1, 5, 2), [2, 2], 0), [0, 1]);
  });
});
