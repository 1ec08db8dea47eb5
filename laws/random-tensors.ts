/**
 * Seeded random tensors for the directions the laws probe: tangents, cotangents,
 * Hessian-vector directions. Unlike arbitraries these are plain values, so a law can
 * draw the direction it needs from one seed that fast-check (or the user) chooses.
 *
 * @module
 */
import type { Tensor } from "../src/index";
import type { TensorsLike } from "./law-types";
import { seededRandom } from "./internal/rng";
import { like } from "./internal/tensor-values";

/**
 * Range of the values of {@link randomTensorLike}.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { randomTensorLike, type RandomRange } from "purediff/laws";
 * const x = tensor([0, 0, 0], "float64");
 * const r = randomTensorLike(x, 1, { min: 0, max: 2 } satisfies RandomRange);
 * r.min().item() >= 0 && r.max().item() < 2; // => true
 * ```
 */
export interface RandomRange {
  /** Smallest value (default −1). */
  readonly min?: number;
  /** Largest value (default 1). */
  readonly max?: number;
}

/**
 * A tensor of `t`'s shape and dtype with uniform values in [min, max) drawn from `seed`.
 * @example
 * ```ts
 * import { Tensor, exp, tensor } from "purediff";
 * import { randomTensorLike } from "purediff/laws";
 * const f = (v: Tensor) => exp(v);
 * const x = tensor([[1, 2, 3]], "float64");
 * // same shape as the output, values in [−1, 1)
 * const cotangent = randomTensorLike(f(x), 42);
 * [cotangent.shape, cotangent.dtype]; // => [[1, 3], "float64"]
 * ```
 */
export function randomTensorLike(t: Tensor, seed: number, range: RandomRange = {}): Tensor {
  const min = range.min ?? -1;
  const max = range.max ?? 1;
  const random = seededRandom(seed);
  const values = new Float64Array(t.size);
  for (let i = 0; i < values.length; i++) values[i] = min + (max - min) * random();
  return like(t, values);
}

/**
 * One random tensor like each of `ts`, each from its own seed derived from `seed`.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { randomTensorsLike } from "purediff/laws";
 * const w = tensor([[1, 2]], "float64");
 * const b = tensor([0], "float64");
 * const tangents = randomTensorsLike([w, b], 7);
 * tangents.map((t) => t.shape); // => [[1, 2], [1]]
 * ```
 */
export function randomTensorsLike<Ts extends readonly Tensor[]>(ts: Ts, seed: number, range: RandomRange = {}): TensorsLike<Ts> {
  return ts.map((t, i) => randomTensorLike(t, (seed * 7919 + i * 104729 + 1) | 0, range)) as unknown as TensorsLike<Ts>;
}
