import type { Tensor } from "../tensor/tensor";
import { showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { iotaAlong } from "../core/primitives/sort";
import { sortOperands } from "../ops/sort";

/** `S` with its last dimension replaced by `K`. */
export type TopK<S extends Shape, K extends number> = S extends readonly [...infer Lead extends number[], number] ? [...Lead, K] : number[];

/**
 * The `k` largest entries along the last axis and their int32 indices (JAX's
 * `lax.top_k`), largest first; equal entries keep their order (the lower index first) and
 * NaN counts as larger than everything. Gradients flow to the selected entries.
 * @example
 * ```ts
 * import { lax, tensor } from "purediff";
 * const [values, indices] = lax.topK(tensor([1, 4, 2, 4]), 2); // [4, 4] and [1, 3]
 * ```
 */
export function topK<S extends Shape, const K extends number>(x: Tensor<S>, k: K): [Tensor<TopK<S, K>>, Tensor<TopK<S, K>>] {
  const rank = x.shape.length;
  if (rank === 0) throw new Error("topK: x must have at least one axis, got a scalar (shape [])");
  const axis = rank - 1;
  const n = x.shape[axis];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`topK: k ${k} must be an integer in [0, ${n}] for x of shape ${showShape(x.shape)}`);
  const window = (t: Tensor): Tensor =>
    k === n ? t : bind("slice", [t], { start: t.shape.map(() => 0), end: t.shape.map((d, i) => (i === axis ? k : d)), step: t.shape.map(() => 1) });
  const values = window(sortOperands([x], axis, 1, true));
  const indices = window(sortOperands([x, iotaAlong(x.shape, axis)], axis, 1, true));
  return [values as Tensor<TopK<S, K>>, indices as Tensor<TopK<S, K>>];
}
