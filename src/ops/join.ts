import { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { promote } from "../tensor/dtype";
import type { CheckConcat, Concat, Stack } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { convertTo, describeValue } from "./operands";
import { expandDims } from "./shape";
import { atleast1d, atleast2d, atleast3d } from "./atleast";

type Shapes<Ts extends readonly Tensor[]> = { [K in keyof Ts]: Ts[K] extends Tensor<infer S> ? S : never };

/**
 * Joins tensors along an existing axis; the other axes must match.
 * @example
 * ```ts
 * import { concat, ones, zeros } from "purediff";
 * concat([ones([2, 1]), zeros([2, 2])], 1).shape; // => [2, 3]
 * ```
 */
export function concat<const Ts extends readonly Tensor[], const A extends number = 0>(
  tensors: Ts & CheckConcat<Shapes<Ts>, A>,
  axis?: A,
): Tensor<Concat<Shapes<Ts>, A>> {
  const list = tensors as readonly Tensor[];
  checkTensorList("concat", list);
  if (list.length === 0) throw new Error("concat: needs at least one tensor");
  const rank = list[0].shape.length;
  const ax = normalizeAxis("concat", axis ?? 0, rank);
  list.forEach((t, i) => {
    const bad = t.shape.length !== rank || t.shape.some((d, j) => j !== ax && d !== list[0].shape[j]);
    if (bad) {
      throw new Error(`concat: tensor ${i} has shape ${showShape(t.shape)}, incompatible with tensor 0's ${showShape(list[0].shape)} along axis ${ax}`);
    }
  });
  if (list.length === 1) return list[0] as Tensor<Concat<Shapes<Ts>, A>>;
  const dtype = list.map((t) => t.dtype).reduce((a, b) => promote(a, b, "concat"));
  return bind(
    "concat",
    list.map((t) => convertTo(t, dtype)),
    { axis: ax },
  ) as Tensor<Concat<Shapes<Ts>, A>>;
}

/**
 * Stacks same-shaped tensors along a new axis.
 * @example
 * ```ts
 * import { stack, tensor } from "purediff";
 * stack([tensor([1, 2]), tensor([3, 4])]).shape; // => [2, 2]
 * ```
 */
export function stack<const Ts extends readonly Tensor[], const A extends number = 0>(tensors: Ts, axis?: A): Tensor<Stack<Shapes<Ts>, A>> {
  checkTensorList("stack", tensors);
  if (tensors.length === 0) throw new Error("stack: needs at least one tensor");
  const first: Shape = tensors[0].shape;
  tensors.forEach((t, i) => {
    if (t.shape.length !== first.length || t.shape.some((d, j) => d !== first[j])) {
      throw new Error(`stack: tensor ${i} has shape ${showShape(t.shape)}, tensor 0 has ${showShape(first)}; all must match`);
    }
  });
  const ax = normalizeAxis("stack", axis ?? 0, first.length + 1);
  const expanded = tensors.map((t) => expandDims(t, ax) as Tensor);
  return concat(expanded as readonly Tensor[], ax as number) as Tensor<Stack<Shapes<Ts>, A>>;
}

/** Throws unless `list` is an array of tensors, naming the op and the first bad element. */
function checkTensorList(op: string, list: unknown): void {
  if (!Array.isArray(list)) throw new Error(`${op}: expects an array of tensors, got ${describeValue(list)}`);
  const bad = list.findIndex((t) => !(t instanceof Tensor));
  if (bad >= 0) throw new Error(`${op}: element ${bad} of the list is ${describeValue(list[bad])}, not a tensor`);
}

/** Joins `tensors`, each adjusted first, along the axis `axis` picks from the first adjusted one. */
function joinAdjusted(op: string, tensors: readonly Tensor[], adjust: (t: Tensor) => Tensor, axis: (first: Tensor) => number): Tensor<number[]> {
  checkTensorList(op, tensors);
  if (tensors.length === 0) throw new Error(`${op}: needs at least one tensor`);
  const adjusted = tensors.map(adjust);
  return concat(adjusted, axis(adjusted[0])) as Tensor<number[]>;
}

/**
 * Joins along axis 1 (along axis 0 for vectors; scalars become vectors first).
 * @example
 * ```ts
 * import { hstack, tensor } from "purediff";
 * hstack([tensor([1, 2]), tensor([3])]).toArray(); // => [1, 2, 3]
 * ```
 */
export function hstack(tensors: readonly Tensor[]): Tensor<number[]> {
  return joinAdjusted("hstack", tensors, atleast1d, (t) => (t.shape.length === 1 ? 0 : 1));
}

/**
 * Joins along axis 0, vectors taken as rows `[1, n]`.
 * @example
 * ```ts
 * import { tensor, vstack } from "purediff";
 * vstack([tensor([1, 2]), tensor([3, 4])]).toArray(); // => [[1, 2], [3, 4]]
 * ```
 */
export function vstack(tensors: readonly Tensor[]): Tensor<number[]> {
  return joinAdjusted("vstack", tensors, atleast2d, () => 0);
}

/**
 * Joins along axis 2 (depth), after `atleast3d`: vectors become `[1, n, 1]`, matrices `[m, n, 1]`.
 * @example
 * ```ts
 * import { dstack, tensor } from "purediff";
 * dstack([tensor([1, 2]), tensor([3, 4])]).shape; // => [1, 2, 2]
 * ```
 */
export function dstack(tensors: readonly Tensor[]): Tensor<number[]> {
  return joinAdjusted("dstack", tensors, atleast3d, () => 2);
}

/**
 * Joins vectors as the columns of a matrix; matrices join along axis 1.
 * @example
 * ```ts
 * import { columnStack, tensor } from "purediff";
 * columnStack([tensor([1, 2]), tensor([3, 4])]).toArray(); // => [[1, 3], [2, 4]]
 * ```
 */
export function columnStack(tensors: readonly Tensor[]): Tensor<number[]> {
  const column = (t: Tensor): Tensor => (t.shape.length < 2 ? bind("reshape", [t], { shape: [t.size, 1] }) : t);
  return joinAdjusted("columnStack", tensors, column, () => 1);
}
