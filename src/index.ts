/**
 * purediff: neural networks and their training as typed, pure functions.
 * Everything a user needs is exported from here.
 */
import "./core/primitives";

export { Tensor, type NestedArray } from "./tensor/tensor";
export type { DType, FloatDType } from "./tensor/dtype";
export type { Shape } from "./tensor/shape";
export type * from "./tensor/shape-types";
export { tensor, tensorE, scalar, zeros, ones, full, eye, arange, linspace, zerosLike, onesLike } from "./tensor/create";

export { add, sub, mul, div, pow, maximum, minimum, neg, square, reciprocal } from "./ops/arithmetic";
export { exp, log, log1p, expm1, sqrt, abs, sign, sin, cos, tanh, sigmoid } from "./ops/math";
export { erf } from "./ops/special";
export { relu, softplus, elu, leakyRelu } from "./ops/activation";
export { equal, notEqual, greater, greaterEqual, less, lessEqual, where, clip } from "./ops/compare";
export { bitwiseAnd, bitwiseOr, bitwiseXor, bitwiseNot, shiftLeft, shiftRightLogical, shiftRightArithmetic, rotateLeft, leftShift, rightShift } from "./ops/bitwise";
export { gcd, lcm } from "./ops/integers";
export { bincount, type BincountOptions } from "./ops/bincount";
export { digitize } from "./ops/digitize";
export { histogram, type HistogramOptions } from "./ops/histogram";
export { sum, mean, max, min, prod, argmax, argmin, logsumexp } from "./ops/reduce";
export { softmax, logSoftmax } from "./ops/softmax";
export { reshape, broadcastTo, transpose, expandDims, squeeze } from "./ops/shape";
export { concat, stack } from "./ops/join";
export { slice, take, oneHot } from "./ops/indexing";
export { matmul, dot, outer, norm, type NormOrder } from "./ops/linalg";
export { stopGradient, astype } from "./ops/gradient-control";
export type { Operand } from "./ops/operands";
export type { Axes, ReduceOptions } from "./ops/axes";

export { grad, valueAndGrad, type GradOptions, type Grads } from "./core/grad";
export { vjp, type VjpOptions } from "./core/vjp";
export { evalShape, ShapeDtypeStruct, type ShapeTree } from "./core/eval-shape";
export { linearTranspose } from "./core/linear-transpose";
export { jvp } from "./core/jvp";

export * as tree from "./tree";
export { jacfwd, jacrev, hessian, type JacobianOptions } from "./core/jacobian";
export { customVjp } from "./core/custom-vjp";
export { makeJaxpr } from "./core/staging";
export { Jaxpr } from "./core/jaxpr";
export { jit, type JitOptions } from "./core/jit";
export { vmap, type VmapOptions } from "./core/vmap";
export {
  cholesky, triangularSolve, solve, inv, det, logdet, slogdet, lstsq, ridge, LinalgError,
  type TriangularSolveOptions, type LstsqOptions, type SolveShape, type LstsqShape, type MatrixBatch,
} from "./ops/linalg-solve";
export * as optim from "./optim";
export * as train from "./train";
export { customJvp } from "./core/custom-jvp";
export { linearize } from "./core/linearize";
export { checkpoint } from "./core/checkpoint";
export * as lax from "./lax";
export * as nn from "./nn";
export * as random from "./random";
