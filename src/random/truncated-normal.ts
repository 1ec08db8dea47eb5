import type { FloatDType } from "../tensor/dtype";
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, maximum, minimum, mul, neg } from "../ops/arithmetic";
import { ndtri } from "./ndtri";
import { type Writable, checkSample, finish, unitFloats, samplerOptions } from "./sampling";
import { normalCdf } from "./special";

/**
 * Options of {@link truncatedNormal}.
 * @example
 * ```ts
 * import { random } from "purediff";
 * random.truncatedNormal(random.key(0), [3], { lower: -1, upper: 1 })
 * ```
 */
export interface TruncatedNormalOptions {
  /** Lower bound in standard deviations (default −2). */
  readonly lower?: number;
  /** Upper bound in standard deviations (default 2). */
  readonly upper?: number;
  /** float32 (default) or float64. */
  readonly dtype?: FloatDType;
}

/**
 * Standard normal samples conditioned on [lower, upper] (inverse CDF between Φ(lower)
 * and Φ(upper), worked in the tail where Φ is small so far tails stay accurate). Every
 * sample lies in [lower, upper]. Tensor ops on the key throughout, so it is traceable. The
 * initializers scale these.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // values in [-2, 2]
 * const x = random.truncatedNormal(random.key(0), [1000]);
 * [x.min().item() >= -2, x.max().item() <= 2]; // => [true, true]
 * // half-normal
 * random.truncatedNormal(random.key(0), [1000], { lower: 0, upper: Infinity }).min().item() >= 0; // => true
 * ```
 */
export function truncatedNormal<const S extends Shape = []>(
  k: Tensor,
  shape?: S,
  dtypeOrOptions: TruncatedNormalOptions | FloatDType = {},
): Tensor<Writable<S>> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { lower = -2, upper = 2, dtype = "float32" } = options;
  const n = checkSample("random.truncatedNormal", k, s, dtype);
  if (Number.isNaN(lower) || Number.isNaN(upper) || !(lower < upper)) {
    throw new Error(`random.truncatedNormal: need lower < upper, got lower ${lower} and upper ${upper}`);
  }
  // Sample the mirror image when the interval leans right of 0, so Φ stays small.
  const flip = lower + upper > 0;
  const a = flip ? -upper : lower;
  const b = flip ? -lower : upper;
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  // Centre each grid cell: p stays strictly inside (Φ(a), Φ(b)), so no sample is ±∞.
  const half = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  const p = add(mul(add(unitFloats(k, n, dtype), half), pb - pa), pa);
  // The smallest tail probability p can reach (halved for rounding): ndtri skips the rest.
  const smallest = Math.max(0, Math.min(pa + (pb - pa) * half, 1 - (pa + (pb - pa) * (1 - half))) / 2);
  const x = minimum(maximum(ndtri(p, smallest), a), b);
  return finish(flip ? neg(x) : x, s, dtype, lower, upper, false);
}
