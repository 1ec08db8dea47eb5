import { sameShape, showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { expectTensor, makeLayer, noParams, type Layer, type NoParams, type SameShape } from "../layer";

/**
 * A layer applying a shape-preserving function (an activation) to its input; no params.
 * @example
 * serial(dense(128), activation(relu), dense(10));
 * activation((x) => leakyRelu(x, 0.2));
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
