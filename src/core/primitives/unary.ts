import { unaryKernel, type UnaryOp } from "../../tensor/kernels/unary";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, ElementExpression, Empty, PrimitiveRule } from "../primitive";
import { elementwise } from "../batching";
import { add, cos, div, mul, neg, sign, sin, square, sub } from "./wrappers";
import { arg, arity, requireFloat, wrap } from "./common";
import { showShape } from "../../tensor/shape";

/** The derivative of y = f(x) as a factor, written with ops: dy = factor(x, y) · dx. */
type Derivative = ((x: Tensor, y: Tensor) => Tensor) | null;

/** A rule for an elementwise float function from its kernel and its derivative. */
function unaryRule(op: UnaryOp, derivative: Derivative, element: ElementExpression): PrimitiveRule<Empty> {
  return {
    abstractEval(inputs: readonly Aval[]): Aval {
      arity(op, inputs, 1);
      requireFloat(op, inputs[0]);
      return inputs[0];
    },
    impl: (inputs, _params, out) => wrap(unaryKernel(op, arg(inputs, 0), out.dtype), out),
    jvp: ([x], [t], _p, y) => (derivative === null || t === null ? null : mul(t, derivative(x, y))),
    vjp: (ct, [x], _p, y) => [derivative === null ? null : mul(ct, derivative(x, y))],
    batch: elementwise,
    element,
  };
}

const call =
  (fn: string): ElementExpression =>
  ([a]) =>
    `Math.${fn}(${a})`;

/** Elementwise primitives of one argument. */
export const unaryRules = {
  // Negation also keeps int32 and uint32 (wrapping mod 2³², as sub does); bool has no negation.
  neg: {
    ...unaryRule("neg", null, ([a]) => `(-${a})`),
    abstractEval(inputs: readonly Aval[]): Aval {
      arity("neg", inputs, 1);
      if (inputs[0].dtype === "bool") throw new Error(`neg: x must be a number, got bool (shape ${showShape(inputs[0].shape)}): use logicalNot to negate bools`);
      return inputs[0];
    },
    jvp: (_x: readonly Tensor[], [t]: readonly (Tensor | null)[]) => (t === null ? null : neg(t)),
    vjp: (ct: Tensor) => [neg(ct)],
  },
  exp: unaryRule("exp", (_x, y) => y, call("exp")),
  log: unaryRule("log", (x) => div(1, x), call("log")),
  log1p: unaryRule("log1p", (x) => div(1, add(x, 1)), call("log1p")),
  expm1: unaryRule("expm1", (_x, y) => add(y, 1), call("expm1")),
  sqrt: unaryRule("sqrt", (_x, y) => div(0.5, y), call("sqrt")),
  abs: unaryRule("abs", (x) => sign(x), call("abs")),
  sign: unaryRule("sign", null, ([a]) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : ${a})`),
  sin: unaryRule("sin", (x) => cos(x), call("sin")),
  cos: unaryRule("cos", (x) => neg(sin(x)), call("cos")),
  tanh: unaryRule("tanh", (_x, y) => sub(1, square(y)), call("tanh")),
  sigmoid: unaryRule("sigmoid", (_x, y) => mul(y, sub(1, y)), ([a]) => `(${a} >= 0 ? 1 / (1 + Math.exp(-${a})) : Math.exp(${a}) / (1 + Math.exp(${a})))`),
} satisfies Record<string, PrimitiveRule<Empty>>;

declare module "../primitive" {
  interface PrimitiveParams {
    neg: Empty;
    exp: Empty;
    log: Empty;
    log1p: Empty;
    expm1: Empty;
    sqrt: Empty;
    abs: Empty;
    sign: Empty;
    sin: Empty;
    cos: Empty;
    tanh: Empty;
    sigmoid: Empty;
  }
}
