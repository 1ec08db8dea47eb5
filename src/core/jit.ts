import { Tensor } from "../tensor/tensor";
import { scalar } from "../tensor/create";
import { flatten, unflatten, show, type TreeDef } from "../tree";
import { isTensorLeaf } from "./leaves";
import { traceToJaxpr } from "./staging";
import { bindHigherOrder } from "./bind";
import type { Jaxpr } from "./jaxpr";
import { jitCall } from "./higher-order/call";
import { ProgramCache, signatureOf } from "./higher-order/program-cache";
import { checkFunction } from "./check-function";

/** Options of `jit`. */
export interface JitOptions {
  /** Positions of arguments that are not traced: they become part of the cache key (compared by value for primitives, by identity for objects). */
  readonly staticArgnums?: readonly number[];
  /** How many compiled signatures to keep (least recently used are dropped; default 64). */
  readonly cacheSize?: number;
}

interface Staged {
  readonly jaxpr: Jaxpr;
  readonly consts: readonly Tensor[];
  readonly outDef: TreeDef;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function staticKey(x: unknown): string {
  if (typeof x === "object" && x !== null) {
    let id = objectIds.get(x);
    if (id === undefined) objectIds.set(x, (id = nextObjectId++));
    return `#${id}`;
  }
  return `${typeof x}:${String(x)}`;
}

/**
 * Stages `f` into the IR once per input signature (tree structure, shapes, dtypes and
 * static arguments), compiles it (dead code removed, constants folded, elementwise work
 * fused into generated loops) and runs the compiled program afterwards. Inside another
 * transform the program stays one call primitive that the transform rewrites as a whole
 * (its JVP, its VJP split into saved residuals and a backward program, its batched form),
 * so `grad(jit(f))`, `vmap(jit(f))` and `jit(grad(f))` all keep every derivative rule. Values are not known while
 * tracing, so Python-style `if` on a traced tensor is an error: use `where`, or pass the
 * deciding value in `staticArgnums`.
 * @example
 * ```ts
 * import { Tensor, jit, matmul, ones, sum, tanh } from "purediff";
 * const step = jit((w: Tensor, x: Tensor) => sum(tanh(matmul(x, w))));
 * step(ones([3, 1]), ones([2, 3])).item(); // => 1.99011
 * // traced and staged on the first call, replayed afterwards
 * step(ones([3, 1]), ones([2, 3])).item(); // => 1.99011
 * ```
 */
export function jit<Args extends unknown[], R>(f: (...args: Args) => R, options: JitOptions = {}): (...args: Args) => R {
  checkFunction("jit", f);
  const statics = new Set(options.staticArgnums ?? []);
  const cacheSize = options.cacheSize ?? 64;
  const cache = new ProgramCache<Staged>(cacheSize);
  const name = f.name || "fn";
  return (...args: Args): R => {
    // Only tensors and no static arguments (the common call): the tensors are the leaves, no tree to walk.
    const plain = statics.size === 0 && args.every((a) => a instanceof Tensor);
    const [rawLeaves, def] = plain
      ? [args as unknown[], undefined]
      : flatten(
          args.map((a, i) => (statics.has(i) ? null : a)),
          isTensorLeaf,
        );
    const leaves = rawLeaves.map((x, i) => {
      if (typeof x === "number") return scalar(x);
      if (!(x instanceof Tensor)) throw new Error(`jit: argument leaf ${i} is not a tensor or number; mark non-tensor arguments static (staticArgnums)`);
      return x;
    });
    const key = plain
      ? `tensors;${signatureOf(leaves)}`
      : [show(def as TreeDef), signatureOf(leaves), args.map((a, i) => (statics.has(i) ? staticKey(a) : "")).join("|")].join(";");
    const staged = cache.lookup(
      key,
      () => {
        const traced = traceToJaxpr("jit", leaves, (tracers) => {
          if (plain) return f(...(tracers as unknown[] as Args));
          const rebuilt = unflatten(def as TreeDef, tracers) as unknown[];
          return f(...(args.map((a, i) => (statics.has(i) ? a : rebuilt[i])) as Args));
        });
        return { jaxpr: traced.jaxpr, consts: traced.consts, outDef: flatten(traced.result, isTensorLeaf)[1] };
      },
      (s) => s.consts.length === 0,
    );
    return unflatten(staged.outDef, bindHigherOrder(jitCall, [...staged.consts, ...leaves], { jaxpr: staged.jaxpr, name })) as R;
  };
}
