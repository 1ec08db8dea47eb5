import type { Tensor } from "../tensor/tensor";
import { broadcastShapes } from "../tensor/shape";
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
const logical = (a: BatchArg) => (a.batched ? a.value.shape.slice(1) : a.value.shape);

/** A batched value of logical rank r given logical rank `rank`, by inserting axes after the batch axis. */
function toRank(a: BatchArg, rank: number): Tensor {
  const s = logical(a);
  if (!a.batched || s.length >= rank) return a.value;
  return bind("reshape", [a.value], { shape: [a.value.shape[0], ...new Array<number>(rank - s.length).fill(1), ...s] });
}

/** An unbatched value broadcast along a new batch axis. */
export function materialize(a: BatchArg, size: number): Tensor {
  return a.batched ? a.value : bind("broadcastTo", [a.value], { shape: [size, ...a.value.shape] });
}

/** Elementwise primitives broadcast: align the batched operands' ranks and apply. */
export const elementwise: BatchRule<object> = (args, params, _size, name) => {
  const rank = Math.max(...args.map((a) => logical(a).length));
  return bind(name, args.map((a) => toRank(a, rank)), params as PrimitiveParams[typeof name]);
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

/** Batched matrix product: the batch axis joins the matrix batch dimensions. */
export const matmulBatch: BatchRule<PrimitiveParams["matmul"]> = (args, params, size) => {
  const [a, b] = args;
  const la = logical(a);
  const lb = logical(b);
  const batch = broadcastShapes("matmul (batch dimensions)", la.slice(0, -2), lb.slice(0, -2));
  const full = (x: BatchArg, l: readonly number[]): Tensor => {
    const matrix = l.slice(-2);
    const aligned = x.batched ? bind("reshape", [x.value], { shape: [size, ...new Array<number>(batch.length - (l.length - 2)).fill(1), ...l] }) : x.value;
    return bind("broadcastTo", [aligned], { shape: [size, ...batch, ...matrix] });
  };
  // A shared unbatched matrix stays shared; everything else gets the full batch shape.
  const aFull = full(a, la);
  const bFull = !b.batched && lb.length === 2 && batch.length === 0 ? b.value : full(b, lb);
  return bind("matmul", [aFull, bFull], params);
};

/** The batching rules of the layout and indexing primitives. */
export const layoutBatch = {
  reshape: ((args, { shape }, size) => bind("reshape", [args[0].value], { shape: [size, ...shape] })) as BatchRule<PrimitiveParams["reshape"]>,
  broadcastTo: ((args, { shape }, size) => bind("broadcastTo", [toRank(args[0], shape.length)], { shape: [size, ...shape] })) as BatchRule<PrimitiveParams["broadcastTo"]>,
  transpose: ((args, { perm }) => bind("transpose", [args[0].value], { perm: [0, ...perm.map((p) => p + 1)] })) as BatchRule<PrimitiveParams["transpose"]>,
  slice: ((args, { start, end, step }, size) =>
    bind("slice", [args[0].value], { start: [0, ...start], end: [size, ...end], step: [1, ...step] })) as BatchRule<PrimitiveParams["slice"]>,
  pad: ((args, { before, shape, step }, size) =>
    bind("pad", [args[0].value], { before: [0, ...before], shape: [size, ...shape], step: [1, ...step] })) as BatchRule<PrimitiveParams["pad"]>,
  concat: ((args, { axis }, size) => bind("concat", args.map((a) => materialize(a, size)), { axis: axis + 1 })) as BatchRule<PrimitiveParams["concat"]>,
  argReduce: ((args, params) => bind("argReduce", [args[0].value], { ...params, axis: params.axis + 1 })) as BatchRule<PrimitiveParams["argReduce"]>,
  gather: ((args, params, size, name) =>
    args[1].batched ? loop(args, params, size, name) : bind("gather", [args[0].value, args[1].value], { axis: params.axis + 1 })) as BatchRule<PrimitiveParams["gather"]>,
  scatterAdd: ((args, params, size, name) =>
    args[1].batched
      ? loop(args, params, size, name)
      : bind("scatterAdd", [args[0].value, args[1].value], { axis: params.axis + 1, shape: [size, ...params.shape] })) as BatchRule<PrimitiveParams["scatterAdd"]>,
};
