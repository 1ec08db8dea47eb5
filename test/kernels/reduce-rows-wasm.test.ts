import { describe, expect, it } from "vitest";
import { reduceKernel } from "../../src/tensor/kernels/reduce";
import { reduceRowsWasm, type RowsOp } from "../../src/tensor/kernels/wasm/reduce-rows-wasm";
import { rng } from "./reference";

type FloatArray = Float32Array | Float64Array;

/** The JavaScript kernel's rule: out[o, i] = x[o, 0, i] ∘ x[o, 1, i] ∘ …, in doubles, row after row. */
function referenceRows(op: RowsOp, x: FloatArray, outer: number, n: number, inner: number): FloatArray {
  const out = x instanceof Float32Array ? new Float32Array(outer * inner) : new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = x[o * n * inner + i];
      for (let r = 1; r < n; r++) {
        const v = x[(o * n + r) * inner + i];
        acc = op === "sum" ? acc + v : acc * v;
      }
      out[o * inner + i] = acc;
    }
  }
  return out;
}

/** Random floats of the given type, with NaN, ±0 and ±Infinity sprinkled in when `special`. */
function randomFloats(dtype: "float32" | "float64", length: number, seed: number, special: boolean, scale = 5): FloatArray {
  const rand = rng(seed);
  const x = dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
  const specials = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let j = 0; j < length; j++) {
    const u = rand();
    x[j] = special && u < 0.01 ? specials[Math.floor(rand() * specials.length)] : (rand() * 2 - 1) * scale;
  }
  return x;
}

/** Same values element by element: equal bits, or both NaN. */
function expectSameBits(actual: FloatArray, expected: FloatArray): void {
  expect(actual.constructor).toBe(expected.constructor);
  expect(actual.length).toBe(expected.length);
  const mismatches: number[] = [];
  for (let j = 0; j < expected.length; j++) if (!Object.is(actual[j], expected[j])) mismatches.push(j);
  expect(mismatches.slice(0, 5).map((j) => [j, actual[j], expected[j]])).toEqual([]);
}

describe("reduceRowsWasm", () => {
  const shapes: [number, number, number][] = [
    [3, 7, 5],
    [1, 2, 4],
    [2, 37, 131],
    [1, 1000, 12],
    [2, 5, 8195],
    [1, 3, 20483],
    [4, 9, 2048],
    [1, 3000, 6],
    [3, 800, 7],
  ];
  for (const dtype of ["float32", "float64"] as const) {
    for (const op of ["sum", "prod"] as const) {
      for (const [outer, n, inner] of shapes) {
        it(`${op} over rows of ${dtype} [${outer}, ${n}, ${inner}] gives the JavaScript kernel's bits`, () => {
          const x = randomFloats(dtype, outer * n * inner, outer * 1000 + n * 10 + inner, true, op === "prod" ? 2 : 5);
          const out = dtype === "float32" ? new Float32Array(outer * inner) : new Float64Array(outer * inner);
          reduceRowsWasm(op, x, out, outer, n, inner);
          expectSameBits(out, referenceRows(op, x, outer, n, inner));
        });
      }
    }
  }

  it("keeps -0 where every summand is -0 and rounds float32 sums once, at the end", () => {
    const inner = 6;
    const n = 3;
    const x = new Float32Array(n * inner).fill(-0);
    // Column 1: 1 + 2^-30 + (-1) in doubles is 2^-30; rounding each step to float32 would give 0.
    x[1] = 1;
    x[inner + 1] = 2 ** -30;
    x[2 * inner + 1] = -1;
    const out = new Float32Array(inner);
    reduceRowsWasm("sum", x, out, 1, n, inner);
    expect(Array.from(out)).toEqual([-0, 2 ** -30, -0, -0, -0, -0]);
    expect(Object.is(out[0], -0)).toBe(true);
  });

  it("is what reduceKernel computes over leading and middle axes of large arrays", () => {
    const cases: [number[], number[]][] = [
      [[16, 33, 7], [0]],
      [
        [5, 64, 13],
        [0, 1],
      ],
      [[3, 301, 9], [1]],
      [[17, 2, 65], [0]],
    ];
    for (const dtype of ["float32", "float64"] as const) {
      for (const [shape, axes] of cases) {
        const [outer, n, inner] =
          axes.length === 2 ? [1, shape[0] * shape[1], shape[2]] : axes[0] === 0 ? [1, shape[0], shape[1] * shape[2]] : [shape[0], shape[1], shape[2]];
        const x = randomFloats(dtype, outer * n * inner, shape[1] + axes.length, true);
        expectSameBits(reduceKernel("sum", x, shape, axes, dtype) as FloatArray, referenceRows("sum", x, outer, n, inner));
        expectSameBits(reduceKernel("prod", x, shape, axes, dtype) as FloatArray, referenceRows("prod", x, outer, n, inner));
      }
    }
  });
});
