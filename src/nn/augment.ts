/**
 * Data augmentation for channels-last images `[batch..., H, W, C]`: horizontal flips,
 * translations, crops of a padded image and small rotations, each as a deterministic
 * transform (`flipLeftRight`, `translate`, `rotate`) and as its random version drawing one
 * value per image from a PRNG key (`randomFlipLeftRight`, `randomTranslate`, `randomCrop`,
 * `randomRotate`). Everything is made of tensor ops (pixels are fetched with `take` and
 * blended bilinearly), so it runs inside a jitted training step; a single image `[H, W, C]`
 * works too, so `vmap` over keys and images gives per-example randomness either way.
 *
 * These live in `nn` beside the other training-time regularizers (dropout draws its mask
 * the same way); `random` keeps the samplers of plain numbers they use.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { arange, full } from "../tensor/create";
import { showShape, type Shape } from "../tensor/shape";
import { add, mul, sub } from "../ops/arithmetic";
import { cos, sin } from "../ops/math";
import { clip, equal, where } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { asFloat } from "../ops/operands";
import { take } from "../ops/indexing";
import { reshape } from "../ops/shape";
import { concat } from "../ops/join";
import { bernoulli } from "../random/bernoulli";
import { randint } from "../random/randint";
import { uniform } from "../random/uniform";
import { split } from "../random/key";
import type { SameRank } from "../lax/pad";

/**
 * Options of the transforms that move pixels: what fills the pixels that come from
 * outside the image.
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * nn.rotate(ones([1, 4, 4, 1]), 0.1, { fill: 0 } satisfies nn.FillOptions).shape; // => [1, 4, 4, 1]
 * ```
 */
export interface FillOptions {
  /** The value of pixels whose source lies outside the image (default 0). */
  readonly fill?: number;
}

/**
 * Options of {@link randomCrop}.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * const images = zeros([2, 28, 28, 1]);
 * nn.randomCrop(random.key(0), images, [28, 28], { padding: 4 } satisfies nn.CropOptions).shape; // => [2, 28, 28, 1]
 * ```
 */
export interface CropOptions extends FillOptions {
  /** Pixels of `fill` added on every side before cropping (default 0). */
  readonly padding?: number;
}

/** The layout of an image batch: leading batch axes, then H, W, C. */
interface Layout {
  readonly batch: Shape;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

function layoutOf(op: string, images: Tensor): Layout {
  const s = images.shape;
  if (s.length < 3) throw new Error(`${op}: images must be [batch..., H, W, C] (or one [H, W, C] image), got shape ${showShape(s)}`);
  return { batch: s.slice(0, -3), height: s[s.length - 3], width: s[s.length - 2], channels: s[s.length - 1] };
}

/** A per-image value of shape `batch`, reshaped to broadcast against `[batch..., H, W]`. */
const perImage = (v: Tensor, batch: Shape): Tensor => reshape(v, [...batch, 1, 1]);

/**
 * Samples `images` at real-valued source coordinates `rows`, `cols` (`[batch..., h, w]`,
 * broadcastable) with bilinear interpolation; sources outside the image contribute `fill`.
 * Integer coordinates fetch pixels exactly.
 */
function sampleBilinear(images: Tensor, layout: Layout, rows: Tensor, cols: Tensor, fill: number): Tensor {
  const { batch, height: H, width: W, channels: C } = layout;
  const n = batch.reduce((a, b) => a * b, 1);
  const flat = reshape(images, [n * H * W, C]);
  const base = perImage(mul(arange(0, n, 1, "int32"), H * W), batch);
  // ⌊x⌋ as int32 by truncating x + K > 0 (sources lie well within ±K of the image).
  const K = 2 * (H + W) + 2;
  const floorOf = (x: Tensor): Tensor => sub(astype(add(x, K), "int32"), K);
  const r0 = floorOf(rows);
  const c0 = floorOf(cols);
  const fr = sub(rows, astype(r0, rows.dtype));
  const fc = sub(cols, astype(c0, cols.dtype));
  let total: Tensor | undefined;
  let weights: Tensor | undefined;
  for (const dr of [0, 1]) {
    for (const dc of [0, 1]) {
      const r = add(r0, dr);
      const c = add(c0, dc);
      const rIn = clip(r, 0, H - 1);
      const cIn = clip(c, 0, W - 1);
      // The corner's bilinear weight, zero when it lies outside the image.
      const wr = where(equal(r, rIn), dr === 1 ? fr : sub(1, fr), 0);
      const wc = where(equal(c, cIn), dc === 1 ? fc : sub(1, fc), 0);
      const w = mul(wr, wc);
      const index = add(add(base, mul(rIn, W)), cIn);
      const term = mul(take(flat, index, 0), reshape(w, [...w.shape, 1]));
      total = total === undefined ? term : add(total, term);
      weights = weights === undefined ? w : add(weights, w);
    }
  }
  const out = total as Tensor;
  if (fill === 0) return out;
  const missing = sub(1, weights as Tensor);
  return add(out, mul(reshape(missing, [...missing.shape, 1]), fill));
}

/** Row and column indices of an `h × w` grid in `dtype`, shaped to broadcast: `[h, 1]` and `[1, w]`. */
function grid(h: number, w: number, dtype: Tensor["dtype"]): [Tensor, Tensor] {
  return [reshape(arange(0, h, 1, dtype), [h, 1]), reshape(arange(0, w, 1, dtype), [1, w])];
}

/**
 * Mirrors images left to right (reverses the W axis of `[batch..., H, W, C]`).
 * @example
 * ```ts
 * import { arange, nn } from "purediff";
 * const images = arange(3).reshape([1, 1, 3, 1]);
 * // column j becomes column W − 1 − j
 * nn.flipLeftRight(images).reshape([3]).toArray(); // => [2, 1, 0]
 * ```
 */
export function flipLeftRight<S extends Shape>(images: Tensor<S>): Tensor<S> {
  const { width } = layoutOf("flipLeftRight", images);
  const reversed = arange(width - 1, -1, -1, "int32");
  return take(images as Tensor, reversed, images.shape.length - 2) as unknown as Tensor<S>;
}

/**
 * Flips each image left to right with probability `probability` (default ½), one draw per
 * image from `key`.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * const images = zeros([8, 28, 28, 1]);
 * // about half mirrored
 * nn.randomFlipLeftRight(random.key(0), images).shape; // => [8, 28, 28, 1]
 * ```
 */
export function randomFlipLeftRight<S extends Shape>(key: Tensor, images: Tensor<S>, probability = 0.5): Tensor<S> {
  const { batch } = layoutOf("randomFlipLeftRight", images);
  if (!(probability >= 0 && probability <= 1)) throw new Error(`randomFlipLeftRight: probability must be in [0, 1], got ${probability}`);
  const flip = reshape(bernoulli(key, probability, batch), [...batch, 1, 1, 1]);
  return where(flip, flipLeftRight(images as Tensor), images as Tensor) as unknown as Tensor<S>;
}

/**
 * Shifts images by whole pixels: `shifts` holds `[dy, dx]` (down, right) for all images or
 * one pair per image (`[batch..., 2]`, int32 or integral floats), so that output pixel
 * (i, j) is input pixel (i − dy, j − dx); uncovered pixels get `fill`.
 * @example
 * ```ts
 * import { arange, nn } from "purediff";
 * const image = arange(9).reshape([1, 3, 3, 1]);
 * // two pixels down, one left
 * nn.translate(image, [2, -1]).reshape([3, 3]).toArray(); // => [[0, 0, 0], [0, 0, 0], [1, 2, 0]]
 * ```
 */
export function translate<S extends Shape>(images: Tensor<S>, shifts: Tensor | readonly [number, number], options: FillOptions = {}): Tensor<S> {
  const op = "translate";
  const layout = layoutOf(op, images);
  const x = asFloat(images);
  const [dy, dx] = shiftPair(op, shifts, layout, x.dtype);
  const [rows, cols] = grid(layout.height, layout.width, x.dtype);
  return sampleBilinear(x, layout, sub(rows, dy), sub(cols, dx), options.fill ?? 0) as unknown as Tensor<S>;
}

/** The per-image shifts as two tensors broadcasting against `[batch..., H, W]`. */
function shiftPair(op: string, shifts: Tensor | readonly [number, number], layout: Layout, dtype: Tensor["dtype"]): [Tensor, Tensor] {
  if (Array.isArray(shifts)) {
    if (shifts.length !== 2 || !shifts.every(Number.isInteger)) throw new Error(`${op}: shifts must be two integers [dy, dx], got [${shifts.join(", ")}]`);
    return [full([], shifts[0], dtype), full([], shifts[1], dtype)];
  }
  const t = shifts as Tensor;
  const expected = [...layout.batch, 2];
  if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${op}: shifts must have shape ${showShape(expected)} (one [dy, dx] per image), got ${showShape(t.shape)}`);
  }
  const column = (i: number): Tensor => perImage(reshape(take(astype(t, dtype), [i], -1), [...layout.batch]), layout.batch);
  return [column(0), column(1)];
}

/**
 * Shifts each image by a random whole number of pixels, uniform in
 * [−maxShift, maxShift] per axis (`maxShift` one number or `[maxDy, maxDx]`), one draw per
 * image; uncovered pixels get `fill`.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * // shifts of up to 2 pixels each way
 * nn.randomTranslate(random.key(0), zeros([2, 28, 28, 1]), 2).shape; // => [2, 28, 28, 1]
 * ```
 */
export function randomTranslate<S extends Shape>(
  key: Tensor,
  images: Tensor<S>,
  maxShift: number | readonly [number, number],
  options: FillOptions = {},
): Tensor<S> {
  const op = "randomTranslate";
  const layout = layoutOf(op, images);
  const [my, mx] = typeof maxShift === "number" ? [maxShift, maxShift] : maxShift;
  if (![my, mx].every((m) => Number.isInteger(m) && m >= 0)) throw new Error(`${op}: maxShift must be non-negative integers, got ${JSON.stringify(maxShift)}`);
  const [ky, kx] = split(key);
  const shifts = concat([randint(ky, [...layout.batch, 1], -my, my + 1), randint(kx, [...layout.batch, 1], -mx, mx + 1)], -1);
  return translate(images, shifts, options);
}

/**
 * Crops a `size` = `[h, w]` window at a random position of each image padded by `padding`
 * pixels of `fill` on every side (the classic "pad 4, crop 32" augmentation), one
 * position per image, uniform over the ones that fit.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * const images = zeros([2, 28, 28, 1]);
 * nn.randomCrop(random.key(0), images, [28, 28], { padding: 2 }).shape; // => [2, 28, 28, 1]
 * ```
 */
export function randomCrop<S extends Shape>(key: Tensor, images: Tensor<S>, size: readonly [number, number], options: CropOptions = {}): Tensor<SameRank<S>> {
  const op = "randomCrop";
  const layout = layoutOf(op, images);
  const padding = options.padding ?? 0;
  const [h, w] = size;
  if (!Number.isInteger(padding) || padding < 0) throw new Error(`${op}: padding must be a non-negative integer, got ${padding}`);
  const roomY = layout.height + 2 * padding - h;
  const roomX = layout.width + 2 * padding - w;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1 || roomY < 0 || roomX < 0) {
    throw new Error(`${op}: size [${size.join(", ")}] does not fit in images of shape ${showShape(images.shape)} padded by ${padding}`);
  }
  const x = asFloat(images);
  const [ky, kx] = split(key);
  // Offsets of the window's corner in the padded image, as source coordinates in the image.
  const top = sub(astype(randint(ky, layout.batch, 0, roomY + 1), x.dtype), padding);
  const left = sub(astype(randint(kx, layout.batch, 0, roomX + 1), x.dtype), padding);
  const [rows, cols] = grid(h, w, x.dtype);
  return sampleBilinear(x, layout, add(rows, perImage(top, layout.batch)), add(cols, perImage(left, layout.batch)), options.fill ?? 0) as unknown as Tensor<
    SameRank<S>
  >;
}

/**
 * Rotates images counter-clockwise (as displayed, rows going down) by `angles` radians
 * about their centre, with bilinear interpolation: one angle for all images or one per
 * image (shape `[batch...]`). Pixels whose source lies outside get `fill`. A rotation by 0
 * is the identity; by π/2 it is NumPy's `rot90` on square images.
 * @example
 * ```ts
 * import { nn, zeros } from "purediff";
 * // 15° counter-clockwise
 * nn.rotate(zeros([1, 28, 28, 1]), Math.PI / 12).shape; // => [1, 28, 28, 1]
 * ```
 */
export function rotate<S extends Shape>(images: Tensor<S>, angles: Tensor | number, options: FillOptions = {}): Tensor<S> {
  const op = "rotate";
  const layout = layoutOf(op, images);
  const x = asFloat(images);
  const theta = typeof angles === "number" ? full([], angles, x.dtype) : astype(angles, x.dtype);
  if (
    typeof angles !== "number" &&
    theta.shape.length !== 0 &&
    (theta.shape.length !== layout.batch.length || theta.shape.some((d, i) => d !== layout.batch[i]))
  ) {
    throw new Error(`${op}: angles must be a number or have shape ${showShape(layout.batch)} (one per image), got ${showShape(theta.shape)}`);
  }
  const t = theta.shape.length === 0 ? theta : perImage(theta, layout.batch);
  const cy = (layout.height - 1) / 2;
  const cx = (layout.width - 1) / 2;
  const [rows, cols] = grid(layout.height, layout.width, x.dtype);
  const y = sub(rows, cy);
  const u = sub(cols, cx);
  const [c, s] = [cos(t), sin(t)];
  // The source of output pixel (y, u) relative to the centre: the inverse rotation.
  const sourceRows = add(add(mul(s, u), mul(c, y)), cy);
  const sourceCols = add(sub(mul(c, u), mul(s, y)), cx);
  return sampleBilinear(x, layout, sourceRows, sourceCols, options.fill ?? 0) as unknown as Tensor<S>;
}

/**
 * Rotates each image by a random angle, uniform in [−maxAngle, maxAngle] radians, one per
 * image (see {@link rotate}).
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * // within about ±11°
 * nn.randomRotate(random.key(0), zeros([2, 28, 28, 1]), 0.2).shape; // => [2, 28, 28, 1]
 * ```
 */
export function randomRotate<S extends Shape>(key: Tensor, images: Tensor<S>, maxAngle: number, options: FillOptions = {}): Tensor<S> {
  const layout = layoutOf("randomRotate", images);
  if (!(maxAngle >= 0)) throw new Error(`randomRotate: maxAngle must be a non-negative number of radians, got ${maxAngle}`);
  if (maxAngle === 0) return rotate(images, 0, options);
  const dtype = asFloat(images).dtype === "float64" ? "float64" : "float32";
  return rotate(images, uniform(key, layout.batch, { min: -maxAngle, max: maxAngle, dtype }), options);
}
