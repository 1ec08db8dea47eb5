import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, mul } from "../ops/arithmetic";
import { astype } from "../ops/gradient-control";
import { reshape } from "../ops/shape";
import { type Writable, checkSample, unitDoubles } from "./sampling";

/**
 * Uniform random integers in [min, max) as int32: min + ⌊u·(max − min)⌋ with u a 53-bit
 * uniform (so the bias is below (max − min)/2⁵³). Handy for sampling mini-batch indices;
 * traceable, like every sampler but `permutation`.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // 8 indices into a training set
 * random.randint(random.key(0), [8], 0, 60000).toArray(); // => [32028, 58315, 36974, 52130, 37855, 12262, 44492, 51098]
 * ```
 */
export function randint<const S extends Shape>(k: Tensor, shape: S, min: number, max: number): Tensor<Writable<S>> {
  const n = checkSample("random.randint", k, shape, "float32");
  const lo = -(2 ** 31);
  const hi = 2 ** 31;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < lo || max > hi || !(min < max)) {
    throw new Error(`random.randint: need integers min < max within the int32 range, got min ${min} and max ${max}`);
  }
  // ⌊u·range⌋ < 2³² by truncation to uint32, then shifted by min in exact float64 integers.
  const offset = astype(mul(unitDoubles(k, n), max - min), "uint32");
  const values = astype(add(astype(offset, "float64"), min), "int32");
  return reshape(values, shape as unknown as number[]) as unknown as Tensor<Writable<S>>;
}
