/**
 * Scatter with a combine mode: a copy of an operand with updates written in along one
 * axis at integer indices, combined with what is there by "set" (the last update to a
 * position wins), "mul", "min" or "max". The pure index updates (`indexUpdate`,
 * `indexMul`, `indexMin`, `indexMax`) are made of it; `indexAdd` is `scatterAdd`.
 *
 * Derivatives, in both the operand and the updates:
 * - set: linear; the operand's cotangent is zero where an update landed, each update's is
 *   the output's cotangent at its position if it is the one that landed, else zero;
 * - mul: out = x · Π u; the derivative in u_j is x times the product of the other
 *   updates to the same position, computed without dividing by a zero or small update;
 * - min/max: as JAX does, the derivative is shared evenly between the operand and the
 *   updates that equal the result.
 * @module
 */
import { scatterKernel, type ScatterMode } from "../../tensor/kernels/gather";
import { dataOf } from "../../tensor/concrete";
import { arange, full, zerosLike } from "../../tensor/create";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { PrimitiveRule } from "../primitive";
import { loop, materialize } from "../batching";
import { bind } from "../bind";
import { add, convertTo, div, equal, mul, reshape, sub, where } from "./wrappers";
import { arity, wrap } from "./common";
import { abstractIndices, checkIndices } from "./gather";

type Params = { readonly axis: number; readonly mode: ScatterMode };

const scatter = (x: Tensor, idx: Tensor, u: Tensor, axis: number, mode: ScatterMode): Tensor => bind("scatter", [x, idx, u], { axis, mode });
const gatherAt = (t: Tensor, idx: Tensor, axis: number): Tensor => bind("gather", [t, idx], { axis });
const scatterAdd = (u: Tensor, idx: Tensor, axis: number, like: Tensor): Tensor => bind("scatterAdd", [u, idx], { axis, shape: like.shape });
const indicator = (condition: Tensor, like: Tensor): Tensor => convertTo(condition, like.dtype);

/** Per update: 1 where it is the one that landed (the last to its position), else 0. */
function landed(x: Tensor, idx: Tensor, u: Tensor, axis: number): Tensor {
  const ids = reshape(arange(0, u.size, 1, "int32"), u.shape);
  const winner = scatter(full(x.shape, -1, "int32"), idx, ids, axis, "set");
  return indicator(equal(gatherAt(winner, idx, axis), ids), u);
}

/** Below this magnitude an update is "small" for {@link othersProduct}: √ of the dtype's epsilon. */
const smallBelow: Readonly<Record<string, number>> = { float64: 2 ** -26, float32: 2 ** -12 };

/**
 * Per update u_j: the product of the other updates to its position. An update alone at
 * its position gets exactly 1. Otherwise the product of the ordinary updates is divided
 * by u_j when u_j is one of them; "small" updates (below √ε: 2⁻²⁶ ≈ 1.5e-8 in float64)
 * are left out of that product so that no division by a small number (nor its
 * derivative, −Q/u²) loses precision: they multiply in by value when there is one other
 * than u_j, and give 0 when there are more (the true product is then below ε times the
 * others). So values are exact to ε relative, first derivatives too, and second
 * derivatives to about √ε.
 */
function othersProduct(x: Tensor, idx: Tensor, u: Tensor, axis: number): Tensor {
  const countAt = (flags: Tensor): Tensor => gatherAt(scatterAdd(flags, idx, axis, x), idx, axis);
  const alone = equal(countAt(full(u.shape, 1, u.dtype)), 1);
  const small = bind("compare", [bind("abs", [u], {}), full([], smallBelow[u.dtype] ?? 0, u.dtype)], { op: "lt" });
  const ordinary = where(small, 1, u);
  const productAt = gatherAt(scatter(full(x.shape, 1, x.dtype), idx, ordinary, axis, "mul"), idx, axis);
  const smallValue = where(small, u, 0);
  // The other small updates at the position: how many, and their value when there is one.
  const otherCount = sub(countAt(indicator(small, u)), indicator(small, u));
  const otherSmall = sub(countAt(smallValue), smallValue);
  const smallFactor = where(equal(otherCount, 0), 1, where(equal(otherCount, 1), otherSmall, 0));
  return where(alone, 1, mul(where(small, productAt, div(productAt, ordinary)), smallFactor));
}

/** For min/max: which of the operand and the updates equal the result, and how many per position. */
function extremal(x: Tensor, idx: Tensor, u: Tensor, axis: number, out: Tensor): { atX: Tensor; atU: Tensor; count: Tensor } {
  const atX = indicator(equal(x, out), x);
  const atU = indicator(equal(u, gatherAt(out, idx, axis)), u);
  return { atX, atU, count: add(atX, scatterAdd(atU, idx, axis, x)) };
}

/** The rules of `scatter`. */
export const scatterRule: PrimitiveRule<Params> = {
  abstractEval(inputs, { axis, mode }) {
    arity("scatter", inputs, 3);
    const [x, idx, u] = inputs;
    abstractIndices("scatter", x.shape, idx, axis);
    const expected = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
    if (u.dtype !== x.dtype || expected.length !== u.shape.length || expected.some((d, i) => d !== u.shape[i])) {
      throw new Error(`scatter (${mode}): updates ${u.dtype} ${showShape(u.shape)} do not match ${x.dtype} ${showShape(expected)}`);
    }
    return { shape: x.shape, dtype: x.dtype };
  },
  impl: ([x, idx, u], { axis, mode }, out) =>
    wrap(scatterKernel(dataOf(x), checkIndices("scatter", idx, x.shape[axis], axis), idx.shape, dataOf(u), x.shape, axis, mode, out.dtype), out),
  jvp: ([x, idx, u], [tx, , tu], { axis, mode }, out) => {
    if (tx === null && tu === null) return null;
    switch (mode) {
      case "set":
        return scatter(tx ?? zerosLike(x), idx, tu ?? zerosLike(u), axis, "set");
      case "mul": {
        const fromX = tx === null ? null : scatter(tx, idx, u, axis, "mul");
        const fromU = tu === null ? null : mul(x, scatterAdd(mul(tu, othersProduct(x, idx, u, axis)), idx, axis, x));
        return fromX === null ? fromU : fromU === null ? fromX : add(fromX, fromU);
      }
      case "min":
      case "max": {
        const { atX, atU, count } = extremal(x, idx, u, axis, out);
        const fromX = mul(tx ?? zerosLike(x), atX);
        const total = tu === null ? fromX : add(fromX, scatterAdd(mul(tu, atU), idx, axis, x));
        return div(total, count);
      }
    }
  },
  vjp: (ct, [x, idx, u], { axis, mode }, out, wanted) => {
    switch (mode) {
      case "set":
        return [wanted[0] ? scatter(ct, idx, zerosLike(u), axis, "set") : null, null, wanted[2] ? mul(gatherAt(ct, idx, axis), landed(x, idx, u, axis)) : null];
      case "mul":
        return [
          wanted[0] ? scatter(ct, idx, u, axis, "mul") : null,
          null,
          wanted[2] ? mul(gatherAt(mul(ct, x), idx, axis), othersProduct(x, idx, u, axis)) : null,
        ];
      case "min":
      case "max": {
        const { atX, atU, count } = extremal(x, idx, u, axis, out);
        const shared = div(ct, count);
        return [wanted[0] ? mul(shared, atX) : null, null, wanted[2] ? mul(gatherAt(shared, idx, axis), atU) : null];
      }
    }
  },
  batch: (args, params, size, name) =>
    args[1].batched
      ? loop(args, params, size, name)
      : bind("scatter", [materialize(args[0], size), args[1].value, materialize(args[2], size)], { ...params, axis: params.axis + 1 }),
};

declare module "../primitive" {
  interface PrimitiveParams {
    scatter: Params;
  }
}
