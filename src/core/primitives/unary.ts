import { unaryKernel, type UnaryOp } from "../../tensor/kernels/unary";
import { op } from "../../tensor/kernels/wasm/encoder";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, ElementExpression, Empty, PrimitiveRule } from "../primitive";
import { add, cos, div, mul, neg, sign, sin, square, sub } from "./wrappers";
import { arity } from "./common";
import { floatUnaryRule, type UnaryDerivative } from "./elementwise-rules";
import { showShape } from "../../tensor/shape";
import { laneMath, laneOp, laneSign, laneVectorMath, type MathFunction, type VectorElement } from "../compile/lanes";
import type { VectorMathUnaryFn } from "../../tensor/kernels/vector-math-dispatch";

/** A rule for an elementwise float function from its kernel op, its derivative (null: piecewise constant) and its fused form. */
const unaryRule = (op: UnaryOp, derivative: UnaryDerivative<Empty>, element: ElementExpression): PrimitiveRule<Empty> =>
  floatUnaryRule<Empty>(op, (x, dtype) => unaryKernel(op, x, dtype), derivative, element);

const call =
  (fn: string): ElementExpression =>
  ([a]) =>
    `Math.${fn}(${a})`;

/** `Math.<fn>`, and in float32 the vectorised float32 function's mirror (`math.<fn>` in a fused loop), as the kernel computes it. */
const vectorCall =
  (fn: VectorMathUnaryFn, float64: ElementExpression = call(fn)): ElementExpression =>
  (args, params, dtypes) =>
    dtypes.out === "float32" ? `math.${fn}(${args[0]})` : float64(args, params, dtypes);

/**
 * A rule of a vectorised function: the kernel's op, `Math.<fn>` in float64 and the float32
 * mirror in a JavaScript loop; in wasm the vectorised float32 code, and in float64 per-lane
 * calls of `Math.<fn>`.
 */
const vectorMathRule = (fn: VectorMathUnaryFn & MathFunction, derivative: UnaryDerivative<Empty>): PrimitiveRule<Empty> => ({
  ...unaryRule(fn, derivative, vectorCall(fn)),
  vectorElement: laneVectorMath(fn, laneMath(fn)),
});

/** sigmoid in float64 per lane, both branches as the JavaScript form computes them. */
const sigmoidLanes: VectorElement = (lanes, _p, { out }) => {
  lanes.arg(0);
  lanes.perLane(out, 1, ({ code, args: [x], math }) => {
    code.f64Const(1).f64Const(1).localGet(x).op(op.f64Neg);
    math("exp");
    code.op(op.f64Add).op(op.f64Div);
    code.localGet(x);
    math("exp");
    code.f64Const(1).localGet(x);
    math("exp");
    code.op(op.f64Add).op(op.f64Div);
    code.localGet(x).f64Const(0).op(op.f64Ge).op(op.select);
  });
  return true;
};

/** Elementwise primitives of one argument. */
export const unaryRules = {
  // Negation also keeps int32 and uint32 (wrapping mod 2³², as sub does); bool has no negation.
  neg: {
    ...unaryRule("neg", null, ([a]) => `(-${a})`),
    vectorElement: laneOp("neg"),
    abstractEval(inputs: readonly Aval[]): Aval {
      arity("neg", inputs, 1);
      if (inputs[0].dtype === "bool")
        throw new Error(`neg: x must be a number, got bool (shape ${showShape(inputs[0].shape)}): use logicalNot to negate bools`);
      return inputs[0];
    },
    jvp: (_x: readonly Tensor[], [t]: readonly (Tensor | null)[]) => (t === null ? null : neg(t)),
    vjp: (ct: Tensor) => [neg(ct)],
  },
  exp: vectorMathRule("exp", (_x, y) => y),
  log: vectorMathRule("log", (x) => div(1, x)),
  log1p: vectorMathRule("log1p", (x) => div(1, add(x, 1))),
  expm1: vectorMathRule("expm1", (_x, y) => add(y, 1)),
  sqrt: { ...unaryRule("sqrt", (_x, y) => div(0.5, y), call("sqrt")), vectorElement: laneOp("sqrt") },
  abs: { ...unaryRule("abs", (x) => sign(x), call("abs")), vectorElement: laneOp("abs") },
  sign: { ...unaryRule("sign", null, ([a]) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : ${a})`), vectorElement: laneSign },
  sin: vectorMathRule("sin", (x) => cos(x)),
  cos: vectorMathRule("cos", (x) => neg(sin(x))),
  tanh: vectorMathRule("tanh", (_x, y) => sub(1, square(y))),
  sigmoid: {
    ...unaryRule(
      "sigmoid",
      (_x, y) => mul(y, sub(1, y)),
      vectorCall("sigmoid", ([a]) => `(${a} >= 0 ? 1 / (1 + Math.exp(-${a})) : Math.exp(${a}) / (1 + Math.exp(${a})))`),
    ),
    vectorElement: laneVectorMath("sigmoid", sigmoidLanes),
  },
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
