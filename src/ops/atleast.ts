import type { Tensor } from "../tensor/tensor";
import type { Shape } from "../tensor/shape";
import { bind } from "../core/bind";

/** The shape `atleast1d` gives: a scalar becomes `[1]`. */
export type AtLeast1d<S extends Shape> = S extends readonly [] ? [1] : S;
/** The shape `atleast2d` gives: `[] → [1, 1]`, `[n] → [1, n]`. */
export type AtLeast2d<S extends Shape> = S extends readonly [] ? [1, 1] : S extends readonly [infer N extends number] ? [1, N] : S;
/** The shape `atleast3d` gives: `[] → [1, 1, 1]`, `[n] → [1, n, 1]`, `[m, n] → [m, n, 1]`. */
export type AtLeast3d<S extends Shape> = S extends readonly []
  ? [1, 1, 1]
  : S extends readonly [infer N extends number]
    ? [1, N, 1]
    : S extends readonly [infer M extends number, infer N extends number]
      ? [M, N, 1]
      : S;

const withShape = (x: Tensor, shape: readonly number[]): Tensor => (shape.length === x.shape.length ? x : bind("reshape", [x], { shape: [...shape] }));

/**
 * `x` with rank at least 1: a scalar becomes a vector of one entry.
 * @example
 * ```ts
 * import { atleast1d, scalar } from "purediff";
 * atleast1d(scalar(3)).shape; // => [1]
 * ```
 */
export function atleast1d<S extends Shape>(x: Tensor<S>): Tensor<AtLeast1d<S>> {
  return withShape(x, x.shape.length === 0 ? [1] : x.shape) as Tensor<AtLeast1d<S>>;
}

/**
 * `x` with rank at least 2: a vector becomes a row `[1, n]`.
 * @example
 * ```ts
 * import { atleast2d, tensor } from "purediff";
 * atleast2d(tensor([1, 2])).shape; // => [1, 2]
 * ```
 */
export function atleast2d<S extends Shape>(x: Tensor<S>): Tensor<AtLeast2d<S>> {
  const s = x.shape;
  return withShape(x, s.length === 0 ? [1, 1] : s.length === 1 ? [1, s[0]] : s) as Tensor<AtLeast2d<S>>;
}

/**
 * `x` with rank at least 3, as NumPy does it: a vector becomes `[1, n, 1]`, a matrix `[m, n, 1]`.
 * @example
 * ```ts
 * import { atleast3d, tensor } from "purediff";
 * atleast3d(tensor([[1, 2]])).shape; // => [1, 2, 1]
 * ```
 */
export function atleast3d<S extends Shape>(x: Tensor<S>): Tensor<AtLeast3d<S>> {
  const s = x.shape;
  const shape = s.length === 0 ? [1, 1, 1] : s.length === 1 ? [1, s[0], 1] : s.length === 2 ? [s[0], s[1], 1] : s;
  return withShape(x, shape) as Tensor<AtLeast3d<S>>;
}
