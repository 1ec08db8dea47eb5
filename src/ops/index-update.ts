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
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import type { ScatterMode } from "../tensor/kernels/gather";
import { bind } from "../core/bind";
import { asTensor, convertTo, type Operand } from "./operands";
import { broadcastTo } from "./shape";

/** Where an index update writes: integer indices along the axis (a number, numbers, or an int32 tensor). */
export type UpdateIndices = number | readonly number[] | Tensor;

/** Options of the index updates. */
export interface IndexUpdateOptions {
  /** The axis the indices run along (default 0; negative counts from the end). */
  readonly axis?: number;
}

/** Non-negative int32 indices, checked against the axis length when they are known. */
function normalizeIndices(op: string, indices: UpdateIndices, n: number, axis: number, shape: Shape): Tensor {
  const raw = indices instanceof Tensor ? indices : tensor(indices as number | number[], "int32");
  if (raw.dtype !== "int32") throw new Error(`${op}: indices must be int32, got ${raw.dtype} (shape ${showShape(raw.shape)})`);
  if (raw instanceof ConcreteTensor) {
    const data = dataOf(raw);
    const fixed = new Int32Array(data.length);
    data.forEach((i, k) => {
      if (!Number.isInteger(i) || i < -n || i >= n) throw new Error(`${op}: index ${i} is out of range for axis ${axis} of size ${n} (x shape ${showShape(shape)})`);
      fixed[k] = i < 0 ? i + n : i;
    });
    return tensor(fixed, "int32", raw.shape);
  }
  const negative = bind("compare", [raw, tensor(0, "int32")], { op: "lt" });
  return bind("select", [negative, bind("add", [raw, tensor(n, "int32")], {}), raw], {});
}

/** The indices along the axis and the updates in `x`'s dtype, broadcast to the updated window's shape. */
function prepare(op: string, x: Tensor, indices: UpdateIndices, updates: Operand, axis: number): { idx: Tensor; u: Tensor; ax: number } {
  if (x.shape.length === 0) throw new Error(`${op}: x must have rank 1 or more, got a scalar`);
  const ax = normalizeAxis(op, axis, x.shape.length);
  const idx = normalizeIndices(op, indices, x.shape[ax], ax, x.shape);
  const window = [...x.shape.slice(0, ax), ...idx.shape, ...x.shape.slice(ax + 1)];
  const u = convertTo(asTensor(updates, x.dtype), x.dtype);
  const lead = window.length - u.shape.length;
  if (lead < 0 || u.shape.some((d, i) => d !== 1 && d !== window[lead + i])) {
    throw new Error(`${op}: updates of shape ${showShape(u.shape)} do not broadcast to ${showShape(window)} (x ${showShape(x.shape)}, indices ${showShape(idx.shape)}, axis ${ax})`);
  }
  return { idx, u: broadcastTo(u, window), ax };
}

function scatterWith<S extends Shape>(op: string, mode: ScatterMode, x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions): Tensor<S> {
  const { idx, u, ax } = prepare(op, x, indices, updates, options.axis ?? 0);
  return bind("scatter", [x, idx, u], { axis: ax, mode }) as Tensor<S>;
}

/**
 * `x` with the entries at `indices` along the axis replaced by `updates` (`x.at[idx].set(v)`);
 * for a repeated index the last update wins.
 * @example indexUpdate(zeros([3]), [0, 2], tensor([5, 6])) // [5, 0, 6]
 */
export function indexUpdate<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexUpdate", "set", x, indices, updates, options);
}

/**
 * `x` with `updates` added at `indices` (`x.at[idx].add(v)`); repeated indices accumulate.
 * @example indexAdd(zeros([3]), [0, 0, 2], 1) // [2, 0, 1]
 */
export function indexAdd<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  const { idx, u, ax } = prepare("indexAdd", x, indices, updates, options.axis ?? 0);
  return bind("add", [x, bind("scatterAdd", [u, idx], { axis: ax, shape: x.shape })], {}) as Tensor<S>;
}

/**
 * `x` with the entries at `indices` multiplied by `updates` (`x.at[idx].multiply(v)`);
 * repeated indices multiply every update in.
 * @example indexMul(ones([3]), [1, 1], tensor([2, 3])) // [1, 6, 1]
 */
export function indexMul<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexMul", "mul", x, indices, updates, options);
}

/**
 * `x` with each entry at `indices` replaced by its minimum with the updates there (`x.at[idx].min(v)`).
 * @example indexMin(tensor([5, 5]), [0, 0], tensor([7, 3])) // [3, 5]
 */
export function indexMin<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexMin", "min", x, indices, updates, options);
}

/**
 * `x` with each entry at `indices` replaced by its maximum with the updates there (`x.at[idx].max(v)`).
 * @example indexMax(tensor([5, 5]), [1], 9) // [5, 9]
 */
export function indexMax<S extends Shape>(x: Tensor<S>, indices: UpdateIndices, updates: Operand, options: IndexUpdateOptions = {}): Tensor<S> {
  return scatterWith("indexMax", "max", x, indices, updates, options);
}
