import type { Tensor } from "../tensor/tensor";
import { flatten, show, unflatten } from "../tree";
import { bindHigherOrder } from "./bind";
import { traceToJaxpr } from "./staging";
import { isTensorLeaf } from "./leaves";
import { checkpointCall } from "./higher-order/call";
import { ProgramCache, signatureOf } from "./higher-order/program-cache";
import { flattenTensors } from "../lax/trees";

/**
 * The same function, but reverse mode saves only its inputs and recomputes its
 * intermediates in the backward pass instead of storing them (JAX's `jax.checkpoint`,
 * also called rematerialization): memory for compute. Wrap a scan body with it so a long
 * scan keeps one carry per step rather than every activation. Values and derivatives
 * are those of `f`.
 * @example
 * ```ts
 * import { Tensor, add, checkpoint, grad, lax, matmul, ones, sum, tanh } from "purediff";
 * const w = ones([3, 3], "float64");
 * const xs = ones([4, 3], "float64");
 * // the cell's activations are recomputed in the backward pass instead of stored
 * const cell = checkpoint((h: Tensor<[3]>, x: Tensor<[3]>) => tanh(add(matmul(h, w), x)));
 * const g = grad((h0: Tensor<[3]>) => sum(lax.scan((h: Tensor<[3]>, x: Tensor<[3]>) => [cell(h, x), null] as const, h0, xs)[0]))(ones([3], "float64"));
 * g.shape; // => [3]
 * ```
 */
export function checkpoint<Args extends unknown[], R>(f: (...args: Args) => R): (...args: Args) => R {
  const name = `checkpoint(${f.name || "fn"})`;
  const programs = new ProgramCache<ReturnType<typeof traceToJaxpr> & { outDef: ReturnType<typeof flatten>[1] }>(16);
  return (...args: Args): R => {
    const inputs = flattenTensors("checkpoint", "argument", args);
    const staged = programs.lookup(
      `${show(inputs.def)};${signatureOf(inputs.leaves)}`,
      () => {
        const traced = traceToJaxpr(name, inputs.leaves, (xs) => f(...(unflatten(inputs.def, xs) as Args)));
        return { ...traced, outDef: flatten(traced.result, isTensorLeaf)[1] };
      },
      (p) => p.consts.length === 0,
    );
    const outs: Tensor[] = bindHigherOrder(checkpointCall, [...staged.consts, ...inputs.leaves], { jaxpr: staged.jaxpr, name });
    return unflatten(staged.outDef, outs) as R;
  };
}
