import { describe, expect, it } from "vitest";
import { convKernel } from "../../src/tensor/kernels/conv";
import { convReference, withDefaults, type ConvCase } from "./conv-reference";
import { expectDType, rng, snapshot } from "./reference";

const cases: readonly ConvCase[] = [
  { name: "1-D", lhs: [2, 3, 11], rhs: [4, 3, 3], spec: {} },
  {
    name: "1-D strided, padded, dilated both sides",
    lhs: [2, 3, 7],
    rhs: [2, 3, 3],
    spec: { windowStrides: [2], padding: [[2, 1]], lhsDilation: [2], rhsDilation: [2] },
  },
  { name: "2-D odd sizes", lhs: [3, 2, 7, 5], rhs: [5, 2, 3, 2], spec: {} },
  {
    name: "2-D strides 2×3, padding incl. negative",
    lhs: [2, 3, 9, 8],
    rhs: [4, 3, 3, 3],
    spec: {
      windowStrides: [2, 3],
      padding: [
        [1, 2],
        [-1, 2],
      ],
    },
  },
  {
    name: "2-D rhs dilation (atrous)",
    lhs: [1, 2, 9, 9],
    rhs: [3, 2, 3, 3],
    spec: {
      rhsDilation: [2, 3],
      padding: [
        [1, 1],
        [0, 2],
      ],
    },
  },
  {
    name: "2-D lhs dilation (transposed)",
    lhs: [2, 2, 4, 5],
    rhs: [3, 2, 3, 3],
    spec: {
      lhsDilation: [2, 3],
      padding: [
        [2, 2],
        [1, 2],
      ],
    },
  },
  {
    name: "2-D feature groups",
    lhs: [2, 6, 6, 5],
    rhs: [9, 2, 3, 2],
    spec: {
      featureGroupCount: 3,
      padding: [
        [1, 1],
        [0, 1],
      ],
    },
  },
  { name: "2-D depthwise", lhs: [2, 4, 5, 5], rhs: [8, 1, 3, 3], spec: { featureGroupCount: 4, windowStrides: [2, 1] } },
  {
    name: "2-D batch groups",
    lhs: [6, 3, 5, 4],
    rhs: [4, 3, 2, 2],
    spec: {
      batchGroupCount: 2,
      padding: [
        [1, 0],
        [0, 0],
      ],
    },
  },
  // NHWC input, HWIO kernel, NCHW output
  {
    name: "2-D NHWC/HWIO→NCHW layouts",
    lhs: [2, 7, 6, 3],
    rhs: [3, 2, 3, 4],
    spec: { lhsSpec: [0, 3, 1, 2], rhsSpec: [3, 2, 0, 1], outSpec: [0, 1, 2, 3], windowStrides: [2, 1] },
  },
  // channels-last output: the product is the output (8 features) or is cut to it (3)
  {
    name: "2-D NHWC → NHWC, 8 features",
    lhs: [2, 6, 5, 3],
    rhs: [3, 3, 3, 8],
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
  {
    name: "2-D NHWC → NHWC, 3 features, strided",
    lhs: [2, 6, 5, 2],
    rhs: [2, 3, 2, 3],
    spec: { lhsSpec: [0, 3, 1, 2], rhsSpec: [3, 2, 0, 1], outSpec: [0, 3, 1, 2], windowStrides: [2, 2] },
  },
  // a layout whose spatial axes come in another order than the kernel's
  {
    name: "2-D layouts with swapped spatial axes",
    lhs: [2, 3, 5, 6],
    rhs: [2, 4, 3, 3],
    spec: { lhsSpec: [0, 1, 3, 2], rhsSpec: [1, 2, 0, 3], outSpec: [3, 0, 2, 1] },
  },
  {
    name: "3-D",
    lhs: [2, 2, 5, 4, 6],
    rhs: [3, 2, 2, 3, 2],
    spec: {
      windowStrides: [1, 2, 3],
      padding: [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      rhsDilation: [2, 1, 1],
    },
  },
  {
    name: "3-D groups and lhs dilation",
    lhs: [1, 4, 3, 3, 3],
    rhs: [4, 2, 2, 2, 2],
    spec: {
      featureGroupCount: 2,
      lhsDilation: [2, 1, 2],
      padding: [
        [1, 1],
        [0, 0],
        [1, 0],
      ],
    },
  },
  // small inputs under wide padding: the kernel adds each input's contributions (col2im) instead of gathering patches
  {
    name: "2-D input-gradient-like (col2im)",
    lhs: [2, 4, 3, 3],
    rhs: [2, 4, 3, 3],
    spec: {
      padding: [
        [2, 2],
        [2, 1],
      ],
    },
  },
  {
    name: "2-D col2im with feature groups",
    lhs: [2, 4, 3, 2],
    rhs: [4, 2, 3, 3],
    spec: {
      featureGroupCount: 2,
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
  {
    name: "2-D col2im with batch groups",
    lhs: [4, 3, 2, 2],
    rhs: [4, 3, 3, 3],
    spec: {
      batchGroupCount: 2,
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
  {
    name: "2-D col2im strided, dilated, NHWC",
    lhs: [1, 3, 2, 3],
    rhs: [3, 2, 3, 2],
    spec: {
      lhsSpec: [0, 3, 1, 2],
      rhsSpec: [3, 2, 0, 1],
      outSpec: [0, 3, 1, 2],
      windowStrides: [1, 2],
      lhsDilation: [2, 2],
      rhsDilation: [1, 2],
      padding: [
        [2, 1],
        [3, 3],
      ],
    },
  },
  {
    name: "3-D col2im",
    lhs: [1, 3, 2, 2, 2],
    rhs: [2, 3, 2, 3, 2],
    spec: {
      padding: [
        [1, 1],
        [2, 2],
        [1, 1],
      ],
      lhsDilation: [1, 2, 1],
    },
  },
  {
    name: "2-D LeNet input gradient (col2im, wasm path)",
    lhs: [8, 16, 10, 10],
    rhs: [6, 16, 5, 5],
    spec: {
      padding: [
        [4, 4],
        [4, 4],
      ],
    },
  },
  // large enough for the WebAssembly matrix kernel
  {
    name: "2-D LeNet-like (wasm path)",
    lhs: [8, 3, 14, 14],
    rhs: [16, 3, 5, 5],
    spec: {
      padding: [
        [2, 2],
        [2, 2],
      ],
    },
  },
];

function random(dtype: "float32" | "float64", n: number, rand: () => number): Float32Array | Float64Array {
  const x = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rand() * 2 - 1;
  return x;
}

describe("convKernel ≡ the convolution by definition", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [index, c] of cases.entries()) {
      it(`${c.name} (${dtype})`, () => {
        const rand = rng(17 + index);
        const spec = withDefaults(c.lhs.length, c.spec);
        const lhs = random(
          dtype,
          c.lhs.reduce((a, b) => a * b, 1),
          rand,
        );
        const rhs = random(
          dtype,
          c.rhs.reduce((a, b) => a * b, 1),
          rand,
        );
        const [lhsBefore, rhsBefore] = [snapshot(lhs), snapshot(rhs)];
        const expected = convReference(lhs, c.lhs, rhs, c.rhs, spec);
        const out = convKernel(lhs, c.lhs, rhs, c.rhs, spec, expected.shape, dtype);
        expectDType(out, dtype);
        expect(out.length).toBe(expected.values.length);
        // sums of at most a few hundred products of values in [-1, 1]
        const tol = dtype === "float32" ? 2e-5 : 1e-13;
        expected.values.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThanOrEqual(tol));
        expect(snapshot(lhs)).toEqual(lhsBefore);
        expect(snapshot(rhs)).toEqual(rhsBefore);
      });
    }
  }

  it("a hand-computed case: [1, 2, 3, 4] by [1, -1] with stride 2 and padding [1, 0]", () => {
    // padded [0, 1, 2, 3, 4]: windows at 0 and 2 give 0·1 + 1·(−1) = −1 and 2 − 3 = −1
    const out = convKernel(
      Float64Array.of(1, 2, 3, 4),
      [1, 1, 4],
      Float64Array.of(1, -1),
      [1, 1, 2],
      withDefaults(3, { windowStrides: [2], padding: [[1, 0]] }),
      [1, 1, 2],
      "float64",
    );
    expect(Array.from(out)).toEqual([-1, -1]);
  });
});
