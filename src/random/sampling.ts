/**
 * Internal helpers shared by the samplers: shape checks, uniform floats from key words,
 * and float32 rounding that keeps values inside a range. Not part of the public API.
 * @module
 */
import { ConcreteTensor } from "../tensor/concrete";
import { allocate, type FloatDType } from "../tensor/dtype";
import { showShape, sizeOf, type Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { checkKey, type PRNGKey } from "./key";
import { randomWords } from "./threefry";

/**
 * A shape tuple without `readonly`: samplers take `const` shapes and, like `zeros`, return
 * `Tensor<[2, 3]>` rather than `Tensor<readonly [2, 3]>`.
 * @example type S = Writable<readonly [2, 3]> // [2, 3]
 */
export type Writable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

/** 2⁻²³, 2⁻²⁶ and 2⁻⁵² (mantissa steps). */
const TWO_M23 = 2 ** -23;
const TWO_26 = 2 ** 26;
const TWO_M52 = 2 ** -52;

/**
 * Checks the key, the shape (non-negative integers) and the dtype of a sampler call,
 * naming `op` in the error; returns the element count.
 * @example checkSample("random.uniform", key(0), [2, 3], "float32") // 6
 */
export function checkSample(op: string, k: PRNGKey, shape: Shape, dtype: string): number {
  checkKey(op, k);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${op}: shape ${Array.isArray(shape) ? showShape(shape) : String(shape)} must be an array of non-negative integers`);
  }
  if (dtype !== "float32" && dtype !== "float64") throw new Error(`${op}: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  return sizeOf(shape);
}

/**
 * `n` uniform numbers in [0, 1) on the grid of `dtype`: float32 takes the top 23 bits of
 * one word (bit for bit JAX's `uniform`), float64 takes 52 bits from two words.
 * @example unitFloats(key(0), 1, "float32")[0] // 0.41845703125
 */
export function unitFloats(k: PRNGKey, n: number, dtype: FloatDType): Float64Array {
  const out = new Float64Array(n);
  if (dtype === "float32") {
    const w = randomWords(k.words, n);
    for (let i = 0; i < n; i++) out[i] = (w[i] >>> 9) * TWO_M23;
  } else {
    const w = randomWords(k.words, 2 * n);
    for (let i = 0; i < n; i++) out[i] = ((w[i] >>> 6) * TWO_26 + (w[n + i] >>> 6)) * TWO_M52;
  }
  return out;
}

/**
 * `n` uniform numbers in [0, 1) with 53 bits each (two words per number), for index
 * sampling where the float32 grid would be too coarse.
 * @example unitDoubles(key(0), 3).length // 3
 */
export function unitDoubles(k: PRNGKey, n: number): Float64Array {
  const w = randomWords(k.words, 2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((w[i] >>> 5) * TWO_26 + (w[n + i] >>> 6)) * 2 ** -53;
  return out;
}

/** The float32 next to the float32 `x` towards +∞ (`up`) or −∞. */
function step32(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  const f = new Float32Array([x]);
  const bits = new Int32Array(f.buffer);
  bits[0] += (x > 0) === up ? 1 : -1;
  return f[0];
}

/**
 * `x` rounded to float32 but kept in [lo, hi] (or [lo, hi) when `open`): rounding must
 * never push a sample outside its documented range.
 * @example inRange32(0.99999999, 0, 1, true) // 0.9999999403953552
 */
export function inRange32(x: number, lo: number, hi: number, open: boolean): number {
  let y = Math.fround(x);
  if (y < lo) {
    y = Math.fround(lo);
    if (y < lo) y = step32(y, true);
  }
  if (open ? y >= hi : y > hi) {
    y = Math.fround(hi);
    if (open ? y >= hi : y > hi) y = step32(y, false);
  }
  return y;
}

/** The largest double strictly below `x` (finite `x`). */
function nextDown64(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] += x > 0 ? -1n : 1n;
  return f[0];
}

/**
 * `x` rounded to `dtype` but kept in [lo, hi] (or [lo, hi) when `open`).
 * @example inRange(1, 0, 1, true, "float64") // 0.9999999999999999
 */
export function inRange(x: number, lo: number, hi: number, open: boolean, dtype: FloatDType): number {
  if (dtype === "float32") return inRange32(x, lo, hi, open);
  const y = Math.max(x, lo);
  return open ? (y >= hi ? nextDown64(hi) : y) : Math.min(y, hi);
}

/**
 * A concrete tensor of `dtype` from float64 values (rounded once, on storage).
 * @example fromValues(new Float64Array([1, 2]), [2], "float32")
 */
export function fromValues<S extends Shape>(values: Float64Array, shape: S, dtype: FloatDType): Tensor<Writable<S>> {
  const s = shape as Writable<S>;
  if (dtype === "float64") return new ConcreteTensor(values, s, dtype);
  const data = allocate(dtype, values.length);
  data.set(values);
  return new ConcreteTensor(data, s, dtype);
}
