/**
 * Max and min windows of float32 and float64 in WebAssembly (window-module.ts) against the
 * JavaScript loop of the same kernels, bit for bit, values and chosen indices: random
 * geometries (strides, padding, dilations, empty windows), ties, NaN, ±0, ±Infinity; then on
 * 1, 2 and 3 threads of the pool (the workers must really take rows).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { DType } from "../../src/tensor/dtype";
import {
  chooseWindowsKernel,
  reduceWindowKernel,
  setWasmPoolingMinElements,
  windowedLength,
  type WindowGeometry,
} from "../../src/tensor/kernels/reduce-window";
import { matmulThreadsReady, matmulThreadStats } from "../../src/tensor/kernels/wasm/matmul-wasm";
import { setThreads, setWorkerHost, threads as poolSize } from "../../src/tensor/kernels/wasm/threads";
import { setWindowParallelThreshold } from "../../src/tensor/kernels/wasm/window-module";
import { nodeWorkerHost } from "../../src/tensor/kernels/wasm/worker-host-node";
import { arbShapeAndGeometry } from "../laws/specs/reduce-window";

type Floats = Float32Array | Float64Array;

/** Ties, and with `specials` NaN, ±0 and ±Infinity, among small integers. */
function data(dtype: DType, n: number, seed: number, specials: boolean): Floats {
  const special = [NaN, -0, 0, Infinity, -Infinity];
  const raw = Array.from({ length: n }, (_, i) => {
    const r = (i * 7919 + seed * 104729) % 29;
    return specials && r < special.length ? special[r] : r - 14;
  });
  return dtype === "float32" ? Float32Array.from(raw) : Float64Array.from(raw);
}

const outShapeOf = (s: readonly number[], g: WindowGeometry): number[] =>
  s.map((d, a) => windowedLength(d, g.windowDimensions[a], g.windowStrides[a], g.padding[a], g.baseDilation[a], g.windowDilation[a]));

/** Values (NaN equal to itself, −0 told from 0) and indices of both kernels. */
function run(x: Floats, s: number[], outShape: number[], g: WindowGeometry, dtype: DType): unknown[] {
  const results: unknown[] = [];
  for (const op of ["max", "min"] as const) {
    const { values, indices } = chooseWindowsKernel(op, x, s, outShape, g, dtype);
    const plain = reduceWindowKernel(op, x, s, outShape, g, dtype);
    const bits = (a: ArrayLike<number>): string[] => Array.from(a, (v) => (Object.is(v, -0) ? "-0" : String(v)));
    results.push(bits(values), Array.from(indices), bits(plain));
  }
  return results;
}

/** JavaScript loop vs WebAssembly on the same inputs. */
function agree(x: Floats, s: number[], g: WindowGeometry, dtype: DType): void {
  const outShape = outShapeOf(s, g);
  setWasmPoolingMinElements(Infinity);
  const js = run(x, s, outShape, g, dtype);
  setWasmPoolingMinElements(0);
  expect(run(x, s, outShape, g, dtype)).toEqual(js);
}

describe("max/min windows in WebAssembly", () => {
  afterAll(() => setWasmPoolingMinElements(1024));

  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`${dtype}: the JavaScript loop's values and indices for any geometry`, () => {
      fc.assert(
        fc.property(arbShapeAndGeometry, fc.integer({ min: 0, max: 1000 }), ({ s, g }, seed) => {
          agree(
            data(
              dtype,
              s.reduce((p, d) => p * d, 1),
              seed,
              seed % 3 === 0,
            ),
            s,
            g,
            dtype,
          );
        }),
        { numRuns: 60, seed: 11 },
      );
    });
  }

  it("2×2 pooling of NHWC batches (outer and inner runs) with NaN, ±0 and ties", () => {
    const s = [3, 9, 7, 5];
    const g: WindowGeometry = {
      windowDimensions: [1, 2, 2, 1],
      windowStrides: [1, 2, 2, 1],
      padding: [
        [0, 0],
        [0, 1],
        [1, 0],
        [0, 0],
      ],
      baseDilation: [1, 1, 1, 1],
      windowDilation: [1, 1, 1, 1],
    };
    for (const dtype of ["float32", "float64"] as DType[]) agree(data(dtype, 3 * 9 * 7 * 5, 4, true), s, g, dtype);
  });
});

describe("max/min windows on the thread pool", () => {
  const before = poolSize();
  afterAll(() => {
    setWindowParallelThreshold(1 << 17);
    setWasmPoolingMinElements(1024);
    setWorkerHost(nodeWorkerHost);
    setThreads(before);
  });

  it("gives the bits of one thread on 2 and 3 threads, and the workers take rows", () => {
    setWorkerHost({ ...nodeWorkerHost, cores: () => 4 });
    setWasmPoolingMinElements(0);
    const s = [5, 13, 11, 6];
    const g: WindowGeometry = {
      windowDimensions: [1, 3, 2, 1],
      windowStrides: [1, 2, 2, 1],
      padding: [
        [0, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
      baseDilation: [1, 1, 1, 1],
      windowDilation: [1, 1, 1, 1],
    };
    const outShape = outShapeOf(s, g);
    for (const dtype of ["float32", "float64"] as DType[]) {
      const x = data(dtype, 5 * 13 * 11 * 6, 7, true);
      setWindowParallelThreshold(1 << 30);
      setThreads(1);
      const one = run(x, s, outShape, g, dtype);
      setWindowParallelThreshold(0);
      for (const n of [2, 3]) {
        setThreads(n);
        expect(matmulThreadsReady()).toBe(true);
        const workerTasks = matmulThreadStats().workerTasks;
        const end = Date.now() + 10000;
        do {
          expect(run(x, s, outShape, g, dtype)).toEqual(one);
        } while (matmulThreadStats().workerTasks === workerTasks && Date.now() < end);
        expect(matmulThreadStats().workerTasks).toBeGreaterThan(workerTasks);
      }
    }
  });
});
