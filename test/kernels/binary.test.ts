import { describe, expect, it } from "vitest";
import type { DType } from "../../src/tensor/dtype";
import { broadcastShapes, type Shape } from "../../src/tensor/shape";
import { binaryKernel, compareKernel, selectKernel, type BinaryOp, type CompareOp } from "../../src/tensor/kernels/binary";
import { broadcastToKernel } from "../../src/tensor/kernels/broadcast";
import { broadcastIndex, expectClose, expectDType, randomData, rng, size, snapshot, store, tolerance, unravel } from "./reference";

const binaryRef: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  max: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)),
  min: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)),
  atan2: (x, y) => Math.atan2(x, y),
};

const compareRef: Record<CompareOp, (x: number, y: number) => boolean> = {
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
};

/** Shape pairs covering the flat fast path, scalar sides, and general broadcasting. */
const shapePairs: [Shape, Shape][] = [
  [[7], [7]],
  [
    [3, 5],
    [3, 5],
  ],
  [[], []],
  [[], [3, 5]],
  [[3, 5], []],
  [[1], [17]],
  [[17], [1]],
  [
    [1, 1, 1],
    [3, 7],
  ],
  [
    [3, 1],
    [1, 5],
  ],
  [[2, 3, 4], [4]],
  [
    [2, 3, 4],
    [3, 1],
  ],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [
    [5, 1, 7],
    [5, 3, 7],
  ],
  [
    [3, 17, 1],
    [17, 7],
  ],
  [
    [2, 3, 1, 5],
    [3, 7, 1],
  ],
  [
    [1, 3, 1, 5],
    [2, 1, 7, 1],
  ],
  [[0, 3], [3]],
  [
    [4, 0],
    [1, 1],
  ],
];

/** Reference: visit every output index and read both operands through broadcasting. */
function naive(f: (x: number, y: number) => number, a: ArrayLike<number>, aShape: Shape, b: ArrayLike<number>, bShape: Shape, outShape: Shape): number[] {
  const out: number[] = [];
  for (let i = 0; i < size(outShape); i++) {
    const idx = unravel(i, outShape);
    out.push(f(a[broadcastIndex(idx, aShape)], b[broadcastIndex(idx, bShape)]));
  }
  return out;
}

describe("binaryKernel", () => {
  for (const op of Object.keys(binaryRef) as BinaryOp[]) {
    for (const dtype of ["float32", "float64"] as const) {
      it(`${op} on ${dtype} matches the reference across broadcast shapes`, () => {
        const rand = rng(op.length * 13 + dtype.length);
        for (const [aShape, bShape] of shapePairs) {
          const outShape = broadcastShapes(op, aShape, bShape);
          const a = randomData(dtype, size(aShape), rand);
          const b = randomData(dtype, size(bShape), rand);
          const [aBefore, bBefore] = [snapshot(a), snapshot(b)];
          const out = binaryKernel(op, a, aShape, b, bShape, outShape, dtype);
          expectDType(out, dtype);
          expectClose(out, store(dtype, naive(binaryRef[op], a, aShape, b, bShape, outShape)), tolerance(dtype));
          expect(snapshot(a)).toEqual(aBefore);
          expect(snapshot(b)).toEqual(bBefore);
        }
      });
    }
  }

  for (const op of ["add", "sub", "mul", "max", "min"] as const) {
    it(`${op} on int32 is exact across broadcast shapes`, () => {
      const rand = rng(op.length);
      for (const [aShape, bShape] of shapePairs) {
        const outShape = broadcastShapes(op, aShape, bShape);
        const a = randomData("int32", size(aShape), rand);
        const b = randomData("int32", size(bShape), rand);
        const out = binaryKernel(op, a, aShape, b, bShape, outShape, "int32");
        expectDType(out, "int32");
        expectClose(out, naive(binaryRef[op], a, aShape, b, bShape, outShape));
      }
    });
  }

  it("int32 mul wraps like 32-bit arithmetic", () => {
    const a = Int32Array.of(2147483647, 65536, -3);
    const b = Int32Array.of(3, 65536, 7);
    expectClose(binaryKernel("mul", a, [3], b, [3], [3], "int32"), [Math.imul(2147483647, 3), 0, -21]);
  });

  it("max and min propagate NaN from either side", () => {
    const a = Float64Array.of(NaN, 1, 2);
    const b = Float64Array.of(1, NaN, 3);
    expectClose(binaryKernel("max", a, [3], b, [3], [3], "float64"), [NaN, NaN, 3]);
    expectClose(binaryKernel("min", a, [3], b, [3], [3], "float64"), [NaN, NaN, 2]);
  });

  it("writes float32 inputs into a float64 output when asked", () => {
    const out = binaryKernel("div", Float32Array.of(1), [], Float32Array.of(3), [], [], "float64");
    expectDType(out, "float64");
    expect(out[0]).toBe(1 / 3);
  });
});

describe("compareKernel", () => {
  for (const op of Object.keys(compareRef) as CompareOp[]) {
    for (const dtype of ["float32", "float64", "int32", "bool"] as DType[]) {
      it(`${op} on ${dtype} matches the reference across broadcast shapes`, () => {
        const rand = rng(op.length * 5 + dtype.length);
        for (const [aShape, bShape] of shapePairs) {
          const outShape = broadcastShapes(op, aShape, bShape);
          const a = randomData(dtype, size(aShape), rand);
          // Make ties likely: draw b from a's values half of the time.
          const b = randomData(dtype, size(bShape), rand);
          for (let i = 0; i < b.length; i++) if (a.length > 0 && rand() < 0.5) b[i] = a[Math.floor(rand() * a.length)];
          const out = compareKernel(op, a, aShape, b, bShape, outShape);
          expectDType(out, "bool");
          const f = compareRef[op];
          expectClose(
            out,
            naive((x, y) => (f(x, y) ? 1 : 0), a, aShape, b, bShape, outShape),
          );
        }
      });
    }
  }

  it("NaN compares unequal to everything", () => {
    const a = Float64Array.of(NaN, NaN, 1);
    const b = Float64Array.of(NaN, 1, NaN);
    expectClose(compareKernel("eq", a, [3], b, [3], [3]), [0, 0, 0]);
    expectClose(compareKernel("ne", a, [3], b, [3], [3]), [1, 1, 1]);
    expectClose(compareKernel("ge", a, [3], b, [3], [3]), [0, 0, 0]);
    expectClose(compareKernel("le", a, [3], b, [3], [3]), [0, 0, 0]);
  });
});

describe("selectKernel", () => {
  const triples: [Shape, Shape, Shape][] = [
    [[7], [7], [7]],
    [[], [3, 5], [3, 5]],
    [[3, 5], [], []],
    [[3, 5], [3, 5], []],
    [
      [3, 1],
      [1, 5],
      [3, 5],
    ],
    [[2, 3, 4], [4], [3, 1]],
    [[1, 17], [17, 1], [1]],
    [
      [5, 1, 7],
      [5, 3, 1],
      [3, 7],
    ],
    [
      [2, 1, 3, 1],
      [7, 1, 1],
      [1, 3, 5],
    ],
    [[0], [1], [1]],
  ];
  for (const dtype of ["float32", "float64", "int32", "bool"] as DType[]) {
    it(`matches the reference on ${dtype}`, () => {
      const rand = rng(dtype.length + 99);
      for (const [cShape, aShape, bShape] of triples) {
        const outShape = broadcastShapes("where", broadcastShapes("where", cShape, aShape), bShape);
        const cond = randomData("bool", size(cShape), rand) as Uint8Array;
        const a = randomData(dtype, size(aShape), rand);
        const b = randomData(dtype, size(bShape), rand);
        const out = selectKernel(cond, cShape, a, aShape, b, bShape, outShape, dtype);
        expectDType(out, dtype);
        const expected: number[] = [];
        for (let i = 0; i < size(outShape); i++) {
          const idx = unravel(i, outShape);
          expected.push(cond[broadcastIndex(idx, cShape)] ? a[broadcastIndex(idx, aShape)] : b[broadcastIndex(idx, bShape)]);
        }
        expectClose(out, expected);
      }
    });
  }
});

describe("broadcastToKernel", () => {
  const pairs: [Shape, Shape][] = [
    [[], []],
    [[], [3, 5]],
    [[7], [7]],
    [[7], [3, 7]],
    [
      [3, 1],
      [3, 17],
    ],
    [
      [1, 5, 1],
      [2, 4, 5, 3],
    ],
    [
      [2, 1, 3],
      [2, 7, 3],
    ],
    [[3], [0, 3]],
  ];
  for (const dtype of ["float32", "float64", "int32", "bool"] as DType[]) {
    it(`matches the reference on ${dtype}`, () => {
      const rand = rng(dtype.length + 7);
      for (const [xShape, outShape] of pairs) {
        const x = randomData(dtype, size(xShape), rand);
        const out = broadcastToKernel(x, xShape, outShape, dtype);
        expectDType(out, dtype);
        const expected: number[] = [];
        for (let i = 0; i < size(outShape); i++) expected.push(x[broadcastIndex(unravel(i, outShape), xShape)]);
        expectClose(out, expected);
        expect(out).not.toBe(x);
      }
    });
  }
});
