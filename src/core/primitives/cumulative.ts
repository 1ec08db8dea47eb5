/**
 * The cumulative primitives `cumsum`, `cumprod`, `cummax` and `cummin`: running sums,
 * products and extrema along one axis, from the start or (`reverse`) from the end, as
 * JAX's `lax.cumsum` family. One kernel loop per line of the axis.
 *
 * Derivatives, written with primitives so they differentiate again:
 * - cumsum is linear; its transpose is the cumsum in the other direction.
 * - cumprod: with Eⱼ the product of the entries before j (an exclusive cumprod),
 *   dyⱼ = xⱼ·dyⱼ₋₁ + Eⱼ·tⱼ, and the cotangent is Eⱼ·zⱼ with zⱼ = ctⱼ + xⱼ₊₁·zⱼ₊₁: linear
 *   recurrences (see `linear-recurrence.ts`) with no division, so exact with zeros in x,
 *   to every order.
 * - cummax/cummin: each output takes the tangent of the entry that holds the running
 *   extremum; on ties, the first such entry in scan order (the running extremum changes
 *   only on a strict improvement). A linear recurrence again, its coefficients 0 where the
 *   extremum changes and 1 where it holds.
 * @module
 */
import { cumulativeKernel, type CumulativeOp } from "../../tensor/kernels/cumulative";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { full } from "../../tensor/create";
import { arg, arity, wrap } from "./common";
import { convertTo, mul, sub } from "./wrappers";
import { linearRecurrence, shiftAlong, sliceAlong } from "./linear-recurrence";

type Params = PrimitiveParams["cumsum"];
type Name = "cumsum" | "cumprod" | "cummax" | "cummin";

const cumulative = (name: Name, x: Tensor, axis: number, reverse: boolean): Tensor => bind(name, [x], { axis, reverse });

function abstractCumulative(name: Name) {
  return (inputs: readonly Aval[], { axis }: Params): Aval => {
    arity(name, inputs, 1);
    const x = inputs[0];
    if (x.dtype === "bool") throw new Error(`${name}: cannot accumulate a bool tensor (shape ${showShape(x.shape)}); convert it first`);
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) throw new Error(`${name}: axis ${axis} is out of range for shape ${showShape(x.shape)}`);
    return x;
  };
}

/** The rule parts every cumulative primitive shares. */
function common(name: Name, op: CumulativeOp): Pick<PrimitiveRule<Params>, "abstractEval" | "impl" | "batch"> {
  return {
    abstractEval: abstractCumulative(name),
    impl: (inputs, { axis, reverse }, out) => wrap(cumulativeKernel(op, arg(inputs, 0), inputs[0].shape, axis, reverse, out.dtype), out),
    batch: (args, params) => cumulative(name, args[0].value, params.axis + 1, params.reverse),
  };
}

const cumsum: PrimitiveRule<Params> = {
  ...common("cumsum", "sum"),
  jvp: (_x, [t], { axis, reverse }) => (t === null ? null : cumulative("cumsum", t, axis, reverse)),
  vjp: (ct, _x, { axis, reverse }) => [cumulative("cumsum", ct, axis, !reverse)],
};

/** Eⱼ: the product of the entries before j in scan order (1 for the first). */
const exclusiveProduct = (x: Tensor, axis: number, reverse: boolean): Tensor => cumulative("cumprod", shiftAlong(x, axis, 1, reverse, 1), axis, reverse);

const cumprod: PrimitiveRule<Params> = {
  ...common("cumprod", "prod"),
  jvp: ([x], [t], { axis, reverse }) => (t === null ? null : linearRecurrence(x, mul(t, exclusiveProduct(x, axis, reverse)), axis, reverse)),
  vjp: (ct, [x], { axis, reverse }) => {
    // zⱼ = ctⱼ + xⱼ₊₁·zⱼ₊₁ runs against the scan, its coefficient the next entry.
    const z = linearRecurrence(shiftAlong(x, axis, 1, !reverse, 0), ct, axis, !reverse);
    return [mul(z, exclusiveProduct(x, axis, reverse))];
  },
};

/** 1 where the running extremum `y` takes a new entry (always at the first), else 0, in `y`'s dtype. */
function changes(y: Tensor, axis: number, reverse: boolean): Tensor {
  const n = y.shape[axis];
  if (n === 0) return y;
  const [later, earlier] = reverse ? [sliceAlong(y, axis, 0, n - 1), sliceAlong(y, axis, 1, n)] : [sliceAlong(y, axis, 1, n), sliceAlong(y, axis, 0, n - 1)];
  const changed = convertTo(bind("compare", [later, earlier], { op: "ne" }), y.dtype);
  const first = full(
    y.shape.map((d, i) => (i === axis ? 1 : d)),
    1,
    y.dtype,
  );
  return bind("concat", reverse ? [changed, first] : [first, changed], { axis });
}

function extremumRule(name: "cummax" | "cummin", op: CumulativeOp): PrimitiveRule<Params> {
  return {
    ...common(name, op),
    jvp: (_x, [t], { axis, reverse }, y) => {
      if (t === null) return null;
      const m = changes(y, axis, reverse);
      return linearRecurrence(sub(1, m), mul(m, t), axis, reverse);
    },
    vjp: (ct, _x, { axis, reverse }, y) => {
      const m = changes(y, axis, reverse);
      const g = linearRecurrence(shiftAlong(sub(1, m), axis, 1, !reverse, 0), ct, axis, !reverse);
      return [mul(m, g)];
    },
  };
}

/** Running sums, products and extrema along an axis. */
export const cumulativeRules = {
  cumsum,
  cumprod,
  cummax: extremumRule("cummax", "max"),
  cummin: extremumRule("cummin", "min"),
};

declare module "../primitive" {
  interface PrimitiveParams {
    cumsum: { readonly axis: number; readonly reverse: boolean };
    cumprod: { readonly axis: number; readonly reverse: boolean };
    cummax: { readonly axis: number; readonly reverse: boolean };
    cummin: { readonly axis: number; readonly reverse: boolean };
  }
}
