import type { AnyLayer, Flow, OutShape, ShapeMap, ShapeMapOf } from "../layer";
import { applyChild, checkArity, childContexts, childKeys, composite, initChild, type Composite, type ParamsTuple, type StateTuple } from "./run";

/**
 * Shape map of {@link parallel}: a tuple with each layer's output shape.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.ParallelShape<[nn.Layer<nn.DenseParams<3>, nn.DenseShape<3>>]>, [8, 4]> // [[8, 3]]
 * ```
 */
export interface ParallelShape<Ls extends readonly unknown[]> extends ShapeMap {
  readonly out: { -readonly [K in keyof Ls]: OutShape<ShapeMapOf<Ls[K]>, this["in"]> };
}

/**
 * Layers side by side: each gets the same input, and the output is the tuple of their
 * outputs (merge it with `fanInConcat` or `fanInSum`). Params are the array of each
 * layer's params.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const block = nn.serial(nn.parallel(nn.dense(32), nn.dense(16)), nn.fanInConcat()); // [-1, in] → [-1, 48]
 * ```
 */
export function parallel<const Ls extends readonly AnyLayer[]>(...layers: Ls): Composite<Ls, ParamsTuple<Ls>, StateTuple<Ls>, ParallelShape<Ls>> {
  const name = `parallel(${layers.map((l) => l.name).join(", ")})`;
  const n = layers.length;
  return composite(
    name,
    layers,
    (key, inputShape) => {
      const keys = childKeys(key, n);
      const inits = layers.map((layer, i) => initChild(layer, keys[i], inputShape));
      return [inits.map((r) => r[0]), Object.freeze(inits.map((r) => r[1])), Object.freeze(inits.map((r) => r[2]))];
    },
    (params, x, ctx, state) => {
      const ps = checkArity(name, "params", params, n);
      const ss = checkArity(name, "state", state, n);
      const ctxs = childContexts(ctx, n);
      const runs = layers.map((layer, i) => applyChild(layer, ps[i], x, ctxs[i], ss[i]));
      return [runs.map((r) => r[0]) as readonly Flow[], Object.freeze(runs.map((r) => r[1]))];
    },
  ) as Composite<Ls, ParamsTuple<Ls>, StateTuple<Ls>, ParallelShape<Ls>>;
}
