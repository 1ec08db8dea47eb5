import type { Tensor } from "../../tensor/tensor";
import type { ConcreteTensor } from "../../tensor/concrete";
import { dataOf } from "../../tensor/concrete";
import { full, zerosLike } from "../../tensor/create";
import { bind, bindHigherOrder } from "../bind";
import { Jaxpr } from "../jaxpr";
import { sameAval, showAval, type Aval } from "../primitive";
import { compiledOf } from "../compile/executable";
import { evalJaxpr, traceToJaxpr } from "../staging";
import type { HigherOrderPrimitive } from "./primitive";
import { batchJaxpr, inputAvals, jvpJaxpr, outputAvals } from "./transform-jaxpr";
import { withBatchAxis } from "../batching";

/**
 * The params of a while loop: `cond` maps `[condConsts, carry]` to a bool scalar, `body`
 * maps `[bodyConsts, carry]` to the next carry. Inputs: `[condConsts, bodyConsts, init]`.
 */
export interface WhileParams {
  readonly cond: Jaxpr;
  readonly body: Jaxpr;
  readonly condConsts: number;
  readonly bodyConsts: number;
}

/** Runs the loop on concrete values with the compiled predicate and body. */
function runWhile(inputs: readonly ConcreteTensor[], { cond, body, condConsts, bodyConsts }: WhileParams): Tensor[] {
  const test = compiledOf(cond);
  const step = compiledOf(body);
  const cc = inputs.slice(0, condConsts);
  const bc = inputs.slice(condConsts, condConsts + bodyConsts);
  let carry: Tensor[] = inputs.slice(condConsts + bodyConsts);
  while (dataOf(test.run([...cc, ...carry])[0])[0] !== 0) carry = step.run([...bc, ...carry]);
  return carry;
}

/** A predicate program that ignores `extra` trailing inputs of the given types. */
function ignoringExtra(cond: Jaxpr, extra: readonly Aval[]): Jaxpr {
  let nextId = cond.nextVarId();
  const unused = extra.map((aval) => ({ kind: "var" as const, id: nextId++, aval }));
  return new Jaxpr([...cond.inputs, ...unused], cond.eqns, cond.outputs);
}

/**
 * `lax.whileLoop` as a primitive: the body repeats while the predicate holds; its trip
 * count is known only at run time. Forward mode loops over the body's JVP (tangents
 * found by a fixed point, the predicate ignoring them). Reverse mode is an error: the
 * number of steps to save is unknown, so use `foriLoop` with concrete bounds or `scan`.
 * Batching with a batched predicate runs until every example is done, freezing the
 * finished ones with a select, as JAX does.
 */
export const whilePrimitive: HigherOrderPrimitive<WhileParams> = {
  name: "whileLoop",
  abstractEval(inputs, { cond, body, condConsts, bodyConsts }) {
    const carry = inputs.slice(condConsts + bodyConsts);
    const bodyIn = inputAvals(body).slice(bodyConsts);
    const bodyOut = outputAvals(body);
    if (carry.length !== bodyIn.length) throw new Error(`whileLoop: expects ${bodyIn.length} carry value(s), got ${carry.length}`);
    carry.forEach((c, i) => {
      if (!sameAval(bodyIn[i], c) || !sameAval(bodyOut[i], c)) {
        throw new Error(`whileLoop: carry ${i} has type ${showAval(c)}, the body takes ${showAval(bodyIn[i])} and returns ${showAval(bodyOut[i])}`);
      }
    });
    const pred = outputAvals(cond)[0];
    if (pred.dtype !== "bool" || pred.shape.length !== 0) throw new Error(`whileLoop: the predicate must return a bool scalar, got ${showAval(pred)}`);
    return carry.map((c) => ({ shape: c.shape, dtype: c.dtype }));
  },
  impl: runWhile,
  jvp(primals, tangents, params) {
    const { cond, body, condConsts: CC, bodyConsts: BC } = params;
    const K = primals.length - CC - BC;
    const nonzero = tangents.map((t) => t !== null);
    const bodyConstsNz = nonzero.slice(CC, CC + BC);
    let carryNz = nonzero.slice(CC + BC);
    let program = jvpJaxpr(body, [...bodyConstsNz, ...carryNz], carryNz);
    for (;;) {
      const produced = program.outTangent;
      if (produced.every((p, i) => !p || carryNz[i])) break;
      carryNz = carryNz.map((c, i) => c || produced[i]);
      program = jvpJaxpr(body, [...bodyConstsNz, ...carryNz], carryNz);
    }
    // Body inputs [bc, carry, t(bc), t(carry)] regrouped as [bc, t(bc) | carry, t(carry)].
    const nBc = bodyConstsNz.filter(Boolean).length;
    const nCarryT = carryNz.filter(Boolean).length;
    const n = BC + K;
    const order = [
      ...Array.from({ length: BC }, (_, i) => i),
      ...Array.from({ length: nBc }, (_, i) => n + i),
      ...Array.from({ length: K }, (_, i) => BC + i),
      ...Array.from({ length: nCarryT }, (_, i) => n + nBc + i),
    ];
    const jvpBody = new Jaxpr(
      order.map((i) => program.jaxpr.inputs[i]),
      program.jaxpr.eqns,
      program.jaxpr.outputs,
    );
    const carryTangents = carryNz.flatMap((m, i) => (m ? [tangents[CC + BC + i] ?? zerosLike(primals[CC + BC + i])] : []));
    const jvpCond = ignoringExtra(
      cond,
      carryTangents.map((t) => ({ shape: t.shape, dtype: t.dtype })),
    );
    const bodyTangents = bodyConstsNz.flatMap((m, i) => (m ? [tangents[CC + i] as Tensor] : []));
    const outs = bindHigherOrder(whilePrimitive, [...primals.slice(0, CC + BC), ...bodyTangents, ...primals.slice(CC + BC), ...carryTangents], {
      cond: jvpCond,
      body: jvpBody,
      condConsts: CC,
      bodyConsts: BC + nBc,
    });
    let k = K;
    return [outs.slice(0, K), carryNz.map((m) => (m ? outs[k++] : null))];
  },
  vjp(primals, params, wanted) {
    // A loop on constants of the differentiated function is a constant itself.
    if (!wanted.some(Boolean)) return [bindHigherOrder(whilePrimitive, primals, params), () => primals.map(() => null)];
    throw new Error(
      "whileLoop: reverse-mode differentiation (grad, vjp) is not supported: the number of steps is only known at run time, so nothing can be saved for the backward pass. Use lax.foriLoop with concrete bounds or lax.scan, which are reverse-differentiable",
    );
  },
  batch(args, params, size) {
    const { cond, body, condConsts: CC, bodyConsts: BC } = params;
    const flags = args.map((a) => a.batched);
    if (!flags.some(Boolean))
      return [
        bindHigherOrder(
          whilePrimitive,
          args.map((a) => a.value),
          params,
        ),
        args.slice(CC + BC).map(() => false),
      ];
    // Every carry gets the batch; each example's carry stops changing once its predicate fails.
    const K = args.length - CC - BC;
    const carryAvals = inputAvals(body).slice(BC);
    const batchedCond = batchJaxpr(cond, size, [...flags.slice(0, CC), ...new Array<boolean>(K).fill(true)], [true]).jaxpr;
    const batchedBody = batchJaxpr(body, size, [...flags.slice(CC, CC + BC), ...new Array<boolean>(K).fill(true)], new Array<boolean>(K).fill(true)).jaxpr;
    const condConsts = args.slice(0, CC).map((a) => a.value);
    const bodyConsts = args.slice(CC, CC + BC).map((a) => a.value);
    const batchedCarry = carryAvals.map((a) => ({ shape: [size, ...a.shape], dtype: a.dtype }));
    const anyActive = traceToJaxpr("whileLoop (batched predicate)", [...condConsts, ...batchedCarry], (xs) => {
      const active = evalJaxpr(batchedCond, xs)[0];
      const activeCount = bind("reduceSum", [bind("convert", [active], { dtype: "int32" })], { axes: [0] });
      return [bind("compare", [activeCount, full([], 0, "int32")], { op: "gt" })];
    }).jaxpr;
    const stepActive = traceToJaxpr("whileLoop (batched body)", [...condConsts, ...bodyConsts, ...batchedCarry], (xs) => {
      const carry = xs.slice(CC + BC);
      const active = evalJaxpr(batchedCond, [...xs.slice(0, CC), ...carry])[0];
      const next = evalJaxpr(batchedBody, [...xs.slice(CC, CC + BC), ...carry]);
      return next.map((y, i) => {
        const mask = bind("reshape", [active], { shape: [size, ...new Array<number>(y.shape.length - 1).fill(1)] });
        return bind("select", [bind("broadcastTo", [mask], { shape: y.shape }), y, carry[i]], {});
      });
    }).jaxpr;
    const init = args.slice(CC + BC).map((a) => withBatchAxis(a.value, a.batched, size));
    const outs = bindHigherOrder(whilePrimitive, [...condConsts, ...condConsts, ...bodyConsts, ...init], {
      cond: anyActive,
      body: stepActive,
      condConsts: CC,
      bodyConsts: CC + BC,
    });
    return [outs, outs.map(() => true)];
  },
};
