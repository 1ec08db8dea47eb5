import { describe, expect, it } from "vitest";
import type { DType, TypedArray } from "../../src/tensor/dtype";
import type { Shape } from "../../src/tensor/shape";
import {
  concatKernel,
  convertKernel,
  gatherKernel,
  iotaKernel,
  padKernel,
  scatterAddKernel,
  sliceKernel,
  slicedShape,
  transposeKernel,
} from "../../src/tensor/kernels/layout";
import { expectClose, expectDType, randomData, ravel, rng, size, snapshot, unravel } from "./reference";

const DTYPES: DType[] = ["float32", "float64", "int32", "bool"];

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  }
  return out;
}

function randomInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

describe("transposeKernel", () => {
  const cases: Shape[] = [
    [],
    [7],
    [1, 1],
    [3, 5],
    [1, 7],
    [33, 65],
    [70, 40],
    [2, 3, 4],
    [3, 1, 7],
    [3, 33, 40],
    [2, 3, 1, 5],
    [4, 3, 5, 2],
    [2, 5, 3, 24],
    [0, 3],
  ];
  for (const dtype of DTYPES) {
    it(`matches the reference for every permutation (${dtype})`, () => {
      const rand = rng(dtype.length);
      for (const shape of cases) {
        for (const perm of permutations(shape.length)) {
          const x = randomData(dtype, size(shape), rand);
          const before = snapshot(x);
          const out = transposeKernel(x, shape, perm, dtype);
          expectDType(out, dtype);
          const outShape = perm.map((p) => shape[p]);
          const expected: number[] = [];
          for (let i = 0; i < size(outShape); i++) {
            const oi = unravel(i, outShape);
            const xi = new Array<number>(shape.length);
            perm.forEach((p, d) => (xi[p] = oi[d]));
            expected.push(x[ravel(xi, shape)]);
          }
          expectClose(out, expected);
          expect(snapshot(x)).toEqual(before);
        }
      }
    });
  }
});

describe("sliceKernel and padKernel", () => {
  const shapes: Shape[] = [[7], [3, 5], [4, 1, 7], [17, 3, 2], [2, 3, 4, 5]];
  for (const dtype of DTYPES) {
    it(`slice matches the reference on random windows and steps (${dtype})`, () => {
      const rand = rng(11 + dtype.length);
      for (const shape of shapes) {
        for (let trial = 0; trial < 20; trial++) {
          const start = shape.map((d) => randomInt(rand, 0, d));
          const end = shape.map((d, i) => randomInt(rand, start[i], d));
          const step = shape.map(() => randomInt(rand, 1, 3));
          const x = randomData(dtype, size(shape), rand);
          const out = sliceKernel(x, shape, start, end, step, dtype);
          expectDType(out, dtype);
          const outShape = slicedShape(start, end, step);
          const expected: number[] = [];
          for (let i = 0; i < size(outShape); i++) {
            const oi = unravel(i, outShape);
            expected.push(
              x[
                ravel(
                  oi.map((j, d) => start[d] + j * step[d]),
                  shape,
                )
              ],
            );
          }
          expectClose(out, expected);
        }
      }
    });

    it(`pad matches the reference and is the transpose of slice (${dtype})`, () => {
      const rand = rng(23 + dtype.length);
      for (const outShape of shapes) {
        for (let trial = 0; trial < 20; trial++) {
          const before = outShape.map((d) => randomInt(rand, 0, d));
          const step = outShape.map(() => randomInt(rand, 1, 3));
          const end = outShape.map((d, i) => randomInt(rand, before[i], d));
          const shape = slicedShape(before, end, step);
          const x = randomData(dtype, size(shape), rand);
          const out = padKernel(x, shape, before, outShape, step, dtype);
          expectDType(out, dtype);
          const expected = new Array<number>(size(outShape)).fill(0);
          for (let i = 0; i < x.length; i++) {
            const xi = unravel(i, shape);
            expected[
              ravel(
                xi.map((j, d) => before[d] + j * step[d]),
                outShape,
              )
            ] = x[i];
          }
          expectClose(out, expected);
          // slice(pad(x)) recovers x
          expectClose(sliceKernel(out, outShape, before, end, step, dtype), Array.from(x));
        }
      }
    });
  }

  it("handles zero padding on both sides", () => {
    const out = padKernel(Float32Array.of(1, 2, 3, 4), [2, 2], [1, 0], [3, 4], [1, 1], "float32");
    expectClose(out, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
  });
});

describe("concatKernel", () => {
  for (const dtype of DTYPES) {
    it(`matches the reference along every axis (${dtype})`, () => {
      const rand = rng(41 + dtype.length);
      for (const base of [[7], [3, 5], [2, 1, 4], [3, 4, 2, 5]] as Shape[]) {
        for (let axis = 0; axis < base.length; axis++) {
          const count = randomInt(rand, 1, 4);
          const shapes = Array.from({ length: count }, () => base.map((d, i) => (i === axis ? randomInt(rand, 0, 4) : d)));
          const parts = shapes.map((s) => randomData(dtype, size(s), rand));
          const out = concatKernel(parts, shapes, axis, dtype);
          expectDType(out, dtype);
          const outShape = base.map((d, i) => (i === axis ? shapes.reduce((n, s) => n + s[axis], 0) : d));
          const expected: number[] = [];
          for (let i = 0; i < size(outShape); i++) {
            const oi = unravel(i, outShape);
            let j = oi[axis];
            let p = 0;
            while (j >= shapes[p][axis]) j -= shapes[p++][axis];
            expected.push(
              parts[p][
                ravel(
                  oi.map((v, d) => (d === axis ? j : v)),
                  shapes[p],
                )
              ],
            );
          }
          expectClose(out, expected);
        }
      }
    });
  }
});

describe("gatherKernel and scatterAddKernel", () => {
  const xShapes: Shape[] = [[7], [3, 5], [4, 1, 3], [2, 3, 4, 5]];
  const indexShapes: Shape[] = [[], [1], [4], [2, 3], [0]];

  for (const dtype of ["float32", "float64", "int32"] as DType[]) {
    it(`gather matches numpy.take semantics (${dtype})`, () => {
      const rand = rng(53 + dtype.length);
      for (const shape of xShapes) {
        for (let axis = 0; axis < shape.length; axis++) {
          for (const iShape of indexShapes) {
            const indices = Int32Array.from({ length: size(iShape) }, () => randomInt(rand, 0, shape[axis] - 1));
            const x = randomData(dtype, size(shape), rand);
            const out = gatherKernel(x, shape, indices, iShape, axis, dtype);
            expectDType(out, dtype);
            const outShape = [...shape.slice(0, axis), ...iShape, ...shape.slice(axis + 1)];
            const expected: number[] = [];
            for (let i = 0; i < size(outShape); i++) {
              const oi = unravel(i, outShape);
              const ii = oi.slice(axis, axis + iShape.length);
              const xi = [...oi.slice(0, axis), indices[ravel(ii, iShape)], ...oi.slice(axis + iShape.length)];
              expected.push(x[ravel(xi, shape)]);
            }
            expectClose(out, expected);
          }
        }
      }
    });

    it(`scatterAdd matches the reference, accumulating repeats (${dtype})`, () => {
      const rand = rng(67 + dtype.length);
      for (const outShape of xShapes) {
        for (let axis = 0; axis < outShape.length; axis++) {
          for (const iShape of indexShapes) {
            // few distinct positions, so indices repeat
            const indices = Int32Array.from({ length: size(iShape) }, () => randomInt(rand, 0, Math.min(1, outShape[axis] - 1)));
            const uShape = [...outShape.slice(0, axis), ...iShape, ...outShape.slice(axis + 1)];
            const updates = randomData(dtype, size(uShape), rand);
            const before = snapshot(updates);
            const out = scatterAddKernel(updates, indices, iShape, outShape, axis, dtype);
            expectDType(out, dtype);
            const expected = new Array<number>(size(outShape)).fill(0);
            for (let i = 0; i < updates.length; i++) {
              const ui = unravel(i, uShape);
              const ii = ui.slice(axis, axis + iShape.length);
              const oi = [...ui.slice(0, axis), indices[ravel(ii, iShape)], ...ui.slice(axis + iShape.length)];
              expected[ravel(oi, outShape)] += updates[i];
            }
            expectClose(out, expected, dtype === "float32" ? 1e-6 : 1e-14, 1e-5);
            expect(snapshot(updates)).toEqual(before);
          }
        }
      }
    });
  }

  it("scatterAdd is the adjoint of gather: <gather(x), u> = <x, scatterAdd(u)>", () => {
    const rand = rng(77);
    const shape = [4, 6, 3];
    const axis = 1;
    const iShape = [5, 2];
    const indices = Int32Array.from({ length: 10 }, () => randomInt(rand, 0, 5));
    const x = randomData("float64", size(shape), rand);
    const g = gatherKernel(x, shape, indices, iShape, axis, "float64");
    const u = randomData("float64", g.length, rand);
    const s = scatterAddKernel(u, indices, iShape, shape, axis, "float64");
    const dot = (p: TypedArray, q: TypedArray): number => {
      let acc = 0;
      for (let i = 0; i < p.length; i++) acc += Number(p[i]) * Number(q[i]);
      return acc;
    };
    expect(dot(g, u)).toBeCloseTo(dot(x, s), 10);
  });
});

describe("convertKernel", () => {
  it("converts between every pair of dtypes like storing the value (float to int truncates)", () => {
    const rand = rng(3);
    for (const from of DTYPES) {
      for (const to of DTYPES) {
        const x = randomData(from, 37, rand);
        const out = convertKernel(x, to);
        expectDType(out, to);
        expect(out).not.toBe(x);
        const expected = Array.from(x, (v) => {
          if (to === "bool") return v !== 0 ? 1 : 0;
          if (to === "int32") return Math.trunc(v);
          if (to === "float32") return Math.fround(v);
          return v;
        });
        expectClose(out, expected);
      }
    }
  });

  it("handles the edge cases explicitly", () => {
    expectClose(convertKernel(Float64Array.of(-1.7, 1.7, -0.5, NaN, 1e12, -1e12), "int32"), [-1, 1, 0, 0, 2147483647, -2147483648]);
    expectClose(convertKernel(Float64Array.of(0, -0, 0.1, NaN, -3), "bool"), [0, 0, 1, 1, 1]);
    expectClose(convertKernel(Float64Array.of(0.1), "float32"), [Math.fround(0.1)]);
  });
});

describe("iotaKernel", () => {
  for (const dtype of ["float32", "float64", "int32"] as DType[]) {
    it(`produces start + i*step (${dtype})`, () => {
      for (const [start, step, n] of [
        [0, 1, 0],
        [0, 1, 7],
        [-3, 2, 17],
        [5, -1, 4],
      ]) {
        const out = iotaKernel(start, step, n, dtype);
        expectDType(out, dtype);
        expectClose(
          out,
          Array.from({ length: n }, (_, i) => start + i * step),
        );
      }
    });
  }
  it("fractional steps in float32", () => {
    expectClose(iotaKernel(1, 0.1, 3, "float32"), [1, Math.fround(1.1), Math.fround(1.2)]);
  });
});
