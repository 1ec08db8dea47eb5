import type { DType } from "../tensor/dtype";
import type { Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import type { ConcreteTensor } from "../tensor/concrete";
import type { UnaryOp } from "../tensor/kernels/unary";
import type { BinaryOp, CompareOp } from "../tensor/kernels/binary";
import type { ReduceOp } from "../tensor/kernels/reduce";
import type { BitwiseOp } from "../tensor/kernels/bitwise";

/** The abstract value of a tensor: what is known without its data. */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** The parameters of each primitive, by name. Adding a name here demands its rule. */
export interface PrimitiveParams {
  neg: Empty;
  exp: Empty;
  log: Empty;
  log1p: Empty;
  expm1: Empty;
  sqrt: Empty;
  abs: Empty;
  sign: Empty;
  sin: Empty;
  cos: Empty;
  tanh: Empty;
  sigmoid: Empty;
  add: Empty;
  sub: Empty;
  mul: Empty;
  div: Empty;
  pow: Empty;
  max: Empty;
  min: Empty;
  bitwise: { readonly op: BitwiseOp };
  bitwiseNot: Empty;
  compare: { readonly op: CompareOp };
  select: Empty;
  convert: { readonly dtype: DType };
  stopGradient: Empty;
  reduceSum: { readonly axes: readonly number[] };
  reduceMax: { readonly axes: readonly number[] };
  reduceMin: { readonly axes: readonly number[] };
  reduceProd: { readonly axes: readonly number[] };
  argReduce: { readonly op: "argmax" | "argmin"; readonly axis: number };
  reshape: { readonly shape: Shape };
  broadcastTo: { readonly shape: Shape };
  transpose: { readonly perm: readonly number[] };
  slice: { readonly start: readonly number[]; readonly end: readonly number[]; readonly step: readonly number[] };
  pad: { readonly before: readonly number[]; readonly shape: Shape; readonly step: readonly number[] };
  concat: { readonly axis: number };
  gather: { readonly axis: number };
  scatterAdd: { readonly axis: number; readonly shape: Shape };
  matmul: { readonly transA: boolean; readonly transB: boolean };
  cholesky: Empty;
  triangularSolve: { readonly lower: boolean; readonly transposeA: boolean; readonly leftSide: boolean; readonly unitDiagonal: boolean };
  solve: Empty;
  logAbsDet: Empty;
  detSign: Empty;
}

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
}

/** One rule per primitive: leaving one out is a compile error. */
export type RuleTable = { readonly [K in PrimitiveName]: PrimitiveRule<PrimitiveParams[K]> };

/** Re-exported kernel op names, for rule files. */
export type { UnaryOp, BinaryOp, CompareOp, ReduceOp };
