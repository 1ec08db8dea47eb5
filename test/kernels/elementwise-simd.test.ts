import { afterAll, describe, expect, it } from "vitest";
import { allocate, type DType, type TypedArray } from "../../src/tensor/dtype";
import { broadcastShapes, sizeOf, type Shape } from "../../src/tensor/shape";
import { binaryKernel, compareKernel, selectKernel, type BinaryOp, type CompareOp } from "../../src/tensor/kernels/binary";
import { unaryKernel, type UnaryOp } from "../../src/tensor/kernels/unary";
import { reduceKernel } from "../../src/tensor/kernels/reduce";
import {
  ELEMENTWISE_SIMD_MIN_ELEMENTS,
  setElementwiseSimdMinElements,
  simdBinary,
  simdCompare,
  simdExtreme,
  simdSelect,
  simdUnary,
} from "../../src/tensor/kernels/elementwise-simd";
import { rng } from "./reference";
import { abs, add, div, floor, greater, jit, less, makeJaxpr, maximum, minimum, mul, neg, sign, sqrt, sub, tensor, where, type Tensor } from "../../src/index";
import { compile } from "../../src/core/compile/executable";

// The JavaScript loops of the kernels are the reference: every SIMD result must equal theirs bit
// for bit, NaN payloads aside (which of two NaN operands a JavaScript `a + b` passes on depends
// on the order V8's compiler puts the operands in, so any NaN equals any NaN).
afterAll(() => {
  setElementwiseSimdMinElements(ELEMENTWISE_SIMD_MIN_ELEMENTS);
});

/** The result of `kernel` on its JavaScript loops. */
function reference<T>(kernel: () => T): T {
  const previous = setElementwiseSimdMinElements(Infinity);
  try {
    return kernel();
  } finally {
    setElementwiseSimdMinElements(previous);
  }
}

/** The result of a SIMD function at any size (it must take the op: undefined fails the test). */
function simd<T>(run: () => T | undefined): T {
  const previous = setElementwiseSimdMinElements(1);
  try {
    const out = run();
    expect(out, "the SIMD path declined").toBeDefined();
    return out as T;
  } finally {
    setElementwiseSimdMinElements(previous);
  }
}

/** Indices (at most 5) where two arrays differ in their bytes (both NaN counts as equal), with both values. */
function differences(got: TypedArray, want: TypedArray): [number, number, number][] {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  const bytes = got.BYTES_PER_ELEMENT;
  const g = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  const w = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
  const out: [number, number, number][] = [];
  for (let i = 0; i < got.length && out.length < 5; i++) {
    if (Number.isNaN(got[i]) && Number.isNaN(want[i])) continue;
    for (let b = 0; b < bytes; b++) {
      if (g[i * bytes + b] !== w[i * bytes + b]) {
        out.push([i, got[i], want[i]]);
        break;
      }
    }
  }
  return out;
}

const floatSpecials = [NaN, -NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 1, -1, 0.5, 2];
const float64Specials = [...floatSpecials, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, 1 + 2 ** -52];
const intSpecials = [0, 1, -1, 2147483647, -2147483648, 65536, -65536, 46341, 7];

/** `size` elements of `dtype`: random values with special ones mixed in at random places. */
function data(dtype: DType, size: number, seed: number): TypedArray {
  const rand = rng(seed);
  const out = allocate(dtype, size);
  const specials = dtype === "float64" ? float64Specials : dtype === "float32" ? floatSpecials : intSpecials;
  for (let i = 0; i < size; i++) {
    if (dtype === "bool") out[i] = rand() < 0.5 ? 1 : 0;
    else if (rand() < 0.15) out[i] = specials[Math.floor(rand() * specials.length)];
    else if (dtype === "int32" || dtype === "uint32") out[i] = Math.floor(rand() * 4e9) - 2e9;
    else out[i] = (rand() - 0.5) * 10 ** Math.floor(rand() * 8 - 4);
  }
  return out;
}

/** Sizes around the lane widths (2, 4), the vector step, and the 16384-element chunk. */
const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 16383, 16384, 16385, 40003];

/**
 * Shape pairs the SIMD path takes: equal, a scalar side, a trailing row (with leading 1s), rows
 * that do not divide the chunk or exceed it, and elements held over the trailing axes (runs
 * shorter than a vector, not a multiple of it, crossing chunks), also against a trailing row.
 */
const broadcastPairs: [Shape, Shape][] = [
  [[37], []],
  [[], [37]],
  [[1], [4099]],
  [[5, 7], [7]],
  [[3], [9, 3]],
  [
    [1, 1, 6],
    [4, 5, 6],
  ],
  [
    [700, 1000],
    [1, 1000],
  ],
  [[3, 20001], [20001]],
  [[20001], [3, 20001]],
  [
    [6, 10],
    [6, 1],
  ],
  [
    [16, 64, 1],
    [16, 64, 128],
  ],
  [
    [3, 5, 1, 1],
    [3, 5, 7, 3],
  ],
  [
    [5, 7001],
    [5, 1],
  ],
  [
    [2049, 1],
    [1, 3],
  ],
];

const binaryCases: [DType, BinaryOp[]][] = [
  ["float32", ["add", "sub", "mul", "div", "max", "min"]],
  ["float64", ["add", "sub", "mul", "div", "max", "min"]],
  ["int32", ["add", "sub", "mul", "max", "min"]],
  ["uint32", ["add", "sub", "mul", "max", "min"]],
];

describe("SIMD binary kernels equal the JavaScript loops bit for bit", () => {
  for (const [dtype, ops] of binaryCases) {
    it(`${dtype} ${ops.join(", ")}: equal shapes of every size, special values`, () => {
      for (const n of sizes) {
        const a = data(dtype, n, n);
        const b = data(dtype, n, n + 1000);
        for (const op of ops) {
          const got = simd(() => simdBinary(op, a, [n], b, [n], [n], dtype, n));
          const want = reference(() => binaryKernel(op, a, [n], b, [n], [n], dtype));
          expect(differences(got, want), `${op} n=${n}`).toEqual([]);
        }
      }
    });

    it(`${dtype} ${ops.join(", ")}: scalar and trailing-row broadcasts`, () => {
      for (const [aShape, bShape] of broadcastPairs) {
        const outShape = broadcastShapes("test", aShape, bShape);
        const a = data(dtype, sizeOf(aShape), 11);
        const b = data(dtype, sizeOf(bShape), 12);
        for (const op of ops) {
          const got = simd(() => simdBinary(op, a, aShape, b, bShape, outShape, dtype, sizeOf(outShape)));
          const want = reference(() => binaryKernel(op, a, aShape, b, bShape, outShape, dtype));
          expect(differences(got, want), `${op} ${JSON.stringify([aShape, bShape])}`).toEqual([]);
        }
      }
    });
  }

  it("every pair of special float32 values, for each op", () => {
    const n = floatSpecials.length ** 2;
    const a = Float32Array.from({ length: n }, (_, i) => floatSpecials[Math.floor(i / floatSpecials.length)]);
    const b = Float32Array.from({ length: n }, (_, i) => floatSpecials[i % floatSpecials.length]);
    for (const op of ["add", "sub", "mul", "div", "max", "min"] as const) {
      const got = simd(() => simdBinary(op, a, [n], b, [n], [n], "float32", n));
      expect(
        differences(
          got,
          reference(() => binaryKernel(op, a, [n], b, [n], [n], "float32")),
        ),
        op,
      ).toEqual([]);
    }
  });

  it("declines what it has no lane code or layout for, and the kernel still gives the JavaScript result", () => {
    const a = data("int32", 60, 1);
    const b = data("int32", 60, 2);
    const previous = setElementwiseSimdMinElements(1);
    try {
      expect(simdBinary("div", a, [60], b, [60], [60], "int32", 60)).toBeUndefined();
      expect(simdBinary("pow", data("float64", 60, 3), [60], data("float64", 60, 4), [60], [60], "float64", 60)).toBeUndefined();
      // A middle-axis broadcast ([1, 6, 1] against [4, 6, 10]) is neither a trailing row nor held over the trailing axes.
      const col = data("float32", 6, 5);
      const x = data("float32", 240, 6);
      expect(simdBinary("add", x, [4, 6, 10], col, [1, 6, 1], [4, 6, 10], "float32", 240)).toBeUndefined();
      const got = binaryKernel("add", x, [4, 6, 10], col, [1, 6, 1], [4, 6, 10], "float32");
      expect(got[73]).toBe(Math.fround(x[73] + col[1]));
      // Storage of another dtype than the op's (a Float64Array under a float32 op) goes to the loops.
      expect(simdBinary("add", data("float64", 60, 7), [60], data("float64", 60, 8), [60], [60], "float32", 60)).toBeUndefined();
    } finally {
      setElementwiseSimdMinElements(previous);
    }
  });

  it("the kernels take the SIMD path from the threshold on, and write every output element", () => {
    const n = ELEMENTWISE_SIMD_MIN_ELEMENTS + 3;
    const a = data("float32", n, 21);
    const b = data("float32", n, 22);
    expect(
      differences(
        binaryKernel("mul", a, [n], b, [n], [n], "float32"),
        reference(() => binaryKernel("mul", a, [n], b, [n], [n], "float32")),
      ),
    ).toEqual([]);
    // Stale values in the scratch memory from a previous call must not leak into a shorter one.
    const c = data("float32", n - 2, 23);
    const d = data("float32", n - 2, 24);
    const got = simd(() => simdBinary("add", c, [n - 2], d, [n - 2], [n - 2], "float32", n - 2));
    expect(
      differences(
        got,
        reference(() => binaryKernel("add", c, [n - 2], d, [n - 2], [n - 2], "float32")),
      ),
    ).toEqual([]);
  });
});

const unaryCases: [DType, UnaryOp[]][] = [
  ["float32", ["neg", "abs", "sqrt", "floor", "ceil", "sign"]],
  ["float64", ["neg", "abs", "sqrt", "floor", "ceil", "sign"]],
  ["int32", ["neg", "sign"]],
];

describe("SIMD unary kernels equal the JavaScript loops bit for bit", () => {
  for (const [dtype, ops] of unaryCases) {
    it(`${dtype} ${ops.join(", ")}`, () => {
      for (const n of sizes) {
        const x = data(dtype, n, 3 * n);
        for (const op of ops) {
          const got = simd(() => simdUnary(op, x, dtype));
          expect(
            differences(
              got,
              reference(() => unaryKernel(op, x, dtype)),
            ),
            `${op} n=${n}`,
          ).toEqual([]);
        }
      }
    });
  }
});

describe("SIMD comparisons equal the JavaScript loops", () => {
  const ops: CompareOp[] = ["eq", "ne", "gt", "ge", "lt", "le"];
  for (const dtype of ["float32", "float64", "int32", "uint32"] as const) {
    it(`${dtype}: equal shapes of every size (with many equal pairs), and broadcasts`, () => {
      for (const n of sizes) {
        const a = data(dtype, n, 5 * n);
        const b = data(dtype, n, 5 * n + 1);
        for (let i = 0; i < n; i += 3) b[i] = a[i];
        for (const op of ops) {
          const got = simd(() => simdCompare(op, a, [n], b, [n], [n], n));
          expect(
            differences(
              got,
              reference(() => compareKernel(op, a, [n], b, [n], [n])),
            ),
            `${op} n=${n}`,
          ).toEqual([]);
        }
      }
      for (const [aShape, bShape] of broadcastPairs) {
        const outShape = broadcastShapes("test", aShape, bShape);
        const a = data(dtype, sizeOf(aShape), 31);
        const b = data(dtype, sizeOf(bShape), 32);
        for (const op of ops) {
          const got = simd(() => simdCompare(op, a, aShape, b, bShape, outShape, sizeOf(outShape)));
          expect(
            differences(
              got,
              reference(() => compareKernel(op, a, aShape, b, bShape, outShape)),
            ),
            `${op} ${JSON.stringify([aShape, bShape])}`,
          ).toEqual([]);
        }
      }
    });
  }
});

describe("SIMD select equals the JavaScript loop", () => {
  /** Condition, a, b shapes: all full, scalar branches, a scalar condition, trailing rows. */
  const shapeTriples: [Shape, Shape, Shape][] = [
    [
      [5, 7],
      [5, 7],
      [5, 7],
    ],
    [[5, 7], [5, 7], []],
    [[5, 7], [], [5, 7]],
    [[], [5, 7], [5, 7]],
    [[7], [5, 7], [1]],
    [[3, 20001], [20001], []],
    [[6, 1], [6, 4099], [1]],
    [
      [6, 4099],
      [6, 1],
      [6, 1],
    ],
  ];
  for (const dtype of ["float32", "float64", "int32"] as const) {
    it(`${dtype}: every size, and broadcasts; conditions other than 0 and 1 count as true`, () => {
      for (const n of sizes) {
        const cond = data("bool", n, 7 * n) as Uint8Array;
        for (let i = 0; i < n; i += 5) cond[i] = 2 + (i % 250);
        const a = data(dtype, n, 7 * n + 1);
        const b = data(dtype, n, 7 * n + 2);
        const got = simd(() => simdSelect(cond, [n], a, [n], b, [n], [n], dtype, n));
        expect(
          differences(
            got,
            reference(() => selectKernel(cond, [n], a, [n], b, [n], [n], dtype)),
          ),
          `n=${n}`,
        ).toEqual([]);
      }
      for (const [cShape, aShape, bShape] of shapeTriples) {
        const outShape = broadcastShapes("test", broadcastShapes("test", cShape, aShape), bShape);
        const cond = data("bool", sizeOf(cShape), 41) as Uint8Array;
        const a = data(dtype, sizeOf(aShape), 42);
        const b = data(dtype, sizeOf(bShape), 43);
        const got = simd(() => simdSelect(cond, cShape, a, aShape, b, bShape, outShape, dtype, sizeOf(outShape)));
        const want = reference(() => selectKernel(cond, cShape, a, aShape, b, bShape, outShape, dtype));
        expect(differences(got, want), JSON.stringify([cShape, aShape, bShape])).toEqual([]);
      }
    });
  }
});

describe("jit(f) ≡ f past the SIMD threshold: the eager SIMD kernels and the fused wasm loops agree", () => {
  /** Values as plain arrays, with −0 and 0 told apart and NaN equal to itself. */
  const exact = (t: Tensor) => Array.from(t.data(), (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v));
  const n = 3 * ELEMENTWISE_SIMD_MIN_ELEMENTS + 5;
  for (const dtype of ["float32", "float64"] as const) {
    it(`${dtype}, ${n} elements: arithmetic, max/min, sign, floor, sqrt, comparisons and select, with a trailing row`, () => {
      const x = tensor(Array.from(data(dtype, n, 51)), dtype);
      const y = tensor(Array.from(data(dtype, n, 52)), dtype);
      const rowLength = 5;
      const rowCount = 1231;
      const rows = tensor(Array.from(data(dtype, rowCount * rowLength, 53)), dtype, [rowCount, rowLength]);
      const row = tensor(Array.from(data(dtype, rowLength, 54)), dtype);
      const f = (a: Tensor, b: Tensor, r: Tensor, q: Tensor): Tensor[] => {
        const s = add(mul(a, b), div(sub(a, 1.25), b));
        const m = maximum(minimum(a, b), neg(abs(s)));
        const w = where(greater(a, b), sqrt(abs(m)), mul(add(floor(a), sign(s)), 0.5));
        return [s, m, w, sub(mul(r, q), q), less(r, q)];
      };
      expect(compile(makeJaxpr(f)(x, y, rows, row)).stats.wasmLoops).toBe(2);
      const eager = f(x, y, rows, row);
      const staged = jit(f)(x, y, rows, row);
      staged.forEach((t, i) => {
        expect(exact(t), `output ${i}`).toEqual(exact(eager[i]));
      });
    });
  }
});

describe("SIMD max and min reductions equal the JavaScript loops bit for bit", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`${dtype}: whole arrays of every size and rows of the last axis, with NaN, ±0 and ±Infinity`, () => {
      for (const n of sizes) {
        const x = data(dtype, n, 9 * n);
        for (const op of ["max", "min"] as const) {
          const got = simd(() => reduceKernel(op, x, [n], [0], dtype));
          expect(
            differences(
              got,
              reference(() => reduceKernel(op, x, [n], [0], dtype)),
            ),
            `${op} n=${n}`,
          ).toEqual([]);
        }
      }
      // Rows: ordinary values (the SIMD result stands), one row with a NaN, rows of zeros of both signs, negative rows, an infinite one.
      const rows = 6;
      const n = 4099;
      const x = allocate(dtype, rows * n);
      const rand = rng(77);
      for (let i = 0; i < x.length; i++) x[i] = (rand() - 0.5) * 100;
      x[n + 1234] = NaN;
      for (let i = 2 * n; i < 3 * n; i++) x[i] = rand() < 0.5 ? -0 : 0;
      for (let i = 3 * n; i < 4 * n; i++) x[i] = -1 - rand();
      x[4 * n + 17] = Infinity;
      x[4 * n + 18] = -Infinity;
      x[5 * n + n - 1] = 1e6;
      for (const op of ["max", "min"] as const) {
        const got = simd(() => reduceKernel(op, x, [rows, n], [1], dtype));
        expect(
          differences(
            got,
            reference(() => reduceKernel(op, x, [rows, n], [1], dtype)),
          ),
          op,
        ).toEqual([]);
      }
    });

    it(`${dtype}: the SIMD result is used for ordinary values and declined for NaN and zero results`, () => {
      const previous = setElementwiseSimdMinElements(1);
      try {
        const x = data(dtype, 1001, 5).map((v) => (Number.isNaN(v) || v === 0 ? 1 : v));
        let max = -Infinity;
        for (const v of x) max = Math.max(max, v);
        expect(simdExtreme("max", x, 0, x.length)).toBe(max);
        x[500] = NaN;
        expect(simdExtreme("max", x, 0, x.length)).toBeUndefined();
        expect(simdExtreme("min", allocate(dtype, 37).fill(-0), 0, 37)).toBeUndefined();
      } finally {
        setElementwiseSimdMinElements(previous);
      }
    });
  }
});
