import type { TypedArray } from "../../src/tensor/dtype";
import { describe, expect, it } from "vitest";
import { broadcastStrides, coalesce, isSingleRow, RowIterator } from "../../src/tensor/kernels/broadcast-iter";
import { stridedCopy } from "../../src/tensor/kernels/strided-copy";
import { rng, size, unravel } from "./reference";

describe("broadcastStrides", () => {
  it("zeroes broadcast and missing axes", () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([], [2, 3])).toEqual([0, 0]);
    expect(broadcastStrides([2, 3], [2, 3])).toEqual([3, 1]);
  });
});

describe("coalesce", () => {
  it("merges contiguous axes and drops size-1 axes", () => {
    expect(
      coalesce(
        [2, 3, 4],
        [
          [12, 4, 1],
          [0, 0, 1],
        ],
      ),
    ).toEqual({
      dims: [6, 4],
      strides: [
        [4, 1],
        [0, 1],
      ],
    });
    expect(coalesce([2, 1, 3], [[3, 99, 1]])).toEqual({ dims: [6], strides: [[1]] });
    expect(coalesce([1, 1], [[1, 1]])).toEqual({ dims: [], strides: [[]] });
    expect(coalesce([2, 0], [[1, 1]])).toEqual({ dims: [0], strides: [[0]] });
  });
});

describe("RowIterator", () => {
  it("visits every offset of random strided spaces in row-major order", () => {
    const rand = rng(9);
    for (let trial = 0; trial < 50; trial++) {
      const rank = Math.floor(rand() * 5);
      const dims = Array.from({ length: rank }, () => 1 + Math.floor(rand() * 4));
      const strides = [0, 1].map(() => dims.map(() => Math.floor(rand() * 3) * (1 + Math.floor(rand() * 5))));
      const base = [Math.floor(rand() * 7), 3];
      const visited: number[][] = [[], []];
      const it = new RowIterator(dims, strides, base);
      for (let r = 0; r < it.rows; r++, it.next()) {
        for (let o = 0; o < 2; o++) {
          for (let i = 0; i < it.inner; i++) visited[o].push(it.offsets[o] + i * it.innerStrides[o]);
        }
      }
      for (let o = 0; o < 2; o++) {
        const expected = Array.from({ length: size(dims) }, (_, flat) => unravel(flat, dims).reduce((acc, j, d) => acc + j * strides[o][d], base[o]));
        expect(visited[o]).toEqual(expected);
      }
    }
  });

  it("has no rows for an empty space", () => {
    expect(new RowIterator([3, 0, 2], [[1, 1, 1]]).rows).toBe(0);
  });
});

describe("stridedCopy", () => {
  it("copies a strided view into a strided destination", () => {
    const dst = new Float32Array(4);
    stridedCopy(Float32Array.of(1, 2, 3, 4), 0, [1, 2], dst, 0, [2, 1], [2, 2]);
    expect(Array.from(dst)).toEqual([1, 3, 2, 4]);
  });

  /** The reference: every element by its index, stored into `dst`'s type. */
  function referenceCopy(
    src: TypedArray,
    srcOffset: number,
    srcStrides: number[],
    dst: TypedArray,
    dstOffset: number,
    dstStrides: number[],
    dims: number[],
  ): void {
    const count = dims.reduce((a, b) => a * b, 1);
    for (let i = 0; i < count; i++) {
      let rest = i;
      let s = srcOffset;
      let d = dstOffset;
      for (let k = dims.length - 1; k >= 0; k--) {
        const idx = rest % dims[k];
        rest = Math.floor(rest / dims[k]);
        s += idx * srcStrides[k];
        d += idx * dstStrides[k];
      }
      dst[d] = src[s];
    }
  }

  it("matches the reference on runs of every kind, for float32 and other types alike", () => {
    const special = [Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.1, 3e38, 1e-45];
    // [dims, src strides, src offset]: short and long contiguous runs, broadcast (stride-0) rows, strided rows.
    const cases: [number[], number[], number][] = [
      [[3, 5, 17], [170, 34, 1], 2],
      [[4, 70], [71, 1], 1],
      [[2, 3, 40], [3, 1, 0], 0],
      [[5, 9], [1, 0], 0],
      [[6, 7], [1, 6], 0],
      [[2, 2, 16], [0, 16, 1], 3],
    ];
    const types = [Float32Array, Float64Array, Int32Array, Uint8Array] as const;
    for (const [dims, srcStrides, srcOffset] of cases) {
      for (const Src of types) {
        for (const Dst of [Float32Array, Src]) {
          const srcLength = srcOffset + dims.reduce((m, d, k) => m + (d - 1) * srcStrides[k], 0) + 1;
          const src = new Src(srcLength);
          for (let i = 0; i < srcLength; i++) src[i] = special[i % special.length] * (i % 2 === 0 ? 1 : -1) + (i % 5);
          const count = dims.reduce((a, b) => a * b, 1);
          const dstStrides = dims.map((_, k) => dims.slice(k + 1).reduce((a, b) => a * b, 1));
          const actual = new Dst(count + 2);
          const expected = new Dst(count + 2);
          stridedCopy(src, srcOffset, srcStrides, actual, 1, dstStrides, dims);
          referenceCopy(src, srcOffset, srcStrides, expected, 1, dstStrides, dims);
          expect(Array.from(actual, (v, i) => Object.is(v, expected[i]))).toEqual(Array.from(actual, () => true));
        }
      }
    }
  });
});

describe("isSingleRow", () => {
  it("is true when each operand is laid out like the output or is one element", () => {
    expect(isSingleRow({ length: 6 }, { length: 6 }, 6)).toBe(true);
    expect(isSingleRow({ length: 1 }, { length: 6 }, 6)).toBe(true);
    expect(isSingleRow({ length: 6 }, { length: 1 }, 6)).toBe(true);
    expect(isSingleRow({ length: 1 }, { length: 1 }, 1)).toBe(true);
  });

  it("is false when an operand is broadcast along some axes only", () => {
    // [2, 1] against [3] gives [2, 3]: a has 2 elements, b 3, the output 6.
    expect(isSingleRow({ length: 2 }, { length: 3 }, 6)).toBe(false);
    expect(isSingleRow({ length: 6 }, { length: 3 }, 6)).toBe(false);
  });
});
