/**
 * Convolution layers as Flax has them: channels-last inputs (`[batch, ...spatial, C]`),
 * kernels `[...window, C / groups, features]` (HWIO), "SAME" padding by default, and an
 * optional bias per feature. Kernels are initialized with the receptive-field fan-in and
 * fan-out ({@link fans}).
 * @module
 */
import type { FloatDType } from "../../tensor/dtype";
import { showShape, type Shape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { split } from "../../random/key";
import { convGeneralDilated, convTranspose } from "../../lax/conv";
import { dilateDim, resolvePadding, type ConvDimensionStrings, type ConvPadding } from "../../core/primitives/conv-dimensions";
import { glorotUniform, zeros, type Initializer } from "../initializers";
import { expectShape, expectTensor, makeLayer, type Layer, type ShapeMap } from "../layer";

/**
 * Parameters of a convolution layer with `F` features: the kernel `W`
 * (`[...window, C / groups, F]`) and, unless `useBias` is false, the bias `b` (`[F]`).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { W, b }] = nn.conv2d(6, 5).init(random.key(0), [-1, 28, 28, 1]); // W: [5, 5, 1, 6], b: [6]
 * ```
 */
export interface ConvLayerParams<F extends number = number> {
  readonly W: Tensor;
  readonly b?: Tensor<[F]>;
}

/** `D` spatial dimensions of unknown size. */
type Spatial<D extends number> = D extends 1 ? [number] : D extends 2 ? [number, number] : [number, number, number];

/**
 * Shape map of a `D`-dimensional convolution layer with `F` features:
 * `[B, ...spatial, C]` → `[B, ...spatial', F]` (the spatial sizes are computed at init).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.ConvLayerShape<6, 2>, [32, 28, 28, 1]> // [32, number, number, 6]
 * ```
 */
export interface ConvLayerShape<F extends number, D extends number> extends ShapeMap {
  readonly out: this["in"] extends readonly [infer B extends number, ...number[]] ? [B, ...Spatial<D>, F] : number[];
}

/**
 * Options of the convolution layers.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.conv2d(32, 3, { strides: 2, padding: "VALID", groups: 4, useBias: false })
 * ```
 */
export interface ConvLayerOptions {
  /** Window strides, one per spatial axis or one for all (default 1). */
  readonly strides?: number | readonly number[];
  /** "SAME" (default), "VALID" or one `[low, high]` pair per spatial axis. */
  readonly padding?: ConvPadding;
  /** Kernel dilation (atrous convolution), one per spatial axis or one for all (default 1). */
  readonly dilation?: number | readonly number[];
  /** Feature groups: the input channels and the features split into this many independent groups (default 1). */
  readonly groups?: number;
  /** Add a bias per feature (default true). */
  readonly useBias?: boolean;
  /** Kernel initializer (default Glorot uniform over the receptive-field fans). */
  readonly kernelInit?: Initializer;
  /** Bias initializer (default zeros). */
  readonly biasInit?: Initializer;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/** Options of {@link depthwiseConv2d}: those of a convolution, with a channel multiplier instead of groups. */
export interface DepthwiseConvOptions extends Omit<ConvLayerOptions, "groups"> {
  /** Output channels per input channel (default 1). */
  readonly depthMultiplier?: number;
}

/** Options of {@link convTranspose2d}: those of a convolution without groups. */
export type ConvTransposeLayerOptions = Omit<ConvLayerOptions, "groups">;

/** Channels-last layouts by the number of spatial axes. */
const layouts: Readonly<Record<number, ConvDimensionStrings>> = {
  1: ["NWC", "WIO", "NWC"],
  2: ["NHWC", "HWIO", "NHWC"],
  3: ["NDHWC", "DHWIO", "NDHWC"],
};

/** A per-axis option: one value for every axis, or one per axis (checked). */
function perAxis(layer: string, option: string, value: number | readonly number[], d: number): number[] {
  const values = typeof value === "number" ? new Array<number>(d).fill(value) : [...value];
  if (values.length !== d || !values.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new Error(`${layer}: ${option} must be a positive integer or ${d} of them, got ${JSON.stringify(value)}`);
  }
  return values;
}

interface Plan {
  readonly name: string;
  readonly d: number;
  readonly features: number;
  readonly window: readonly number[];
  readonly strides: readonly number[];
  readonly dilation: readonly number[];
  readonly padding: ConvPadding;
  readonly transposed: boolean;
  /** Feature groups from the input's channels (depthwise: one per channel). */
  readonly groupsOf: (channels: number) => number;
  readonly options: ConvLayerOptions;
}

/** Spatial output sizes (−1 stays −1). */
function outputSpatial(p: Plan, spatial: readonly number[]): number[] {
  const span = p.window.map((k, j) => dilateDim(k, p.dilation[j]));
  if (p.transposed) {
    return spatial.map((n, j) => {
      if (n === -1) return -1;
      if (p.padding === "SAME") return n * p.strides[j];
      if (p.padding === "VALID") return n * p.strides[j] + Math.max(span[j] - p.strides[j], 0);
      return dilateDim(n, p.strides[j]) + p.padding[j][0] + p.padding[j][1] - span[j] + 1;
    });
  }
  const pads = resolvePadding(p.name, p.padding, spatial, span, p.strides);
  return spatial.map((n, j) => (n === -1 ? -1 : Math.floor((n + pads[j][0] + pads[j][1] - span[j]) / p.strides[j]) + 1));
}

function convLayer<F extends number, D extends number>(p: Plan): Layer<ConvLayerParams<F>, ConvLayerShape<F, D>> {
  const { name, d, features, options } = p;
  const { useBias = true, kernelInit = glorotUniform, biasInit = zeros, dtype = "float32" } = options;
  const dimensionNumbers = layouts[d];
  return makeLayer<ConvLayerParams<F>, ConvLayerShape<F, D>>({
    name,
    init(key, inputShape) {
      const s = expectShape(name, inputShape);
      const channels = s[s.length - 1];
      if (s.length !== d + 2) throw new Error(`${name}: expects inputs [batch, ...${d} spatial, channels], got shape ${showShape(s)}`);
      if (channels === -1) throw new Error(`${name}: the channel (last) dimension of the input must be known, got ${showShape(s)}`);
      const groups = p.groupsOf(channels);
      if (channels % groups !== 0 || features % groups !== 0) {
        throw new Error(`${name}: groups ${groups} must divide the input channels (${channels}) and the features (${features})`);
      }
      const out = outputSpatial(p, s.slice(1, -1));
      if (out.some((n) => n !== -1 && n < 1)) {
        throw new Error(`${name}: window ${showShape(p.window)} (dilation ${showShape(p.dilation)}) is larger than the padded input ${showShape(s)}`);
      }
      const [kKey, bKey] = split(key);
      const W = kernelInit(kKey, [...p.window, p.transposed ? channels : channels / groups, features], dtype) as Tensor;
      const params: ConvLayerParams<F> = useBias ? { W, b: biasInit(bKey, [features], dtype) as Tensor<[F]> } : { W };
      return [[s[0], ...out, features], Object.freeze(params)];
    },
    apply(params, input) {
      const x = expectTensor(name, input);
      const w = params.W.shape;
      const expected = p.transposed ? w[d] : w[d] * p.groupsOf(x.shape[x.shape.length - 1]);
      if (x.shape.length !== d + 2 || x.shape[d + 1] !== expected) {
        throw new Error(`${name}: input of shape ${showShape(x.shape)} is not [batch, ...${d} spatial, ${expected}] as the kernel W ${showShape(w)} expects`);
      }
      const y = p.transposed
        ? convTranspose(x, params.W, p.strides, p.padding, { rhsDilation: p.dilation, dimensionNumbers })
        : convGeneralDilated(x, params.W, p.strides, p.padding, { rhsDilation: p.dilation, dimensionNumbers, featureGroupCount: p.groupsOf(x.shape[d + 1]) });
      return params.b === undefined ? y : add(y, params.b as Tensor);
    },
  });
}

/** The plan of a (grouped) convolution with `d` spatial axes. */
function plan(
  kind: string,
  d: number,
  features: number,
  kernelSize: number | readonly number[],
  options: ConvLayerOptions,
  transposed: boolean,
  name = `${kind}(${features})`,
): Plan {
  if (!Number.isInteger(features) || features < 1) throw new Error(`${kind}: features must be a positive integer, got ${features}`);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${name}: groups must be a positive integer, got ${groups}`);
  return {
    name,
    d,
    features,
    window: perAxis(name, "kernelSize", kernelSize, d),
    strides: perAxis(name, "strides", options.strides ?? 1, d),
    dilation: perAxis(name, "dilation", options.dilation ?? 1, d),
    padding: options.padding ?? "SAME",
    transposed,
    groupsOf: () => groups,
    options,
  };
}

/**
 * A 1-D convolution layer over `[batch, width, channels]` inputs (kernel `[k, C/groups, F]`).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const layer = nn.conv1d(8, 3);
 * const [shape] = layer.init(random.key(0), [-1, 100, 4]); // [-1, 100, 8]
 * ```
 */
export function conv1d<const F extends number>(
  features: F,
  kernelSize: number | readonly [number],
  options: ConvLayerOptions = {},
): Layer<ConvLayerParams<F>, ConvLayerShape<F, 1>> {
  return convLayer(plan("conv1d", 1, features, kernelSize, options, false));
}

/**
 * A 2-D convolution layer over NHWC inputs (kernel HWIO `[kh, kw, C/groups, F]`): LeNet's
 * local receptive fields with shared weights.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * // 6 features, 5×5 windows, SAME padding
 * const layer = nn.conv2d(6, 5);
 * const [shape, { W, b }] = layer.init(random.key(0), [-1, 28, 28, 1]);
 * shape; // => [-1, 28, 28, 6]
 * W.shape; // => [5, 5, 1, 6]
 * const images = zeros([2, 28, 28, 1]);
 * layer.apply({ W, b }, images).shape; // => [2, 28, 28, 6]
 * ```
 */
export function conv2d<const F extends number>(
  features: F,
  kernelSize: number | readonly [number, number],
  options: ConvLayerOptions = {},
): Layer<ConvLayerParams<F>, ConvLayerShape<F, 2>> {
  return convLayer(plan("conv2d", 2, features, kernelSize, options, false));
}

/**
 * A 3-D convolution layer over `[batch, depth, height, width, channels]` inputs.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [shape] = nn.conv3d(4, 3, { strides: 2 }).init(random.key(0), [-1, 8, 8, 8, 1]); // [-1, 4, 4, 4, 4]
 * ```
 */
export function conv3d<const F extends number>(
  features: F,
  kernelSize: number | readonly [number, number, number],
  options: ConvLayerOptions = {},
): Layer<ConvLayerParams<F>, ConvLayerShape<F, 3>> {
  return convLayer(plan("conv3d", 3, features, kernelSize, options, false));
}

/**
 * A 2-D transposed convolution layer (Flax's `ConvTranspose`, `lax.convTranspose` without
 * flipping the kernel): each input pixel spreads over a window of the output, so strides
 * upsample; "SAME" gives `input · stride` pixels. Kernel `[kh, kw, C, F]`.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [shape] = nn.convTranspose2d(3, 3, { strides: 2 }).init(random.key(0), [-1, 7, 7, 16]); // [-1, 14, 14, 3]
 * ```
 */
export function convTranspose2d<const F extends number>(
  features: F,
  kernelSize: number | readonly [number, number],
  options: ConvTransposeLayerOptions = {},
): Layer<ConvLayerParams<F>, ConvLayerShape<F, 2>> {
  return convLayer(plan("convTranspose2d", 2, features, kernelSize, options, true));
}

/**
 * A depthwise 2-D convolution: each input channel convolved with its own
 * `depthMultiplier` filters (a convolution with one group per channel; kernel
 * `[kh, kw, 1, C · depthMultiplier]`, output channel `c · depthMultiplier + m`).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [shape] = nn.depthwiseConv2d(3).init(random.key(0), [-1, 32, 32, 16]); // [-1, 32, 32, 16]
 * ```
 */
export function depthwiseConv2d(
  kernelSize: number | readonly [number, number],
  options: DepthwiseConvOptions = {},
): Layer<ConvLayerParams, ConvLayerShape<number, 2>> {
  const multiplier = options.depthMultiplier ?? 1;
  if (!Number.isInteger(multiplier) || multiplier < 1) throw new Error(`depthwiseConv2d: depthMultiplier must be a positive integer, got ${multiplier}`);
  const name = `depthwiseConv2d(×${multiplier})`;
  const base = plan("depthwiseConv2d", 2, 1, kernelSize, options, false, name);
  return depthwiseLayer(name, base, multiplier);
}

/** The depthwise layer: its features, `channels · multiplier`, follow the input's channels (at init) or the kernel's (at apply). */
function depthwiseLayer(name: string, base: Plan, multiplier: number): Layer<ConvLayerParams, ConvLayerShape<number, 2>> {
  const layerFor = (channels: number): Layer<ConvLayerParams, ConvLayerShape<number, 2>> =>
    convLayer({ ...base, features: channels * multiplier, groupsOf: (c) => c });
  const channelsOf = (shape: Shape, layer: string): number => {
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || channels === -1)
      throw new Error(`${layer}: expects inputs [batch, height, width, channels] with known channels, got shape ${showShape(shape)}`);
    return channels;
  };
  return makeLayer<ConvLayerParams, ConvLayerShape<number, 2>>({
    name,
    init: (key, inputShape) => layerFor(channelsOf(expectShape(name, inputShape), name)).init(key, inputShape),
    apply: (params, input) => layerFor(params.W.shape[3] / multiplier).apply(params, input),
  });
}
