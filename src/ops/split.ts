import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";

/** The pieces along `axis` between the given cut points (clamped, as Python slicing). */
function cut(op: string, x: Tensor, points: readonly number[], axis: number): Tensor<number[]>[] {
  const n = x.shape[axis];
  points.forEach((p) => {
    if (!Number.isInteger(p)) throw new Error(`${op}: split index ${p} must be an integer`);
  });
  const clamp = (p: number): number => Math.min(Math.max(p < 0 ? p + n : p, 0), n);
  const bounds = [0, ...points.map(clamp), n];
  return bounds.slice(0, -1).map((from, i) => {
    const to = Math.max(from, bounds[i + 1]);
    if (from === 0 && to === n) return x as Tensor<number[]>;
    return bind("slice", [x], {
      start: x.shape.map((_, j) => (j === axis ? from : 0)),
      end: x.shape.map((d, j) => (j === axis ? to : d)),
      step: x.shape.map(() => 1),
    }) as Tensor<number[]>;
  });
}

/** The cut points of `sections` pieces of near-equal size (the first `n mod sections` one longer). */
function sectionPoints(n: number, sections: number): number[] {
  const base = Math.floor(n / sections);
  const extra = n % sections;
  const points: number[] = [];
  for (let i = 1, at = 0; i < sections; i++) points.push((at += base + (i <= extra ? 1 : 0)));
  return points;
}

function splitWith(op: string, x: Tensor, sections: number | readonly number[], axis: number, even: boolean): Tensor<number[]>[] {
  if (x.shape.length === 0) throw new Error(`${op}: cannot split a scalar`);
  const ax = normalizeAxis(op, axis, x.shape.length);
  if (typeof sections !== "number") return cut(op, x, sections, ax);
  const n = x.shape[ax];
  if (!Number.isInteger(sections) || sections < 1) throw new Error(`${op}: the number of sections must be a positive integer, got ${sections}`);
  if (even && n % sections !== 0) {
    throw new Error(
      `${op}: axis ${ax} of shape ${showShape(x.shape)} (size ${n}) does not split into ${sections} equal sections; use arraySplit for unequal ones`,
    );
  }
  return cut(op, x, sectionPoints(n, sections), ax);
}

/**
 * Splits `x` along `axis` into `sections` equal pieces (an error if the axis does not
 * divide), or at the given indices (NumPy's split).
 * @example
 * ```ts
 * import { arange, split } from "purediff";
 * split(arange(6), 3).map((t) => t.toArray()); // => [[0, 1], [2, 3], [4, 5]]
 * ```
 * @example
 * ```ts
 * import { arange, split } from "purediff";
 * split(arange(6), [1, 4]).map((t) => t.shape); // => [[1], [3], [2]]
 * ```
 */
export function split(x: Tensor, sections: number | readonly number[], axis = 0): Tensor<number[]>[] {
  return splitWith("split", x, sections, axis, true);
}

/**
 * Like {@link split}, but a number of sections need not divide the axis: the first
 * `n mod sections` pieces get one entry more.
 * @example
 * ```ts
 * import { arange, arraySplit } from "purediff";
 * arraySplit(arange(5), 3).map((t) => t.toArray()); // => [[0, 1], [2, 3], [4]]
 * ```
 */
export function arraySplit(x: Tensor, sections: number | readonly number[], axis = 0): Tensor<number[]>[] {
  return splitWith("arraySplit", x, sections, axis, false);
}

/**
 * {@link split} along axis 1 (along axis 0 for a vector).
 * @example
 * ```ts
 * import { hsplit, zeros } from "purediff";
 * hsplit(zeros([2, 4]), 2).map((t) => t.shape); // => [[2, 2], [2, 2]]
 * ```
 */
export function hsplit(x: Tensor, sections: number | readonly number[]): Tensor<number[]>[] {
  if (x.shape.length === 0) throw new Error("hsplit: x must have rank 1 or more, got shape []");
  return splitWith("hsplit", x, sections, x.shape.length === 1 ? 0 : 1, true);
}

/**
 * {@link split} along axis 0, for tensors of rank 2 or more.
 * @example
 * ```ts
 * import { vsplit, zeros } from "purediff";
 * vsplit(zeros([4, 2]), 2).map((t) => t.shape); // => [[2, 2], [2, 2]]
 * ```
 */
export function vsplit(x: Tensor, sections: number | readonly number[]): Tensor<number[]>[] {
  if (x.shape.length < 2) throw new Error(`vsplit: x must have rank 2 or more, got shape ${showShape(x.shape)}`);
  return splitWith("vsplit", x, sections, 0, true);
}

/**
 * {@link split} along axis 2, for tensors of rank 3 or more.
 * @example
 * ```ts
 * import { dsplit, zeros } from "purediff";
 * dsplit(zeros([1, 1, 4]), 2).map((t) => t.shape); // => [[1, 1, 2], [1, 1, 2]]
 * ```
 */
export function dsplit(x: Tensor, sections: number | readonly number[]): Tensor<number[]>[] {
  if (x.shape.length < 3) throw new Error(`dsplit: x must have rank 3 or more, got shape ${showShape(x.shape)}`);
  return splitWith("dsplit", x, sections, 2, true);
}

/**
 * The slices of `x` along `axis`, that axis removed: the inverse of `stack`.
 * @example
 * ```ts
 * import { tensor, unstack } from "purediff";
 * unstack(tensor([[1, 2], [3, 4]])).map((t) => t.toArray()); // => [[1, 2], [3, 4]]
 * ```
 */
export function unstack<S extends Shape>(x: Tensor<S>, axis = 0): Tensor<number[]>[] {
  if (x.shape.length === 0) throw new Error("unstack: cannot unstack a scalar");
  const ax = normalizeAxis("unstack", axis, x.shape.length);
  const rest = x.shape.filter((_, j) => j !== ax);
  const n = x.shape[ax];
  const pieces = n === 0 ? [] : cut("unstack", x, sectionPoints(n, n), ax);
  return pieces.map((piece) => bind("reshape", [piece], { shape: rest }) as Tensor<number[]>);
}
