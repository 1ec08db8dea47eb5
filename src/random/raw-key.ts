/**
 * What a PRNG key is: its type, the check every random function makes, and its two
 * words. Apart from `key.ts` so that the generator (`threefry.ts`) and the key functions
 * can both use it.
 * @module
 */
import { showShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { reshape } from "../ops/shape";
import { slice } from "../ops/indexing";

/**
 * A PRNG key: a uint32 tensor of shape [2] holding the two Threefry key words (JAX's raw
 * `PRNGKey`). Make one with {@link key}, derive more with {@link split} and {@link foldIn};
 * reusing a key reuses its numbers, so split before each use. The random functions take
 * their key as a plain `Tensor` and check at run time that it is one (uint32, shape [2]), so a
 * key typed as a plain tensor (the per-example key inside `vmap`, a row of a stacked batch
 * of keys) needs no cast.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // Tensor<[2], uint32> [0, 42]
 * const k: random.PRNGKey = random.key(42); // => [0, 42]
 * ```
 */
export type PRNGKey = Tensor<[2]>;

/** What a value is, for messages about keys and key data. */
export function describe(x: unknown): string {
  if (x instanceof Tensor) return `a ${x.dtype} tensor of shape ${showShape(x.shape)}`;
  if (x === null) return "null";
  if (typeof x === "object") return `an object of type ${(x as object).constructor?.name ?? "unknown"}`;
  return `${typeof x} ${String(x)}`;
}

/**
 * Throws a readable error naming `op` unless `k` is a key: a uint32 tensor of shape [2].
 * @example checkKey("random.uniform", key(0)) // ok
 */
export function checkKey(op: string, k: unknown): asserts k is PRNGKey {
  if (!(k instanceof Tensor) || k.dtype !== "uint32" || k.shape.length !== 1 || k.shape[0] !== 2) {
    throw new Error(`${op}: expected a PRNG key (a uint32 tensor of shape [2], made with random.key(seed)), got ${describe(k)}`);
  }
}

/**
 * The two words of a key as uint32 scalars (traced when the key is).
 * @example const [k0, k1] = keyWords(key(42)); // 0, 42
 */
export function keyWords(k: PRNGKey): [Tensor<[]>, Tensor<[]>] {
  const word = (i: number) => reshape(slice(k, [i], [i + 1]), []) as Tensor<[]>;
  return [word(0), word(1)];
}
