import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, encodeModule, op, sleb, uleb, valType } from "../../src/tensor/kernels/wasm/encoder";
import {
  matmulThreadsReady,
  matmulWasm,
  matmulThreadStats,
  planTasks,
  setMatmulParallelThreshold,
  wasmAvailable,
} from "../../src/tensor/kernels/wasm/matmul-wasm";
import { setThreads, setWorkerHost, threads as poolSize } from "../../src/tensor/kernels/wasm/threads";
import { nodeWorkerHost } from "../../src/tensor/kernels/wasm/worker-host-node";

/** Jobs run on at most as many threads as cores: say there are four, so that 3 threads run here. */
const fourCores = { ...nodeWorkerHost, cores: () => 4 };
import type { MatmulSpec } from "../../src/tensor/kernels/wasm/spec";
import { requireWasm } from "../../src/tensor/kernels/wasm/wasm-api";

type DT = "float32" | "float64";

/** Deterministic pseudo-random values in [-1, 1). */
function rand(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 31 - 1;
  };
}

function fill(dtype: DT, length: number, seed: number): Float32Array | Float64Array {
  const r = rand(seed);
  const out = dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = r();
  return out;
}

/** Naive triple loop in float64: the product and, per element, Σ|a||b| (the error scale). */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, s: MatmulSpec): { ref: Float64Array; scale: Float64Array } {
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = s;
  const ref = new Float64Array(batch * m * n);
  const scale = new Float64Array(batch * m * n);
  for (let q = 0; q < batch; q++) {
    const ao = q * aBatchStride;
    const bo = q * bBatchStride;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const x = a[ao + (transA ? p * m + i : i * k + p)];
          const y = b[bo + (transB ? j * k + p : p * n + j)];
          sum += x * y;
          abs += Math.abs(x * y);
        }
        ref[(q * m + i) * n + j] = sum;
        scale[(q * m + i) * n + j] = abs;
      }
    }
  }
  return { ref, scale };
}

function check(a: Float32Array | Float64Array, b: Float32Array | Float64Array, spec: MatmulSpec, dtype: DT): void {
  const aCopy = a.slice();
  const bCopy = b.slice();
  const out = matmulWasm(a, b, spec, dtype);
  expect(out).toBeInstanceOf(dtype === "float32" ? Float32Array : Float64Array);
  expect(out.length).toBe(spec.batch * spec.m * spec.n);
  // (a plain loop: toEqual on multi-million-element typed arrays is very slow)
  expect(a.every((x, i) => Object.is(x, aCopy[i]))).toBe(true);
  expect(b.every((x, i) => Object.is(x, bCopy[i]))).toBe(true);
  const { ref, scale } = naive(a, b, spec);
  const tol = dtype === "float32" ? 1e-4 : 1e-12;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(out[i] - ref[i]) / (scale[i] + 1e-30);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  if (!(worst <= tol)) throw new Error(`element ${at}: got ${out[at]}, want ${ref[at]} (relative error ${worst})`);
}

function spec(m: number, k: number, n: number, transA: boolean, transB: boolean, extra: Partial<MatmulSpec> = {}): MatmulSpec {
  return { batch: 1, m, k, n, transA, transB, aBatchStride: m * k, bBatchStride: k * n, ...extra };
}

const sizes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 33, 9],
  [65, 130, 67],
  [257, 129, 131],
];
const transposes: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

describe("encoder", () => {
  it("encodes LEB128", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it("builds a module that runs", () => {
    const { i32 } = valType;
    const body = new Code(2).localGet(0).localGet(1).op(op.i32Add).finish();
    const bytes = encodeModule({ functions: [{ type: { params: [i32, i32], results: [i32] }, locals: [], body, exportName: "add" }] });
    const wasm = requireWasm();
    const add = new wasm.Instance(new wasm.Module(bytes)).exports.add as (x: number, y: number) => number;
    expect(add(2, 40)).toBe(42);
    expect(add(-5, 3)).toBe(-2);
  });
});

describe("planTasks", () => {
  const b = { mr: 5, nr: 8, kc: 256, mc: 120 };
  it("balances k blocks and row blocks for one thread", () => {
    expect(planTasks(b, 1, 512, 512, 600, 1)).toEqual({ mStep: 105, rowBlocks: 5, nStep: 512, colBlocks: 1, kStep: 200, kBlocks: 3 });
  });
  it("cuts rows, then columns, into enough tasks for two threads", () => {
    expect(planTasks(b, 1, 512, 512, 512, 8)).toEqual({ mStep: 65, rowBlocks: 8, nStep: 512, colBlocks: 1, kStep: 256, kBlocks: 2 });
    expect(planTasks(b, 1, 2, 400, 300, 8)).toEqual({ mStep: 5, rowBlocks: 1, nStep: 56, colBlocks: 8, kStep: 150, kBlocks: 2 });
    expect(planTasks(b, 16, 64, 64, 64, 8)).toEqual({ mStep: 65, rowBlocks: 1, nStep: 64, colBlocks: 1, kStep: 64, kBlocks: 1 });
  });
});

describe("matmulWasm", () => {
  it("is available on Node 20", () => {
    expect(wasmAvailable()).toBe(true);
  });

  for (const threads of [1, 2, 3] as const) {
    describe(`${threads} thread${threads > 1 ? "s" : ""}`, () => {
      let before = 1;
      beforeAll(() => {
        before = poolSize();
        setWorkerHost(fourCores);
        setThreads(threads);
        // Force the parallel path on every size when several threads are asked for.
        setMatmulParallelThreshold(threads > 1 ? 0 : Infinity, "always");
        if (threads > 1) expect(matmulThreadsReady()).toBe(true);
      });
      afterAll(() => {
        setWorkerHost(nodeWorkerHost);
        setThreads(before);
        setMatmulParallelThreshold(1 << 21);
      });

      for (const dtype of ["float32", "float64"] as const) {
        for (const [m, k, n] of sizes) {
          for (const [tA, tB] of transposes) {
            it(`${dtype} ${m}x${k}x${n}${tA ? " transA" : ""}${tB ? " transB" : ""}`, () => {
              check(fill(dtype, m * k, m * 31 + k), fill(dtype, k * n, n * 17 + k), spec(m, k, n, tA, tB), dtype);
            });
          }
        }

        it(`${dtype} several k blocks and column blocks (33x600x45, 2x3x4100, 6x700x5000)`, () => {
          check(fill(dtype, 33 * 600, 1), fill(dtype, 600 * 45, 2), spec(33, 600, 45, false, false), dtype);
          check(fill(dtype, 2 * 3, 3), fill(dtype, 3 * 4100, 4), spec(2, 3, 4100, true, false), dtype);
          check(fill(dtype, 6 * 700, 5), fill(dtype, 700 * 5000, 6), spec(6, 700, 5000, false, true), dtype);
        });

        for (const [sa, sb] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ]) {
          it(`${dtype} batch 3, A batch stride ${sa ? "m*k" : "0"}, B batch stride ${sb ? "k*n" : "0"}`, () => {
            const [m, k, n] = [19, 23, 29];
            const s = spec(m, k, n, sa === 1, sb === 0, { batch: 3, aBatchStride: sa * m * k, bBatchStride: sb * k * n });
            check(fill(dtype, (sa ? 3 : 1) * m * k, 5), fill(dtype, (sb ? 3 : 1) * k * n, 6), s, dtype);
          });
        }

        it(`${dtype} batch strides with gaps and tall batches (4 x 1x7x3)`, () => {
          const s = spec(9, 11, 13, false, false, { batch: 4, aBatchStride: 9 * 11 + 5, bBatchStride: 11 * 13 + 2 });
          check(fill(dtype, 3 * (9 * 11 + 5) + 9 * 11, 7), fill(dtype, 3 * (11 * 13 + 2) + 11 * 13, 8), s, dtype);
          check(fill(dtype, 4 * 7, 9), fill(dtype, 7 * 3, 10), spec(1, 7, 3, false, false, { batch: 4, aBatchStride: 7, bBatchStride: 0 }), dtype);
          check(
            fill(dtype, 49 * 16 + 256, 9),
            fill(dtype, 16 * 16, 10),
            spec(16, 16, 16, false, true, { batch: 50, aBatchStride: 16, bBatchStride: 0 }),
            dtype,
          );
        });
      }

      if (threads > 1) {
        it("really shares tasks with the worker threads (row and column blocks)", () => {
          // The helper joins a call only if it wakes before the caller has taken every task,
          // which a loaded machine can delay: retry for up to 10 s.
          const before = matmulThreadStats().workerTasks;
          const end = Date.now() + 10000;
          let i = 0;
          while (matmulThreadStats().workerTasks === before && Date.now() < end) {
            check(fill("float32", 160 * 160, i), fill("float32", 160 * 160, i + 1), spec(160, 160, 160, false, false), "float32");
            check(fill("float64", 2 * 300, i), fill("float64", 300 * 400, i + 1), spec(2, 300, 400, false, false), "float64");
            i++;
          }
          expect(matmulThreadStats().workerTasks).toBeGreaterThan(before);
        });
      }
    });
  }

  it("gives bit-identical results on 1, 2 and 3 threads (each element's sum runs in a fixed order)", () => {
    const before = poolSize();
    setWorkerHost(fourCores);
    setMatmulParallelThreshold(0, "always");
    try {
      const cases: [DT, MatmulSpec][] = [
        ["float32", spec(67, 300, 45, false, false)],
        ["float64", spec(33, 520, 29, true, true)],
        ["float32", spec(13, 17, 19, false, true, { batch: 5, aBatchStride: 13 * 17, bBatchStride: 0 })],
      ];
      for (const [dtype, s] of cases) {
        const a = fill(dtype, s.batch * s.m * s.k, 3);
        const b = fill(dtype, s.bBatchStride === 0 ? s.k * s.n : s.batch * s.k * s.n, 4);
        setThreads(1);
        const one = matmulWasm(a, b, s, dtype);
        for (const n of [2, 3]) {
          setThreads(n);
          expect(matmulThreadsReady()).toBe(true);
          const workerTasks = matmulThreadStats().workerTasks;
          const end = Date.now() + 10000;
          // Repeat until the workers took part (they may be busy instantiating at first).
          do {
            const many = matmulWasm(a, b, s, dtype);
            expect(many.every((x, i) => Object.is(x, one[i]))).toBe(true);
          } while (matmulThreadStats().workerTasks === workerTasks && Date.now() < end);
          expect(matmulThreadStats().workerTasks).toBeGreaterThan(workerTasks);
        }
      }
    } finally {
      setWorkerHost(nodeWorkerHost);
      setThreads(before);
      setMatmulParallelThreshold(1 << 21);
    }
  });

  it("returns zeros for k = 0 and empty arrays for empty outputs", () => {
    expect(Array.from(matmulWasm(new Float32Array(0), new Float32Array(0), spec(2, 0, 3, false, false), "float32"))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(matmulWasm(new Float64Array(0), new Float64Array(12), spec(0, 4, 3, false, false), "float64").length).toBe(0);
    expect(matmulWasm(new Float32Array(8), new Float32Array(8), spec(2, 4, 2, false, false, { batch: 0 }), "float32").length).toBe(0);
  });

  it("computes the documented example", () => {
    const c = matmulWasm(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), spec(2, 2, 2, false, false), "float32");
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });

  it("converts operands of the other float type to the requested dtype", () => {
    const a = fill("float64", 4 * 5, 11);
    const b = fill("float32", 5 * 6, 12);
    check(a, b, spec(4, 5, 6, false, false), "float64");
    check(a, b, spec(4, 5, 6, false, false), "float32");
  });

  it("rejects operands too short for the spec and bad sizes", () => {
    expect(() => matmulWasm(new Float32Array(5), new Float32Array(6), spec(2, 3, 2, false, false), "float32")).toThrow(RangeError);
    expect(() => matmulWasm(new Float32Array(6), new Float32Array(6), spec(2, 3, 2, false, false, { batch: 2, aBatchStride: 6 }), "float32")).toThrow(
      RangeError,
    );
    expect(() => matmulWasm(new Float32Array(6), new Float32Array(6), spec(2, 3, 2.5, false, false), "float32")).toThrow(RangeError);
  });
});
