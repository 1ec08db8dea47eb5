import { Tensor } from "../tensor/tensor";
import { scalar } from "../tensor/create";
import { flatten, unflatten, show, type TreeDef } from "../tree";
import { isTensorLeaf } from "./leaves";
import { stage } from "./staging";
import { compile, type Executable } from "./compile/executable";

/** Options of `jit`. */
export interface JitOptions {
  /** Positions of arguments that are not traced: they become part of the cache key (compared by value for primitives, by identity for objects). */
  readonly staticArgnums?: readonly number[];
  /** How many compiled signatures to keep (least recently used are dropped; default 64). */
  readonly cacheSize?: number;
}

interface Compiled {
  readonly executable: Executable;
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
 * fused into generated loops) and runs the compiled program afterwards. Composes with every
 * transform: `jit(grad(f))` and `grad(jit(f))` both work. Values are not known while
 * tracing, so Python-style `if` on a traced tensor is an error: use `where`, or pass the
 * deciding value in `staticArgnums`.
 * @example
 * const step = jit((w: Tensor, x: Tensor) => sum(tanh(matmul(x, w))));
 * step(w, x); // traced and staged on the first call, replayed afterwards
 */
export function jit<Args extends unknown[], R>(f: (...args: Args) => R, options: JitOptions = {}): (...args: Args) => R {
  const statics = new Set(options.staticArgnums ?? []);
  const cacheSize = options.cacheSize ?? 64;
  const cache = new Map<string, Compiled>();
  return (...args: Args): R => {
    const dynamic = args.map((a, i) => (statics.has(i) ? null : a));
    const [rawLeaves, def] = flatten(dynamic, isTensorLeaf);
    const leaves = rawLeaves.map((x, i) => {
      if (typeof x === "number") return scalar(x);
      if (!(x instanceof Tensor)) throw new Error(`jit: argument leaf ${i} is not a tensor or number; mark non-tensor arguments static (staticArgnums)`);
      return x;
    });
    const key = [
      show(def),
      leaves.map((x) => `${x.dtype}[${x.shape.join(",")}]`).join(" "),
      args.map((a, i) => (statics.has(i) ? staticKey(a) : "")).join("|"),
    ].join(";");
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const traced = stage("jit", leaves, (tracers) => {
        const rebuilt = unflatten(def, tracers) as unknown[];
        return f(...(args.map((a, i) => (statics.has(i) ? a : rebuilt[i])) as Args));
      });
      const [, outDef] = flatten(traced.result, isTensorLeaf);
      compiled = { executable: compile(traced.jaxpr), outDef };
      if (!compiled.executable.capturesTracer) {
        cache.set(key, compiled);
        if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
      }
    } else {
      cache.delete(key);
      cache.set(key, compiled);
    }
    return unflatten(compiled.outDef, compiled.executable.run(leaves)) as R;
  };
}
