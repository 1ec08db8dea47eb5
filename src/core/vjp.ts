import { Tensor } from "../tensor/tensor";
import { full, zerosLike } from "../tensor/create";
import { sameShape, showShape } from "../tensor/shape";
import { callTraced, withTrace } from "./trace";
import { ReverseTrace } from "./reverse";
import { flattenDifferentiable, flattenOutputs, isTensorLeaf, rebuild, type FlatArgs } from "./leaves";
import { equalDefs, flatten, show, unflatten, type TreeDef } from "../tree";

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

/** Options of {@link vjp}, passed after the primals. */
export interface VjpOptions {
  /** When true, `f` returns `[output, aux]`: aux is returned as a third element, not differentiated. */
  readonly hasAux: boolean;
}

/**
 * True when `x` is vjp's trailing options object: a plain object whose only key is a
 * boolean `hasAux` (never an argument tree, whose leaves are tensors or numbers).
 */
function isVjpOptions(x: unknown): x is VjpOptions {
  if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
  const keys = Object.keys(x);
  return keys.length === 1 && keys[0] === "hasAux" && typeof (x as { hasAux: unknown }).hasAux === "boolean";
}

/** The aux value with this transform's tracers replaced by their values (they must not escape). */
export function unwrapAux(pass: ForwardPass, aux: unknown): unknown {
  const [leaves, def] = flatten(aux, isTensorLeaf);
  return unflatten(
    def,
    leaves.map((x) => (x instanceof Tensor ? primalOf(pass, x) : x)),
  );
}

/**
 * Reverse-mode derivative (JAX's `vjp`): evaluates `f(...primals)` and returns its value
 * with a pullback mapping an output cotangent (a tree like the output) to one cotangent
 * tree per argument. With a trailing `{ hasAux: true }`, `f` returns `[output, aux]` and
 * vjp returns `[output, pullback, aux]`, aux passed through undifferentiated (JAX's
 * `has_aux`). The pullback can be called any number of times.
 * @example
 * ```ts
 * import { Tensor, mul, sin, sum, tensor, vjp } from "purediff";
 * const [y, pullback] = vjp((x: Tensor) => mul(x, x), tensor([1, 2]));
 * // [tensor([2, 4])]
 * pullback(tensor([1, 1])); // => [[2, 4]]
 * const [z, back, aux] = vjp((x: Tensor) => [sin(x), { norm: sum(x) }] as const, tensor([0, 1]), { hasAux: true });
 * ```
 */
export function vjp<Args extends readonly unknown[], R, Aux>(
  f: (...args: Args) => readonly [R, Aux],
  ...primalsAndOptions: [...Args, { readonly hasAux: true }]
): [R, (cotangent: R) => Args, Aux];
export function vjp<Args extends readonly unknown[], R>(
  f: (...args: Args) => R,
  ...primalsAndOptions: [...Args, { readonly hasAux: false }]
): [R, (cotangent: R) => Args];
export function vjp<Args extends readonly unknown[], R>(f: (...args: Args) => R, ...primals: Args): [R, (cotangent: R) => Args];
export function vjp(f: (...args: never[]) => unknown, ...rest: unknown[]): [unknown, (cotangent: unknown) => unknown[], unknown?] {
  const last = rest[rest.length - 1];
  const hasAux = isVjpOptions(last) && last.hasAux;
  const primals = isVjpOptions(last) ? rest.slice(0, -1) : rest;
  const pass = forwardPass(
    "vjp",
    f,
    primals,
    primals.map((_, i) => i),
  );
  let output = pass.result;
  let aux: unknown;
  if (hasAux) {
    if (!Array.isArray(pass.result) || pass.result.length !== 2) throw new Error("vjp: with hasAux the function must return [output, aux]");
    [output, aux] = pass.result as [unknown, unknown];
  }
  const out = flattenOutputs("vjp", output);
  const value = rebuild(
    out.def,
    out.leaves.map((y) => primalOf(pass, y)),
  );
  const pullback = (cotangent: unknown): unknown[] => {
    const cts = flattenOutputs("vjp pullback", cotangent);
    checkCotangents(out.def, out.leaves, cts);
    return backwardPass(pass, out.leaves, cts.leaves);
  };
  return hasAux ? [value, pullback, unwrapAux(pass, aux)] : [value, pullback];
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
