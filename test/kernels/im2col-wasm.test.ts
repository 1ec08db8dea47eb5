/**
 * Convolution patches gathered in WebAssembly (im2col-module.ts: the forward and filter-gradient
 * convolutions large enough for the matrix kernel) and contributions scattered there
 * (col2im-module.ts: input gradients): with small integer values every product and sum is
 * exact, so the kernel must equal the convolution by definition exactly — any element
 * misplaced changes the result (strides, padding, both dilations, feature and batch
 * groups, 1-D to 3-D, channels-first and -last). Then both on 1, 2 and 3 threads give
 * the same bits, and the workers really took part.
 */
import { afterAll, describe, expect, it } from "vitest";
import { convKernel } from "../../src/tensor/kernels/conv";
import { setCol2imParallelThreshold } from "../../src/tensor/kernels/wasm/col2im-module";
import { setIm2colParallelThreshold } from "../../src/tensor/kernels/wasm/im2col-module";
import { matmulThreadsReady, matmulThreadStats } from "../../src/tensor/kernels/wasm/matmul-wasm";
import { setThreads, setWorkerHost, threads as poolSize } from "../../src/tensor/kernels/wasm/threads";
import { nodeWorkerHost } from "../../src/tensor/kernels/wasm/worker-host-node";
import { convReference, withDefaults, type ConvCase } from "./conv-reference";

const cases: ConvCase[] = [
  {
    name: "2-D SAME, 1 channel (LeNet's first layer)",
    lhs: [6, 1, 17, 15],
    rhs: [5, 1, 5, 5],
    spec: {
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
  { name: "2-D VALID, 7 channels", lhs: [3, 7, 11, 9], rhs: [6, 7, 3, 3], spec: {} },
  {
    name: "2-D strided, asymmetric padding",
    lhs: [4, 5, 13, 12],
    rhs: [8, 5, 3, 4],
    spec: {
      windowStrides: [2, 3],
      padding: [
        [1, 0],
        [2, 1],
      ],
    },
  },
  {
    name: "2-D dilated kernel",
    lhs: [3, 4, 15, 14],
    rhs: [6, 4, 3, 3],
    spec: {
      rhsDilation: [2, 3],
      padding: [
        [1, 1],
        [2, 0],
      ],
    },
  },
  {
    name: "2-D dilated input",
    lhs: [3, 4, 9, 8],
    rhs: [6, 4, 3, 3],
    spec: {
      lhsDilation: [2, 2],
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
  },
  {
    name: "2-D feature groups",
    lhs: [4, 6, 10, 11],
    rhs: [9, 2, 3, 3],
    spec: {
      featureGroupCount: 3,
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
  },
  { name: "2-D batch groups (a filter gradient)", lhs: [6, 4, 12, 10], rhs: [6, 4, 3, 3], spec: { batchGroupCount: 2 } },
  {
    name: "2-D channels-last",
    lhs: [3, 12, 11, 5],
    rhs: [3, 3, 5, 7],
    spec: {
      lhsSpec: [0, 3, 1, 2],
      rhsSpec: [3, 2, 0, 1],
      outSpec: [0, 3, 1, 2],
      padding: [
        [1, 1],
        [1, 1],
      ],
    },
  },
  { name: "1-D strided", lhs: [8, 5, 61], rhs: [7, 5, 5], spec: { windowStrides: [2], padding: [[2, 1]] } },
  {
    name: "3-D",
    lhs: [2, 3, 7, 8, 9],
    rhs: [5, 3, 2, 3, 2],
    spec: {
      padding: [
        [0, 1],
        [1, 1],
        [1, 0],
      ],
    },
  },
];

// Input-gradient-like convolutions (mostly padding): the col2im way, scattered in WebAssembly.
const scatterCases: ConvCase[] = [
  {
    name: "2-D input gradient (LeNet's second layer)",
    lhs: [8, 16, 10, 10],
    rhs: [6, 16, 5, 5],
    spec: {
      padding: [
        [4, 4],
        [4, 4],
      ],
    },
  },
  {
    name: "2-D dilated input and kernel",
    lhs: [4, 6, 6, 7],
    rhs: [5, 6, 3, 3],
    spec: {
      lhsDilation: [2, 2],
      rhsDilation: [1, 2],
      padding: [
        [2, 2],
        [4, 3],
      ],
    },
  },
  {
    name: "2-D feature groups",
    lhs: [4, 8, 6, 6],
    rhs: [12, 4, 3, 3],
    spec: {
      featureGroupCount: 2,
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
  {
    name: "2-D batch groups",
    lhs: [4, 6, 5, 5],
    rhs: [6, 6, 3, 3],
    spec: {
      batchGroupCount: 2,
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
  {
    name: "2-D strided output, channels-last",
    lhs: [3, 6, 7, 9],
    rhs: [3, 3, 9, 7],
    spec: {
      lhsSpec: [0, 3, 1, 2],
      rhsSpec: [3, 2, 0, 1],
      outSpec: [0, 3, 1, 2],
      windowStrides: [2, 1],
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
  {
    name: "3-D input gradient",
    lhs: [2, 4, 4, 4, 4],
    rhs: [5, 4, 3, 3, 3],
    spec: {
      padding: [
        [2, 2],
        [2, 2],
        [2, 2],
      ],
    },
  },
];

/** Small integers (−3 … 3): exact products and sums. */
function integers(dtype: "float32" | "float64", n: number, seed: number): Float32Array | Float64Array {
  const x = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = ((i * 7919 + seed * 104729) % 7) - 3;
  return x;
}

/** Spread values in [−1, 1). */
function spread(dtype: "float32" | "float64", n: number, seed: number): Float32Array | Float64Array {
  const x = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

describe("im2col and col2im in WebAssembly", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [k, c] of [...cases, ...scatterCases].entries()) {
      it(`${c.name} (${dtype}) equals the convolution by definition exactly`, () => {
        const spec = withDefaults(c.lhs.length, c.spec);
        const lhs = integers(dtype, size(c.lhs), k + 1);
        const rhs = integers(dtype, size(c.rhs), k + 101);
        const expected = convReference(lhs, c.lhs, rhs, c.rhs, spec);
        const out = convKernel(lhs, c.lhs, rhs, c.rhs, spec, expected.shape, dtype);
        expect(Array.from(out)).toEqual(expected.values);
      });
    }
  }
});

describe("im2col and col2im on the thread pool", () => {
  const before = poolSize();
  afterAll(() => {
    setIm2colParallelThreshold(1 << 20);
    setCol2imParallelThreshold(1 << 20);
    setWorkerHost(nodeWorkerHost);
    setThreads(before);
  });

  it("gives the bits of one thread on 2 and 3 threads, and the workers take tasks", () => {
    setWorkerHost({ ...nodeWorkerHost, cores: () => 4 });
    for (const dtype of ["float32", "float64"] as const) {
      // Cases with enough work per task that a worker wakes before the caller has taken them all.
      for (const c of [cases[0], cases[5], cases[6], scatterCases[0], scatterCases[1]]) {
        const spec = withDefaults(c.lhs.length, c.spec);
        const lhs = spread(dtype, size(c.lhs), 3);
        const rhs = spread(dtype, size(c.rhs), 4);
        const shape = convReference(lhs, c.lhs, rhs, c.rhs, spec).shape;
        setIm2colParallelThreshold(1 << 30);
        setCol2imParallelThreshold(1 << 30);
        setThreads(1);
        const one = Array.from(convKernel(lhs, c.lhs, rhs, c.rhs, spec, shape, dtype));
        setIm2colParallelThreshold(0);
        setCol2imParallelThreshold(0);
        for (const n of [2, 3]) {
          setThreads(n);
          expect(matmulThreadsReady()).toBe(true);
          const workerTasks = matmulThreadStats().workerTasks;
          const end = Date.now() + 10000;
          do {
            expect(Array.from(convKernel(lhs, c.lhs, rhs, c.rhs, spec, shape, dtype))).toEqual(one);
          } while (matmulThreadStats().workerTasks === workerTasks && Date.now() < end);
          expect(matmulThreadStats().workerTasks).toBeGreaterThan(workerTasks);
        }
      }
    }
  });
});
