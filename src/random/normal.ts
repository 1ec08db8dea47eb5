import type { FloatDType } from "../tensor/dtype";
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, div, mul, sub } from "../ops/arithmetic";
import { astype } from "../ops/gradient-control";
import { reshape } from "../ops/shape";
import { ndtri } from "./ndtri";
import { type Writable, checkSample, unitFloats, samplerOptions } from "./sampling";

/**
 * Options of {@link normal}.
 * @example
 * ```ts
 * import { random } from "purediff";
 * random.normal(random.key(0), [3], { mean: 1, std: 0.1, dtype: "float64" })
 * ```
 */
export interface NormalOptions {
  /** Mean (default 0). */
  readonly mean?: number;
  /** Standard deviation (default 1). */
  readonly std?: number;
  /** float32 (default) or float64. */
  readonly dtype?: FloatDType;
}

/** 1 − 2⁻²⁴: JAX draws float32 normals from uniforms in [−(1 − 2⁻²⁴), 1). */
const LOW32 = 1 - 2 ** -24;

/**
 * Gaussian samples N(mean, std²) by the inverse CDF: a uniform u in (0, 1) becomes
 * Φ⁻¹(u), computed in float64 with tensor ops (so it works inside `jit` and `vmap`).
 * For float32 the uniforms are JAX's, so the samples agree with JAX's `random.normal` to
 * float32 rounding; float64 samples use 52 random bits.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // as JAX's random.normal(PRNGKey(0))
 * random.normal(random.key(0)).toArray(); // => -0.2058423
 * random.normal(random.key(1), [256, 784], { std: 0.01 });
 * ```
 */
export function normal<const S extends Shape = []>(k: Tensor, shape?: S, dtypeOrOptions: NormalOptions | FloatDType = {}): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { mean = 0, std = 1, dtype = "float32" } = options;
  const n = checkSample("random.normal", k, s, dtype);
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new Error(`random.normal: need a finite mean and a finite std >= 0, got mean ${mean} and std ${std}`);
  }
  const u = unitFloats(k, n, dtype);
  // p in (0, 1): float32 mirrors JAX's uniform(min = −(1 − 2⁻²⁴), max = 1) then (v + 1)/2;
  // float64 centres each cell of the 2⁻⁵² grid.
  const p = dtype === "float32" ? div(add(astype(astype(sub(mul(u, 2), LOW32), "float32"), "float64"), 1), 2) : add(u, 2 ** -53);
  const z = ndtri(p, dtype === "float32" ? 2 ** -25 : 2 ** -53);
  const x = std === 1 && mean === 0 ? z : add(mul(z, std), mean);
  return reshape(astype(x, dtype), s as unknown as number[]) as unknown as Tensor<Writable<S>>;
}
