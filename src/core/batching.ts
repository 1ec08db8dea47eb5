import type { Tensor } from "../tensor/tensor";
import { bind } from "./bind";
import type { PrimitiveName, PrimitiveParams } from "./primitive";

/** An argument of a batching rule: its value and whether axis 0 of it is the batch axis. */
export interface BatchArg {
  readonly value: Tensor;
  readonly batched: boolean;
}

/** How a primitive applies to a batch: returns the result with the batch on axis 0. */
export type BatchRule<P> = (args: readonly BatchArg[], params: P, size: number, name: PrimitiveName) => Tensor;

/** The logical (per-example) shape of an argument. */
export const logical = (a: BatchArg) => (a.batched ? a.value.shape.slice(1) : a.value.shape);

/** A batched value of logical rank r given logical rank `rank`, by inserting axes after the batch axis. */
export function toRank(a: BatchArg, rank: number): Tensor {
  const s = logical(a);
  if (!a.batched || s.length >= rank) return a.value;
  return bind("reshape", [a.value], { shape: [a.value.shape[0], ...new Array<number>(rank - s.length).fill(1), ...s] });
}

/** `x` with a batch axis of `size` in front: itself when `batched`, else broadcast along a new axis 0. */
export function withBatchAxis(x: Tensor, batched: boolean, size: number): Tensor {
  return batched ? x : bind("broadcastTo", [x], { shape: [size, ...x.shape] });
}

/** A batch argument with a batch axis of `size` in front (see {@link withBatchAxis}). */
export function materialize(a: BatchArg, size: number): Tensor {
  return withBatchAxis(a.value, a.batched, size);
}

/** `x` with axis `from` moved to position `to`. */
export function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind("transpose", [x], { perm });
}

/** Elementwise primitives broadcast: align the batched operands' ranks and apply. */
export const elementwise: BatchRule<object> = (args, params, _size, name) => {
  const rank = Math.max(...args.map((a) => logical(a).length));
  return bind(
    name,
    args.map((a) => toRank(a, rank)),
    params as PrimitiveParams[typeof name],
  );
};

/** Shifts the axis parameters of single-input primitives past the batch axis. */
export const shiftAxes = <P extends { readonly axes: readonly number[] }>(args: readonly BatchArg[], params: P, _size: number, name: PrimitiveName): Tensor =>
  bind(name, [args[0].value], { ...params, axes: params.axes.map((a) => a + 1) } as never);

/** Applies the primitive example by example and stacks the results: correct for every primitive. */
export const loop: BatchRule<object> = (args, params, size, name) => {
  const rows: Tensor[] = [];
  for (let i = 0; i < size; i++) {
    const inputs = args.map((a) => {
      if (!a.batched) return a.value;
      const start = a.value.shape.map((_, j) => (j === 0 ? i : 0));
      const end = a.value.shape.map((d, j) => (j === 0 ? i + 1 : d));
      const row = bind("slice", [a.value], { start, end, step: a.value.shape.map(() => 1) });
      return bind("reshape", [row], { shape: a.value.shape.slice(1) });
    });
    const out = bind(name, inputs, params as PrimitiveParams[typeof name]);
    rows.push(bind("reshape", [out], { shape: [1, ...out.shape] }));
  }
  return rows.length === 1 ? rows[0] : bind("concat", rows, { axis: 0 });
};
