import type { ShapeSize } from "../../tensor/shape-types";
import { showShape } from "../../tensor/shape";
import { reshape } from "../../ops/shape";
import type { Tensor } from "../../tensor/tensor";
import { expectShape, expectTensor, makeLayer, noParams, type Layer, type NoParams, type ShapeMap } from "../layer";

/**
 * Shape map of {@link flatten}: `[B, ...rest]` → `[B, prod(rest)]`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.FlattenShape, [32, 28, 28]> // [32, 784]
 * ```
 */
export interface FlattenShape extends ShapeMap {
  readonly out: this["in"] extends readonly [infer B extends number, ...infer R extends number[]] ? [B, ShapeSize<R>] : number[];
}

/**
 * Flattens every axis but the first (the batch): `[B, 28, 28]` → `[B, 784]`. No params.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.flatten().init(random.key(0), [-1, 28, 28])[0]; // => [-1, 784]
 * ```
 */
export function flatten(): Layer<NoParams, FlattenShape> {
  const name = "flatten";
  return makeLayer<NoParams, FlattenShape>({
    name,
    init(_key, inputShape) {
      const s = expectShape(name, inputShape);
      if (s.length === 0) throw new Error(`${name}: needs a batch axis, got shape ${showShape(s)}`);
      const rest = s.slice(1);
      const size = rest.includes(-1) ? -1 : rest.reduce((a, b) => a * b, 1);
      return [[s[0], size], noParams];
    },
    apply(_params, input) {
      const x = expectTensor(name, input);
      if (x.shape.length === 0) throw new Error(`${name}: needs a batch axis, got shape ${showShape(x.shape)}`);
      const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
      return reshape(x as Tensor<number[]>, [x.shape[0], size]);
    },
  });
}
