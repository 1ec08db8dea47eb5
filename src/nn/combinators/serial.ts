import type { AnyLayer, OutShape, ShapeMap, ShapeMapOf } from "../layer";
import { applyChild, checkArity, childContexts, childKeys, composite, initChild, type Composite, type ParamsTuple, type StateTuple } from "./run";

/**
 * The shape after running `S` through each layer of `Ls` in turn.
 * @example type S = ChainShapes<[Layer<DenseParams<5>, DenseShape<5>>], [8, 3]> // [8, 5]
 */
export type ChainShapes<Ls extends readonly unknown[], S> = Ls extends readonly [infer F, ...infer R] ? ChainShapes<R, OutShape<ShapeMapOf<F>, S>> : S;

/**
 * Shape map of {@link serial}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.SerialShape<[nn.Layer<nn.DenseParams<5>, nn.DenseShape<5>>]>, [8, 3]> // [8, 5]
 * ```
 */
export interface SerialShape<Ls extends readonly unknown[]> extends ShapeMap {
  readonly out: ChainShapes<Ls, this["in"]>;
}

/**
 * Layers in sequence: each one's output is the next one's input. Its params are the array
 * of each layer's params (its state, if any layer is stateful, the array of states, `null`
 * for stateless layers). `ctx.key` is split so every layer gets its own key.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const mlp = nn.serial(nn.dense(256), nn.activation(nn.relu), nn.dense(10));
 * // params: [DenseParams, {}, DenseParams]
 * const [outShape, params] = mlp.init(random.key(0), [-1, 784]);
 * outShape; // => [-1, 10]
 * params[1]; // => {}
 * const logits = mlp.apply(params, ones([2, 784]));
 * logits.shape; // => [2, 10]
 * ```
 */
export function serial<const Ls extends readonly AnyLayer[]>(...layers: Ls): Composite<Ls, ParamsTuple<Ls>, StateTuple<Ls>, SerialShape<Ls>> {
  const name = `serial(${layers.map((l) => l.name).join(", ")})`;
  const n = layers.length;
  return composite(
    name,
    layers,
    (key, inputShape) => {
      const keys = childKeys(key, n);
      let shape = inputShape;
      const params: unknown[] = [];
      const states: unknown[] = [];
      layers.forEach((layer, i) => {
        const [out, p, s] = initChild(layer, keys[i], shape);
        shape = out;
        params.push(p);
        states.push(s);
      });
      return [shape, Object.freeze(params), Object.freeze(states)];
    },
    (params, x, ctx, state) => {
      const ps = checkArity(name, "params", params, n);
      const ss = checkArity(name, "state", state, n);
      const ctxs = childContexts(ctx, n);
      let y = x;
      const next: unknown[] = [];
      layers.forEach((layer, i) => {
        const [out, s] = applyChild(layer, ps[i], y, ctxs[i], ss[i]);
        y = out;
        next.push(s);
      });
      return [y, Object.freeze(next)];
    },
    "serial",
  ) as Composite<Ls, ParamsTuple<Ls>, StateTuple<Ls>, SerialShape<Ls>>;
}
