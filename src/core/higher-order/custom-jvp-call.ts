import type { Tensor } from "../../tensor/tensor";
import { zerosLike } from "../../tensor/create";
import { bindHigherOrder } from "../bind";
import type { Jaxpr } from "../jaxpr";
import { compiledOf } from "../compile/executable";
import { vjpFlat } from "../reverse";
import { batchFlat } from "../vmap";
import type { HigherOrderPrimitive } from "./primitive";
import { checkCallInputs, floatCotangents, floatWanted } from "./call";
import { batchJaxpr, outputAvals } from "./transform-jaxpr";
import { withBatchAxis } from "../batching";

/** A forward-mode rule on flat lists: outputs and their tangents from primals and (materialized) tangents. */
export type JvpRule = (primals: readonly Tensor[], tangents: readonly Tensor[]) => readonly [readonly Tensor[], readonly Tensor[]];

/** The params of a custom-JVP call: the function's program (its first `consts` inputs closed over) and the rule. */
export interface CustomJvpParams {
  readonly jaxpr: Jaxpr;
  readonly consts: number;
  readonly rule: JvpRule;
  readonly name: string;
}

const tangentsOf = (primals: readonly Tensor[], tangents: readonly (Tensor | null)[]) => tangents.map((t, i) => t ?? zerosLike(primals[i]));

/**
 * A function with a hand-written forward-mode rule (JAX's `custom_jvp_call`). The rule
 * rides in the params, so it survives staging: `jit` records the call, and JVP, reverse
 * mode (by transposing the rule's linear tangent map) and batching apply the rule
 * wherever the call ends up. Values closed over (the first `consts` inputs) are constants
 * to the rule.
 */
export const customJvpCall: HigherOrderPrimitive<CustomJvpParams> = {
  name: "customJvp",
  abstractEval(inputs, { jaxpr, name }) {
    checkCallInputs(name, jaxpr, inputs);
    return outputAvals(jaxpr);
  },
  impl: (inputs, { jaxpr }) => compiledOf(jaxpr).run(inputs),
  jvp(primals, tangents, params) {
    // The outputs are the call again, so an enclosing transform applies the rule to them too.
    const outs = bindHigherOrder(customJvpCall, primals, params);
    const args = primals.slice(params.consts);
    const [, outTangents] = params.rule(args, tangentsOf(args, tangents.slice(params.consts)));
    return [outs, outTangents.slice()];
  },
  vjp(primals, params, wantedIn) {
    const outs = bindHigherOrder(customJvpCall, primals, params);
    const args = primals.slice(params.consts);
    const wanted = floatWanted(args, wantedIn.slice(params.consts));
    const outAvals = outputAvals(params.jaxpr);
    // The tangent map t ↦ rule(args, t) is linear: its transpose is its pullback at zero.
    const pullback = (cts: readonly (Tensor | null)[]) => {
      const zeros = args.map((x) => zerosLike(x));
      const [, transpose] = vjpFlat((ts) => params.rule(args, ts)[1].slice(), zeros, wanted);
      return [...primals.slice(0, params.consts).map(() => null), ...transpose(floatCotangents(outAvals, outs, cts))];
    };
    return [outs, pullback];
  },
  batch(args, params, size) {
    const flags = args.map((a) => a.batched);
    const program = batchJaxpr(
      params.jaxpr,
      size,
      flags,
      params.jaxpr.outputs.map(() => true),
    );
    const argFlags = flags.slice(params.consts);
    const rule: JvpRule = (primals, tangents) => {
      const n = primals.length;
      const [outs, outFlags] = batchFlat(
        (xs) => {
          const [ys, ts] = params.rule(xs.slice(0, n), xs.slice(n));
          return [...ys, ...ts];
        },
        [...primals, ...tangents],
        [...argFlags, ...argFlags],
        size,
      );
      const batched = outs.map((y, i) => withBatchAxis(y, outFlags[i], size));
      const half = batched.length / 2;
      return [batched.slice(0, half), batched.slice(half)];
    };
    const outs = bindHigherOrder(
      customJvpCall,
      args.map((a) => a.value),
      { ...params, jaxpr: program.jaxpr, rule, name: `vmap(${params.name})` },
    );
    return [outs, outs.map(() => true)];
  },
  inline: ({ jaxpr }) => jaxpr,
};
