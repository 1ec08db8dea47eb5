// Shared helpers for the kernel tests: a seeded RNG, random typed arrays, index arithmetic
// and tolerant array comparison. The reference implementations themselves live in each test.
import { expect } from "vitest";
import { allocate, type DType, type TypedArray } from "../../src/tensor/dtype";
import type { Shape } from "../../src/tensor/shape";

export const ALL_DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];
export const FLOAT_DTYPES = ["float32", "float64"] as const;

/** Deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random data of `dtype`: floats in [-5, 5), ints in [-20, 20], bools 0/1. */
export function randomData(dtype: DType, size: number, rand: () => number): TypedArray {
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) {
    switch (dtype) {
      case "float32":
      case "float64":
        out[i] = rand() * 10 - 5;
        break;
      case "int32":
        out[i] = Math.floor(rand() * 41) - 20;
        break;
      case "bool":
        out[i] = rand() < 0.5 ? 1 : 0;
        break;
    }
  }
  return out;
}

export function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Multi-index of flat position `flat` in a row-major `shape`. */
export function unravel(flat: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

/** Flat row-major position of `idx` in `shape`. */
export function ravel(idx: readonly number[], shape: Shape): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
  return flat;
}

/** Flat position in `shape` of output index `outIdx` under NumPy broadcasting. */
export function broadcastIndex(outIdx: readonly number[], shape: Shape): number {
  const lead = outIdx.length - shape.length;
  const idx = shape.map((d, i) => (d === 1 ? 0 : outIdx[lead + i]));
  return ravel(idx, shape);
}

/** Asserts same constructor, same length, and elementwise |a - e| <= atol + rtol*|e| (NaN matches NaN). */
export function expectClose(actual: TypedArray, expected: ArrayLike<number>, rtol = 0, atol = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) expect.fail(`index ${i}: expected NaN, got ${a}`);
    } else if (a !== e && !(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      expect.fail(`index ${i}: expected ${e}, got ${a}`);
    }
  }
}

/** Asserts the typed array class matches `dtype`. */
export function expectDType(actual: TypedArray, dtype: DType): void {
  const ctor = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array, bool: Uint8Array }[dtype];
  expect(actual).toBeInstanceOf(ctor);
}

/** Rounds a double result the way storing into `dtype` would. */
export function store(dtype: DType, values: readonly number[]): TypedArray {
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

/** Relative tolerance for comparing a kernel to a double-precision reference in `dtype`. */
export function tolerance(dtype: DType): number {
  return dtype === "float32" ? 1e-6 : dtype === "float64" ? 1e-13 : 0;
}

/** A copy, to check that inputs were not mutated. */
export function snapshot(x: TypedArray): number[] {
  return Array.from(x);
}
