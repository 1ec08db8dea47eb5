import type { Shape } from "../../tensor/shape";
import { broadcastToKernel } from "../../tensor/kernels/broadcast";
import { transposeKernel } from "../../tensor/kernels/transpose";
import { sliceKernel, slicedShape } from "../../tensor/kernels/slice";
import { padKernel } from "../../tensor/kernels/pad";
import { concatKernel } from "../../tensor/kernels/concat";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { broadcastShapes, sameShape, showShape, sizeOf } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { materialize, toRank } from "../batching";
import { broadcastTo, sumToShape } from "./wrappers";
import { arity, wrap } from "./common";
import { bind } from "../bind";
import { zerosLike } from "../../tensor/create";
import { laneIdentity } from "../compile/lanes";

type Params<K extends keyof PrimitiveParams> = PrimitiveParams[K];

const reshape: PrimitiveRule<Params<"reshape">> = {
  abstractEval(inputs, { shape }) {
    arity("reshape", inputs, 1);
    if (sizeOf(shape) !== sizeOf(inputs[0].shape)) throw new Error(`reshape: cannot reshape ${showShape(inputs[0].shape)} into ${showShape(shape)}`);
    return { shape, dtype: inputs[0].dtype };
  },
  // Storage is immutable, so the reshaped tensor shares it.
  impl: ([x], _p, out) => new ConcreteTensor(dataOf(x), out.shape, out.dtype),
  jvp: (_x, [t], { shape }) => (t === null ? null : bind("reshape", [t], { shape })),
  vjp: (ct, [x]) => [bind("reshape", [ct], { shape: x.shape })],
  batch: (args, { shape }, size) => bind("reshape", [args[0].value], { shape: [size, ...shape] }),
  element: ([a]) => a,
  vectorElement: laneIdentity,
};

const broadcast: PrimitiveRule<Params<"broadcastTo">> = {
  abstractEval(inputs, { shape }) {
    arity("broadcastTo", inputs, 1);
    const x = inputs[0];
    const target = broadcastShapes("broadcastTo", x.shape, shape);
    if (x.shape.length > shape.length || !sameShape(target, shape)) {
      throw new Error(`broadcastTo: cannot broadcast shape ${showShape(x.shape)} to ${showShape(shape)}`);
    }
    return { shape, dtype: x.dtype };
  },
  impl: ([x], _p, out) => wrap(broadcastToKernel(dataOf(x), x.shape, out.shape, out.dtype), out),
  jvp: (_x, [t], { shape }) => (t === null ? null : broadcastTo(t, shape)),
  vjp: (ct, [x]) => [sumToShape(ct, x.shape)],
  batch: (args, { shape }, size) => bind("broadcastTo", [toRank(args[0], shape.length)], { shape: [size, ...shape] }),
  element: ([a]) => a,
  vectorElement: laneIdentity,
};

function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

const transpose: PrimitiveRule<Params<"transpose">> = {
  abstractEval(inputs, { perm }) {
    arity("transpose", inputs, 1);
    const x = inputs[0];
    if (perm.length !== x.shape.length || new Set(perm).size !== perm.length || perm.some((p) => p < 0 || p >= perm.length)) {
      throw new Error(`transpose: [${perm.join(",")}] is not a permutation of the axes of shape ${showShape(x.shape)}`);
    }
    return { shape: perm.map((p) => x.shape[p]), dtype: x.dtype };
  },
  impl: ([x], { perm }, out) => wrap(transposeKernel(dataOf(x), x.shape, perm, out.dtype), out),
  jvp: (_x, [t], { perm }) => (t === null ? null : bind("transpose", [t], { perm })),
  vjp: (ct, _x, { perm }) => [bind("transpose", [ct], { perm: inversePerm(perm) })],
  batch: (args, { perm }) => bind("transpose", [args[0].value], { perm: [0, ...perm.map((p) => p + 1)] }),
};

const slice: PrimitiveRule<Params<"slice">> = {
  abstractEval(inputs, { start, end, step }) {
    arity("slice", inputs, 1);
    const x = inputs[0];
    x.shape.forEach((d, i) => {
      if (!(start[i] >= 0 && start[i] <= end[i] && end[i] <= d && step[i] >= 1)) {
        throw new Error(`slice: window ${start[i]}:${end[i]}:${step[i]} is invalid on axis ${i} of shape ${showShape(x.shape)}`);
      }
    });
    return { shape: slicedShape(start, end, step), dtype: x.dtype };
  },
  impl: ([x], { start, end, step }, out) => wrap(sliceKernel(dataOf(x), x.shape, start, end, step, out.dtype), out),
  jvp: (_x, [t], params) => (t === null ? null : bind("slice", [t], params)),
  vjp: (ct, [x], { start, step }) => [bind("pad", [ct], { before: start, shape: x.shape, step })],
  batch: (args, { start, end, step }, size) => bind("slice", [args[0].value], { start: [0, ...start], end: [size, ...end], step: [1, ...step] }),
};

const pad: PrimitiveRule<Params<"pad">> = {
  abstractEval(inputs, { before, shape, step }) {
    arity("pad", inputs, 1);
    const x = inputs[0];
    x.shape.forEach((d, i) => {
      if (d > 0 && before[i] + (d - 1) * step[i] >= shape[i]) {
        throw new Error(`pad: shape ${showShape(x.shape)} placed at [${before.join(",")}] with steps [${step.join(",")}] does not fit in ${showShape(shape)}`);
      }
    });
    return { shape, dtype: x.dtype };
  },
  impl: ([x], { before, step }, out) => wrap(padKernel(dataOf(x), x.shape, before, out.shape, step, out.dtype), out),
  jvp: (_x, [t], params) => (t === null ? null : bind("pad", [t], params)),
  vjp: (ct, [x], { before, step }) => [bind("slice", [ct], { start: before, end: before.map((b, i) => b + (x.shape[i] - 1) * step[i] + 1), step })],
  batch: (args, { before, shape, step }, size) => bind("pad", [args[0].value], { before: [0, ...before], shape: [size, ...shape], step: [1, ...step] }),
};

const concat: PrimitiveRule<Params<"concat">> = {
  abstractEval(inputs, { axis }): Aval {
    if (inputs.length === 0) throw new Error("concat: needs at least one input");
    const first = inputs[0];
    let total = 0;
    inputs.forEach((x, i) => {
      if (x.dtype !== first.dtype || x.shape.length !== first.shape.length || x.shape.some((d, j) => j !== axis && d !== first.shape[j])) {
        throw new Error(
          `concat: input ${i} (${x.dtype} ${showShape(x.shape)}) does not match input 0 (${first.dtype} ${showShape(first.shape)}) along axis ${axis}`,
        );
      }
      total += x.shape[axis];
    });
    return { shape: first.shape.map((d, j) => (j === axis ? total : d)), dtype: first.dtype };
  },
  impl: (inputs, { axis }, out) =>
    wrap(
      concatKernel(
        inputs.map((x) => dataOf(x)),
        inputs.map((x) => x.shape),
        axis,
        out.dtype,
      ),
      out,
    ),
  jvp: (xs, ts, { axis }) => {
    if (ts.every((t) => t === null)) return null;
    return bind(
      "concat",
      ts.map((t, i) => t ?? zerosLike(xs[i])),
      { axis },
    );
  },
  vjp: (ct, xs, { axis }) => {
    let offset = 0;
    return xs.map((x: Tensor) => {
      const start = ct.shape.map((_, j) => (j === axis ? offset : 0));
      offset += x.shape[axis];
      const end = ct.shape.map((d, j) => (j === axis ? offset : d));
      return bind("slice", [ct], { start, end, step: ct.shape.map(() => 1) });
    });
  },
  batch: (args, { axis }, size) =>
    bind(
      "concat",
      args.map((a) => materialize(a, size)),
      { axis: axis + 1 },
    ),
};

/** Primitives that move or copy values without arithmetic. */
export const layoutRules = { reshape, broadcastTo: broadcast, transpose, slice, pad, concat };

declare module "../primitive" {
  interface PrimitiveParams {
    reshape: { readonly shape: Shape };
    broadcastTo: { readonly shape: Shape };
    transpose: { readonly perm: readonly number[] };
    slice: { readonly start: readonly number[]; readonly end: readonly number[]; readonly step: readonly number[] };
    pad: { readonly before: readonly number[]; readonly shape: Shape; readonly step: readonly number[] };
    concat: { readonly axis: number };
  }
}
