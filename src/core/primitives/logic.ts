import type { DType } from "../../tensor/dtype";
import type { CompareOp } from "../primitive";
import { compareKernel, selectKernel } from "../../tensor/kernels/binary";
import { convertKernel } from "../../tensor/kernels/convert";
import { broadcastShapes, showShape } from "../../tensor/shape";
import { isFloat } from "../../tensor/dtype";
import type { Tensor } from "../../tensor/tensor";
import { isIntegerDType, type Aval, type Empty, type PrimitiveParams, type PrimitiveRule } from "../primitive";
import { elementwise } from "../batching";
import { broadcastTo, convertTo, sumToShape, where } from "./wrappers";
import { arg, arity, sameDType, wrap } from "./common";
import { dataOf } from "../../tensor/concrete";
import { laneIdentity, laneOp, laneSelect } from "../compile/lanes";

const compare: PrimitiveRule<PrimitiveParams["compare"]> = {
  abstractEval(inputs, { op }) {
    arity(op, inputs, 2);
    sameDType(op, inputs[0], inputs[1]);
    return { shape: broadcastShapes(op, inputs[0].shape, inputs[1].shape), dtype: "bool" };
  },
  impl: (inputs, { op }, out) => wrap(compareKernel(op, arg(inputs, 0), inputs[0].shape, arg(inputs, 1), inputs[1].shape, out.shape), out),
  jvp: () => null,
  vjp: () => [null, null],
  batch: elementwise,
  element: ([a, b], { op }) => {
    const js = { eq: "===", ne: "!==", gt: ">", ge: ">=", lt: "<", le: "<=" }[op as string];
    return `(${a} ${js} ${b} ? 1 : 0)`;
  },
  vectorElement: (lanes, { op }, dtypes) => laneOp(op as CompareOp)(lanes, {}, dtypes),
};

const select: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    arity("where", inputs, 3);
    const [c, a, b] = inputs;
    if (c.dtype !== "bool") throw new Error(`where: condition must be bool, got ${c.dtype} (shape ${showShape(c.shape)})`);
    sameDType("where", a, b);
    const shape = broadcastShapes("where", c.shape, broadcastShapes("where", a.shape, b.shape));
    return { shape, dtype: a.dtype };
  },
  impl: (inputs, _p, out) =>
    wrap(
      selectKernel(dataOf(inputs[0]) as Uint8Array, inputs[0].shape, arg(inputs, 1), inputs[1].shape, arg(inputs, 2), inputs[2].shape, out.shape, out.dtype),
      out,
    ),
  jvp: ([c], [, ta, tb], _p, y) => {
    if (ta === null && tb === null) return null;
    return broadcastTo(where(c, ta ?? 0, tb ?? 0) as Tensor, y.shape);
  },
  vjp: (ct, [c, a, b], _p, _y, wanted) => [
    null,
    wanted[1] ? sumToShape(where(c, ct, 0), a.shape) : null,
    wanted[2] ? sumToShape(where(c, 0, ct), b.shape) : null,
  ],
  batch: elementwise,
  element: ([c, a, b]) => `(${c} !== 0 ? ${a} : ${b})`,
  vectorElement: laneSelect,
};

const convert: PrimitiveRule<PrimitiveParams["convert"]> = {
  abstractEval(inputs, { dtype }): Aval {
    arity("convert", inputs, 1);
    return { shape: inputs[0].shape, dtype };
  },
  impl: (inputs, { dtype }, out) => wrap(convertKernel(arg(inputs, 0), dtype), out),
  jvp: ([x], [t], { dtype }) => (t === null || !isFloat(dtype) || !isFloat(x.dtype) ? null : convertTo(t, dtype)),
  vjp: (ct, [x], { dtype }) => [isFloat(dtype) && isFloat(x.dtype) ? convertTo(ct, x.dtype) : null],
  batch: elementwise,
  // Float to integer conversion (truncation and range rules) runs in its kernel.
  element: ([a], _p, { out, inputs }) => (isIntegerDType(out) && isFloat(inputs[0]) ? undefined : a),
  vectorElement: (lanes, _p, { out, inputs }) => {
    if (isIntegerDType(out) && isFloat(inputs[0])) return false;
    lanes.arg(0);
    lanes.convert(inputs[0], out);
    return true;
  },
};

const stopGradient: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    arity("stopGradient", inputs, 1);
    return inputs[0];
  },
  impl: ([x]) => x,
  jvp: () => null,
  vjp: () => [null],
  batch: elementwise,
  element: ([a]) => a,
  vectorElement: laneIdentity,
};

/** Comparisons, selection, dtype conversion and the gradient barrier. */
export const logicRules = { compare, select, convert, stopGradient };

declare module "../primitive" {
  interface PrimitiveParams {
    compare: { readonly op: CompareOp };
    select: Empty;
    convert: { readonly dtype: DType };
    stopGradient: Empty;
  }
}
