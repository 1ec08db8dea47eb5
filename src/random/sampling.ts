/**
 * Internal helpers shared by the samplers: shape checks, uniform floats from key words
 * (as tensor ops, so every sampler is traceable), and the rounding of float64 samples to
 * their dtype without leaving a range. Not part of the public API.
 * @module
 */
import type { FloatDType } from "../tensor/dtype";
import { showShape, sizeOf, type Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, mul } from "../ops/arithmetic";
import { shiftRightLogical } from "../ops/bitwise";
import { clip } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { slice } from "../ops/indexing";
import { reshape } from "../ops/shape";
import { concreteValue } from "../core/concrete-value";
import { checkKey } from "./key";
import { bits } from "./threefry";

/**
 * A shape tuple without `readonly`: samplers take `const` shapes and, like `zeros`, return
 * `Tensor<[2, 3]>` rather than `Tensor<readonly [2, 3]>`.
 * @example type S = Writable<readonly [2, 3]> // [2, 3]
 */
export type Writable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

/**
 * Checks the key, the shape (non-negative integers) and the dtype of a sampler call,
 * naming `op` in the error; returns the element count.
 * @example checkSample("random.uniform", key(0), [2, 3], "float32") // 6
 */
export function checkSample(op: string, k: Tensor, shape: Shape, dtype: string): number {
  checkKey(op, k);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${op}: shape ${Array.isArray(shape) ? showShape(shape) : String(shape)} must be an array of non-negative integers`);
  }
  if (dtype !== "float32" && dtype !== "float64") throw new Error(`${op}: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  return sizeOf(shape);
}

/** `(w >>> shift)` as float64 values. */
const topBits = (w: Tensor, shift: number): Tensor => astype(shiftRightLogical(w, shift), "float64");

/** The first and second halves of a vector of 2n words. */
function halves(w: Tensor, n: number): [Tensor, Tensor] {
  return [slice(w, [0], [n]), slice(w, [n], [2 * n])];
}

/**
 * `n` uniform numbers in [0, 1) on the grid of `dtype`, as a float64 tensor of shape [n]:
 * float32 takes the top 23 bits of one word (bit for bit JAX's `uniform`), float64 52 bits
 * from two words (the top 26 of word i and of word n + i).
 * @example unitFloats(key(0), 1, "float32") // [0.41845703125] (float64)
 */
export function unitFloats(k: Tensor, n: number, dtype: FloatDType): Tensor {
  if (dtype === "float32") return mul(topBits(bits(k, [n]), 9), 2 ** -23);
  const [a, b] = halves(bits(k, [2 * n]), n);
  return mul(add(mul(topBits(a, 6), 2 ** 26), topBits(b, 6)), 2 ** -52);
}

/**
 * Uniform float32 numbers in [0, 1) from uint32 words `w`, as a float32 tensor of their
 * shape: the top 23 bits of each word times 2⁻²³, all in float32. The integer and the
 * product are exact, so these are the values of {@link unitFloats} rounded to float32, and
 * of JAX's bit cast `(w >>> 9 | 0x3f800000) − 1`; a jitted program keeps the whole
 * computation in one 4-lane loop.
 * @example unitFloats32FromWords(tensor([4294967295], "uint32")) // [0.9999998807907104] (float32)
 */
export function unitFloats32FromWords(w: Tensor): Tensor {
  return mul(astype(shiftRightLogical(w, 9), "float32"), 2 ** -23);
}

/**
 * The float32 uniforms of {@link unitFloats} as a float32 tensor of shape [n] (see
 * {@link unitFloats32FromWords}).
 * @example unitFloats32(key(0), 1) // [0.41845703125] (float32)
 */
export function unitFloats32(k: Tensor, n: number): Tensor {
  return unitFloats32FromWords(bits(k, [n]));
}

/**
 * `n` uniform numbers in [0, 1) with 53 bits each (27 from word i, 26 from word n + i),
 * as a float64 tensor: for index sampling, where the float32 grid would be too coarse.
 * @example unitDoubles(key(0), 3).shape // [3]
 */
export function unitDoubles(k: Tensor, n: number): Tensor {
  const [a, b] = halves(bits(k, [2 * n]), n);
  return mul(add(mul(topBits(a, 5), 2 ** 26), topBits(b, 6)), 2 ** -53);
}

/** The float32 next to the float32 `x` towards +∞ (`up`) or −∞. */
function step32(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  const f = new Float32Array([x]);
  const b = new Int32Array(f.buffer);
  b[0] += x > 0 === up ? 1 : -1;
  return f[0];
}

/** The largest double strictly below `x` (finite `x`). */
function nextDown64(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? -1n : 1n;
  return f[0];
}

/**
 * The smallest value of `dtype` at or above `lo`, and the largest at or below `hi` (below,
 * when `open`): the range a rounded sample must stay in.
 * @example bounds(0, 1, true, "float32") // [0, 0.9999999403953552]
 */
export function bounds(lo: number, hi: number, open: boolean, dtype: FloatDType): [number, number] {
  if (dtype === "float64") return [lo, open ? nextDown64(hi) : hi];
  let l = Math.fround(lo);
  if (l < lo) l = step32(l, true);
  let h = Math.fround(hi);
  if (open ? h >= hi : h > hi) h = step32(h, false);
  return [l, h];
}

/**
 * Float64 samples `x` (shape [n]) as a tensor of `shape` and `dtype`: rounded once, then
 * kept in [lo, hi] (or [lo, hi) when `open`), so rounding never pushes a sample out of its
 * documented range.
 * @example finish(x, [2, 3], "float32", 0, 1, true)
 */
export function finish<S extends Shape>(x: Tensor, shape: S, dtype: FloatDType, lo: number, hi: number, open: boolean): Tensor<Writable<S>> {
  const [l, h] = bounds(lo, hi, open, dtype);
  const y = clip(astype(x, dtype), l, h);
  return reshape(y, shape as unknown as number[]) as unknown as Tensor<Writable<S>>;
}

/**
 * The values of `t`, for the one random function that works on concrete numbers
 * (`permutation`: Fisher–Yates is sequential, and a traceable shuffle would need a sort
 * primitive): a clear error naming `op` inside `jit` and `vmap`, where the key has no
 * values yet.
 * @example concreteSamples("random.permutation", unitDoubles(key(0), 3))
 */
export function concreteSamples(op: string, t: Tensor): ArrayLike<number> {
  const values = concreteValue(t);
  if (values === undefined) {
    throw new Error(
      `${op}: needs a concrete key, but it runs inside jit or vmap (it shuffles concrete numbers: no sort primitive yet); ` +
        `call it outside the transformed function and pass the result in`,
    );
  }
  return values;
}

/**
 * `n` uniform numbers strictly inside (0, 1), as float64 values of shape [n]: the grid of
 * {@link unitFloats} shifted by half a cell, so logarithms and quantiles of them stay finite.
 * @example openUnitFloats(key(0), 3, "float64") // 3 values in (0, 1)
 */
export function openUnitFloats(k: Tensor, n: number, dtype: FloatDType): Tensor {
  return add(unitFloats(k, n, dtype), dtype === "float32" ? 2 ** -24 : 2 ** -53);
}

/**
 * Float64 samples `x` (shape [n]) as a tensor of `shape` and `dtype`, rounded once.
 * @example asSamples(x, [2, 3], "float32")
 */
export function asSamples<S extends Shape>(x: Tensor, shape: S, dtype: FloatDType): Tensor<Writable<S>> {
  return reshape(astype(x, dtype), shape as unknown as number[]) as unknown as Tensor<Writable<S>>;
}

/**
 * Options of the samplers that take only a dtype (exponential, gamma, poisson's
 * relatives...).
 * @example
 * ```ts
 * import { random } from "purediff";
 * random.exponential(random.key(0), [3], { dtype: "float64" })
 * ```
 */
export interface SamplerOptions {
  /** float32 (default) or float64. */
  readonly dtype?: FloatDType;
}

/**
 * A sampler's options, given as an options object or, as JAX's positional `dtype`
 * argument, as the dtype alone (`normal(key, [3], "float64")`).
 * @example samplerOptions("float64") // { dtype: "float64" }
 */
export function samplerOptions<O extends { readonly dtype?: FloatDType }>(options: O | FloatDType): O {
  return (typeof options === "string" ? { dtype: options } : options) as O;
}
