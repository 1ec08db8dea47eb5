import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { transpose } from "./shape";

/**
 * `S` with the dimensions at the literal non-negative axes `A` and `B` exchanged;
 * `number[]` when an axis is negative or not a literal.
 * @example
 * ```ts
 * import type { SwapAxes } from "purediff";
 * const shape: SwapAxes<[2, 3, 4], 0, 2> = [4, 3, 2];
 * ```
 */
export type SwapAxes<S extends Shape, A extends number, B extends number> = `${A}` extends `-${string}`
  ? number[]
  : `${B}` extends `-${string}`
    ? number[]
    : number extends A | B
      ? number[]
      : { -readonly [K in keyof S]: K extends `${A}` ? S[B] : K extends `${B}` ? S[A] : S[K] };

/**
 * Exchanges two axes.
 * @example
 * ```ts
 * import { swapaxes, zeros } from "purediff";
 * swapaxes(zeros([2, 3, 4]), 0, 2).shape; // => [4, 3, 2]
 * ```
 */
export function swapaxes<S extends Shape, const A extends number, const B extends number>(x: Tensor<S>, axis1: A, axis2: B): Tensor<SwapAxes<S, A, B>> {
  const n = x.shape.length;
  const a = normalizeAxis("swapaxes", axis1, n);
  const b = normalizeAxis("swapaxes", axis2, n);
  return transpose(
    x,
    x.shape.map((_, i) => (i === a ? b : i === b ? a : i)),
  ) as unknown as Tensor<SwapAxes<S, A, B>>;
}

/**
 * Moves axes to new positions; the other axes keep their order (NumPy's moveaxis).
 * @example
 * ```ts
 * import { moveaxis, zeros } from "purediff";
 * moveaxis(zeros([2, 3, 4]), 0, -1).shape; // => [3, 4, 2]
 * ```
 */
export function moveaxis(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor<number[]> {
  const n = x.shape.length;
  const from = (typeof source === "number" ? [source] : source).map((a) => normalizeAxis("moveaxis", a, n));
  const to = (typeof destination === "number" ? [destination] : destination).map((a) => normalizeAxis("moveaxis", a, n));
  if (from.length !== to.length) {
    throw new Error(`moveaxis: source [${from.join(",")}] and destination [${to.join(",")}] must name as many axes`);
  }
  if (new Set(from).size !== from.length || new Set(to).size !== to.length) {
    throw new Error(`moveaxis: repeated axis in source [${from.join(",")}] or destination [${to.join(",")}] (shape ${showShape(x.shape)})`);
  }
  const order = x.shape.map((_, i) => i).filter((i) => !from.includes(i));
  to.map((d, i) => [d, from[i]] as const)
    .sort((p, q) => p[0] - q[0])
    .forEach(([d, s]) => order.splice(d, 0, s));
  return transpose(x, order) as Tensor<number[]>;
}
