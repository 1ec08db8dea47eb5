import { broadcastTo, convertTo, div, equal, mul, reshape, where } from "./wrappers";
import { argReduceKernel, reduceKernel, type ReduceOp } from "../../tensor/kernels/reduce";
import type { Tensor } from "../../tensor/tensor";
import { showShape, type Shape } from "../../tensor/shape";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { shiftAxes } from "../batching";
import { arg, arity, wrap } from "./common";
import { bind } from "../bind";
import { eye, full } from "../../tensor/create";

type Axes = PrimitiveParams["reduceSum"];

function abstractReduce(name: string) {
  return (inputs: readonly Aval[], { axes }: Axes): Aval => {
    arity(name, inputs, 1);
    const x = inputs[0];
    if (x.dtype === "bool") throw new Error(`${name}: cannot reduce a bool tensor; convert it first`);
    for (const a of axes) {
      if (!Number.isInteger(a) || a < 0 || a >= x.shape.length) throw new Error(`${name}: axis ${a} is out of range for shape ${showShape(x.shape)}`);
    }
    return { shape: x.shape.filter((_, i) => !axes.includes(i)), dtype: x.dtype };
  };
}

/** `y` (reduced over `axes`) with the reduced axes put back as size 1, broadcast to `shape`. */
function expandBack(y: Tensor, shape: Shape, axes: readonly number[]): Tensor {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return broadcastTo(reshape(y, kept) as Tensor, shape);
}

function sumOver(x: Tensor, axes: readonly number[]): Tensor {
  return bind("reduceSum", [x], { axes });
}

function reduceImpl(op: ReduceOp): PrimitiveRule<Axes>["impl"] {
  return (inputs, { axes }, out) => wrap(reduceKernel(op, arg(inputs, 0), inputs[0].shape, axes, out.dtype), out);
}

/** For max and min: the share of the gradient each input gets (ties split evenly). */
function extremumWeights(x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  const hit = convertTo(equal(x, expandBack(y, x.shape, axes)), x.dtype);
  const count = sumOver(hit, axes);
  return div(hit, expandBack(count, x.shape, axes));
}

function extremumRule(name: "reduceMax" | "reduceMin", op: ReduceOp): PrimitiveRule<Axes> {
  return {
    abstractEval: abstractReduce(name),
    impl: reduceImpl(op),
    jvp: ([x], [t], { axes }, y) => (t === null ? null : sumOver(mul(t, extremumWeights(x, y, axes)), axes)),
    vjp: (ct, [x], { axes }, y) => [mul(expandBack(ct, x.shape, axes), extremumWeights(x, y, axes))],
    batch: shiftAxes,
  };
}

/** Slices up to this many elements get products of the others built exactly (n² work). */
const EXACT_PRODUCT_SLICE = 256;

/**
 * ∂(Π x)/∂xᵢ = Π_{j≠i} xⱼ over each reduced slice. For slices of up to 256 elements it is
 * built exactly as a product over an n×n arrangement with ones on the diagonal, so
 * derivatives of every order are exact, zeros included. Larger slices use P/xᵢ where no
 * zero is in the slice and the product of the non-zeros at a single zero: exact to first
 * order.
 */
function productPartials(x: Tensor, axes: readonly number[]): Tensor {
  const n = axes.reduce((m, a) => m * x.shape[a], 1);
  return n <= EXACT_PRODUCT_SLICE ? productOfOthers(x, axes, n) : productPartialsByDivision(x, axes);
}

function productOfOthers(x: Tensor, axes: readonly number[], n: number): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const keptShape = kept.map((i) => x.shape[i]);
  const moved = bind("reshape", [bind("transpose", [x], { perm })], { shape: [...keptShape, 1, n] });
  const rows = broadcastTo(moved, [...keptShape, n, n]);
  const diagonal = convertTo(eye(n), "bool");
  const others = bind("reduceProd", [bind("select", [diagonal, full([], 1, x.dtype), rows], {})], { axes: [keptShape.length + 1] });
  const unflat = bind("reshape", [others], { shape: perm.map((i) => x.shape[i]) });
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return bind("transpose", [unflat], { perm: inverse });
}

function productPartialsByDivision(x: Tensor, axes: readonly number[]): Tensor {
  const isZero = equal(x, 0);
  const nonZero = where(isZero, 1, x);
  const p = expandBack(bind("reduceProd", [nonZero], { axes }), x.shape, axes);
  const zeros = expandBack(sumOver(convertTo(isZero, x.dtype), axes), x.shape, axes);
  return where(equal(zeros, 0), div(p, nonZero), where(equal(zeros, 1), where(isZero, p, 0), 0));
}

const reduceSum: PrimitiveRule<Axes> = {
  abstractEval: abstractReduce("reduceSum"),
  impl: reduceImpl("sum"),
  jvp: (_x, [t], { axes }) => (t === null ? null : sumOver(t, axes)),
  vjp: (ct, [x], { axes }) => [expandBack(ct, x.shape, axes)],
  batch: shiftAxes,
};

const reduceProd: PrimitiveRule<Axes> = {
  abstractEval: abstractReduce("reduceProd"),
  impl: reduceImpl("prod"),
  jvp: ([x], [t], { axes }) => (t === null ? null : sumOver(mul(t, productPartials(x, axes)), axes)),
  vjp: (ct, [x], { axes }) => [mul(expandBack(ct, x.shape, axes), productPartials(x, axes))],
  batch: shiftAxes,
};

const argReduce: PrimitiveRule<PrimitiveParams["argReduce"]> = {
  abstractEval(inputs, { op, axis }) {
    arity(op, inputs, 1);
    const x = inputs[0];
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) throw new Error(`${op}: axis ${axis} is out of range for shape ${showShape(x.shape)}`);
    return { shape: x.shape.filter((_, i) => i !== axis), dtype: "int32" };
  },
  impl: (inputs, { op, axis }, out) => wrap(argReduceKernel(op, arg(inputs, 0), inputs[0].shape, axis), out),
  jvp: () => null,
  vjp: () => [null],
  batch: (args, params) => bind("argReduce", [args[0].value], { ...params, axis: params.axis + 1 }),
};

/** Reductions over sets of axes, and arg-reductions. */
export const reduceRules = {
  reduceSum,
  reduceMax: extremumRule("reduceMax", "max"),
  reduceMin: extremumRule("reduceMin", "min"),
  reduceProd,
  argReduce,
};

declare module "../primitive" {
  interface PrimitiveParams {
    reduceSum: { readonly axes: readonly number[] };
    reduceMax: { readonly axes: readonly number[] };
    reduceMin: { readonly axes: readonly number[] };
    reduceProd: { readonly axes: readonly number[] };
    argReduce: { readonly op: "argmax" | "argmin"; readonly axis: number };
  }
}
