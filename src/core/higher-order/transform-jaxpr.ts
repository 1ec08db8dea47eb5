import type { Tensor } from "../../tensor/tensor";
import { isFloat } from "../../tensor/dtype";
import { zerosLike } from "../../tensor/create";
import { Jaxpr, eqnOutputs, type Atom, type Eqn, type Var } from "../jaxpr";
import type { Aval } from "../primitive";
import { evalJaxpr, traceToJaxpr } from "../staging";
import { jvpFlat } from "../jvp";
import { vjpFlat } from "../reverse";
import { batchFlat } from "../vmap";
import { withBatchAxis } from "../batching";

/**
 * Programs derived from programs: the JVP, VJP and batched forms of a closed jaxpr, and
 * its partial evaluation into a known and an unknown part. The rules of the higher-order
 * primitives are written with these, and each is cached per program and mask, so a
 * transformed call stages its derived program once.
 */

const cache = new WeakMap<Jaxpr, Map<string, unknown>>();

function cached<T>(jaxpr: Jaxpr, key: string, make: () => T): T {
  let entries = cache.get(jaxpr);
  if (entries === undefined) cache.set(jaxpr, (entries = new Map()));
  if (!entries.has(key)) entries.set(key, make());
  return entries.get(key) as T;
}

const maskKey = (...masks: readonly (readonly boolean[])[]) => masks.map((m) => m.map((b) => (b ? 1 : 0)).join("")).join("|");

/** Stages a derived program; it closes over nothing (its source was closed). */
function derive(transform: string, avals: readonly Aval[], run: (xs: Tensor[]) => Tensor[]): Jaxpr {
  const { jaxpr, consts } = traceToJaxpr(transform, avals, run);
  if (consts.length > 0) {
    throw new Error(`${transform}: a custom rule closed over ${consts.length} value(s) of an enclosing transform; pass them as arguments instead`);
  }
  return jaxpr;
}

/** The abstract values of a program's inputs and outputs. */
export const inputAvals = (jaxpr: Jaxpr): Aval[] => jaxpr.inputs.map((v) => v.aval);
export const outputAvals = (jaxpr: Jaxpr): Aval[] => jaxpr.outputs.map((a) => (a.kind === "var" ? a.aval : { shape: a.value.shape, dtype: a.value.dtype }));

/** A program's forward-mode form. */
export interface JvpProgram {
  /** Inputs: the primals, then a tangent for each input with `nonzero` set. Outputs: the primal outputs, then a tangent for each output with `outTangent` set. */
  readonly jaxpr: Jaxpr;
  readonly outTangent: boolean[];
}

/**
 * The forward-mode form of `jaxpr` for tangents on the `nonzero` inputs. Outputs get a
 * tangent where one flows or where `instantiate` asks for it (float outputs only; zeros
 * materialized).
 */
export function jvpJaxpr(jaxpr: Jaxpr, nonzero: readonly boolean[], instantiate: readonly boolean[]): JvpProgram {
  return cached(jaxpr, `jvp:${maskKey(nonzero, instantiate)}`, () => {
    const avals = inputAvals(jaxpr);
    const outs = outputAvals(jaxpr);
    let outTangent: boolean[] = [];
    const program = derive("jvp", [...avals, ...avals.filter((_, i) => nonzero[i])], (xs) => {
      const primals = xs.slice(0, avals.length);
      let k = avals.length;
      const tangents = avals.map((_, i) => (nonzero[i] ? xs[k++] : null));
      const [ys, ts] = jvpFlat((ins) => evalJaxpr(jaxpr, ins), primals, tangents);
      outTangent = ts.map((t, i) => isFloat(outs[i].dtype) && (t !== null || instantiate[i]));
      return [...ys, ...ts.flatMap((t, i) => (outTangent[i] ? [t ?? zerosLike(ys[i])] : []))];
    });
    return { jaxpr: program, outTangent };
  });
}

/**
 * The reverse-mode form of `jaxpr`: inputs are its inputs, then a cotangent for each
 * float output; outputs are its outputs, then the cotangent of each `wanted` input
 * (zeros materialized).
 */
export function vjpJaxpr(jaxpr: Jaxpr, wanted: readonly boolean[]): Jaxpr {
  return cached(jaxpr, `vjp:${maskKey(wanted)}`, () => {
    const avals = inputAvals(jaxpr);
    const outs = outputAvals(jaxpr);
    const floatOut = outs.map((a) => isFloat(a.dtype));
    return derive("vjp", [...avals, ...outs.filter((_, i) => floatOut[i])], (xs) => {
      const primals = xs.slice(0, avals.length);
      let k = avals.length;
      const cts = outs.map((_, i) => (floatOut[i] ? xs[k++] : null));
      const [ys, pullback] = vjpFlat((ins) => evalJaxpr(jaxpr, ins), primals, wanted);
      const grads = pullback(cts);
      return [...ys, ...primals.flatMap((x, i) => (wanted[i] ? [grads[i] ?? zerosLike(x)] : []))];
    });
  });
}

/** A program split into the part computable from known inputs and the rest. */
export interface PartialProgram {
  /** Known inputs → the known outputs, then the residuals. */
  readonly known: Jaxpr;
  /** The residuals, then the unknown inputs → the unknown outputs. */
  readonly unknown: Jaxpr;
  /** Which outputs the unknown part computes. */
  readonly outUnknown: boolean[];
  /** How many residuals pass from the known part to the unknown part. */
  readonly residuals: number;
}

/**
 * Partial evaluation (JAX's `partial_eval_jaxpr`): equations that read no unknown input
 * run in the known part; the values of the known part that the unknown part reads become
 * residuals. Outputs with `forceUnknown` set are computed by the unknown part even when
 * known (passed through as residuals). Reverse mode splits a VJP program this way: the
 * forward pass saves the residuals, the backward pass reads them.
 */
export function partialEval(jaxpr: Jaxpr, unknownInputs: readonly boolean[], forceUnknown: readonly boolean[]): PartialProgram {
  return cached(jaxpr, `pe:${maskKey(unknownInputs, forceUnknown)}`, () => {
    const unknown = new Set<number>();
    jaxpr.inputs.forEach((v, i) => unknownInputs[i] && unknown.add(v.id));
    const isUnknown = (a: Atom) => a.kind === "var" && unknown.has(a.id);
    const knownEqns: Eqn[] = [];
    const unknownEqns: Eqn[] = [];
    for (const e of jaxpr.eqns) {
      if (e.inputs.some(isUnknown)) {
        unknownEqns.push(e);
        for (const v of eqnOutputs(e)) unknown.add(v.id);
      } else knownEqns.push(e);
    }
    const residuals = new Map<number, Var>();
    const note = (a: Atom) => {
      if (a.kind === "var" && !unknown.has(a.id)) residuals.set(a.id, a);
    };
    for (const e of unknownEqns) e.inputs.forEach(note);
    const outUnknown = jaxpr.outputs.map((a, i) => isUnknown(a) || forceUnknown[i]);
    jaxpr.outputs.forEach((a, i) => outUnknown[i] && note(a));
    const res = [...residuals.values()];
    return {
      known: new Jaxpr(
        jaxpr.inputs.filter((_, i) => !unknownInputs[i]),
        knownEqns,
        [...jaxpr.outputs.filter((_, i) => !outUnknown[i]), ...res],
      ),
      unknown: new Jaxpr(
        [...res, ...jaxpr.inputs.filter((_, i) => unknownInputs[i])],
        unknownEqns,
        jaxpr.outputs.filter((_, i) => outUnknown[i]),
      ),
      outUnknown,
      residuals: res.length,
    };
  });
}

/** A program's batched form. */
export interface BatchedProgram {
  /** Batched inputs and outputs hold the batch on axis 0. */
  readonly jaxpr: Jaxpr;
  readonly outBatched: boolean[];
}

/**
 * The batched form of `jaxpr` for a batch of `size` on the `batched` inputs; outputs with
 * `force` set are batched even when they do not depend on the batch.
 */
export function batchJaxpr(jaxpr: Jaxpr, size: number, batched: readonly boolean[], force: readonly boolean[]): BatchedProgram {
  return cached(jaxpr, `batch:${size}:${maskKey(batched, force)}`, () => {
    const avals = inputAvals(jaxpr).map((a, i) => (batched[i] ? { shape: [size, ...a.shape], dtype: a.dtype } : a));
    let outBatched: boolean[] = [];
    const program = derive("vmap", avals, (xs) => {
      const [ys, flags] = batchFlat((ins) => evalJaxpr(jaxpr, ins), xs, batched, size);
      outBatched = flags.map((b, i) => b || force[i]);
      return ys.map((y, i) => (outBatched[i] ? withBatchAxis(y, flags[i], size) : y));
    });
    return { jaxpr: program, outBatched };
  });
}
