import { sameShape, showShape } from "../../tensor/shape";
import { add } from "../../ops/arithmetic";
import { expectTensor, type AnyLayer, type Flow, type ParamsOf, type SameShape, type StateOf } from "../layer";
import { applyChild, composite, initChild, type Composite } from "./run";

/**
 * A skip connection around a layer: y = x + f(x) (He et al.). `f` must keep the shape.
 * Params (and state) are those of `f`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const block = nn.residual(nn.serial(nn.dense(64), nn.activation(nn.relu), nn.dense(64))); // [-1, 64] → [-1, 64]
 * ```
 */
export function residual<const L extends AnyLayer>(layer: L): Composite<[L], ParamsOf<L>, StateOf<L>, SameShape> {
  const name = `residual(${layer.name})`;
  return composite(
    name,
    [layer],
    (key, inputShape) => {
      const [out, params, state] = initChild(layer, key, inputShape);
      if (JSON.stringify(out) !== JSON.stringify(inputShape)) {
        throw new Error(`${name}: the inner layer must keep the shape, but it maps ${JSON.stringify(inputShape)} to ${JSON.stringify(out)}`);
      }
      return [inputShape, params, state];
    },
    (params, input, ctx, state) => {
      const x = expectTensor(name, input);
      const [fx, next] = applyChild(layer, params, x, ctx, state);
      const y = expectTensor(name, fx);
      if (!sameShape(x.shape, y.shape))
        throw new Error(`${name}: the inner layer turned ${showShape(x.shape)} into ${showShape(y.shape)}; x + f(x) needs equal shapes`);
      return [add(x, y) as Flow, next];
    },
  ) as Composite<[L], ParamsOf<L>, StateOf<L>, SameShape>;
}
