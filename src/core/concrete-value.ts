import type { Tensor } from "../tensor/tensor";
import { Tracer } from "./trace";

/**
 * The values behind `t` when it has them: its own, or (inside autodiff transforms) its
 * primal's. Undefined for values only known when a jit program runs, or batched by vmap:
 * for the few functions whose output shape or validity depends on values (a PRNG key's
 * words, bincount's length, checks of concrete bins).
 * @example concreteValue(tensor([1, 2])) // Float32Array [1, 2]
 */
export function concreteValue(t: Tensor): ArrayLike<number> | undefined {
  let x: Tensor | undefined = t;
  while (x instanceof Tracer) x = x.primalValue();
  return x === undefined ? undefined : x.data();
}
