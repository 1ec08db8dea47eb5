import { ConcreteTensor } from "../tensor/concrete";
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import type { PRNGKey } from "./key";
import { type Writable, checkSample, unitDoubles } from "./sampling";

/**
 * Uniform random integers in [min, max) as int32 (53 random bits per draw, so the bias
 * is below (max − min)/2⁵³). Handy for sampling mini-batch indices.
 * @example
 * randint(key(0), [8], 0, 60000); // 8 indices into a training set
 */
export function randint<const S extends Shape>(k: PRNGKey, shape: S, min: number, max: number): Tensor<Writable<S>> {
  const n = checkSample("random.randint", k, shape, "float32");
  const lo = -(2 ** 31);
  const hi = 2 ** 31;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < lo || max > hi || !(min < max)) {
    throw new Error(`random.randint: need integers min < max within the int32 range, got min ${min} and max ${max}`);
  }
  const u = unitDoubles(k, n);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = min + Math.floor(u[i] * (max - min));
  return new ConcreteTensor(data, shape, "int32");
}
