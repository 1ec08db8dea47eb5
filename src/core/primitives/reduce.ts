import { argReduceKernel, reduceKernel, type ReduceOp } from "../../tensor/kernels/reduce";
import type { Tensor } from "../../tensor/tensor";
import { showShape, type Shape } from "../../tensor/shape";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { arg, arity, wrap } from "./common";
import { div, mul } from "../../ops/arithmetic";
import { equal, where } from "../../ops/compare";
import { broadcastTo, reshape } from "../../ops/shape";
import { convertTo } from "../../ops/operands";
import { bind } from "../bind";

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
  };
}

/**
 * ∂(Π x)/∂xᵢ = product of the others, exact with zeros: P/xᵢ where no zero is in the
 * slice, the product of the non-zeros at a single zero, and 0 otherwise.
 */
function productPartials(x: Tensor, axes: readonly number[]): Tensor {
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
};

const reduceProd: PrimitiveRule<Axes> = {
  abstractEval: abstractReduce("reduceProd"),
  impl: reduceImpl("prod"),
  jvp: ([x], [t], { axes }) => (t === null ? null : sumOver(mul(t, productPartials(x, axes)), axes)),
  vjp: (ct, [x], { axes }) => [mul(expandBack(ct, x.shape, axes), productPartials(x, axes))],
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
};

/** Reductions over sets of axes, and arg-reductions. */
export const reduceRules = {
  reduceSum,
  reduceMax: extremumRule("reduceMax", "max"),
  reduceMin: extremumRule("reduceMin", "min"),
  reduceProd,
  argReduce,
};

