/**
 * Rule builders for elementwise primitives: from a kernel (or a scalar JavaScript function
 * the kernel maps over the elements in float64, storing into the output's array, so
 * float32 rounds the float64 value), a derivative written as a factor with primitives,
 * and the fused-loop form; batching is elementwise.
 * @module
 */
import { allocate, type DType, type TypedArray } from "../../tensor/dtype";
import { broadcastShapes, sizeOf, type Shape } from "../../tensor/shape";
import { forEachBroadcastRow } from "../../tensor/kernels/broadcast-iter";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, ElementExpression, Empty, PrimitiveRule } from "../primitive";
import { elementwise } from "../batching";
import { add, broadcastTo, mul, sumToShape } from "./wrappers";
import { addTangents, arg, arity, requireFloat, sameDType, wrap } from "./common";

/** The derivative of y = f(x) as a factor written with primitives (dy = factor · dx), or null for a piecewise constant f. */
export type UnaryDerivative<P> = ((x: Tensor, y: Tensor, params: P) => Tensor) | null;

/** `f` applied to every element of `x`, into a fresh array of `dtype`. */
function mapKernel(f: (x: number) => number, x: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

/** A kernel of one float array: the output's values, in a fresh array of `dtype`. */
export type UnaryKernel<P> = (x: TypedArray, dtype: DType, params: P) => TypedArray;

/**
 * A rule for an elementwise float function of one argument from its kernel, its
 * derivative and, when it has one, its fused-loop form.
 * @example
 * const expRule = floatUnaryRule<Empty>("exp", (x, dtype) => unaryKernel("exp", x, dtype), (_x, y) => y, ([a]) => `Math.exp(${a})`);
 */
export function floatUnaryRule<P extends object>(
  name: string,
  kernel: UnaryKernel<P>,
  derivative: UnaryDerivative<P>,
  element?: ElementExpression,
): PrimitiveRule<P> {
  return {
    abstractEval(inputs: readonly Aval[]): Aval {
      arity(name, inputs, 1);
      requireFloat(name, inputs[0]);
      return inputs[0];
    },
    impl: (inputs, params, out) => wrap(kernel(arg(inputs, 0), out.dtype, params), out),
    jvp: ([x], [t], params, y) => (derivative === null || t === null ? null : mul(t, derivative(x, y, params))),
    vjp: (ct, [x], params, y) => [derivative === null ? null : mul(ct, derivative(x, y, params))],
    batch: elementwise,
    ...(element === undefined ? {} : { element }),
  };
}

/**
 * A rule for an elementwise float function of one argument from its scalar function
 * (which may depend on the params), mapped over the elements in float64.
 * @example
 * const tanRule = scalarUnaryRule<Empty>("tan", () => Math.tan, (_x, y) => add(square(y), 1), ([a]) => `Math.tan(${a})`);
 */
export function scalarUnaryRule<P extends object>(
  name: string,
  scalar: (params: P) => (x: number) => number,
  derivative: UnaryDerivative<P>,
  element?: ElementExpression,
): PrimitiveRule<P> {
  return floatUnaryRule<P>(name, (x, dtype, params) => mapKernel(scalar(params), x, dtype), derivative, element);
}

/** Partial derivatives of y = f(a, b) as factors written with primitives. */
export interface BinaryPartials {
  da(a: Tensor, b: Tensor, y: Tensor): Tensor;
  db(a: Tensor, b: Tensor, y: Tensor): Tensor;
}

/** `f(a, b)` with NumPy broadcasting, into a fresh array of `dtype` and shape `outShape`. */
function broadcastMapKernel(
  f: (a: number, b: number) => number,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  dtype: DType,
): TypedArray {
  const size = sizeOf(outShape);
  const out = allocate(dtype, size);
  if (size === 0) return out;
  forEachBroadcastRow(a, aShape, b, bShape, outShape, size, (o, n, ai, sa, bi, sb) => {
    for (const end = o + n; o < end; o++, ai += sa, bi += sb) out[o] = f(a[ai], b[bi]);
  });
  return out;
}

/** A kernel of two broadcasting arrays: the output's values, in a fresh array of `dtype` and shape `outShape`. */
export type BinaryKernel = (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType) => TypedArray;

/**
 * A rule for an elementwise function of two broadcasting arguments from its output's
 * abstract value, its kernel, its partial derivatives (cotangents are summed back to each
 * input's shape) and its fused-loop form.
 * @example
 * const mulRule = broadcastingRule(abstractBinary("mul"), mulKernel, { da: (_a, b) => b, db: (a) => a }, ([a, b]) => `(${a} * ${b})`);
 */
export function broadcastingRule(
  abstractEval: (inputs: readonly Aval[]) => Aval,
  kernel: BinaryKernel,
  partials: BinaryPartials,
  element: ElementExpression,
): PrimitiveRule<Empty> {
  return {
    abstractEval,
    impl: (inputs, _p, out) => wrap(kernel(arg(inputs, 0), inputs[0].shape, arg(inputs, 1), inputs[1].shape, out.shape, out.dtype), out),
    jvp: ([a, b], [ta, tb], _p, y) => {
      const fa = ta === null ? null : mul(ta, partials.da(a, b, y));
      const fb = tb === null ? null : mul(tb, partials.db(a, b, y));
      const t = addTangents(fa, fb, add);
      return t === null ? null : broadcastTo(t, y.shape);
    },
    vjp: (ct, [a, b], _p, y, wanted) => [
      wanted[0] ? sumToShape(mul(ct, partials.da(a, b, y)), a.shape) : null,
      wanted[1] ? sumToShape(mul(ct, partials.db(a, b, y)), b.shape) : null,
    ],
    batch: elementwise,
    element,
  };
}

/**
 * A rule for an elementwise function of two broadcasting arguments of one dtype, from its
 * scalar kernel, its partial derivatives and its fused-loop form. `floatOnly` rejects
 * integer operands; otherwise integer results are the kernel's value stored (wrapped).
 * @example
 * const atan2Rule = scalarBinaryRule("atan2", Math.atan2, partials, ([a, b]) => `Math.atan2(${a}, ${b})`, true);
 */
export function scalarBinaryRule(
  name: string,
  scalar: (a: number, b: number) => number,
  partials: BinaryPartials,
  element: ElementExpression,
  floatOnly: boolean,
): PrimitiveRule<Empty> {
  const abstractEval = (inputs: readonly Aval[]): Aval => {
    arity(name, inputs, 2);
    sameDType(name, inputs[0], inputs[1]);
    if (floatOnly) requireFloat(name, inputs[0], "a");
    else if (inputs[0].dtype === "bool") throw new Error(`${name}: operands must be numbers, got bool`);
    return { shape: broadcastShapes(name, inputs[0].shape, inputs[1].shape), dtype: inputs[0].dtype };
  };
  const kernel: BinaryKernel = (a, aShape, b, bShape, outShape, dtype) => broadcastMapKernel(scalar, a, aShape, b, bShape, outShape, dtype);
  return broadcastingRule(abstractEval, kernel, partials, element);
}
