/**
 * Splittable, counter-based pseudo-random numbers as tensors (JAX's design): a
 * {@link PRNGKey} is a uint32 `Tensor<[2]>`, every sampler is a pure function of its key
 * built from tensor ops, and new keys come from {@link split} and {@link foldIn}.
 * Threefry-2x32 underneath, so the same seed gives the same numbers on every run and
 * machine, and everything works inside `jit` (a fresh key each call, one trace), `vmap`
 * (a batch of keys) and `grad` (samples are constants, but for the parameters that are
 * differentiable: gamma's shape and the beta, dirichlet and t parameters built on it, by
 * implicit reparameterization; multivariateNormal's mean and cov); only `permutation`
 * needs a concrete key. `key`, `split`, `bits`, float32 `uniform` and `bernoulli` reproduce JAX's
 * classic (`jax_threefry_partitionable` off) threefry streams bit for bit, float32
 * `normal` to rounding; `foldIn` follows JAX's `fold_in` construction.
 *
 * @example
 * ```ts
 * import { random } from "purediff";
 * const [k1, k2] = random.split(random.key(0));
 * const w = random.normal(k1, [784, 256], { std: 0.01 });
 * const mask = random.bernoulli(k2, 0.5, [256]);
 * w.shape; // => [784, 256]
 * mask.dtype; // => "bool"
 * ```
 * @module
 */
import "../core/primitives";

export { key, split, foldIn, keyData, type PRNGKey, type Keys } from "./key";
export { threefry2x32, bits } from "./threefry";
export { uniform, type UniformOptions } from "./uniform";
export { normal, type NormalOptions } from "./normal";
export { truncatedNormal, type TruncatedNormalOptions } from "./truncated-normal";
export { bernoulli, type BernoulliOptions } from "./bernoulli";
export { permutation } from "./permutation";
export { randint } from "./randint";
export { categorical, gumbel, type CategoricalOptions } from "./categorical";
export { gamma } from "./gamma";
export { beta } from "./beta";
export { dirichlet } from "./dirichlet";
export { t } from "./student-t";
export { poisson } from "./poisson";
export { exponential } from "./exponential";
export { laplace } from "./laplace";
export { logistic } from "./logistic";
export { cauchy } from "./cauchy";
export type { SamplerOptions } from "./sampling";
export { choice, type ChoiceOptions } from "./choice";
export { multivariateNormal, type MultivariateNormalOptions } from "./multivariate-normal";
export { orthogonal } from "./orthogonal";
