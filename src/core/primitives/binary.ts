import { binaryKernel, type BinaryOp } from "../../tensor/kernels/binary";
import type { Tensor } from "../../tensor/tensor";
import { broadcastShapes, sameShape } from "../../tensor/shape";
import { isIntegerDType, type Aval, type ElementExpression, type Empty, type PrimitiveRule } from "../primitive";
import { elementwise } from "../batching";
import { add, broadcastTo, div, equal, greater, log, mul, neg, pow, sub, sumToShape, where } from "./wrappers";
import { full } from "../../tensor/create";
import { addTangents, arg, arity, sameDType, wrap } from "./common";
import { broadcastingRule, type BinaryPartials } from "./elementwise-rules";
import { laneMath, laneOp, lanePick, laneVectorMath, type VectorElement } from "../compile/lanes";

function abstractBinary(op: string) {
  return (inputs: readonly Aval[]): Aval => {
    arity(op, inputs, 2);
    sameDType(op, inputs[0], inputs[1]);
    const a = inputs[0];
    const b = inputs[1];
    // Operands of one shape (the common case) share it: no new shape array per op.
    return { shape: sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape), dtype: a.dtype };
  };
}

/** A broadcasting binary rule from partial derivatives (cotangents are summed back to each input's shape) and its fused forms. */
function binaryRule(name: string, op: BinaryOp, partials: BinaryPartials, element: ElementExpression, vectorElement: VectorElement): PrimitiveRule<Empty> {
  const rule = broadcastingRule(
    abstractBinary(name),
    (a, aShape, b, bShape, outShape, dtype) => binaryKernel(op, a, aShape, b, bShape, outShape, dtype),
    partials,
    element,
  );
  return { ...rule, vectorElement };
}

const infix =
  (op: string): ElementExpression =>
  ([a, b]) =>
    `(${a} ${op} ${b})`;

/** Integer quotients and powers run in their kernels. */
const floatOnly =
  (lowering: VectorElement): VectorElement =>
  (lanes, params, dtypes) =>
    !isIntegerDType(dtypes.out) && lowering(lanes, params, dtypes);

/** Addition and subtraction pass cotangents through unscaled. */
function linearRule(name: "add" | "sub"): PrimitiveRule<Empty> {
  const sign = name === "add" ? (t: Tensor) => t : neg;
  return {
    abstractEval: abstractBinary(name),
    impl: (inputs, _p, out) => wrap(binaryKernel(name, arg(inputs, 0), inputs[0].shape, arg(inputs, 1), inputs[1].shape, out.shape, out.dtype), out),
    jvp: (_x, [ta, tb], _p, y) => {
      const t = addTangents(ta, tb === null ? null : sign(tb), add);
      return t === null ? null : broadcastTo(t, y.shape);
    },
    vjp: (ct, [a, b], _p, _y, wanted) => [wanted[0] ? sumToShape(ct, a.shape) : null, wanted[1] ? sumToShape(sign(ct), b.shape) : null],
    batch: elementwise,
    element: infix(name === "add" ? "+" : "-"),
    vectorElement: laneOp(name),
  };
}

/** Where a wins (ties split evenly): the share of the gradient that goes to a. */
function share(a: Tensor, b: Tensor, first: (a: Tensor, b: Tensor) => Tensor): Tensor {
  const half = where(equal(a, b), full([], 0.5, a.dtype), 0);
  return where(first(a, b), 1, half);
}

/** Elementwise primitives of two broadcasting arguments. */
export const binaryRules = {
  add: linearRule("add"),
  sub: linearRule("sub"),
  // Integer products wrap mod 2³² as their kernel's Math.imul does; integer quotients and powers are not fused.
  mul: binaryRule(
    "mul",
    "mul",
    { da: (_a, b) => b, db: (a) => a },
    (args, params, dtypes) => (isIntegerDType(dtypes.out) ? `Math.imul(${args[0]}, ${args[1]})` : infix("*")(args, params, dtypes)),
    laneOp("mul"),
  ),
  div: binaryRule(
    "div",
    "div",
    { da: (_a, b) => div(1, b), db: (_a, b, y) => neg(div(y, b)) },
    (args, params, dtypes) => (isIntegerDType(dtypes.out) ? undefined : infix("/")(args, params, dtypes)),
    floatOnly(laneOp("div")),
  ),
  pow: binaryRule(
    "pow",
    "pow",
    {
      da: (a, b) => mul(b, pow(a, sub(b, 1))),
      // d/db aᵇ = aᵇ log a, taken as 0 where a ≤ 0 (where the real power is defined only for integer b).
      db: (a, _b, y) => where(greater(a, 0), mul(y, log(where(greater(a, 0), a, 1))), 0),
    },
    ([a, b], _p, { out }) => (isIntegerDType(out) ? undefined : `${out === "float32" ? "math" : "Math"}.pow(${a}, ${b})`),
    floatOnly(laneVectorMath("pow", laneMath("pow"))),
  ),
  max: binaryRule(
    "max",
    "max",
    { da: (a, b) => share(a, b, greater), db: (a, b) => share(b, a, greater) },
    ([a, b]) => `(${a} > ${b} || ${a} !== ${a} ? ${a} : ${b})`,
    lanePick("gt"),
  ),
  min: binaryRule(
    "min",
    "min",
    { da: (a, b) => share(b, a, greater), db: (a, b) => share(a, b, greater) },
    ([a, b]) => `(${a} < ${b} || ${a} !== ${a} ? ${a} : ${b})`,
    lanePick("lt"),
  ),
} satisfies Record<string, PrimitiveRule<Empty>>;

declare module "../primitive" {
  interface PrimitiveParams {
    add: Empty;
    sub: Empty;
    mul: Empty;
    div: Empty;
    pow: Empty;
    max: Empty;
    min: Empty;
  }
}
