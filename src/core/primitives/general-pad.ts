/**
 * Zero padding in XLA's general form, composed of the `pad` and `slice` primitives:
 * per axis a low and a high edge (negative ones crop) and interior padding (zeros between
 * neighbours). Used by `lax.pad` and by rules that need a crop-or-pad (the transpose of
 * a windowed sum), so it stays differentiable and batchable through those primitives.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { showShape } from "../../tensor/shape";
import { bind } from "../bind";

/** One axis of a padding configuration: `[low, high, interior]`. */
export type PadTriple = readonly [low: number, high: number, interior: number];

/**
 * The length of an axis of size `d` after padding with `[low, high, interior]`.
 * @example paddedLength(3, [1, -1, 1]) // 5
 */
export function paddedLength(d: number, [low, high, interior]: PadTriple): number {
  return low + high + d + Math.max(d - 1, 0) * interior;
}

/**
 * Checks a padding configuration against a shape: one integer triple per axis, interior
 * non-negative, no axis shrinking below zero. Throws an error naming `op`.
 * @example checkPadConfig("lax.pad", [2, 3], [[1, 0, 0], [0, 0, 1]])
 */
export function checkPadConfig(op: string, shape: readonly number[], config: readonly PadTriple[]): void {
  const shown = `[${config.map((t) => `[${t.join(",")}]`).join(", ")}]`;
  if (config.length !== shape.length) {
    throw new Error(`${op}: config has ${config.length} [low, high, interior] triples, x of shape ${showShape(shape)} has ${shape.length} axes`);
  }
  config.forEach((t, i) => {
    if (t.length !== 3 || !t.every(Number.isInteger)) throw new Error(`${op}: config ${shown} on axis ${i} must be an integer triple [low, high, interior]`);
    if (t[2] < 0) throw new Error(`${op}: interior padding ${t[2]} on axis ${i} must be non-negative (config ${shown})`);
    if (paddedLength(shape[i], t) < 0) {
      throw new Error(`${op}: config ${shown} crops axis ${i} of x of shape ${showShape(shape)} below zero length`);
    }
  });
}

/**
 * `x` zero-padded with one `[low, high, interior]` triple per axis (negative low/high
 * crop), assuming a valid configuration (see {@link checkPadConfig}).
 * @example generalPad(x, [[1, -1, 1]]) // [a, b, c] ↦ [0, a, 0, b, 0]
 */
export function generalPad(x: Tensor, config: readonly PadTriple[]): Tensor {
  let y = x;
  if (config.some(([lo, hi, interior]) => lo > 0 || hi > 0 || interior > 0)) {
    const before = config.map(([lo]) => Math.max(lo, 0));
    const shape = x.shape.map((d, i) => paddedLength(d, [before[i], Math.max(config[i][1], 0), config[i][2]]));
    y = bind("pad", [x], { before, shape, step: config.map(([, , interior]) => interior + 1) });
  }
  if (config.some(([lo, hi]) => lo < 0 || hi < 0)) {
    const start = config.map(([lo]) => Math.max(-lo, 0));
    const end = y.shape.map((d, i) => Math.max(d - Math.max(-config[i][1], 0), start[i]));
    y = bind("slice", [y], { start, end, step: y.shape.map(() => 1) });
  }
  return y;
}
