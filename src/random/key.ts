/**
 * PRNG keys: immutable values from which random numbers are derived, split into
 * independent keys, or folded with data. Nothing is global and nothing is mutated: the
 * same key always gives the same numbers (JAX's functional PRNG design).
 * @module
 */
import { inspectSymbol } from "../tensor/inspect";
import { randomWords, threefry2x32, type Word2 } from "./threefry";

const hex = (w: number): string => `0x${w.toString(16).padStart(8, "0")}`;

/**
 * A PRNG key: two uint32 words. Immutable; compare keys with {@link PRNGKey.equals}.
 * Make one with {@link key}, derive more with {@link split} and {@link fold}.
 * Reusing a key reuses its numbers: split before each use.
 * @example
 * const k = key(42);
 * String(k); // "PRNGKey(0x00000000, 0x0000002a)"
 */
export class PRNGKey {
  /** The two uint32 words (the Threefry key). */
  readonly words: Word2;

  /**
   * A key from two uint32 words (taken mod 2³²). Prefer {@link key} for seeds.
   * @example new PRNGKey(0, 42).equals(key(42)) // true
   */
  constructor(hi: number, lo: number) {
    if (!Number.isFinite(hi) || !Number.isFinite(lo)) throw new Error(`PRNGKey: words must be finite numbers, got ${hi} and ${lo}`);
    this.words = Object.freeze([hi >>> 0, lo >>> 0] as const);
    Object.freeze(this);
  }

  /**
   * True when both keys hold the same words.
   * @example key(1).equals(key(1)) // true
   */
  equals(other: PRNGKey): boolean {
    return this.words[0] === other.words[0] && this.words[1] === other.words[1];
  }

  /** @example key(42).toString() // "PRNGKey(0x00000000, 0x0000002a)" */
  toString(): string {
    return `PRNGKey(${hex(this.words[0])}, ${hex(this.words[1])})`;
  }

  /** How Node's REPL and `console.log` show a key. */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/**
 * A key from an integer seed (any safe integer, negative ones as two's complement),
 * exactly as JAX's `PRNGKey(seed)`: words `[⌊seed / 2³²⌋, seed mod 2³²]`.
 * @example
 * const k = key(0); // PRNGKey(0x00000000, 0x00000000)
 */
export function key(seed: number): PRNGKey {
  if (!Number.isSafeInteger(seed)) throw new Error(`random.key: the seed must be a safe integer, got ${seed}`);
  return new PRNGKey(Math.floor(seed / 2 ** 32), seed);
}

/**
 * A tuple of `N` keys when `N` is a small literal, else an array.
 * @example type K = Keys<3> // [PRNGKey, PRNGKey, PRNGKey]
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
 * job at hand and keep another to split again.
 * @example
 * const [k1, k2] = split(key(0));
 * const keys = split(key(0), 10); // PRNGKey[] of length 10
 */
export function split<const N extends number = 2>(k: PRNGKey, n?: N): Keys<N> {
  const count = n ?? 2;
  if (!Number.isInteger(count) || count < 0) throw new Error(`random.split: n must be a non-negative integer, got ${count}`);
  checkKey("random.split", k);
  const words = randomWords(k.words, 2 * count);
  const out: PRNGKey[] = [];
  for (let i = 0; i < count; i++) out.push(new PRNGKey(words[2 * i], words[2 * i + 1]));
  return out as Keys<N>;
}

/**
 * A new key from `k` and a uint32 of data (JAX's `random.fold_in`): handy to derive a key
 * per step, per example or per layer without threading splits.
 * @example
 * const stepKey = fold(key(0), step);
 */
export function fold(k: PRNGKey, data: number): PRNGKey {
  checkKey("random.fold", k);
  if (!Number.isSafeInteger(data)) throw new Error(`random.fold: data must be a safe integer, got ${data}`);
  const [a, b] = threefry2x32(k.words, [Math.floor(data / 2 ** 32), data]);
  return new PRNGKey(a, b);
}

/**
 * Throws a readable error naming `op` when `k` is not a {@link PRNGKey}.
 * @example checkKey("random.uniform", key(0)) // ok
 */
export function checkKey(op: string, k: unknown): asserts k is PRNGKey {
  if (!(k instanceof PRNGKey)) {
    const what = k === null ? "null" : typeof k === "object" ? `an object of type ${(k as object).constructor?.name ?? "unknown"}` : `${typeof k} ${String(k)}`;
    throw new Error(`${op}: expected a PRNGKey (make one with random.key(seed)), got ${what}`);
  }
}
