import { Tensor } from "../tensor/tensor";
import { scalar } from "../tensor/create";
import { showShape } from "../tensor/shape";
import { unflatten, type TreeDef } from "../tree";
import { bind, bindHigherOrder } from "../core/bind";
import { evalJaxpr, traceToJaxpr } from "../core/staging";
import { condPrimitive } from "../core/higher-order/cond";
import { checkSameTypes, flattenTensors } from "./trees";
import type { Aval } from "../core/primitive";

/** Stages every branch on the operands' types, checks they return the same types, and applies the conditional. */
function branchOn<R, Ops extends readonly unknown[]>(
  op: string,
  index: Tensor,
  branches: readonly ((...operands: Ops) => R)[],
  operands: Ops,
  labels: readonly string[],
): R {
  if (branches.length === 0) throw new Error(`${op}: needs at least one branch`);
  const args = flattenTensors(op, "operands", operands);
  const avals: Aval[] = args.leaves.map((x) => ({ shape: x.shape, dtype: x.dtype }));
  let outDef: TreeDef | undefined;
  let outAvals: Aval[] = [];
  const staged = branches.map((branch, b) =>
    traceToJaxpr(op, avals, (xs) => {
      const out = flattenTensors(op, `${labels[b]}'s output`, branch(...(unflatten(args.def, xs) as unknown as Ops)));
      if (outDef === undefined) {
        outDef = out.def;
        outAvals = out.leaves.map((x) => ({ shape: x.shape, dtype: x.dtype }));
      } else checkSameTypes(op, `${labels[b]}'s output`, `${labels[0]}'s output`, outDef, outAvals, out);
      return out.leaves;
    }),
  );
  // Each branch takes every branch's closed-over values, then the operands.
  const consts = staged.flatMap((s) => s.consts);
  const constAvals = consts.map((c) => ({ shape: c.shape, dtype: c.dtype }));
  let offset = 0;
  const programs = staged.map((s) => {
    const start = offset;
    offset += s.consts.length;
    return traceToJaxpr(op, [...constAvals, ...avals], (xs) => evalJaxpr(s.jaxpr, [...xs.slice(start, start + s.consts.length), ...xs.slice(consts.length)]))
      .jaxpr;
  });
  const outs = bindHigherOrder(condPrimitive, [index, ...consts, ...args.leaves], { branches: programs });
  return unflatten(outDef as TreeDef, outs) as R;
}

/**
 * Runs `trueFun(...operands)` when `pred` is true, else `falseFun(...operands)` (JAX's
 * `lax.cond`). `pred` is a bool scalar tensor (or a JS boolean); both branches must return
 * the same structure, shapes and dtypes. Under `jit` only the taken branch runs; under
 * `vmap` with a batched predicate both run and each example keeps its own; the gradient
 * is the taken branch's.
 * @example
 * ```ts
 * import { Tensor, greater, lax, log, scalar } from "purediff";
 * const safeLog = (x: Tensor<[]>) => lax.cond(greater(x, 0), (v: Tensor<[]>) => log(v), () => scalar(-Infinity), x);
 * ```
 */
export function cond<R, const Ops extends readonly unknown[]>(
  pred: Tensor | boolean,
  trueFun: (...operands: Ops) => R,
  falseFun: (...operands: Ops) => R,
  ...operands: Ops
): R {
  const p = typeof pred === "boolean" ? scalar(pred ? 1 : 0, "bool") : pred;
  if (!(p instanceof Tensor) || p.dtype !== "bool" || p.shape.length !== 0) {
    const what = p instanceof Tensor ? `a ${p.dtype} tensor of shape ${showShape(p.shape)}` : typeof p;
    throw new Error(`cond: the predicate must be a bool scalar tensor (e.g. greater(x, 0)) or a boolean, got ${what}`);
  }
  return branchOn("cond", bind("convert", [p], { dtype: "int32" }), [falseFun, trueFun] as const, operands, ["falseFun", "trueFun"]);
}

/**
 * Runs `branches[index](...operands)` (JAX's `lax.switch`). `index` is an int32 scalar
 * tensor or a number; out of range it is clamped to the first or last branch, as in
 * JAX. Every branch must return the same structure, shapes and dtypes.
 * @example
 * ```ts
 * import { Tensor, cos, lax, neg, scalar, sin } from "purediff";
 * // cos 0 = 1
 * lax.switch(scalar(1, "int32"), [(x: Tensor) => sin(x), (x: Tensor) => cos(x), (x: Tensor) => neg(x)], scalar(0)).toArray(); // => 1
 * ```
 */
function switch_<R, const Ops extends readonly unknown[]>(index: Tensor | number, branches: readonly ((...operands: Ops) => R)[], ...operands: Ops): R {
  const i = typeof index === "number" ? scalar(Math.trunc(index), "int32") : index;
  if (!(i instanceof Tensor) || i.shape.length !== 0 || i.dtype !== "int32") {
    const what = i instanceof Tensor ? `a ${i.dtype} tensor of shape ${showShape(i.shape)}` : typeof i;
    throw new Error(`switch: the index must be an int32 scalar tensor or a number, got ${what}`);
  }
  return branchOn(
    "switch",
    i,
    branches,
    operands,
    branches.map((_, b) => `branch ${b}`),
  );
}

export { switch_ as switch };
