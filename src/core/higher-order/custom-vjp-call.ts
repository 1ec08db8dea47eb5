import type { Tensor } from "../../tensor/tensor";
import { bindHigherOrder } from "../bind";
import type { Jaxpr } from "../jaxpr";
import { compiledOf } from "../compile/executable";
import { batchFlat } from "../vmap";
import type { HigherOrderPrimitive } from "./primitive";
import { checkCallInputs, floatCotangents } from "./call";
import { batchJaxpr, outputAvals } from "./transform-jaxpr";
import { withBatchAxis } from "../batching";

/** The forward half of a custom VJP on flat lists: outputs and residuals. */
export type VjpForward = (args: readonly Tensor[]) => readonly [readonly Tensor[], readonly Tensor[]];
/** The backward half: one cotangent per argument (`null` for none) from residuals and output cotangents. */
export type VjpBackward = (residuals: readonly Tensor[], cotangents: readonly Tensor[]) => readonly (Tensor | null)[];

/** The params of a custom-VJP call: the function's program (its first `consts` inputs closed over) and its two halves. */
export interface CustomVjpParams {
  readonly jaxpr: Jaxpr;
  readonly consts: number;
  readonly fwd: VjpForward;
  readonly bwd: VjpBackward;
  readonly name: string;
}

/** Runs `f` batched with every input and output carrying the batch. */
function batchedEverywhere(f: (xs: Tensor[]) => Tensor[], size: number) {
  return (xs: readonly Tensor[]): Tensor[] => {
    const [ys, flags] = batchFlat(
      f,
      xs,
      xs.map(() => true),
      size,
    );
    return ys.map((y, i) => withBatchAxis(y, flags[i], size));
  };
}

/**
 * A function with a hand-written reverse-mode rule (JAX's `custom_vjp_call`). The two
 * halves ride in the params, so `jit` records the call and reverse mode applies the rule
 * wherever the call ends up; batching batches both halves. Forward mode is an error,
 * as in JAX.
 */
export const customVjpCall: HigherOrderPrimitive<CustomVjpParams> = {
  name: "customVjp",
  abstractEval(inputs, { jaxpr, name }) {
    checkCallInputs(name, jaxpr, inputs);
    return outputAvals(jaxpr);
  },
  impl: (inputs, { jaxpr }) => compiledOf(jaxpr).run(inputs),
  jvp(_primals, _tangents, { name }) {
    throw new Error(
      `${name}: forward mode (jvp, jacfwd, hessian) cannot see through a customVjp function; define the derivative with customJvp or use reverse mode (grad, vjp, jacrev)`,
    );
  },
  vjp(primals, params) {
    const [outs, residuals] = params.fwd(primals.slice(params.consts));
    const outAvals = outputAvals(params.jaxpr);
    const pullback = (cts: readonly (Tensor | null)[]) => [
      ...primals.slice(0, params.consts).map(() => null),
      ...params.bwd(residuals, floatCotangents(outAvals, outs, cts)),
    ];
    return [outs.slice(), pullback];
  },
  batch(args, params, size) {
    // Every input is given the batch, so the halves see one consistent layout.
    const values = args.map((a) => withBatchAxis(a.value, a.batched, size));
    const program = batchJaxpr(
      params.jaxpr,
      size,
      values.map(() => true),
      params.jaxpr.outputs.map(() => true),
    );
    const outCount = params.jaxpr.outputs.length;
    const fwd: VjpForward = (xs) => {
      const flat = batchedEverywhere((ins) => {
        const [ys, res] = params.fwd(ins);
        return [...ys, ...res];
      }, size)(xs);
      return [flat.slice(0, outCount), flat.slice(outCount)];
    };
    const bwd: VjpBackward = (res, cts) => {
      const found: (Tensor | null)[] = [];
      const nonNull = batchedEverywhere((ins) => {
        const grads = params.bwd(ins.slice(0, res.length), ins.slice(res.length));
        grads.forEach((g) => found.push(g));
        return grads.filter((g): g is Tensor => g !== null);
      }, size)([...res, ...cts]);
      let k = 0;
      return found.map((g) => (g === null ? null : nonNull[k++]));
    };
    const outs = bindHigherOrder(customVjpCall, values, { ...params, jaxpr: program.jaxpr, fwd, bwd, name: `vmap(${params.name})` });
    return [outs, outs.map(() => true)];
  },
  inline: ({ jaxpr }) => jaxpr,
};
