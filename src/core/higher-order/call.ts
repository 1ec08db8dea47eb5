import type { Tensor } from "../../tensor/tensor";
import { isFloat } from "../../tensor/dtype";
import { zerosLike } from "../../tensor/create";
import { sameShape, showShape } from "../../tensor/shape";
import { bindHigherOrder } from "../bind";
import type { Jaxpr } from "../jaxpr";
import type { Aval } from "../primitive";
import { compiledOf } from "../compile/executable";
import type { HigherOrderPrimitive, MultiPullback } from "./primitive";
import { batchJaxpr, jvpJaxpr, outputAvals, partialEval, vjpJaxpr } from "./transform-jaxpr";

/** The params of a call: the program it runs and a name for messages and printing. */
export interface CallParams {
  readonly jaxpr: Jaxpr;
  readonly name: string;
}

/** Throws unless the call's inputs have the shapes and dtypes its program expects. */
export function checkCallInputs(op: string, jaxpr: Jaxpr, inputs: readonly Aval[]): void {
  if (inputs.length !== jaxpr.inputs.length) throw new Error(`${op}: expects ${jaxpr.inputs.length} input(s), got ${inputs.length}`);
  jaxpr.inputs.forEach((v, i) => {
    const x = inputs[i];
    if (!sameShape(v.aval.shape, x.shape) || v.aval.dtype !== x.dtype) {
      throw new Error(`${op}: input ${i} has shape ${showShape(x.shape)} ${x.dtype}, the program expects ${showShape(v.aval.shape)} ${v.aval.dtype}`);
    }
  });
}

/** Wanted inputs that can carry a cotangent (floats). */
export const floatWanted = (xs: readonly Aval[], wanted: readonly boolean[]): boolean[] => xs.map((x, i) => wanted[i] && isFloat(x.dtype));

/** Materialized cotangents of the float outputs (zeros where none flowed). */
export const floatCotangents = (outs: readonly Aval[], ys: readonly Tensor[], cts: readonly (Tensor | null)[]): Tensor[] =>
  outs.flatMap((a, i) => (isFloat(a.dtype) ? [cts[i] ?? zerosLike(ys[i])] : []));

/** Spreads the cotangents of the wanted inputs back over all inputs. */
export const spreadCotangents = (wanted: readonly boolean[], found: readonly Tensor[]): (Tensor | null)[] => {
  let k = 0;
  return wanted.map((w) => (w ? found[k++] : null));
};

/**
 * A call primitive: `jit` inside another transform, and `checkpoint`. Each transform
 * turns the call into a call of its derived program (JVP, batched, or the known and
 * unknown halves of the VJP), so the call survives any nesting; the compiler inlines it.
 * With `remat`, reverse mode saves only the call's inputs and recomputes the rest in
 * the backward pass (JAX's `checkpoint`); otherwise the forward pass saves the residuals
 * the backward pass needs (partial evaluation of the VJP program).
 */
function callPrimitive(name: string, remat: boolean): HigherOrderPrimitive<CallParams> {
  const call = (inputs: readonly Tensor[], jaxpr: Jaxpr, label: string) => bindHigherOrder(primitive, inputs, { jaxpr, name: label });
  const primitive: HigherOrderPrimitive<CallParams> = {
    name,
    abstractEval(inputs, { jaxpr, name: label }) {
      checkCallInputs(label, jaxpr, inputs);
      return outputAvals(jaxpr);
    },
    impl: (inputs, { jaxpr }) => compiledOf(jaxpr).run(inputs),
    jvp(primals, tangents, { jaxpr, name: label }) {
      const program = jvpJaxpr(
        jaxpr,
        tangents.map((t) => t !== null),
        jaxpr.outputs.map(() => false),
      );
      const outs = call([...primals, ...tangents.filter((t): t is Tensor => t !== null)], program.jaxpr, `jvp(${label})`);
      const n = jaxpr.outputs.length;
      let k = n;
      return [outs.slice(0, n), program.outTangent.map((t) => (t ? outs[k++] : null))];
    },
    vjp(primals, { jaxpr, name: label }, wantedIn) {
      const wanted = floatWanted(primals, wantedIn);
      const outAvals = outputAvals(jaxpr);
      const program = vjpJaxpr(jaxpr, wanted);
      const numCts = program.inputs.length - primals.length;
      const numGrads = program.outputs.length - outAvals.length;
      if (remat) {
        const ys = call(primals, jaxpr, label);
        const pullback: MultiPullback = (cts) => {
          const grads = call([...primals, ...floatCotangents(outAvals, ys, cts)], program, `vjp(${label})`).slice(outAvals.length);
          return spreadCotangents(wanted, grads);
        };
        return [ys, pullback];
      }
      const split = partialEval(
        program,
        [...primals.map(() => false), ...new Array<boolean>(numCts).fill(true)],
        [...outAvals.map(() => false), ...new Array<boolean>(numGrads).fill(true)],
      );
      const known = call(primals, split.known, label);
      const ys = known.slice(0, outAvals.length);
      const residuals = known.slice(outAvals.length);
      const pullback: MultiPullback = (cts) =>
        spreadCotangents(wanted, call([...residuals, ...floatCotangents(outAvals, ys, cts)], split.unknown, `vjp(${label})`));
      return [ys, pullback];
    },
    batch(args, { jaxpr, name: label }, size) {
      const program = batchJaxpr(
        jaxpr,
        size,
        args.map((a) => a.batched),
        jaxpr.outputs.map(() => false),
      );
      return [
        call(
          args.map((a) => a.value),
          program.jaxpr,
          `vmap(${label})`,
        ),
        program.outBatched,
      ];
    },
    inline: ({ jaxpr }) => jaxpr,
  };
  return primitive;
}

/** A call of a staged program: what `jit(f)` becomes inside another transform or program. */
export const jitCall = callPrimitive("jitCall", false);

/** A call whose reverse mode recomputes its intermediates instead of saving them. */
export const checkpointCall = callPrimitive("checkpoint", true);
