import { Tensor } from "../tensor/tensor";
import { arange, scalar } from "../tensor/create";
import { showShape } from "../tensor/shape";
import { unflatten } from "../tree";
import { bind, bindHigherOrder, isTraced } from "../core/bind";
import { traceToJaxpr } from "../core/staging";
import { whilePrimitive } from "../core/higher-order/while-loop";
import { checkSameTypes, flattenTensors } from "./trees";
import { scan } from "./scan";

/**
 * Repeats `body` while `condFun` holds (JAX's `lax.while_loop`): `condFun(carry)` returns
 * a bool scalar tensor, `body(carry)` the next carry, of the same structure, shapes and
 * dtypes. One primitive, so the loop stays a loop under `jit`; forward-mode
 * differentiable and batchable (with a batched predicate it runs until every example is
 * done). Reverse mode through it is an error: use {@link foriLoop} with concrete bounds
 * or `scan`.
 * @example
 * ```ts
 * import { Tensor, lax, less, mul, scalar } from "purediff";
 * // The first power of 2 above 1000.
 * lax.whileLoop((x: Tensor<[]>) => less(x, 1000), (x: Tensor<[]>) => mul(x, 2), scalar(1)).toArray(); // => 1024
 * ```
 */
export function whileLoop<C>(condFun: (carry: C) => Tensor, body: (carry: C) => C, init: C): C {
  const carry = flattenTensors("whileLoop", "init", init);
  const avals = carry.leaves.map((x) => ({ shape: x.shape, dtype: x.dtype }));
  const cond = traceToJaxpr("whileLoop", avals, (xs) => {
    const pred = condFun(unflatten(carry.def, xs) as C);
    if (!(pred instanceof Tensor) || pred.dtype !== "bool" || pred.shape.length !== 0) {
      const what = pred instanceof Tensor ? `a ${pred.dtype} tensor of shape ${showShape(pred.shape)}` : typeof pred;
      throw new Error(`whileLoop: condFun must return a bool scalar tensor (e.g. less(i, n)), got ${what}`);
    }
    return [pred];
  });
  const step = traceToJaxpr("whileLoop", avals, (xs) => {
    const next = flattenTensors("whileLoop", "the body's carry", body(unflatten(carry.def, xs) as C));
    checkSameTypes("whileLoop", "the body's carry", "init", carry.def, avals, next);
    return next.leaves;
  });
  const outs = bindHigherOrder(whilePrimitive, [...cond.consts, ...step.consts, ...carry.leaves], {
    cond: cond.jaxpr,
    body: step.jaxpr,
    condConsts: cond.consts.length,
    bodyConsts: step.consts.length,
  });
  return unflatten(carry.def, outs) as C;
}

/** A loop bound as a number when it is known (a number or a concrete scalar), else the traced tensor. */
function concreteBound(op: string, name: string, bound: number | Tensor): number | Tensor {
  if (typeof bound === "number") {
    if (!Number.isInteger(bound)) throw new Error(`${op}: ${name} must be an integer, got ${bound}`);
    return bound;
  }
  if (bound.shape.length !== 0 || (bound.dtype !== "int32" && bound.dtype !== "float32" && bound.dtype !== "float64")) {
    throw new Error(`${op}: ${name} must be an integer scalar, got a ${bound.dtype} tensor of shape ${showShape(bound.shape)}`);
  }
  return isTraced(op, [bound]) ? bound : bound.item();
}

/**
 * Runs `body(i, carry)` for `i` from `lower` up to `upper − 1` (JAX's `lax.fori_loop`);
 * `i` is an int32 scalar tensor. With bounds known when it is called (numbers or concrete
 * tensors) it is a `scan` over the indices, so it differentiates in both modes; with
 * traced bounds it is a `whileLoop` (forward mode only).
 * @example
 * ```ts
 * import { Tensor, astype, lax, mul, scalar } from "purediff";
 * // 5! by a loop.
 * lax.foriLoop(1, 6, (i: Tensor<[]>, acc: Tensor<[]>) => mul(acc, astype(i, "float32")), scalar(1)).toArray(); // => 120
 * ```
 */
export function foriLoop<C>(lower: number | Tensor, upper: number | Tensor, body: (i: Tensor<[]>, carry: C) => C, init: C): C {
  const lo = concreteBound("foriLoop", "lower", lower);
  const hi = concreteBound("foriLoop", "upper", upper);
  if (typeof lo === "number" && typeof hi === "number") {
    const indices = arange(lo, Math.max(lo, hi), 1, "int32");
    return scan((carry: C, i: Tensor<[]>) => [body(i, carry), null] as const, init, indices, { length: Math.max(0, hi - lo) })[0];
  }
  const asIndex = (b: number | Tensor) => (typeof b === "number" ? scalar(b, "int32") : b.dtype === "int32" ? b : bind("convert", [b], { dtype: "int32" }));
  const [, , result] = whileLoop(
    ([i, n]: readonly [Tensor, Tensor, C]) => bind("compare", [i, n], { op: "lt" }),
    ([i, n, carry]: readonly [Tensor, Tensor, C]) => [bind("add", [i, scalar(1, "int32")], {}), n, body(i as Tensor<[]>, carry)] as const,
    [asIndex(lo), asIndex(hi), init] as const,
  );
  return result;
}
