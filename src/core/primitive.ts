import type { DType } from "../tensor/dtype";
import { sameShape, showShape, type Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import type { ConcreteTensor } from "../tensor/concrete";
import type { UnaryOp } from "../tensor/kernels/unary";
import type { BinaryOp, CompareOp } from "../tensor/kernels/binary";
import type { ReduceOp } from "../tensor/kernels/reduce";
import type { BatchRule } from "./batching";
import type { VectorElement } from "./compile/lanes";

/** The abstract value of a tensor: what is known without its data. */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** An abstract value as messages print it, e.g. `float32[2,3]`. */
export const showAval = (a: Aval): string => `${a.dtype}${showShape(a.shape)}`;

/** True when two abstract values have the same dtype and shape. */
export const sameAval = (a: Aval, b: Aval): boolean => a.dtype === b.dtype && sameShape(a.shape, b.shape);

/**
 * The parameters of each primitive, by name. Each primitive's file adds its entry to this
 * interface (module augmentation) next to its rule; the rule table demands a rule for
 * every name.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation, which only an interface allows
export interface PrimitiveParams {}

/** A primitive with no parameters. */
export type Empty = Readonly<Record<string, never>>;

/** The name of a primitive. */
export type PrimitiveName = keyof PrimitiveParams;

/**
 * Everything the library knows about one primitive, in one place. Rules are written with
 * differentiable ops, so derivatives of any order follow.
 */
export interface PrimitiveRule<P> {
  /** Output shape and dtype; throws a message naming the op, the arguments and shapes. */
  abstractEval(inputs: readonly Aval[], params: P): Aval;
  /** The kernel on concrete inputs. */
  impl(inputs: readonly ConcreteTensor[], params: P, out: Aval): ConcreteTensor;
  /** Tangent of the output from the inputs' tangents (`null` is a symbolic zero). */
  jvp(primals: readonly Tensor[], tangents: readonly (Tensor | null)[], params: P, out: Tensor): Tensor | null;
  /**
   * Cotangents of the inputs from the output's cotangent (`null` is a symbolic zero).
   * `wanted[i]` is false for inputs nothing differentiates; a rule may skip those.
   */
  vjp(cotangent: Tensor, primals: readonly Tensor[], params: P, out: Tensor, wanted: readonly boolean[]): readonly (Tensor | null)[];
  /** How it applies to a batch (`vmap`): the result with the batch on axis 0. */
  batch: BatchRule<P>;
  /**
   * Its form inside a loop the compiler fuses, when it has one: a scalar JavaScript
   * expression from its operands' names, with the exact semantics of its kernel (the
   * compiler rounds or wraps the result to the output dtype).
   */
  element?: ElementExpression;
  /**
   * The same form lowered to WebAssembly (scalar or SIMD lanes), bit for bit equal to
   * `element` followed by the store to the output dtype; absent where it has none.
   */
  vectorElement?: VectorElement;
}

export type { VectorElement };

/**
 * A scalar JavaScript expression for one element, from the operands' names, the params
 * and the dtypes; `undefined` where the kernel's semantics for those dtypes has no such
 * expression (the equation then runs alone).
 */
export type ElementExpression = (args: readonly string[], params: Readonly<Record<string, unknown>>, dtypes: ElementDTypes) => string | undefined;

/** The dtypes an element expression works on. */
export interface ElementDTypes {
  readonly out: DType;
  readonly inputs: readonly DType[];
}

/** True for the integer dtypes, whose fused results wrap to 32 bits. */
export const isIntegerDType = (dtype: DType): boolean => dtype === "int32" || dtype === "uint32";

/** One rule per primitive: leaving one out is a compile error. */
export type RuleTable = { readonly [K in PrimitiveName]: PrimitiveRule<PrimitiveParams[K]> };

/** Re-exported kernel op names, for rule files. */
export type { UnaryOp, BinaryOp, CompareOp, ReduceOp };
