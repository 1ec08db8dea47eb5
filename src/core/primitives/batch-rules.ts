import type { PrimitiveName, PrimitiveParams } from "../primitive";
import { elementwise, layoutBatch, loop, matmulBatch, shiftAxes, type BatchRule } from "../batching";

/** One batching rule per primitive: leaving one out is a compile error. `loop` is always correct, if slow. */
export type BatchRuleTable = { readonly [K in PrimitiveName]: BatchRule<PrimitiveParams[K]> };

export const batchRules: BatchRuleTable = {
  neg: elementwise,
  exp: elementwise,
  log: elementwise,
  log1p: elementwise,
  expm1: elementwise,
  sqrt: elementwise,
  abs: elementwise,
  sign: elementwise,
  sin: elementwise,
  cos: elementwise,
  tanh: elementwise,
  sigmoid: elementwise,
  add: elementwise,
  sub: elementwise,
  mul: elementwise,
  div: elementwise,
  pow: elementwise,
  max: elementwise,
  min: elementwise,
  bitwise: elementwise,
  bitwiseNot: elementwise,
  compare: elementwise,
  select: elementwise,
  convert: elementwise,
  stopGradient: elementwise,
  reduceSum: shiftAxes,
  reduceMax: shiftAxes,
  reduceMin: shiftAxes,
  reduceProd: shiftAxes,
  matmul: matmulBatch,
  ...layoutBatch,
  cholesky: loop,
  triangularSolve: loop,
  solve: loop,
  logAbsDet: loop,
  detSign: loop,
};
