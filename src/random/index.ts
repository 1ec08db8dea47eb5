/**
 * Splittable, counter-based pseudo-random numbers (JAX's design): a {@link PRNGKey} is an
 * immutable value, every sampler is a pure function of its key, and new keys come from
 * {@link split} and {@link fold}. Threefry-2x32 underneath, so the same seed gives the
 * same numbers on every run and machine. `key`, `split`, float32 `uniform` and `bernoulli`
 * reproduce JAX's classic (`jax_threefry_partitionable` off) threefry streams bit for bit,
 * float32 `normal` to rounding; `fold` follows JAX's `fold_in` construction.
 *
 * @example
 * import { random } from "purediff";
 * const [k1, k2] = random.split(random.key(0));
 * const w = random.normal(k1, [784, 256], { std: 0.01 });
 * const mask = random.bernoulli(k2, 0.5, [256]);
 * @module
 */
import "../core/primitives";

export { PRNGKey, key, split, fold, type Keys } from "./key";
export { threefry2x32, randomWords, type Word2 } from "./threefry";
export { uniform, type UniformOptions } from "./uniform";
export { normal, type NormalOptions } from "./normal";
export { truncatedNormal, type TruncatedNormalOptions } from "./truncated-normal";
export { bernoulli, type BernoulliOptions } from "./bernoulli";
export { permutation } from "./permutation";
export { randint } from "./randint";
export { categorical, gumbel } from "./categorical";
