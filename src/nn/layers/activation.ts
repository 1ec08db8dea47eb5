import { sameShape, showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { expectTensor, makeLayer, noParams, type Layer, type NoParams, type SameShape } from "../layer";

/**
 * A layer applying a shape-preserving function (an activation) to its input; no params.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.serial(nn.dense(128), nn.activation(nn.relu), nn.dense(10));
 * nn.activation((x) => nn.leakyRelu(x, 0.2));
 * ```
 */
export function activation(fn: (x: Tensor) => Tensor, name = fn.name || "fn"): Layer<NoParams, SameShape> {
  const label = `activation(${name})`;
  return makeLayer<NoParams, SameShape>({
    name: label,
    init: (_key, inputShape) => [inputShape, noParams],
    apply(_params, input) {
      const x = expectTensor(label, input);
      const y = fn(x);
      if (!sameShape(x.shape, y.shape)) {
        throw new Error(`${label}: the function must keep the shape, but it turned ${showShape(x.shape)} into ${showShape(y.shape)}`);
      }
      return y;
    },
  });
}
