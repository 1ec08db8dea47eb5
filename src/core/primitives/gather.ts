import type { Shape } from "../../tensor/shape";
import { gatherKernel, scatterAddKernel } from "../../tensor/kernels/gather";
import { dataOf, type ConcreteTensor } from "../../tensor/concrete";
import { showShape } from "../../tensor/shape";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { arity, wrap } from "./common";
import { bind } from "../bind";
import { loop } from "../batching";

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
  batch: (args, params, size, name) => (args[1].batched ? loop(args, params, size, name) : bind("gather", [args[0].value, args[1].value], { axis: params.axis + 1 })),
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
  batch: (args, params, size, name) =>
    args[1].batched ? loop(args, params, size, name) : bind("scatterAdd", [args[0].value, args[1].value], { axis: params.axis + 1, shape: [size, ...params.shape] }),
};

/** Gathering entries by index and its transpose, scatter-adding them back. */
export const gatherRules = { gather, scatterAdd };

declare module "../primitive" {
  interface PrimitiveParams {
    gather: { readonly axis: number };
    scatterAdd: { readonly axis: number; readonly shape: Shape };
  }
}
