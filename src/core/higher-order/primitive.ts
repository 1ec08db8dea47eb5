import type { Tensor } from "../../tensor/tensor";
import type { ConcreteTensor } from "../../tensor/concrete";
import type { Aval } from "../primitive";
import type { BatchArg } from "../batching";
import type { Jaxpr } from "../jaxpr";

/** Maps output cotangents (`null` is a zero) to one cotangent per input (`null` for none). */
export type MultiPullback = (cotangents: readonly (Tensor | null)[]) => readonly (Tensor | null)[];

/**
 * A higher-order primitive: its params carry closed sub-programs (jaxprs) and it may
 * have several outputs. Calls (`jit`, custom rules, `checkpoint`) and control flow
 * (`scan`, `whileLoop`, `cond`) are higher-order primitives; each interpreter applies
 * them through the rule of its own below, as JAX does with its call and control-flow
 * primitives, so a loop stays a loop and a user's rule survives every transform.
 */
export interface HigherOrderPrimitive<P> {
  /** The name the IR prints. */
  readonly name: string;
  /** Output shapes and dtypes; throws a message naming the op and the shapes. */
  abstractEval(inputs: readonly Aval[], params: P): Aval[];
  /** Runs on concrete inputs (sub-programs compiled). */
  impl(inputs: readonly ConcreteTensor[], params: P): Tensor[];
  /** Forward mode: the outputs and their tangents (`null` is a zero) from primals and tangents. */
  jvp(primals: readonly Tensor[], tangents: readonly (Tensor | null)[], params: P): [Tensor[], (Tensor | null)[]];
  /**
   * Reverse mode: the outputs and a pullback to the inputs' cotangents. `wanted[i]` is
   * false for inputs nothing differentiates. Both are built from primitives, so an outer
   * transform traces them too (grad of grad).
   */
  vjp(primals: readonly Tensor[], params: P, wanted: readonly boolean[]): [Tensor[], MultiPullback];
  /** Batching: the outputs and whether each holds the batch on axis 0. */
  batch(args: readonly BatchArg[], params: P, size: number): [Tensor[], boolean[]];
  /**
   * For the compiler: a program equivalent to this equation (same inputs, same outputs)
   * that may be inlined into the caller, once every transform has been applied.
   */
  inline?(params: P): Jaxpr;
}
