/**
 * Windowed reductions (XLA's ReduceWindow: pooling) and their arg variant.
 *
 * `reduceWindow` reduces each window of its input with max, min or add, the padding and
 * the holes of base dilation holding the reduction's identity. `argReduceWindow` returns,
 * per window, the flat index (within one example: see `batchDims`) of the element max or
 * min chooses, the first in row-major order on ties, −1 for a window with no element.
 *
 * Derivatives: add is linear, and its transpose is a windowed sum of the cotangent
 * spread out by the strides and padded (the transposed convolution with a window of
 * ones). Max and min route tangents through their chosen elements: the JVP gathers the
 * tangent at the arg indices and the VJP scatter-adds the cotangent there, with the
 * `gather`/`scatterAdd` primitives, so derivatives of any order follow (the indices are
 * piecewise constant). Batching adds a window dimension of size 1 in front.
 *
 * One window pass for value and gradient: max and min windows compute the chosen indices
 * with the values (same pass) and keep them beside their input tensor, and `argReduceWindow`
 * on that same input and geometry takes them instead of passing over the windows again. Eager
 * and jitted gradients of a pooling thus scan its input once. The entry is keyed by the input
 * tensor object (immutable, never recycled) and taken once, so the indices' array belongs to
 * one tensor only.
 * @module
 */
import {
  argReduceWindowKernel,
  chooseWindowsKernel,
  hasEmptyWindow,
  reduceWindowKernel,
  windowedLength,
  type ChooserOp,
  type WindowGeometry,
  type WindowOp,
} from "../../tensor/kernels/reduce-window";
import { showShape, sizeOf, type Shape } from "../../tensor/shape";
import { zeros } from "../../tensor/create";
import type { ConcreteTensor } from "../../tensor/concrete";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { arg, arity, wrap } from "./common";
import { greater, reshape, where } from "./wrappers";
import { generalPad } from "./general-pad";

const show = (xs: readonly number[]): string => `[${xs.join(",")}]`;
const showPadding = (p: readonly (readonly [number, number])[]): string => `[${p.map((q) => `[${q.join(",")}]`).join(", ")}]`;

/**
 * The output shape of a windowed reduction of `shape` with geometry `g`, or an error
 * naming `op`, the argument and the shapes: one entry per axis in every argument,
 * positive window sizes, strides and dilations, integer padding, a window that fits.
 * @example windowOutShape("lax.reduceWindow", [4, 4], { windowDimensions: [2, 2], windowStrides: [2, 2], padding: [[0, 0], [0, 0]], baseDilation: [1, 1], windowDilation: [1, 1] }) // [2, 2]
 */
export function windowOutShape(op: string, shape: Shape, g: WindowGeometry): number[] {
  const rank = shape.length;
  const lists: readonly [string, readonly unknown[]][] = [
    ["windowDimensions", g.windowDimensions],
    ["windowStrides", g.windowStrides],
    ["padding", g.padding],
    ["baseDilation", g.baseDilation],
    ["windowDilation", g.windowDilation],
  ];
  for (const [name, list] of lists) {
    if (list.length !== rank) throw new Error(`${op}: ${name} has ${list.length} entries, x of shape ${showShape(shape)} has ${rank} axes`);
  }
  for (const [name, list] of lists) {
    if (name === "padding") continue;
    const bad = (list as readonly number[]).findIndex((v) => !Number.isInteger(v) || v < 1);
    if (bad >= 0)
      throw new Error(
        `${op}: ${name} ${show(list as readonly number[])} must hold positive integers (axis ${bad}: ${String(list[bad])}), x of shape ${showShape(shape)}`,
      );
  }
  const badPad = g.padding.findIndex((p) => p.length !== 2 || !p.every(Number.isInteger));
  if (badPad >= 0) throw new Error(`${op}: padding ${showPadding(g.padding)} must hold one integer [low, high] pair per axis (axis ${badPad})`);
  const out = shape.map((d, a) => windowedLength(d, g.windowDimensions[a], g.windowStrides[a], g.padding[a], g.baseDilation[a], g.windowDilation[a]));
  const misfit = out.findIndex((o) => o < 0);
  if (misfit >= 0) {
    const padded = shape.map((d, a) => (d === 0 ? 0 : (d - 1) * g.baseDilation[a] + 1) + g.padding[a][0] + g.padding[a][1]);
    const span = g.windowDimensions.map((w, a) => (w - 1) * g.windowDilation[a] + 1);
    throw new Error(
      `${op}: the window ${show(g.windowDimensions)} (spanning ${show(span)} with windowDilation ${show(g.windowDilation)}) is larger than x of shape ${showShape(shape)} ` +
        `dilated and padded to ${show(padded)} on axis ${misfit} (padding ${showPadding(g.padding)}, baseDilation ${show(g.baseDilation)})`,
    );
  }
  return out;
}

const geometryOf = (p: WindowGeometry): WindowGeometry => ({
  windowDimensions: p.windowDimensions,
  windowStrides: p.windowStrides,
  padding: p.padding,
  baseDilation: p.baseDilation,
  windowDilation: p.windowDilation,
});

/** The geometry with one more leading axis of window 1 (the batch axis, or any passive axis). */
function withLeadingAxis(g: WindowGeometry): WindowGeometry {
  return {
    windowDimensions: [1, ...g.windowDimensions],
    windowStrides: [1, ...g.windowStrides],
    padding: [[0, 0], ...g.padding],
    baseDilation: [1, ...g.baseDilation],
    windowDilation: [1, ...g.windowDilation],
  };
}

function checkDType(op: string, x: Aval): void {
  if (x.dtype !== "float32" && x.dtype !== "float64" && x.dtype !== "int32") {
    throw new Error(`${op}: x must be float32, float64 or int32, got ${x.dtype} (shape ${showShape(x.shape)})`);
  }
}

/**
 * The transpose of the windowed sum: each input position receives the sum of the
 * cotangents of the windows that cover it. The cotangent is spread by the strides
 * (interior padding), padded so that a stride-1 windowed sum of the window's dilation
 * has the dilated input's length, and the holes of base dilation are dropped.
 */
function windowSumTranspose(ct: Tensor, xShape: Shape, g: WindowGeometry): Tensor {
  if (sizeOf(xShape) === 0) return zeros(xShape, ct.dtype);
  const dilatedIn = xShape.map((d, a) => (d - 1) * g.baseDilation[a] + 1);
  const config = xShape.map((_, a) => {
    const span = (g.windowDimensions[a] - 1) * g.windowDilation[a] + 1;
    const dilatedOut = (ct.shape[a] - 1) * g.windowStrides[a] + 1;
    const lo = span - 1 - g.padding[a][0];
    return [lo, dilatedIn[a] + span - 1 - dilatedOut - lo, g.windowStrides[a] - 1] as const;
  });
  const ones = xShape.map(() => 1);
  const summed = bind("reduceWindow", [generalPad(ct, config)], {
    op: "add",
    windowDimensions: g.windowDimensions,
    windowStrides: ones,
    padding: xShape.map(() => [0, 0] as const),
    baseDilation: ones,
    windowDilation: g.windowDilation,
  });
  if (g.baseDilation.every((b) => b === 1)) return summed;
  return bind("slice", [summed], { start: xShape.map(() => 0), end: dilatedIn, step: g.baseDilation });
}

/** The arg indices of a chooser reduction and, when some window may be empty, which are valid. */
function chosen(x: Tensor, op: ChooserOp, g: WindowGeometry, out: Tensor): { readonly index: Tensor; readonly valid: Tensor | null } {
  const index = bind("argReduceWindow", [x], { ...g, op, batchDims: 0 });
  if (!hasEmptyWindow(x.shape, out.shape, g)) return { index, valid: null };
  const valid = greater(index, -1);
  return { index: where(valid, index, 0), valid };
}

/** Indices chosen by the last max/min windows over an input, by geometry, until taken. */
const chosenIndices = new WeakMap<ConcreteTensor, Map<string, Int32Array>>();

const indicesKey = (op: ChooserOp, g: WindowGeometry): string =>
  JSON.stringify([op, g.windowDimensions, g.windowStrides, g.padding, g.baseDilation, g.windowDilation]);

/** Max or min windows of `x`, keeping the chosen indices for {@link takeChosen}. */
function chooseWindows(x: ConcreteTensor, op: ChooserOp, g: WindowGeometry, out: Aval): ConcreteTensor {
  const { values, indices } = chooseWindowsKernel(op, arg([x], 0), x.shape, out.shape, g, out.dtype);
  let byKey = chosenIndices.get(x);
  if (byKey === undefined) chosenIndices.set(x, (byKey = new Map()));
  byKey.set(indicesKey(op, g), indices);
  return wrap(values, out);
}

/** The indices max/min windows of `x` chose with this geometry, if kept and not yet taken. */
function takeChosen(x: ConcreteTensor, op: ChooserOp, g: WindowGeometry): Int32Array | undefined {
  const byKey = chosenIndices.get(x);
  const key = indicesKey(op, g);
  const indices = byKey?.get(key);
  byKey?.delete(key);
  return indices;
}

const reduceWindow: PrimitiveRule<PrimitiveParams["reduceWindow"]> = {
  abstractEval(inputs, params) {
    arity("reduceWindow", inputs, 1);
    const x = inputs[0];
    checkDType(`reduceWindow(${params.op})`, x);
    return { shape: windowOutShape(`reduceWindow(${params.op})`, x.shape, params), dtype: x.dtype };
  },
  impl: ([x], params, out) =>
    params.op === "add"
      ? wrap(reduceWindowKernel(params.op, arg([x], 0), x.shape, out.shape, params, out.dtype), out)
      : chooseWindows(x, params.op, geometryOf(params), out),
  jvp: ([x], [t], params, out) => {
    if (t === null) return null;
    if (params.op === "add") return bind("reduceWindow", [t], params);
    const { index, valid } = chosen(x, params.op, geometryOf(params), out);
    const picked = bind("gather", [reshape(t, [t.size]), index], { axis: 0 });
    return valid === null ? picked : where(valid, picked, 0);
  },
  vjp: (ct, [x], params, out) => {
    const g = geometryOf(params);
    if (params.op === "add") return [windowSumTranspose(ct, x.shape, g)];
    const { index, valid } = chosen(x, params.op, g, out);
    const spread = bind("scatterAdd", [valid === null ? ct : where(valid, ct, 0), index], { axis: 0, shape: [x.size] });
    return [reshape(spread, x.shape)];
  },
  batch: (args, params) => bind("reduceWindow", [args[0].value], { op: params.op, ...withLeadingAxis(params) }),
};

const argReduceWindow: PrimitiveRule<PrimitiveParams["argReduceWindow"]> = {
  abstractEval(inputs, params) {
    arity("argReduceWindow", inputs, 1);
    const x = inputs[0];
    checkDType(`argReduceWindow(${params.op})`, x);
    return { shape: windowOutShape(`argReduceWindow(${params.op})`, x.shape, params), dtype: "int32" };
  },
  impl: ([x], params, out) => {
    const kept = params.batchDims === 0 ? takeChosen(x, params.op, geometryOf(params)) : undefined;
    return wrap(kept ?? argReduceWindowKernel(params.op, arg([x], 0), x.shape, out.shape, params, params.batchDims), out);
  },
  jvp: () => null,
  vjp: () => [null],
  batch: (args, params) => bind("argReduceWindow", [args[0].value], { op: params.op, batchDims: params.batchDims + 1, ...withLeadingAxis(params) }),
};

/** Windowed reductions and the arg indices of max/min windows. */
export const reduceWindowRules = { reduceWindow, argReduceWindow };

declare module "../primitive" {
  interface PrimitiveParams {
    reduceWindow: WindowGeometry & { readonly op: WindowOp };
    argReduceWindow: WindowGeometry & { readonly op: ChooserOp; readonly batchDims: number };
  }
}
