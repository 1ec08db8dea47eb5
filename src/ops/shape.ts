import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, sizeOf, type Shape } from "../tensor/shape";
import type { CheckReshape, ExpandDims, Reshape, Squeeze, Transpose } from "../tensor/shape-types";
import { checkShape } from "../tensor/create";
import { bind } from "../core/bind";

/**
 * The same values under a new shape with as many elements; one dimension may be −1
 * (inferred).
 * @example
 * ```ts
 * import { arange, reshape } from "purediff";
 * reshape(arange(6), [2, 3]).toArray(); // => [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export function reshape<S extends Shape, const T extends Shape>(x: Tensor<S>, shape: T & CheckReshape<S, T>): Tensor<Reshape<S, T>> {
  const target = resolveShape(x.shape, shape);
  if (target.length === x.shape.length && target.every((d, i) => d === x.shape[i])) return x as unknown as Tensor<Reshape<S, T>>;
  return bind("reshape", [x], { shape: target }) as Tensor<Reshape<S, T>>;
}

/** A target shape with its −1 resolved, checked against the element count. */
export function resolveShape(from: Shape, shape: Shape): number[] {
  const size = sizeOf(from);
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new Error(`reshape: at most one dimension may be -1, got ${showShape(shape)}`);
  for (const d of shape) {
    if (d !== -1 && (!Number.isInteger(d) || d < 0)) throw new Error(`reshape: invalid dimension ${d} in ${showShape(shape)}`);
  }
  const known = sizeOf(shape.filter((d) => d !== -1));
  const target = shape.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d));
  if (sizeOf(target) !== size || !target.every(Number.isInteger)) {
    throw new Error(`reshape: cannot reshape ${showShape(from)} (${size} elements) into ${showShape(shape)}`);
  }
  return target;
}

/**
 * Repeats `x` along new leading axes and axes of size 1 to reach `shape` (NumPy rules).
 * @example
 * ```ts
 * import { broadcastTo, tensor } from "purediff";
 * broadcastTo(tensor([1, 2]), [2, 2]).toArray(); // => [[1, 2], [1, 2]]
 * ```
 */
export function broadcastTo<S extends Shape, const T extends Shape>(x: Tensor<S>, shape: T): Tensor<{ -readonly [K in keyof T]: T[K] }> {
  type Out = Tensor<{ -readonly [K in keyof T]: T[K] }>;
  checkShape("broadcastTo", shape);
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x as unknown as Out;
  return bind("broadcastTo", [x], { shape: [...shape] }) as Out;
}

/**
 * Permutes the axes (reverses them by default).
 * @example
 * ```ts
 * import { tensor, transpose } from "purediff";
 * transpose(tensor([[1, 2, 3]])).toArray(); // => [[1], [2], [3]]
 * ```
 */
export function transpose<S extends Shape, const P extends readonly number[] | undefined = undefined>(x: Tensor<S>, perm?: P): Tensor<Transpose<S, P>> {
  const n = x.shape.length;
  const p = perm === undefined ? x.shape.map((_, i) => n - 1 - i) : perm.map((a) => normalizeAxis("transpose", a, n));
  if (p.length !== n || new Set(p).size !== n) {
    throw new Error(`transpose: perm [${perm?.join(",")}] is not a permutation of the ${n} axes of a tensor of shape ${showShape(x.shape)}`);
  }
  if (p.every((a, i) => a === i)) return x as unknown as Tensor<Transpose<S, P>>;
  return bind("transpose", [x], { perm: p }) as Tensor<Transpose<S, P>>;
}

/**
 * Inserts axes of size 1: one at `axis`, or one at each of several axes (positions in the
 * result, as NumPy reads them; negative count from the result's end).
 * @example
 * ```ts
 * import { expandDims, tensor } from "purediff";
 * expandDims(tensor([1, 2]), 0).shape; // => [1, 2]
 * ```
 * @example
 * ```ts
 * import { expandDims, tensor } from "purediff";
 * expandDims(tensor([1, 2]), [0, -1]).shape; // => [1, 2, 1]
 * ```
 */
export function expandDims<S extends Shape, const A extends number>(x: Tensor<S>, axis: A): Tensor<ExpandDims<S, A>>;
export function expandDims<S extends Shape>(x: Tensor<S>, axis: readonly number[]): Tensor<number[]>;
export function expandDims(x: Tensor, axis: number | readonly number[]): Tensor {
  const axes = typeof axis === "number" ? [axis] : axis;
  const n = x.shape.length + axes.length;
  const positions = axes.map((a) => normalizeAxis("expandDims", a, n));
  if (new Set(positions).size !== positions.length) throw new Error(`expandDims: repeated axis in [${axes.join(",")}] for a result of rank ${n}`);
  const rest = [...x.shape];
  const shape = Array.from({ length: n }, (_, i) => (positions.includes(i) ? 1 : (rest.shift() as number)));
  return bind("reshape", [x], { shape });
}

/**
 * The entries as a vector, in row-major order.
 * @example
 * ```ts
 * import { ravel, tensor } from "purediff";
 * ravel(tensor([[1, 2], [3, 4]])).toArray(); // => [1, 2, 3, 4]
 * ```
 */
export function ravel<S extends Shape>(x: Tensor<S>): Tensor<Reshape<S, [-1]>> {
  if (x.shape.length === 1) return x as unknown as Tensor<Reshape<S, [-1]>>;
  return bind("reshape", [x], { shape: [x.size] }) as Tensor<Reshape<S, [-1]>>;
}

/**
 * Removes axes of size 1 (all of them, or the one named).
 * @example
 * ```ts
 * import { squeeze, zeros } from "purediff";
 * squeeze(zeros([1, 3, 1])).shape; // => [3]
 * ```
 */
export function squeeze<S extends Shape, const A extends number | undefined = undefined>(x: Tensor<S>, axis?: A): Tensor<Squeeze<S, A>> {
  let shape: number[];
  if (axis === undefined) {
    shape = x.shape.filter((d) => d !== 1);
  } else {
    const a = normalizeAxis("squeeze", axis, x.shape.length);
    if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${axis} of shape ${showShape(x.shape)} has size ${x.shape[a]}, not 1`);
    shape = x.shape.filter((_, i) => i !== a);
  }
  if (shape.length === x.shape.length) return x as unknown as Tensor<Squeeze<S, A>>;
  return bind("reshape", [x], { shape }) as Tensor<Squeeze<S, A>>;
}

/**
 * Sums `x` down to `shape`, the inverse of broadcasting `shape` up to `x.shape`:
 * the gradient of a broadcast. Internal to rules and ops.
 */
export function sumToShape(x: Tensor, shape: Shape): Tensor {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const lead = x.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? bind("reduceSum", [x], { axes }) : x;
  return summed.shape.length === shape.length && summed.shape.every((d, i) => d === shape[i]) ? summed : bind("reshape", [summed], { shape: [...shape] });
}
