/**
 * PRNG keys as tensors: a key is a uint32 `Tensor<[2]>` (JAX's raw key), from which random
 * numbers are derived, split into independent keys, or folded with data. Nothing is global
 * and nothing is mutated: the same key always gives the same numbers (JAX's functional PRNG
 * design). Being tensors, keys flow through `jit`, `vmap` and `grad` like any value: a
 * jitted step takes a fresh key each call without retracing.
 * @module
 */
import { ConcreteTensor } from "../tensor/concrete";
import { Tensor } from "../tensor/tensor";
import type { Tracer } from "../core/trace";
import { concreteValue } from "../core/concrete-value";
import { astype } from "../ops/gradient-control";
import { shiftRightArithmetic } from "../ops/bitwise";
import { concat } from "../ops/join";
import { reshape } from "../ops/shape";
import { slice } from "../ops/indexing";
import { bits, threefry2x32 } from "./threefry";
import { checkKey, describe, type PRNGKey } from "./raw-key";

export { checkKey, keyWords, type PRNGKey } from "./raw-key";

/** Two uint32 words as a key tensor of shape [2]. */
function fromWords(hi: Tensor, lo: Tensor): PRNGKey {
  return concat([reshape(hi, [1]), reshape(lo, [1])]) as Tensor as PRNGKey;
}

/**
 * The 64 bits of an integer as two uint32 words [high, low]: a safe-integer number (as
 * two's complement, so −1 is all ones), or an int32 (sign-extended, like the same number)
 * or uint32 scalar tensor, traced or not.
 */
function integerWords(op: string, what: string, x: number | Tensor): [Tensor, Tensor] {
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new Error(`${op}: ${what} must be a safe integer, got ${x}`);
    const words = new Uint32Array([Math.floor(x / 2 ** 32), x]);
    return [new ConcreteTensor(words.slice(0, 1), [], "uint32"), new ConcreteTensor(words.slice(1), [], "uint32")];
  }
  if (!(x instanceof Tensor) || x.shape.length !== 0 || (x.dtype !== "int32" && x.dtype !== "uint32")) {
    throw new Error(`${op}: ${what} must be a safe integer or an int32/uint32 scalar tensor, got ${describe(x)}`);
  }
  const lo = astype(x, "uint32");
  const hi = x.dtype === "int32" ? astype(shiftRightArithmetic(x, 31), "uint32") : new ConcreteTensor(new Uint32Array(1), [], "uint32");
  return [hi, lo];
}

/**
 * A key from an integer seed, exactly as JAX's `PRNGKey(seed)`: words
 * `[⌊seed / 2³²⌋, seed mod 2³²]` (negative seeds as 64-bit two's complement). The seed may
 * also be an int32 or uint32 scalar tensor, so keys can be made inside `jit` and `vmap`.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // Tensor<[2], uint32> [0, 0]
 * random.key(0).toArray(); // => [0, 0]
 * random.key(2 ** 32 + 5).toArray(); // => [1, 5]
 * ```
 */
export function key(seed: number | Tensor): PRNGKey {
  const [hi, lo] = integerWords("random.key", "the seed", seed);
  return fromWords(hi, lo);
}

/**
 * The two words of a concrete key as numbers, [high, low].
 * @example
 * ```ts
 * import { random } from "purediff";
 * random.keyData(random.key(42)); // => [0, 42]
 * ```
 */
export function keyData(k: Tensor): readonly [number, number] {
  checkKey("random.keyData", k);
  const data = concreteValue(k);
  if (data === undefined)
    throw new Error(`random.keyData: the key is traced by ${(k as unknown as Tracer).trace.transform}; its words are not known while tracing`);
  return Object.freeze([data[0], data[1]] as const);
}

/**
 * A tuple of `N` keys when `N` is a small literal, else an array.
 * @example
 * ```ts
 * import { random } from "purediff";
 * type K = random.Keys<3> // [PRNGKey, PRNGKey, PRNGKey]
 * ```
 */
export type Keys<N extends number, Acc extends PRNGKey[] = []> = number extends N
  ? PRNGKey[]
  : Acc["length"] extends N
    ? Acc
    : Acc["length"] extends 16
      ? PRNGKey[]
      : Keys<N, [...Acc, PRNGKey]>;

/**
 * `n` new keys (2 by default), statistically independent of each other and of `k`
 * (JAX's `random.split`: the words of `threefry(k, 0..2n−1)` in pairs). Use one for the
 * job at hand and keep another to split again. Traceable: each key is a tensor op of `k`.
 * @example
 * ```ts
 * import { random } from "purediff";
 * const [k1, k2] = random.split(random.key(0));
 * const keys = random.split(random.key(0), 10); // PRNGKey[] of length 10
 * ```
 */
export function split<const N extends number = 2>(k: Tensor, n?: N): Keys<N> {
  const count = n ?? 2;
  if (!Number.isInteger(count) || count < 0) throw new Error(`random.split: n must be a non-negative integer, got ${count}`);
  checkKey("random.split", k);
  const words = bits(k, [2 * count]) as Tensor;
  const out: PRNGKey[] = [];
  for (let i = 0; i < count; i++) out.push(slice(words, [2 * i], [2 * i + 2]) as Tensor as PRNGKey);
  return out as Keys<N>;
}

/**
 * A new key from `k` and an integer datum (JAX's `random.fold_in`): the Threefry
 * encryption of the counter pair [high, low] of `data` under `k`. Handy to derive a key per
 * step, per example or per layer without threading splits. `data` is a safe integer, or an
 * int32/uint32 scalar tensor (a traced step counter, say; int32 is sign-extended, so
 * `foldIn(k, -1)` and `foldIn(k, scalar(-1, "int32"))` agree).
 * @example
 * ```ts
 * import { random } from "purediff";
 * const step = 7;
 * const stepKey = random.foldIn(random.key(0), step);
 * stepKey.toArray(); // => [2716826189, 292468403]
 * ```
 */
export function foldIn(k: Tensor, data: number | Tensor): PRNGKey {
  checkKey("random.foldIn", k);
  const [hi, lo] = integerWords("random.foldIn", "data", data);
  const [a, b] = threefry2x32(k, hi, lo);
  return fromWords(a, b);
}
