import { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape } from "../tensor/shape";
import { Trace, Tracer, callTraced, withTrace } from "./trace";
import type { PrimitiveName, PrimitiveParams } from "./primitive";
import type { HigherOrderPrimitive } from "./higher-order/primitive";
import { moveAxis, type BatchArg } from "./batching";
import { bind, ruleOf } from "./bind";
import { flatten, unflatten } from "../tree";
import { isTensorLeaf } from "./leaves";
import { checkFunction } from "./check-function";

/** A value inside `vmap`: one example of a batch whose values sit on axis 0 of `value`. */
export class BatchTracer extends Tracer {
  readonly value: Tensor;

  constructor(trace: BatchTrace, value: Tensor) {
    super(trace, value.shape.slice(1), value.dtype);
    this.value = value;
  }

  primalValue(): undefined {
    return undefined;
  }
}

/** Applies each primitive to a whole batch at once through its batching rule. */
export class BatchTrace extends Trace {
  constructor(
    level: number,
    readonly size: number,
  ) {
    super(level, "vmap");
  }

  /** The batch argument `x` stands for: its batched value, or itself unbatched. */
  argOf(x: Tensor): BatchArg {
    const own = this.own<BatchTracer>(x);
    return own === undefined ? { value: x, batched: false } : { value: own.value, batched: true };
  }

  process<K extends PrimitiveName>(name: K, inputs: readonly Tensor[], params: PrimitiveParams[K]): Tensor {
    return new BatchTracer(
      this,
      ruleOf(name).batch(
        inputs.map((x) => this.argOf(x)),
        params,
        this.size,
        name,
      ),
    );
  }

  processHigherOrder<P>(primitive: HigherOrderPrimitive<P>, inputs: readonly Tensor[], params: P): Tensor[] {
    const [outs, batched] = primitive.batch(
      inputs.map((x) => this.argOf(x)),
      params,
      this.size,
    );
    return outs.map((y, i) => (batched[i] ? new BatchTracer(this, y) : y));
  }
}

/**
 * Batching on flat lists, for rules of higher-order primitives: runs `f` with the
 * `batched` inputs standing for batches on axis 0 and returns its outputs with whether
 * each is batched.
 */
export function batchFlat(f: (xs: Tensor[]) => Tensor[], args: readonly Tensor[], batched: readonly boolean[], size: number): [Tensor[], boolean[]] {
  return withTrace(
    (level) => new BatchTrace(level, size),
    (trace) => {
      const inputs = args.map((x, i) => (batched[i] ? new BatchTracer(trace, x) : x));
      const outs = callTraced("vmap", f, [inputs]);
      return [outs.map((y) => trace.argOf(y).value), outs.map((y) => trace.argOf(y).batched)];
    },
  );
}

/** Options of `vmap`. */
export interface VmapOptions {
  /** The batch axis of each argument (null: not batched, shared by all examples); one number applies to all. Default 0. */
  readonly inAxes?: number | null | readonly (number | null)[];
  /** Where the batch axis goes in the outputs. Default 0. */
  readonly outAxes?: number;
}

/**
 * Vectorises a function written for one example over a batch axis (JAX's `vmap`):
 * every primitive runs once on the whole batch. Composes with grad, jit and itself.
 * @example
 * ```ts
 * import { Tensor, dot, grad, square, sub, tensor, vmap } from "purediff";
 * const loss = (w: Tensor, x: Tensor, y: Tensor) => square(sub(dot(w, x), y));
 * const xs = tensor([[1, 0], [0, 1], [1, 1]]);
 * const ys = tensor([1, 2, 3]);
 * const perExampleGrads = vmap(grad(loss), { inAxes: [null, 0, 0] })(tensor([0, 0]), xs, ys);
 * perExampleGrads.toArray(); // => [[-2, 0], [0, -4], [-6, -6]]
 * vmap((row: Tensor) => dot(row, row))(tensor([[1, 2], [3, 4]])).toArray(); // => [5, 25]
 * ```
 */
export function vmap<Args extends unknown[], R>(f: (...args: Args) => R, options: VmapOptions = {}): (...args: Args) => R {
  checkFunction("vmap", f);
  return (...args: Args): R => {
    const axes = args.map((_, i) => {
      const a = options.inAxes === undefined ? 0 : typeof options.inAxes === "number" || options.inAxes === null ? options.inAxes : options.inAxes[i];
      if (a === undefined) throw new Error(`vmap: inAxes has ${(options.inAxes as readonly unknown[]).length} entries for ${args.length} arguments`);
      return a;
    });
    let size: number | undefined;
    const flats = args.map((arg, i) => {
      const [leaves, def] = flatten(arg, isTensorLeaf);
      const axis = axes[i];
      if (axis !== null) {
        for (const leaf of leaves) {
          if (!(leaf instanceof Tensor)) throw new Error(`vmap: argument ${i} has a non-tensor leaf; mark it unbatched with inAxes null`);
          const ax = normalizeAxis("vmap", axis, leaf.shape.length);
          if (size === undefined) size = leaf.shape[ax];
          if (leaf.shape[ax] !== size) {
            throw new Error(
              `vmap: batch sizes differ: argument ${i} has shape ${showShape(leaf.shape)} with axis ${axis} of size ${leaf.shape[ax]}, expected ${size}`,
            );
          }
        }
      }
      return { leaves, def, axis };
    });
    if (size === undefined) throw new Error("vmap: no argument is batched (every inAxes entry is null)");
    const batchSize = size;
    return withTrace(
      (level) => new BatchTrace(level, batchSize),
      (trace) => {
        const traced = flats.map(({ leaves, def, axis }) =>
          axis === null
            ? unflatten(def, leaves)
            : unflatten(
                def,
                (leaves as Tensor[]).map((x) => new BatchTracer(trace, moveAxis(x, normalizeAxis("vmap", axis, x.shape.length), 0))),
              ),
        );
        const result = callTraced("vmap", f, traced as Args);
        const [outLeaves, outDef] = flatten(result, isTensorLeaf);
        const outAxis = options.outAxes ?? 0;
        const outputs = outLeaves.map((y) => {
          if (!(y instanceof Tensor)) return y;
          const value = trace.own<BatchTracer>(y)?.value ?? bind("broadcastTo", [y], { shape: [batchSize, ...y.shape] });
          return moveAxis(value, 0, normalizeAxis("vmap", outAxis, value.shape.length));
        });
        return unflatten(outDef, outputs) as R;
      },
    );
  };
}
