/**
 * Pooling over the spatial axes of channels-last inputs (`[batch..., spatial..., features]`,
 * NHWC for images, as Flax and TF.js): max and average pooling as functions (Flax's
 * `max_pool`, `avg_pool`) and as layers, and global average pooling. Built on
 * `lax.reduceWindow`, so gradients (max pooling's goes to the first arg-max of each
 * window), `jit` and `vmap` come with it.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { ones } from "../../tensor/create";
import { showShape, type Shape } from "../../tensor/shape";
import { div } from "../../ops/arithmetic";
import { asFloat } from "../../ops/operands";
import { mean } from "../../ops/reduce";
import { windowedLength } from "../../tensor/kernels/reduce-window";
import { windowOutShape } from "../../core/primitives/reduce-window";
import { reduceWindow, resolvePadding } from "../../lax/reduce-window";
import type { SameRank } from "../../lax/pad";
import { expectShape, expectTensor, makeLayer, noParams, type Layer, type NoParams, type ShapeMap } from "../layer";

/**
 * The shape after pooling: the feature axis (last) is kept, the others become `number`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type P = nn.Pooled<[32, 28, 28, 6]> // [number, number, number, 6]
 * ```
 */
export type Pooled<S> = S extends readonly [...infer R extends number[], infer C extends number] ? [...SameRank<R>, C] : number[];

/**
 * The shape after global pooling: `[B, ...spatial, C]` → `[B, C]`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type G = nn.GlobalPooled<[32, 7, 7, 16]> // [32, 16]
 * ```
 */
export type GlobalPooled<S> = S extends readonly [infer B extends number, ...number[], infer C extends number] ? [B, C] : number[];

/**
 * Shape map of the pooling layers.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.PoolShape, [32, 28, 28, 6]> // [number, number, number, 6]
 * ```
 */
export interface PoolShape extends ShapeMap {
  readonly out: Pooled<this["in"]>;
}

/**
 * Shape map of {@link globalAvgPoolLayer}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.GlobalPoolShape, [32, 7, 7, 16]> // [32, 16]
 * ```
 */
export interface GlobalPoolShape extends ShapeMap {
  readonly out: GlobalPooled<this["in"]>;
}

/**
 * Options of {@link maxPool} and {@link avgPool}.
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * nn.maxPool(ones([1, 5, 5, 1]), [2, 2], { strides: [2, 2], padding: "SAME" } satisfies nn.PoolOptions).shape; // => [1, 3, 3, 1]
 * ```
 */
export interface PoolOptions {
  /** Step of the window per spatial axis (default 1 on each, as Flax). */
  readonly strides?: readonly number[];
  /** `"VALID"` (default), `"SAME"` or a `[low, high]` pair per spatial axis. */
  readonly padding?: "SAME" | "VALID" | readonly (readonly [number, number])[];
}

/**
 * Options of {@link avgPool}.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const x = tensor([1, 2, 3, 4]).reshape([1, 2, 2, 1]);
 * nn.avgPool(x, [3, 3], { padding: "SAME", countIncludePad: false } satisfies nn.AvgPoolOptions).reshape([4]).toArray(); // => [2.5, 2.5, 2.5, 2.5]
 * ```
 */
export interface AvgPoolOptions extends PoolOptions {
  /** Divide by the whole window (true, the default, as Flax) or only by its non-padding elements. */
  readonly countIncludePad?: boolean;
}

/** The full-rank window geometry of pooling `shape` (leading batch axes and the feature axis get windows of 1), checked. */
function poolGeometry(op: string, shape: Shape, windowShape: readonly number[], options: PoolOptions) {
  const k = windowShape.length;
  if (shape.length < k + 1) {
    throw new Error(
      `${op}: windowShape [${windowShape.join(",")}] needs x of rank ≥ ${k + 1} ([batch..., ${k} spatial, features]), got shape ${showShape(shape)}`,
    );
  }
  const strides = options.strides ?? windowShape.map(() => 1);
  if (strides.length !== k)
    throw new Error(`${op}: strides [${strides.join(",")}] has ${strides.length} entries, windowShape [${windowShape.join(",")}] has ${k}`);
  const padding = options.padding ?? "VALID";
  if (Array.isArray(padding) && padding.length !== k)
    throw new Error(`${op}: padding has ${padding.length} [low, high] pairs, windowShape [${windowShape.join(",")}] has ${k} axes`);
  const lead = shape.length - k - 1;
  const spatial = shape.slice(lead, lead + k);
  const pads = resolvePadding(
    op,
    spatial,
    windowShape,
    strides,
    windowShape.map(() => 1),
    padding,
  );
  const pass = (n: number) => new Array<number>(n).fill(1);
  const geometry = {
    windowDimensions: [...pass(lead), ...windowShape, 1],
    windowStrides: [...pass(lead), ...strides, 1],
    padding: [...pass(lead).map(() => [0, 0] as const), ...pads, [0, 0] as const],
    baseDilation: pass(shape.length),
    windowDilation: pass(shape.length),
  };
  windowOutShape(op, shape, geometry);
  return geometry;
}

/**
 * Max pooling (Flax's `max_pool`): the largest element of each `windowShape` window over
 * the spatial axes of `x` (`[batch..., spatial..., features]`, e.g. NHWC). Its gradient
 * goes to the first largest element of each window (row-major order).
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * // [B, 28, 28, 6] → [B, 14, 14, 6]
 * nn.maxPool(ones([2, 28, 28, 6]), [2, 2], { strides: [2, 2] }).shape; // => [2, 14, 14, 6]
 * ```
 */
export function maxPool<S extends Shape>(x: Tensor<S>, windowShape: readonly number[], options: PoolOptions = {}): Tensor<Pooled<S>> {
  const g = poolGeometry("maxPool", x.shape, windowShape, options);
  return reduceWindow(x as Tensor, -Infinity, "max", g.windowDimensions, g.windowStrides, g.padding) as unknown as Tensor<Pooled<S>>;
}

/**
 * Average pooling (Flax's `avg_pool`): the mean of each `windowShape` window over the
 * spatial axes of `x` (`[batch..., spatial..., features]`). With padding, `countIncludePad`
 * (default true) divides by the window size; false divides by the elements inside x.
 * @example
 * ```ts
 * import { nn, ones, tensor } from "purediff";
 * // [B, 28, 28, 6] → [B, 14, 14, 6]
 * nn.avgPool(ones([2, 28, 28, 6]), [2, 2], { strides: [2, 2] }).shape; // => [2, 14, 14, 6]
 * const image = tensor([1, 2, 3, 4]).reshape([1, 2, 2, 1]);
 * nn.avgPool(image, [3, 3], { padding: "SAME", countIncludePad: false }).reshape([4]).toArray(); // => [2.5, 2.5, 2.5, 2.5]
 * ```
 */
export function avgPool<S extends Shape>(x: Tensor<S>, windowShape: readonly number[], options: AvgPoolOptions = {}): Tensor<Pooled<S>> {
  const t = asFloat(x);
  const g = poolGeometry("avgPool", t.shape, windowShape, options);
  const sums = reduceWindow(t, 0, "add", g.windowDimensions, g.windowStrides, g.padding);
  if (options.countIncludePad ?? true)
    return div(
      sums,
      windowShape.reduce((a, b) => a * b, 1),
    ) as unknown as Tensor<Pooled<S>>;
  // The elements inside x per window: the same pooling of ones over the spatial axes.
  const counts = reduceWindow(
    ones(
      t.shape.map((d, i) => (g.windowDimensions[i] === 1 && g.padding[i][0] === 0 && g.padding[i][1] === 0 ? 1 : d)),
      t.dtype,
    ),
    0,
    "add",
    g.windowDimensions,
    g.windowStrides,
    g.padding,
  );
  return div(sums, counts) as unknown as Tensor<Pooled<S>>;
}

/**
 * Global average pooling: the mean over the spatial axes of `[B, spatial..., features]`,
 * giving `[B, features]` (Keras's `GlobalAveragePooling2D`).
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * // [B, 7, 7, 16] → [B, 16]
 * nn.globalAvgPool(ones([2, 7, 7, 16])).shape; // => [2, 16]
 * ```
 */
export function globalAvgPool<S extends Shape>(x: Tensor<S>): Tensor<GlobalPooled<S>> {
  if (x.shape.length < 3) throw new Error(`globalAvgPool: needs x of rank ≥ 3 ([batch, spatial..., features]), got shape ${showShape(x.shape)}`);
  const spatial = x.shape.slice(1, -1).map((_, i) => i + 1);
  return mean(x as Tensor, spatial) as unknown as Tensor<GlobalPooled<S>>;
}

/** The shape after pooling an input of `shape` (−1: unknown), checking that the windows fit. */
function pooledShape(op: string, shape: Shape, windowShape: readonly number[], options: PoolOptions): number[] {
  // Unknown dimensions stand in as a size every window fits, so that only known ones are checked.
  const known = shape.map((d) => (d === -1 ? 4 * Math.max(1, ...windowShape) : d));
  const g = poolGeometry(op, known, windowShape, options);
  return shape.map((d, i) => (d === -1 ? -1 : windowedLength(d, g.windowDimensions[i], g.windowStrides[i], g.padding[i], 1, 1)));
}

function poolLayer(op: "maxPool" | "avgPool", windowShape: readonly number[], options: AvgPoolOptions): Layer<NoParams, PoolShape> {
  const name = `${op}([${windowShape.join(",")}])`;
  return makeLayer<NoParams, PoolShape>({
    name,
    init: (_key, inputShape) => [pooledShape(name, expectShape(name, inputShape), windowShape, options), noParams],
    apply: (_params, input) => {
      const x = expectTensor(name, input);
      return op === "maxPool" ? maxPool(x, windowShape, options) : avgPool(x, windowShape, options);
    },
  });
}

/**
 * Max pooling as a layer (see {@link maxPool}). No params.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const net = nn.serial(nn.conv2d(6, [5, 5]), nn.activation(nn.relu), nn.maxPoolLayer([2, 2], { strides: [2, 2] }));
 * ```
 */
export function maxPoolLayer(windowShape: readonly number[], options: PoolOptions = {}): Layer<NoParams, PoolShape> {
  return poolLayer("maxPool", windowShape, options);
}

/**
 * Average pooling as a layer (see {@link avgPool}). No params.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.avgPoolLayer([2, 2], { strides: [2, 2] }).init(random.key(0), [-1, 28, 28, 6])[0]; // => [-1, 14, 14, 6]
 * ```
 */
export function avgPoolLayer(windowShape: readonly number[], options: AvgPoolOptions = {}): Layer<NoParams, PoolShape> {
  return poolLayer("avgPool", windowShape, options);
}

/**
 * Global average pooling as a layer (see {@link globalAvgPool}). No params.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.globalAvgPoolLayer().init(random.key(0), [-1, 7, 7, 16])[0]; // => [-1, 16]
 * ```
 */
export function globalAvgPoolLayer(): Layer<NoParams, GlobalPoolShape> {
  const name = "globalAvgPool";
  return makeLayer<NoParams, GlobalPoolShape>({
    name,
    init(_key, inputShape) {
      const s = expectShape(name, inputShape);
      if (s.length < 3) throw new Error(`${name}: needs an input of rank ≥ 3 ([batch, spatial..., features]), got shape ${showShape(s)}`);
      return [[s[0], s[s.length - 1]], noParams];
    },
    apply: (_params, input) => globalAvgPool(expectTensor(name, input)),
  });
}
