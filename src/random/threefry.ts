/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011; the Random123 library), the counter-based block cipher behind JAX's
 * default PRNG, as one primitive over whole vectors of counters at once, so random bits
 * are traceable:
 * they work inside `jit` (the counters are constants of the program, the key an input),
 * `vmap` (a batch of keys gives a batch of streams) and `grad` (where they are constants).
 * @module
 */
import { ConcreteTensor } from "../tensor/concrete";
import { showShape, sizeOf, type Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { bind } from "../core/bind";
import { reshape } from "../ops/shape";
import { slice } from "../ops/indexing";
import { checkKey, keyWords, type PRNGKey } from "./raw-key";
import type { Writable } from "./sampling";

/**
 * Encrypts the counter pairs `(x0[i], x1[i])` under the key `k` with Threefry-2x32
 * (20 rounds: five groups of four mix rounds, with a key injection after each group; the
 * `threefry2x32` primitive). `x0` and `x1` are uint32 tensors of one shape (or
 * broadcasting); returns the two output words, elementwise.
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * const zero = tensor([0], "uint32");
 * // Random123's known answer
 * random.threefry2x32(tensor([0, 0], "uint32"), zero, zero); // => [[1797259609], [2579123966]]
 * ```
 */
export function threefry2x32(k: Tensor, x0: Tensor, x1: Tensor): [Tensor, Tensor] {
  checkKey("random.threefry2x32", k);
  for (const [name, x] of [
    ["x0", x0],
    ["x1", x1],
  ] as const) {
    if (x.dtype !== "uint32") throw new Error(`random.threefry2x32: counter ${name} must be uint32, got ${x.dtype} (shape ${showShape(x.shape)})`);
  }
  const words = threefryWords(k, x0, x1);
  const word = (i: number) => reshape(slice(words, [i], [i + 1]), words.shape.slice(1)) as Tensor;
  return [word(0), word(1)];
}

/** The `threefry2x32` primitive on a checked key and counters: both output words, stacked on a leading axis of 2. */
function threefryWords(k: PRNGKey, x0: Tensor, x1: Tensor): Tensor {
  const [k0, k1] = keyWords(k);
  return bind("threefry2x32", [k0, k1, x0, x1], {});
}

/** The counters 0..count−1 as uint32, a constant of any traced program. */
function counters(from: number, count: number, padLast: boolean): Tensor<[number]> {
  const data = new Uint32Array(count);
  for (let i = 0; i < count; i++) data[i] = from + i;
  if (padLast && count > 0) data[count - 1] = 0;
  return new ConcreteTensor(data, [count] as [number], "uint32");
}

/**
 * Random uint32 words of `shape` from a key (JAX's `random.bits`), laid out as JAX lays
 * out `threefry_2x32(key, iota(n))` with `jax_threefry_partitionable` off: the counters
 * 0..n−1 (padded with one 0 when n is odd) are split into halves that form the counter
 * pairs `(i, i + ⌈n/2⌉)`; the first output words fill the first half of the result, the
 * second output words the second half.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // uint32
 * random.bits(random.key(0), [1]).toArray(); // => [1797259609]
 * // 6 words, row-major
 * random.bits(random.key(0), [2, 3]).toArray(); // => [[2467461003, 428148500, 3186719485], [3840466878, 2562233961, 1946702221]]
 * ```
 */
export function bits<const S extends Shape = []>(k: Tensor, shape?: S): Tensor<Writable<S>> {
  checkKey("random.bits", k);
  const s = (shape ?? []) as S;
  if (!Array.isArray(s) || !s.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`random.bits: shape ${Array.isArray(s) ? showShape(s) : String(s)} must be an array of non-negative integers`);
  }
  const n = sizeOf(s);
  const half = Math.ceil(n / 2);
  const odd = n % 2 === 1;
  // The stacked output words are already the first words, then the second words.
  const both = reshape(threefryWords(k, counters(0, half, false), counters(half, half, odd)), [2 * half]);
  const words = odd ? slice(both, [0], [n]) : both;
  return reshape(words as Tensor, s as unknown as number[]) as unknown as Tensor<Writable<S>>;
}
