/**
 * Pure index updates in the spirit of JAX's `x.at[idx].set(v)`: each returns a new tensor,
 * `x` is never changed. The index form is integer indices along one axis (default 0): a
 * number, an array of numbers or an int32 tensor of any shape, negative ones counting
 * from the end; `updates` broadcast to `x.shape[:axis] + indices.shape + x.shape[axis+1:]`
 * and take `x`'s dtype. `x.at[2].set(v)` is `indexUpdate(x, 2, v)`; `x.at[:, idx].add(v)`
 * is `indexAdd(x, idx, v, { axis: 1 })`.
 *
 * Repeated indices: `indexAdd` and `indexMul` accumulate every update; `indexMin` and
 * `indexMax` keep the extreme one; `indexUpdate` keeps the last one in row-major order
 * of the indices (JAX leaves it unspecified). All are differentiable in `x` and in the
 * updates (see the `scatter` primitive for the derivatives of set, mul, min and max).
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { ConcreteTensor, dataOf } from "../tensor/concrete";
import { tensor } from "../tensor/create";
import { broadcastShapes, normalizeAxis, showShape, type Shape } from "../tensor/shape";
import type { ScatterMode } from "../tensor/kernels/gather";
import { bind } from "../core/bind";
import { asTensor, convertTo, type Operand } from "./operands";
import { broadcastTo } from "./shape";

/** Integer indices along one axis: a number, numbers, or an int32 tensor. */
export type AxisIndices = number | readonly number[] | Tensor;

/** Where an index update writes: indices along the axis, or (with `axes`) one {@link AxisIndices} per axis. */
export type UpdateIndices = AxisIndices | readonly AxisIndices[];

/** Options of the index updates. */
export interface IndexUpdateOptions {
  /** The axis the indices run along (default 0; negative counts from the end). */
  readonly axis?: number;
  /** Consecutive axes indexed together, one entry of `indices` each (instead of `axis`). */
  readonly axes?: readonly number[];
}

/** Non-negative int32 indices, checked against the axis length when they are known. */
function normalizeIndices(op: string, indices: AxisIndices, n: number, axis: number, shape: Shape): Tensor {
  const raw = indices instanceof Tensor ? indices : tensor(indices as number | number[], "int32");
  if (raw.dtype !== "int32") throw new Error(`${op}: indices must be int32, got ${raw.dtype} (shape ${showShape(raw.shape)})`);
  if (raw instanceof ConcreteTensor) {
    const data = dataOf(raw);
    const fixed = new Int32Array(data.length);
    data.forEach((i, k) => {
      if (!Number.isInteger(i) || i < -n || i >= n)
        throw new Error(`${op}: index ${i} is out of range for axis ${axis} of size ${n} (x shape ${showShape(shape)})`);
      fixed[k] = i < 0 ? i + n : i;
    });
    return tensor(fixed, "int32", raw.shape);
  }
  const negative = bind("compare", [raw, tensor(0, "int32")], { op: "lt" });
  return bind("select", [negative, bind("add", [raw, tensor(n, "int32")], {}), raw], {});
}

/** What an update scatters into: `x` itself, or `x` with the indexed axes merged into one. */
interface Prepared {
  readonly target: Tensor;
  readonly idx: Tensor;
  readonly u: Tensor;
  readonly axis: number;
}

/** Flat int32 indices into the axes `first..first+k-1` merged, from one index per axis. */
function mergedIndices(op: string, x: Tensor, indices: UpdateIndices, axes: readonly number[]): { idx: Tensor; first: number; size: number } {
  const n = x.shape.length;
  const list = axes.map((a) => normalizeAxis(op, a, n));
  const first = list[0];
  if (list.length === 0 || list.some((a, i) => a !== first + i)) {
    throw new Error(`${op}: axes [${axes.join(",")}] must be consecutive increasing axes of shape ${showShape(x.shape)}`);
  }
  if (!Array.isArray(indices) || indices.length !== list.length) {
    throw new Error(
      `${op}: with axes [${axes.join(",")}], indices must hold one index per axis (${list.length}), got ${indices instanceof Tensor ? `a tensor of shape ${showShape(indices.shape)}` : JSON.stringify(indices)}`,
    );
  }
  const perAxis = list.map((a, m) => normalizeIndices(op, (indices as readonly AxisIndices[])[m], x.shape[a], a, x.shape));
  const common = perAxis.reduce<number[]>((acc, t) => broadcastShapes(op, acc, t.shape), []);
  let stride = 1;
  let flat: Tensor | undefined;
  for (let m = list.length - 1; m >= 0; m--) {
    const scaled = bind("mul", [broadcastTo(perAxis[m], common), tensor(stride, "int32")], {});
    flat = flat === undefined ? scaled : bind("add", [flat, scaled], {});
    stride *= x.shape[list[m]];
  }
  return { idx: flat as Tensor, first, size: stride };
}

/** The target, indices along one of its axes, and the updates in `x`'s dtype broadcast to the updated window. */
function prepare(op: string, x: Tensor, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions): Prepared {
  if (x.shape.length === 0) throw new Error(`${op}: x must have rank 1 or more, got a scalar`);
  let target = x;
  let idx: Tensor;
  let axis: number;
  if (options.axes !== undefined) {
    if (options.axis !== undefined) throw new Error(`${op}: give axis or axes, not both`);
    const merged = mergedIndices(op, x, indices, options.axes);
    axis = merged.first;
    idx = merged.idx;
    const shape = [...x.shape.slice(0, axis), merged.size, ...x.shape.slice(axis + options.axes.length)];
    target = bind("reshape", [x], { shape });
  } else {
    axis = normalizeAxis(op, options.axis ?? 0, x.shape.length);
    if (Array.isArray(indices) && indices.some((i) => typeof i !== "number")) {
      throw new Error(`${op}: indices along one axis must be a number, numbers or an int32 tensor; for several axes pass axes`);
    }
    idx = normalizeIndices(op, indices as AxisIndices, x.shape[axis], axis, x.shape);
  }
  const window = [...target.shape.slice(0, axis), ...idx.shape, ...target.shape.slice(axis + 1)];
  const u = convertTo(asTensor(updates, x.dtype), x.dtype);
  const lead = window.length - u.shape.length;
  if (lead < 0 || u.shape.some((d, i) => d !== 1 && d !== window[lead + i])) {
    throw new Error(
      `${op}: updates of shape ${showShape(u.shape)} do not broadcast to ${showShape(window)} (x ${showShape(x.shape)}, indices ${showShape(idx.shape)}, axis ${axis})`,
    );
  }
  return { target, idx, u: broadcastTo(u, window), axis };
}

/** `x`'s shape back on a result computed on the target (when that merged axes of `x`). */
const restore = <S extends Shape>(x: Tensor<S>, target: Tensor, out: Tensor): Tensor<S> =>
  (target === x ? out : bind("reshape", [out], { shape: [...x.shape] })) as Tensor<S>;

function scatterWith<S extends Shape>(
  op: string,
  mode: ScatterMode,
  x: Tensor<S>,
  indices: UpdateIndices,
  updates: Operand,
  options: IndexUpdateOptions,
): Tensor<S> {
  const { target, idx, u, axis } = prepare(op, x, indices, updates, options);
  return restore(x, target, bind("scatter", [target, idx, u], { axis, mode }));
}

/**
 * `x` with the entries at `indices` along the axis replaced by `updates` (`x.at[idx].set(v)`);
 * for a repeated index the last update wins.
 * @example
 * ```ts
 * import { indexUpdate, tensor, zeros } from "purediff";
 * indexUpdate(zeros([3]), [0, 2], tensor([5, 6])).toArray(); // => [5, 0, 6]
 * ```
 */
export function indexUpdate<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexUpdate", "set", x, indices, updates, options);
}

/**
 * `x` with `updates` added at `indices` (`x.at[idx].add(v)`); repeated indices accumulate.
 * @example
 * ```ts
 * import { indexAdd, zeros } from "purediff";
 * indexAdd(zeros([3]), [0, 0, 2], 1).toArray(); // => [2, 0, 1]
 * ```
 */
export function indexAdd<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  const { target, idx, u, axis } = prepare("indexAdd", x, indices, updates, options);
  return restore(x, target, bind("add", [target, bind("scatterAdd", [u, idx], { axis, shape: target.shape })], {}));
}

/**
 * `x` with the entries at `indices` multiplied by `updates` (`x.at[idx].multiply(v)`);
 * repeated indices multiply every update in.
 * @example
 * ```ts
 * import { indexMul, ones, tensor } from "purediff";
 * indexMul(ones([3]), [1, 1], tensor([2, 3])).toArray(); // => [1, 6, 1]
 * ```
 */
export function indexMul<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexMul", "mul", x, indices, updates, options);
}

/**
 * `x` with each entry at `indices` replaced by its minimum with the updates there (`x.at[idx].min(v)`).
 * @example
 * ```ts
 * import { indexMin, tensor } from "purediff";
 * indexMin(tensor([5, 5]), [0, 0], tensor([7, 3])).toArray(); // => [3, 5]
 * ```
 */
export function indexMin<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexMin", "min", x, indices, updates, options);
}

/**
 * `x` with each entry at `indices` replaced by its maximum with the updates there (`x.at[idx].max(v)`).
 * @example
 * ```ts
 * import { indexMax, tensor } from "purediff";
 * indexMax(tensor([5, 5]), [1], 9).toArray(); // => [5, 9]
 * ```
 */
export function indexMax<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexMax", "max", x, indices, updates, options);
}
