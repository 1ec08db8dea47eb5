/**
 * Convolutions as JAX's `lax` has them: the general dilated convolution and its two
 * shorthands, `conv` (NCHW/OIHW, no dilation) and `convTranspose` (the fractionally strided
 * convolution, NHWC/HWIO by default).
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import type { CheckShape, Shape } from "../tensor/shape-types";
import type { ConvShape, ConvTransposeShape } from "./conv-types";
import { showAval } from "../core/primitive";
import { bind } from "../core/bind";
import "../core/primitives";
import { reverseAxes } from "../core/primitives/conv";
import {
  checkPositive,
  defaultDimensionNumbers,
  dilateDim,
  parseDimensionNumbers,
  resolvePadding,
  takeAxes,
  type ConvDimensionNumbers,
  type ConvDimensionStrings,
  type ConvPadding,
  type PaddingPairs,
} from "../core/primitives/conv-dimensions";

export type { ConvDimensionStrings, ConvPadding } from "../core/primitives/conv-dimensions";

/** The options of {@link convGeneralDilated}. */
export interface ConvGeneralDilatedOptions {
  /** Input dilation per spatial axis (a transposed convolution); padding must then be explicit pairs. Default 1. */
  readonly lhsDilation?: readonly number[];
  /** Kernel dilation per spatial axis (an atrous convolution). Default 1. */
  readonly rhsDilation?: readonly number[];
  /** Layouts of input, kernel and output, e.g. `["NHWC", "HWIO", "NHWC"]`. Default `["NCHW", "OIHW", "NCHW"]` (and its 1-D and 3-D forms). */
  readonly dimensionNumbers?: ConvDimensionStrings;
  /** Split the input features into this many groups, each convolved with its share of the kernel's output features (depthwise: the input features). Default 1. */
  readonly featureGroupCount?: number;
  /** Split the batch into this many groups, each producing its share of the output features (filter gradients of grouped convolutions). Default 1. */
  readonly batchGroupCount?: number;
}

const ones = (n: number): number[] => new Array<number>(n).fill(1);

/** Checks ranks and dtypes before the layout and padding are resolved. */
function checkOperands(op: string, lhs: Tensor, rhs: Tensor): void {
  const rank = lhs.shape.length;
  if (rank !== rhs.shape.length || rank < 3 || rank > 5) {
    throw new Error(`${op}: lhs and rhs must have the same rank, 3, 4 or 5 (1-D, 2-D or 3-D convolution), got lhs ${showAval(lhs)} and rhs ${showAval(rhs)}`);
  }
  if (lhs.dtype !== rhs.dtype) throw new Error(`${op}: lhs is ${showAval(lhs)} and rhs is ${showAval(rhs)}; lax ops do not promote, convert one first`);
}

/** Binds the primitive after resolving layout strings and padding. */
function convolve(
  op: string,
  lhs: Tensor,
  rhs: Tensor,
  windowStrides: readonly number[],
  padding: ConvPadding,
  dn: ConvDimensionNumbers,
  options: ConvGeneralDilatedOptions,
): Tensor {
  const d = lhs.shape.length - 2;
  const lhsDilation = options.lhsDilation ?? ones(d);
  const rhsDilation = options.rhsDilation ?? ones(d);
  checkPositive(op, "windowStrides", windowStrides, d);
  checkPositive(op, "lhsDilation", lhsDilation, d);
  checkPositive(op, "rhsDilation", rhsDilation, d);
  if (typeof padding === "string" && lhsDilation.some((r) => r !== 1)) {
    throw new Error(
      `${op}: padding "${padding}" is not defined with lhsDilation ${JSON.stringify(lhsDilation)}; give explicit [low, high] pairs or use lax.convTranspose`,
    );
  }
  const window = takeAxes(rhs.shape, dn.rhs.slice(2)).map((k, j) => dilateDim(k, rhsDilation[j]));
  const pairs = resolvePadding(op, padding, takeAxes(lhs.shape, dn.lhs.slice(2)), window, windowStrides);
  return bind("convGeneralDilated", [lhs, rhs], {
    windowStrides: [...windowStrides],
    padding: pairs.map(([lo, hi]) => [lo, hi] as const),
    lhsDilation: [...lhsDilation],
    rhsDilation: [...rhsDilation],
    dimensionNumbers: dn,
    featureGroupCount: options.featureGroupCount ?? 1,
    batchGroupCount: options.batchGroupCount ?? 1,
  });
}

/**
 * The general n-dimensional convolution (1-D, 2-D or 3-D) with strides, padding, input and
 * kernel dilation, feature and batch groups, in any layout (JAX's
 * `lax.conv_general_dilated`). It cross-correlates, as every deep-learning library: the
 * kernel is not flipped. `padding` is "SAME" (output size ⌈input / stride⌉, the odd unit of
 * padding at the end), "VALID" (no padding) or one `[low, high]` pair per spatial axis
 * (negative values crop). Strides, dilations and padding pairs are listed in the order of
 * the kernel's spatial axes in `dimensionNumbers[1]`.
 * @example
 * ```ts
 * import { lax, zeros } from "purediff";
 * const images = zeros([8, 28, 28, 1]); // NHWC
 * const kernel = zeros([5, 5, 1, 6]); // HWIO
 * lax.convGeneralDilated(images, kernel, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }).shape; // => [8, 28, 28, 6]
 * ```
 */
export function convGeneralDilated<
  L extends Shape,
  R extends Shape,
  const S extends readonly number[],
  const P extends ConvPadding,
  const O extends ConvGeneralDilatedOptions = Record<never, never>,
>(lhs: Tensor<L>, rhs: Tensor<R> & CheckShape<ConvShape<L, R, S, P, O>>, windowStrides: S, padding: P, options?: O): Tensor<ConvShape<L, R, S, P, O>> {
  const op = "convGeneralDilated";
  checkOperands(op, lhs, rhs);
  const rank = lhs.shape.length;
  const given: ConvGeneralDilatedOptions = options ?? {};
  const dn = given.dimensionNumbers === undefined ? defaultDimensionNumbers(rank) : parseDimensionNumbers(op, given.dimensionNumbers, rank);
  return convolve(op, lhs, rhs, windowStrides, padding, dn, given) as Tensor<ConvShape<L, R, S, P, O>>;
}

/**
 * A convolution of an NCHW-style input by an OIHW-style kernel (JAX's `lax.conv`): no
 * dilation, no groups.
 * @example
 * ```ts
 * import { lax, zeros } from "purediff";
 * lax.conv(zeros([2, 3, 9, 9]), zeros([4, 3, 3, 3]), [2, 2], "VALID").shape; // => [2, 4, 4, 4]
 * ```
 */
export function conv<L extends Shape, R extends Shape, const S extends readonly number[], const P extends ConvPadding>(
  lhs: Tensor<L>,
  rhs: Tensor<R> & CheckShape<ConvShape<L, R, S, P, Record<never, never>>>,
  windowStrides: S,
  padding: P,
): Tensor<ConvShape<L, R, S, P, Record<never, never>>> {
  checkOperands("conv", lhs, rhs);
  return convolve("conv", lhs, rhs, windowStrides, padding, defaultDimensionNumbers(lhs.shape.length), {}) as Tensor<
    ConvShape<L, R, S, P, Record<never, never>>
  >;
}

/** The options of {@link convTranspose}. */
export interface ConvTransposeOptions {
  /** Kernel dilation per spatial axis. Default 1. */
  readonly rhsDilation?: readonly number[];
  /** Layouts; default NHWC/HWIO/NHWC and its 1-D (`NHC`) and 3-D (`NHWDC`) forms. */
  readonly dimensionNumbers?: ConvDimensionStrings;
  /** Flip the kernel's spatial axes and swap its I and O axes, so the result is the gradient of a forward convolution by the same kernel (Keras' `Conv2DTranspose`). Default false. */
  readonly transposeKernel?: boolean;
}

const transposeDefaults: Readonly<Record<number, ConvDimensionStrings>> = {
  3: ["NHC", "HIO", "NHC"],
  4: ["NHWC", "HWIO", "NHWC"],
  5: ["NHWDC", "HWDIO", "NHWDC"],
};

/**
 * Padding of the transposed convolution for a forward padding string, per axis (JAX's
 * `_conv_transpose_padding`): the output is `input · stride` for "SAME" and
 * `input · stride + max(window − stride, 0)` for "VALID".
 */
function transposePadding(window: number, stride: number, padding: "SAME" | "VALID"): readonly [number, number] {
  const total = padding === "SAME" ? window + stride - 2 : window + stride - 2 + Math.max(window - stride, 0);
  const low = padding === "SAME" && stride <= window - 1 ? Math.ceil(total / 2) : window - 1;
  return [low, total - low];
}

/**
 * The transposed ("fractionally strided", "deconvolution") convolution (JAX's
 * `lax.conv_transpose`): the input is dilated by `strides`, so each input position spreads
 * over a window of the output. "SAME" gives `input · stride` positions, "VALID"
 * `input · stride + max(window − stride, 0)`; explicit pairs pad the dilated input.
 * @example
 * ```ts
 * import { lax, zeros } from "purediff";
 * const x = zeros([1, 4, 4, 8]); // NHWC
 * const k = zeros([3, 3, 8, 2]); // HWIO
 * lax.convTranspose(x, k, [2, 2], "SAME").shape; // => [1, 8, 8, 2]
 * ```
 */
export function convTranspose<
  L extends Shape,
  R extends Shape,
  const S extends readonly number[],
  const P extends ConvPadding,
  const O extends ConvTransposeOptions = Record<never, never>,
>(
  lhs: Tensor<L>,
  rhs: Tensor<R> & CheckShape<ConvTransposeShape<L, R, S, P, O>>,
  strides: S,
  padding: P,
  options?: O,
): Tensor<ConvTransposeShape<L, R, S, P, O>> {
  const op = "convTranspose";
  const given: ConvTransposeOptions = options ?? {};
  checkOperands(op, lhs, rhs);
  const rank = lhs.shape.length;
  const d = rank - 2;
  const dn = parseDimensionNumbers(op, given.dimensionNumbers ?? transposeDefaults[rank], rank);
  const rhsDilation = given.rhsDilation ?? ones(d);
  checkPositive(op, "strides", strides, d);
  checkPositive(op, "rhsDilation", rhsDilation, d);
  const window = takeAxes(rhs.shape, dn.rhs.slice(2)).map((k, j) => dilateDim(k, rhsDilation[j]));
  const pairs: PaddingPairs = typeof padding === "string" ? window.map((k, j) => transposePadding(k, strides[j], padding)) : padding;
  const kernel = given.transposeKernel ? swapKernelFeatures(reverseAxes(rhs, dn.rhs.slice(2)), dn.rhs) : rhs;
  return convolve(op, lhs, kernel, ones(d), pairs, dn, { lhsDilation: strides, rhsDilation }) as Tensor<ConvTransposeShape<L, R, S, P, O>>;
}

/** The kernel with its input- and output-feature axes exchanged. */
function swapKernelFeatures(rhs: Tensor, spec: readonly number[]): Tensor {
  const perm = rhs.shape.map((_, i) => (i === spec[0] ? spec[1] : i === spec[1] ? spec[0] : i));
  return bind("transpose", [rhs], { perm });
}
