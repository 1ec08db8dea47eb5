/**
 * purediff: neural networks and their training as typed, pure functions.
 * Everything a user needs is exported from here.
 * @module purediff
 */
import "./core/primitives";
// Fluent methods on Tensor (x.add(y), x.sum(1), x.T), installed on its prototype.
import "./tensor/fluent";

export { Tensor, type NestedArray } from "./tensor/tensor";
export type { DType, FloatDType } from "./tensor/dtype";
export type { Shape } from "./tensor/shape";
export type * from "./tensor/shape-types";
export { tensor, tensorE, scalar, zeros, ones, full, eye, arange, linspace, zerosLike, onesLike } from "./tensor/create";

export { add, sub, mul, div, pow, maximum, minimum, neg, square, reciprocal } from "./ops/arithmetic";
export { exp, log, log1p, expm1, sqrt, abs, sign, sin, cos, tanh, sigmoid } from "./ops/math";
export { erf, erfc, erfinv, lgamma, digamma, polygamma, logit, expit, log1mexp, xlogy, xlog1py } from "./ops/special";
export { floor, ceil, round, rint, trunc } from "./ops/rounding";
export { tan, arcsin, arccos, arctan, arctan2, sinh, cosh, arcsinh, arccosh, arctanh, hypot, deg2rad, rad2deg, sinc } from "./ops/trigonometric";
export { exp2, log2, log10, cbrt, logaddexp, logaddexp2, floatPower } from "./ops/exponential";
export { fmod, remainder, floorDivide, divmod } from "./ops/division";
export { signbit, copysign } from "./ops/sign-bit";
export { logicalAnd, logicalOr, logicalXor, logicalNot, any, all, countNonzero, isin, type IsinOptions } from "./ops/logic";
export {
  isnan,
  isinf,
  isfinite,
  isclose,
  allclose,
  arrayEqual,
  nanToNum,
  fmax,
  fmin,
  type CloseOptions,
  type ArrayEqualOptions,
  type NanToNumOptions,
} from "./ops/float-tests";
export { nonzero, argwhere, type NonzeroOptions } from "./ops/nonzero";
export { relu, softplus, elu, leakyRelu } from "./ops/activation";
export { equal, notEqual, greater, greaterEqual, less, lessEqual, where, clip } from "./ops/compare";
export {
  bitwiseAnd,
  bitwiseOr,
  bitwiseXor,
  bitwiseNot,
  shiftLeft,
  shiftRightLogical,
  shiftRightArithmetic,
  rotateLeft,
  leftShift,
  rightShift,
} from "./ops/bitwise";
export { gcd, lcm } from "./ops/integers";
export { bincount, type BincountOptions } from "./ops/bincount";
export { digitize } from "./ops/digitize";
export { histogram, type HistogramOptions } from "./ops/histogram";
export { sum, mean, max, min, prod, argmax, argmin, logsumexp, type LogsumexpOptions, type LogSumExp } from "./ops/reduce";
export { variance, var, std, ptp, average, type VarianceOptions, type AverageOptions, type Averaged } from "./ops/statistics";
export { cov, corrcoef, type CovOptions, type CorrcoefOptions, type Covariance } from "./ops/covariance";
export { nansum, nanmean, nanmax, nanmin } from "./ops/nan-reductions";
export { quantile, percentile, median, type QuantileMethod, type QuantileOptions, type Levels, type Quantiles } from "./ops/quantile";
export { softmax, logSoftmax } from "./ops/softmax";
export { cumsum, cumprod, cummax, cummin, type CumulativeOptions, type Cumulated } from "./ops/cumulative";
export {
  diff,
  ediff1d,
  gradient,
  trapezoid,
  type DiffOptions,
  type Ediff1dOptions,
  type GradientOptions,
  type Gradients,
  type Spacing,
  type TrapezoidOptions,
  type SameRank,
} from "./ops/differences";
export { convolve, correlate, type ConvolveMode } from "./ops/convolve";
export { interp, type InterpOptions } from "./ops/interp";
export { unwrap, type UnwrapOptions } from "./ops/unwrap";
export { reshape, broadcastTo, transpose, expandDims, squeeze, ravel } from "./ops/shape";
export { concat, stack, hstack, vstack, dstack, columnStack } from "./ops/join";
export { slice, take, oneHot } from "./ops/indexing";
export { tri, identity, meshgrid, indices, fromFunction, logspace, geomspace, fullLike, type MeshgridOptions, type SpaceOptions } from "./ops/creation";
export { diag, diagonal, diagflat, tril, triu } from "./ops/diagonal";
export { pad, type PadMode, type PadWidth, type PadOptions } from "./ops/pad";
export { flip, fliplr, flipud, rot90 } from "./ops/flip";
export { roll } from "./ops/roll";
export { tile, repeat } from "./ops/repeat";
export { moveaxis, swapaxes, type SwapAxes } from "./ops/move-axes";
export { atleast1d, atleast2d, atleast3d, type AtLeast1d, type AtLeast2d, type AtLeast3d } from "./ops/atleast";
export { split, arraySplit, hsplit, vsplit, dsplit, unstack } from "./ops/split";
export { takeAlongAxis } from "./ops/take-along-axis";
export { indexUpdate, indexAdd, indexMul, indexMin, indexMax, type UpdateIndices, type AxisIndices, type IndexUpdateOptions } from "./ops/index-update";
export { select, choose, type ChooseMode } from "./ops/choose";
export { compress } from "./ops/compress";
export { matmul, dot, outer } from "./ops/linalg";
export { setThreads, threads, threadsReady } from "./tensor/kernels/wasm/threads";
export { norm, type NormOrder } from "./ops/norm";
export { stopGradient, astype } from "./ops/gradient-control";
export { sort, argsort, partition, type SortOptions } from "./ops/sort";
export { searchsorted, type SearchsortedOptions } from "./ops/search";
export { unique, type UniqueOptions, type Unique } from "./ops/unique";
export { einsum } from "./ops/einsum";
export { tensordot, inner, vdot, kron, cross, multiDot, matrixPower, trace, type CrossOptions } from "./ops/contractions";
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
export { exportOnnx, exportOnnxE, saveOnnx, saveOnnxE } from "./onnx/export-onnx";
export { decodeOnnxModel, type OnnxModel } from "./onnx/onnx-schema";
export { jit, type JitOptions } from "./core/jit";
export { vmap, type VmapOptions } from "./core/vmap";
export {
  cholesky,
  triangularSolve,
  solve,
  inv,
  det,
  logdet,
  slogdet,
  lstsq,
  ridge,
  LinalgError,
  type TriangularSolveOptions,
  type LstsqOptions,
  type SolveShape,
  type LstsqShape,
  type MatrixBatch,
} from "./ops/linalg-solve";
export {
  eigh,
  eigvalsh,
  svd,
  qr,
  lu,
  type EighOptions,
  type EighResult,
  type SvdOptions,
  type SvdResult,
  type QrMode,
  type QrResult,
  type LuResult,
  type MatrixDiagonal,
  type BatchVector,
} from "./ops/decompositions";
export { pinv, matrixRank, type PinvOptions, type MatrixRankOptions, type PinvShape } from "./ops/pseudo-inverse";
export * as optim from "./optim";
export * as train from "./train";
export { customJvp } from "./core/custom-jvp";
export { linearize } from "./core/linearize";
export { checkpoint } from "./core/checkpoint";
export * as lax from "./lax";
export * as nn from "./nn";
export * as random from "./random";
