import { Tensor } from "../tensor/tensor";
import { full, zerosLike } from "../tensor/create";
import { sameShape, showShape } from "../tensor/shape";
import { callTraced, withTrace } from "./trace";
import { ReverseTrace, ReverseTracer } from "./reverse";
import { flattenDifferentiable, flattenOutputs, rebuild, type FlatArgs } from "./leaves";
import { equalDefs, show, type TreeDef } from "../tree";

/** What the forward pass of reverse mode leaves behind for the backward pass. */
export interface ForwardPass {
  readonly trace: ReverseTrace;
  /** The flattened differentiated arguments, in `argnums` order. */
  readonly inputs: readonly FlatArgs[];
  /** The tape ids of their leaves. */
  readonly inputIds: readonly (readonly number[])[];
  /** Whatever the function returned (tracers included). */
  readonly result: unknown;
}

/** Runs `f` with the arguments at `argnums` traced on a fresh reverse-mode tape. */
export function forwardPass(transform: string, f: (...args: never[]) => unknown, args: readonly unknown[], argnums: readonly number[]): ForwardPass {
  for (const a of argnums) {
    if (!Number.isInteger(a) || a < 0 || a >= args.length) {
      throw new Error(`${transform}: argnums ${a} is out of range for ${args.length} argument(s)`);
    }
  }
  return withTrace(
    (level) => new ReverseTrace(level, transform),
    (trace) => {
      const inputs = argnums.map((a) => flattenDifferentiable(transform, `argument ${a}`, args[a]));
      const tracers = inputs.map((flat) => flat.leaves.map((x) => trace.input(x)));
      const traced = args.slice();
      argnums.forEach((a, k) => {
        traced[a] = rebuild(inputs[k].def, tracers[k]);
      });
      const result = callTraced(transform, f as (...xs: unknown[]) => unknown, traced);
      return { trace, inputs, inputIds: tracers.map((ts) => ts.map((t) => t.id)), result };
    },
  );
}

/** The value of a traced output one level down. */
export function primalOf(pass: ForwardPass, y: Tensor): Tensor {
  return pass.trace.primalOf(y);
}

/** Runs the backward pass from output cotangents and rebuilds one gradient tree per argument. */
export function backwardPass(pass: ForwardPass, outputs: readonly Tensor[], cotangents: readonly Tensor[]): unknown[] {
  const seeds = outputs.map((y, i) => [pass.trace.idOf(y), cotangents[i]] as const);
  const wanted = pass.inputIds.flat();
  const cts = pass.trace.backward(seeds, wanted);
  let k = 0;
  return pass.inputs.map((flat) =>
    rebuild(
      flat.def,
      flat.leaves.map((x) => cts[k++] ?? zerosLike(x)),
    ),
  );
}

/** The seed cotangent 1 for a scalar output, checked. */
export function scalarSeed(transform: string, y: Tensor): Tensor {
  if (y.shape.length !== 0) {
    throw new Error(
      `${transform}: the function must return a scalar (shape []), got shape ${showShape(y.shape)}; ` +
        `reduce it (sum, mean) or use vjp / jacrev for non-scalar outputs`,
    );
  }
  if (y.dtype !== "float32" && y.dtype !== "float64") {
    throw new Error(`${transform}: the function must return a float scalar, got dtype ${y.dtype}`);
  }
  return full([], 1, y.dtype);
}

/**
 * Reverse-mode derivative: evaluates `f(...primals)` and returns its value with a
 * pullback mapping an output cotangent (a tree like the output) to one cotangent tree
 * per argument.
 * @example
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([1, 2]));
 * pullback(tensor([1, 1])); // [tensor([2, 4])]
 */
export function vjp<Args extends readonly unknown[], R>(f: (...args: Args) => R, ...primals: Args): [R, (cotangent: R) => Args] {
  const argnums = primals.map((_, i) => i);
  const pass = forwardPass("vjp", f as (...args: never[]) => unknown, primals, argnums);
  const out = flattenOutputs("vjp", pass.result);
  const value = rebuild<R>(out.def, out.leaves.map((y) => primalOf(pass, y)));
  const pullback = (cotangent: R): Args => {
    const cts = flattenOutputs("vjp pullback", cotangent);
    checkCotangents(out.def, out.leaves, cts);
    return backwardPass(pass, out.leaves, cts.leaves) as unknown as Args;
  };
  return [value, pullback];
}

function checkCotangents(def: TreeDef, outputs: readonly Tensor[], cts: FlatArgs): void {
  if (!equalDefs(def, cts.def)) {
    throw new Error(`vjp pullback: the cotangent has structure ${show(cts.def)} but the output has ${show(def)}`);
  }
  outputs.forEach((y, i) => {
    const c = cts.leaves[i];
    if (!sameShape(y.shape, c.shape)) {
      throw new Error(`vjp pullback: cotangent leaf ${i} has shape ${showShape(c.shape)}, the output has ${showShape(y.shape)}`);
    }
  });
}
