import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { normalizeAxes, type Axes } from "./axes";
import { transpose } from "./shape";

/**
 * Reverses the order of the entries along `axis` (one, several, or all when omitted).
 * @example
 * ```ts
 * import { flip, tensor } from "purediff";
 * flip(tensor([[1, 2], [3, 4]]), 1).toArray(); // => [[2, 1], [4, 3]]
 * ```
 */
export function flip<S extends Shape>(x: Tensor<S>, axis?: Axes): Tensor<S> {
  const axes = normalizeAxes("flip", axis, x.shape).filter((a) => x.shape[a] > 1);
  if (axes.length === 0) return x;
  return bind("rev", [x], { axes }) as Tensor<S>;
}

/**
 * Reverses the columns (axis 1) of a tensor of rank 2 or more.
 * @example
 * ```ts
 * import { fliplr, tensor } from "purediff";
 * fliplr(tensor([[1, 2], [3, 4]])).toArray(); // => [[2, 1], [4, 3]]
 * ```
 */
export function fliplr<S extends Shape>(x: Tensor<S>): Tensor<S> {
  if (x.shape.length < 2) throw new Error(`fliplr: x must have rank 2 or more, got shape ${showShape(x.shape)}`);
  return flip(x, 1);
}

/**
 * Reverses the rows (axis 0) of a tensor of rank 1 or more.
 * @example
 * ```ts
 * import { flipud, tensor } from "purediff";
 * flipud(tensor([[1, 2], [3, 4]])).toArray(); // => [[3, 4], [1, 2]]
 * ```
 */
export function flipud<S extends Shape>(x: Tensor<S>): Tensor<S> {
  if (x.shape.length < 1) throw new Error(`flipud: x must have rank 1 or more, got shape ${showShape(x.shape)}`);
  return flip(x, 0);
}

/**
 * Rotates by 90° `k` times in the plane of `axes` (default the first two), from the
 * first axis towards the second, as NumPy does.
 * @example
 * ```ts
 * import { rot90, tensor } from "purediff";
 * rot90(tensor([[1, 2], [3, 4]])).toArray(); // => [[2, 4], [1, 3]]
 * ```
 */
export function rot90(x: Tensor, k = 1, axes: readonly [number, number] = [0, 1]): Tensor<number[]> {
  const n = x.shape.length;
  if (n < 2) throw new Error(`rot90: x must have rank 2 or more, got shape ${showShape(x.shape)}`);
  if (!Number.isInteger(k)) throw new Error(`rot90: k must be an integer, got ${k}`);
  if (axes.length !== 2) throw new Error(`rot90: axes must name two axes, got [${axes.join(",")}]`);
  const [a, b] = axes.map((ax) => normalizeAxis("rot90", ax, n));
  if (a === b) throw new Error(`rot90: axes [${axes.join(",")}] must be different axes of shape ${showShape(x.shape)}`);
  const turns = ((k % 4) + 4) % 4;
  const swap = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  if (turns === 0) return x as Tensor<number[]>;
  if (turns === 2) return flip(x, [a, b]) as Tensor<number[]>;
  if (turns === 1) return transpose(flip(x, b), swap) as Tensor<number[]>;
  return flip(transpose(x, swap), b) as Tensor<number[]>;
}
