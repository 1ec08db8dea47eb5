import { unaryKernel, type UnaryOp } from "../../tensor/kernels/unary";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, Empty, PrimitiveRule } from "../primitive";
import { add, cos, div, mul, neg, sign, sin, square, sub } from "./wrappers";
import { arg, arity, requireFloat, wrap } from "./common";

/** The derivative of y = f(x) as a factor, written with ops: dy = factor(x, y) · dx. */
type Derivative = ((x: Tensor, y: Tensor) => Tensor) | null;

/** A rule for an elementwise float function from its kernel and its derivative. */
function unaryRule(op: UnaryOp, derivative: Derivative): PrimitiveRule<Empty> {
  return {
    abstractEval(inputs: readonly Aval[]): Aval {
      arity(op, inputs, 1);
      requireFloat(op, inputs[0]);
      return inputs[0];
    },
    impl: (inputs, _params, out) => wrap(unaryKernel(op, arg(inputs, 0), out.dtype), out),
    jvp: ([x], [t], _p, y) => (derivative === null || t === null ? null : mul(t, derivative(x, y))),
    vjp: (ct, [x], _p, y) => [derivative === null ? null : mul(ct, derivative(x, y))],
  };
}

/** Elementwise primitives of one argument. */
export const unaryRules = {
  neg: {
    ...unaryRule("neg", null),
    jvp: (_x: readonly Tensor[], [t]: readonly (Tensor | null)[]) => (t === null ? null : neg(t)),
    vjp: (ct: Tensor) => [neg(ct)],
  },
  exp: unaryRule("exp", (_x, y) => y),
  log: unaryRule("log", (x) => div(1, x)),
  log1p: unaryRule("log1p", (x) => div(1, add(x, 1))),
  expm1: unaryRule("expm1", (_x, y) => add(y, 1)),
  sqrt: unaryRule("sqrt", (_x, y) => div(0.5, y)),
  abs: unaryRule("abs", (x) => sign(x)),
  sign: unaryRule("sign", null),
  sin: unaryRule("sin", (x) => cos(x)),
  cos: unaryRule("cos", (x) => neg(sin(x))),
  tanh: unaryRule("tanh", (_x, y) => sub(1, square(y))),
  sigmoid: unaryRule("sigmoid", (_x, y) => mul(y, sub(1, y))),
} satisfies Record<string, PrimitiveRule<Empty>>;
