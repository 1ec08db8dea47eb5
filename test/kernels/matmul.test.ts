import { describe, expect, it } from "vitest";
import { matmulKernel, type MatmulSpec } from "../../src/tensor/kernels/matmul";
import { expectDType, rng, snapshot } from "./reference";

/** Reference: the textbook triple loop, reading A and B through their (possibly transposed) storage. */
function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, s: MatmulSpec): Float64Array {
  const out = new Float64Array(s.batch * s.m * s.n);
  for (let t = 0; t < s.batch; t++) {
    for (let i = 0; i < s.m; i++) {
      for (let j = 0; j < s.n; j++) {
        let acc = 0;
        for (let p = 0; p < s.k; p++) {
          const av = a[t * s.aBatchStride + (s.transA ? p * s.m + i : i * s.k + p)];
          const bv = b[t * s.bBatchStride + (s.transB ? j * s.k + p : p * s.n + j)];
          acc += av * bv;
        }
        out[(t * s.m + i) * s.n + j] = acc;
      }
    }
  }
  return out;
}

function random(dtype: "float32" | "float64", n: number, rand: () => number): Float32Array | Float64Array {
  const x = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rand() * 2 - 1;
  return x;
}

function check(dtype: "float32" | "float64", spec: MatmulSpec, aBatches: number, bBatches: number, seed: number): void {
  const rand = rng(seed);
  const a = random(dtype, Math.max(1, aBatches) * spec.m * spec.k, rand);
  const b = random(dtype, Math.max(1, bBatches) * spec.k * spec.n, rand);
  const [aBefore, bBefore] = [snapshot(a), snapshot(b)];
  const out = matmulKernel(a, b, spec, dtype);
  expectDType(out, dtype);
  const expected = naiveMatmul(a, b, spec);
  expect(out.length).toBe(expected.length);
  // Entries are sums of k products of values in [-1, 1]; allow rounding relative to that scale.
  const tol = (dtype === "float32" ? 2e-7 : 1e-15) * Math.max(1, spec.k) * 4;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(out[i] - expected[i]) <= tol)) {
      expect.fail(`${dtype} ${JSON.stringify(spec)} at ${i}: expected ${expected[i]}, got ${out[i]}`);
    }
  }
  expect(snapshot(a)).toEqual(aBefore);
  expect(snapshot(b)).toEqual(bBefore);
}

const sizes: [number, number, number][] = [
  [1, 1, 1],
  [5, 7, 3],
  [4, 4, 4],
  [8, 1, 9],
  [33, 65, 17],
  [130, 129, 131],
];
const variants: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

describe("matmulKernel", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [transA, transB] of variants) {
      const name = `${transA ? "T" : "N"}${transB ? "T" : "N"}`;
      for (const [m, k, n] of sizes) {
        it(`${dtype} ${name} ${m}x${k}x${n} matches the triple loop`, () => {
          check(dtype, { batch: 1, m, k, n, transA, transB, aBatchStride: m * k, bBatchStride: k * n }, 1, 1, m * 1000 + k * 10 + n);
        });
      }

      it(`${dtype} ${name} batched with every combination of batch strides`, () => {
        const [m, k, n] = [6, 9, 5];
        for (const [aB, bB] of [
          [true, true],
          [true, false],
          [false, true],
          [false, false],
        ]) {
          check(dtype, { batch: 3, m, k, n, transA, transB, aBatchStride: aB ? m * k : 0, bBatchStride: bB ? k * n : 0 }, aB ? 3 : 1, bB ? 3 : 1, aB ? 1 : 2);
        }
        // a larger broadcast case that crosses the k and column blocks
        check(dtype, { batch: 2, m: 9, k: 300, n: 530, transA, transB, aBatchStride: 9 * 300, bBatchStride: 0 }, 2, 1, 5);
      });
    }
  }

  it("empty shapes: k = 0 gives zeros, m or n = 0 gives an empty result", () => {
    const base = { batch: 2, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 };
    expect(Array.from(matmulKernel(new Float32Array(0), new Float32Array(0), { ...base, m: 2, k: 0, n: 3 }, "float32"))).toEqual(new Array(12).fill(0));
    expect(matmulKernel(new Float64Array(0), new Float64Array(6), { ...base, m: 0, k: 2, n: 3 }, "float64").length).toBe(0);
    expect(matmulKernel(new Float64Array(4), new Float64Array(0), { ...base, m: 2, k: 2, n: 0, batch: 0 }, "float64").length).toBe(0);
  });

  it("mixed storage: float32 inputs into a float64 result", () => {
    const spec = { batch: 1, m: 2, k: 2, n: 2, transA: false, transB: false, aBatchStride: 4, bBatchStride: 4 };
    const out = matmulKernel(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), spec, "float64");
    expectDType(out, "float64");
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
  });
});
