import { isFloat, type FloatDType } from "../tensor/dtype";
import type { Shape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { less } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { reshape } from "../ops/shape";
import { broadcastShapes, sameShape, showShape } from "../tensor/shape";
import { type Writable, checkSample, unitFloats32 } from "./sampling";
import { uniform } from "./uniform";

/**
 * Options of {@link bernoulli}.
 * @example
 * ```ts
 * import { random } from "purediff";
 * random.bernoulli(random.key(0), 0.5, [4], { dtype: "float32" })
 * ```
 */
export interface BernoulliOptions {
  /** "bool" (default) or a float dtype for 0/1 values (a dropout mask, say). */
  readonly dtype?: "bool" | FloatDType;
}

/**
 * Coin flips: true (or 1) with probability `p`, as JAX's `random.bernoulli` (a float32
 * uniform below `p`). `p` is a number or a tensor of probabilities that broadcasts
 * against `shape` (the shape defaults to p's). Traceable: inside `jit`, a fresh key each
 * call gives a fresh mask without retracing.
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * // bool Tensor<[4]>, mostly true
 * random.bernoulli(random.key(0), 0.9, [4]).toArray(); // => [false, true, true, true]
 * // 0/1 floats
 * random.bernoulli(random.key(0), 0.5, [2, 2], { dtype: "float32" }).toArray(); // => [[0, 1], [0, 1]]
 * // one flip per probability
 * random.bernoulli(random.key(0), tensor([0.1, 0.9])).toArray(); // => [false, true]
 * ```
 */
export function bernoulli<const S extends Shape = []>(k: Tensor, p: number | Tensor = 0.5, shape?: S, options: BernoulliOptions = {}): Tensor<Writable<S>> {
  const dtype = options.dtype ?? "bool";
  if (dtype !== "bool" && !isFloat(dtype)) throw new Error(`random.bernoulli: dtype must be "bool", "float32" or "float64", got ${JSON.stringify(dtype)}`);
  const as = (hits: Tensor): Tensor<Writable<S>> => (dtype === "bool" ? hits : astype(hits, dtype)) as unknown as Tensor<Writable<S>>;
  if (p instanceof Tensor) {
    const s = shape ?? p.shape;
    if (!sameShape(broadcastShapes("random.bernoulli (probabilities vs sample shape)", p.shape, s), s)) {
      throw new Error(`random.bernoulli: probabilities of shape ${showShape(p.shape)} do not broadcast to the sample shape ${showShape(s)}`);
    }
    const probs = isFloat(p.dtype) ? p : astype(p, "float32");
    return as(less(uniform(k, s, { dtype: probs.dtype === "float64" ? "float64" : "float32" }), probs));
  }
  const s = (shape ?? []) as S;
  const n = checkSample("random.bernoulli", k, s, "float32");
  if (!(p >= 0 && p <= 1)) throw new Error(`random.bernoulli: p must be a probability in [0, 1], got ${p}`);
  // Compared in float32, as JAX does: the float32 uniform below p rounded to float32.
  const u = unitFloats32(k, n);
  return as(reshape(less(u, Math.fround(p)), s as unknown as number[]));
}
