import type { Shape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { gatherKernel, scatterAddKernel } from "../../tensor/kernels/gather";
import { dataOf, type ConcreteTensor } from "../../tensor/concrete";
import { showShape } from "../../tensor/shape";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { arity, wrap } from "./common";
import { bind } from "../bind";
import { materialize, moveAxis, type BatchArg } from "../batching";
import { arange } from "../../tensor/create";
import { add, greater, mul, reshape, where } from "./wrappers";

/** The indices' data, after checking each lies in [0, dim) (the error names `op` and `axis`). */
export function checkIndices(op: string, idx: ConcreteTensor, dim: number, axis: number): Int32Array {
  const data = dataOf(idx) as Int32Array;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= dim) throw new Error(`${op}: index ${data[i]} is out of range for axis ${axis} of size ${dim}`);
  }
  return data;
}

/** Checks the indices' dtype and that `axis` names an axis of `shape` (the gathered-from shape). */
export function abstractIndices(op: string, shape: readonly number[], idx: Aval, axis: number): void {
  if (idx.dtype !== "int32") throw new Error(`${op}: indices must be int32, got ${idx.dtype} (shape ${showShape(idx.shape)})`);
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new Error(`${op}: axis ${axis} is out of range for shape ${showShape(shape)}`);
  }
}

/**
 * Per-example indices `idx` (`[B, I...]`, into an axis of length `n`) as indices into the
 * batch and that axis flattened together (`[B·n]`): example b's index i becomes b·n + i.
 * An index outside [0, n) becomes −1, so the kernel's range check still rejects it rather
 * than reading another example's data.
 */
function flatIndices(idx: Tensor, n: number): Tensor {
  const size = idx.shape[0];
  const flat = add(idx, reshape(mul(arange(0, size, 1, "int32"), n), [size, ...idx.shape.slice(1).map(() => 1)]));
  const inRange = where(greater(idx, -1), greater(n, idx), 0);
  return where(inRange, flat, -1);
}

/** The axes permutation that moves the `count` axes starting at `from` to position `to` (both past axis 0). */
function moveBlock(rank: number, from: number, count: number, to: number): number[] {
  const rest = Array.from({ length: rank }, (_, i) => i).filter((i) => i < from || i >= from + count);
  const block = Array.from({ length: count }, (_, i) => from + i);
  rest.splice(to, 0, ...block);
  return rest;
}

/**
 * `gather` with per-example indices. With shared data the batch axis of the result is
 * moved to the front. With batched data the batch and the gathered axis are flattened
 * into one, the indices offset per example, and the result's axes put back in order.
 */
function gatherBatchedIndices(x: BatchArg, idx: Tensor, axis: number): Tensor {
  if (!x.batched) return moveAxis(bind("gather", [x.value, idx], { axis }), axis, 0);
  const v = x.value; // [B, pre..., n, post...]
  const n = v.shape[axis + 1];
  const moved = moveAxis(v, axis + 1, 1); // [B, n, pre..., post...]
  const flat = bind("reshape", [moved], { shape: [v.shape[0] * n, ...moved.shape.slice(2)] });
  const out = bind("gather", [flat, flatIndices(idx, n)], { axis: 0 }); // [B, I..., pre..., post...]
  const k = idx.shape.length - 1;
  return bind("transpose", [out], { perm: moveBlock(out.shape.length, 1, k, 1 + axis) });
}

/** `scatterAdd` with per-example indices: the transpose of {@link gatherBatchedIndices}. */
function scatterAddBatchedIndices(u: Tensor, idx: Tensor, axis: number, shape: readonly number[]): Tensor {
  // u: [B, pre..., I..., post...] → [B, I..., pre..., post...]
  const k = idx.shape.length - 1;
  const size = u.shape[0];
  const n = shape[axis];
  const grouped = bind("transpose", [u], { perm: moveBlock(u.shape.length, 1 + axis, k, 1) });
  const rest = [...shape.slice(0, axis), ...shape.slice(axis + 1)];
  const flat = bind("scatterAdd", [grouped, flatIndices(idx, n)], { axis: 0, shape: [size * n, ...rest] });
  const unflat = bind("reshape", [flat], { shape: [size, n, ...rest] });
  return moveAxis(unflat, 1, axis + 1);
}

const gather: PrimitiveRule<PrimitiveParams["gather"]> = {
  abstractEval(inputs, { axis }) {
    arity("take", inputs, 2);
    const [x, idx] = inputs;
    abstractIndices("take", x.shape, idx, axis);
    return { shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], dtype: x.dtype };
  },
  impl: ([x, idx], { axis }, out) => wrap(gatherKernel(dataOf(x), x.shape, checkIndices("take", idx, x.shape[axis], axis), idx.shape, axis, out.dtype), out),
  jvp: ([, idx], [t], { axis }) => (t === null ? null : bind("gather", [t, idx], { axis })),
  vjp: (ct, [x, idx], { axis }) => [bind("scatterAdd", [ct, idx], { axis, shape: x.shape }), null],
  batch: (args, { axis }) =>
    args[1].batched ? gatherBatchedIndices(args[0], args[1].value, axis) : bind("gather", [args[0].value, args[1].value], { axis: axis + 1 }),
};

const scatterAdd: PrimitiveRule<PrimitiveParams["scatterAdd"]> = {
  abstractEval(inputs, { axis, shape }) {
    arity("scatterAdd", inputs, 2);
    const [u, idx] = inputs;
    abstractIndices("scatterAdd", shape, idx, axis);
    const expected = [...shape.slice(0, axis), ...idx.shape, ...shape.slice(axis + 1)];
    if (expected.length !== u.shape.length || expected.some((d, i) => d !== u.shape[i])) {
      throw new Error(`scatterAdd: updates of shape ${showShape(u.shape)} do not match ${showShape(expected)}`);
    }
    return { shape, dtype: u.dtype };
  },
  impl: ([u, idx], { axis, shape }, out) =>
    wrap(scatterAddKernel(dataOf(u), checkIndices("scatterAdd", idx, shape[axis], axis), idx.shape, shape, axis, out.dtype), out),
  jvp: ([, idx], [t], params) => (t === null ? null : bind("scatterAdd", [t, idx], params)),
  vjp: (ct, [, idx], { axis }) => [bind("gather", [ct, idx], { axis }), null],
  batch: (args, { axis, shape }, size) =>
    args[1].batched
      ? scatterAddBatchedIndices(materialize(args[0], size), args[1].value, axis, shape)
      : bind("scatterAdd", [args[0].value, args[1].value], { axis: axis + 1, shape: [size, ...shape] }),
};

/** Gathering entries by index and its transpose, scatter-adding them back. */
export const gatherRules = { gather, scatterAdd };

declare module "../primitive" {
  interface PrimitiveParams {
    gather: { readonly axis: number };
    scatterAdd: { readonly axis: number; readonly shape: Shape };
  }
}
