/**
 * Typed wrappers of the primitives for writing rules: each applies one primitive through
 * `bind` (so rules stay differentiable), with plain numbers taken in the dtype of the
 * tensor operand. Unlike the public ops they do no dtype promotion and no shape-level
 * typing, and they import nothing but `bind`, so rules do not depend on the public ops.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { full } from "../../tensor/create";
import type { DType } from "../../tensor/dtype";
import { sameShape, type Shape } from "../../tensor/shape";
import type { CompareOp } from "../primitive";
import { bind } from "../bind";

/** A tensor, or a number taken in the other operand's dtype. */
type Operand = Tensor | number;

const lift = (x: Operand, like: Tensor): Tensor => (typeof x === "number" ? full([], x, like.dtype) : x);

function pair(a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === "number" && typeof b === "number") throw new Error("primitive wrapper: one operand must be a tensor");
  const like = (typeof a === "number" ? b : a) as Tensor;
  return [lift(a, like), lift(b, like)];
}

const binary =
  (name: "add" | "sub" | "mul" | "div" | "pow") =>
  (a: Operand, b: Operand): Tensor =>
    bind(name, pair(a, b), {});

/** a + b. */
export const add = binary("add");
/** a − b. */
export const sub = binary("sub");
/** a · b. */
export const mul = binary("mul");
/** a / b. */
export const div = binary("div");
/** a to the power b. */
export const pow = binary("pow");
/** −x. */
export const neg = (x: Tensor): Tensor => bind("neg", [x], {});
/** x². */
export const square = (x: Tensor): Tensor => bind("mul", [x, x], {});
/** Natural logarithm. */
export const log = (x: Tensor): Tensor => bind("log", [x], {});
/** Sine. */
export const sin = (x: Tensor): Tensor => bind("sin", [x], {});
/** Cosine. */
export const cos = (x: Tensor): Tensor => bind("cos", [x], {});
/** Sign (−1, 0, 1). */
export const sign = (x: Tensor): Tensor => bind("sign", [x], {});

const compare =
  (op: CompareOp) =>
  (a: Operand, b: Operand): Tensor =>
    bind("compare", pair(a, b), { op });
/** a = b, as bool. */
export const equal = compare("eq");
/** a > b, as bool. */
export const greater = compare("gt");

/** `a` where `condition` holds, else `b` (numbers take the other branch's dtype). */
export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  return bind("select", [condition, ...pair(a, b)], {});
}

/** `x` in `dtype` (unchanged when it already has it). */
export function convertTo(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : bind("convert", [x], { dtype });
}

/** `x` with a new shape of the same size (unchanged when it already has it). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind("reshape", [x], { shape: [...shape] });
}

/** `x` broadcast to `shape` (unchanged when it already has it). */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  return sameShape(x.shape, shape) ? x : bind("broadcastTo", [x], { shape: [...shape] });
}

/**
 * The transpose of broadcasting: sums `x` over the axes broadcasting added or stretched,
 * so a cotangent gets the shape of the operand it flows back to.
 */
export function sumToShape(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const lead = x.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? bind("reduceSum", [x], { axes }) : x;
  return reshape(summed, shape);
}
