import type { FloatDType } from "../tensor/dtype";
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, mul } from "../ops/arithmetic";
import { type Writable, checkSample, finish, unitFloats, samplerOptions } from "./sampling";

/**
 * Options of {@link uniform}.
 * @example
 * ```ts
 * import { random } from "purediff";
 * random.uniform(random.key(0), [3], { min: -1, max: 1 })
 * ```
 */
export interface UniformOptions {
  /** Lower bound, included (default 0). */
  readonly min?: number;
  /** Upper bound, excluded (default 1). */
  readonly max?: number;
  /** float32 (default) or float64. */
  readonly dtype?: FloatDType;
}

/**
 * Uniform samples in [min, max). float32 samples use 23 random bits each and equal JAX's
 * `random.uniform` bit for bit (with `jax_threefry_partitionable` off); float64 samples
 * use 52 bits. min + (max − min)·u is computed in float64 and rounded once. Built from
 * tensor ops on the key, so it works inside `jit` and `vmap` (and is a constant to `grad`).
 * @example
 * ```ts
 * import { random } from "purediff";
 * // Tensor<[2, 3]> in [0, 1)
 * random.uniform(random.key(0), [2, 3]).toArray(); // => [[0.5745004, 0.09968603, 0.7419659], [0.8941783, 0.5965666, 0.4532518]]
 * random.uniform(random.key(1), [100], { min: -1, max: 1, dtype: "float64" });
 * ```
 */
export function uniform<const S extends Shape = []>(k: Tensor, shape?: S, dtypeOrOptions: UniformOptions | FloatDType = {}): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { min = 0, max = 1, dtype = "float32" } = options;
  const n = checkSample("random.uniform", k, s, dtype);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new Error(`random.uniform: need finite min < max, got min ${min} and max ${max}`);
  }
  const u = unitFloats(k, n, dtype);
  const width = max - min;
  const x = min === 0 && width === 1 ? u : add(mul(u, width), min);
  return finish(x, s, dtype, min, max, true);
}
