/**
 * Shared scalar constants for the plain numbers ops take as operands (`mul(x, 1.001)`):
 * a loop that applies such an op thousands of times (and a gradient tape that keeps
 * every operand alive until the backward pass) would otherwise make and keep a new
 * tensor per application. Tensors are immutable, so one tensor per (dtype, value) can
 * stand for all of them.
 * @module
 */
import type { DType } from "./dtype";
import type { Tensor } from "./tensor";
import { scalar } from "./create";

/** At most this many constants are kept per dtype; past it the cache starts over. */
const CAPACITY = 256;

const caches: Readonly<Record<DType, Map<number, Tensor<[]>>>> = {
  float32: new Map(),
  float64: new Map(),
  int32: new Map(),
  uint32: new Map(),
  bool: new Map(),
};

/**
 * The scalar `value` of `dtype`, as {@link scalar} makes it, shared between calls with the
 * same value and dtype (−0 is never shared with 0). Bad input throws as `scalar` does.
 * @example constantScalar(0.5, "float64") === constantScalar(0.5, "float64") // true
 */
export function constantScalar(value: number, dtype: DType): Tensor<[]> {
  const cache = Object.hasOwn(caches, dtype) ? caches[dtype] : undefined;
  // A Map takes −0 and 0 for one key: −0 is not cached, so its sign survives.
  if (cache === undefined || typeof value !== "number" || Object.is(value, -0)) return scalar(value, dtype);
  let t = cache.get(value);
  if (t === undefined) {
    if (cache.size >= CAPACITY) cache.clear();
    t = scalar(value, dtype);
    cache.set(value, t);
  }
  return t;
}
