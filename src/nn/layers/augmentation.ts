/**
 * Data augmentation as a layer: a random transform of the input batch applied in training
 * only (like dropout), with the step's key from the apply context, so it runs inside the
 * jitted training step; at evaluation the layer is the identity.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { expectTensor, makeLayer, noParams, type Layer, type NoParams, type SameShape } from "../layer";

/**
 * A layer that applies `transform(key, x)` to its input when training (`ctx.train` with
 * `ctx.key`), and passes it through otherwise. `transform` must keep the shape.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * const augment = nn.augmentation("shift ±2 px, rotate ±0.15 rad", (k, x) => {
 *   const [kt, kr] = random.split(k);
 *   return nn.randomRotate(kr, nn.randomTranslate(kt, x, 2), 0.15);
 * });
 * const net = nn.serial(augment, nn.conv2d(6, 5, { padding: "SAME" }));
 * const [outShape, params] = net.init(random.key(0), [-1, 28, 28, 1]);
 * outShape; // => [-1, 28, 28, 6]
 * // augmentations run only when training
 * net.apply(params, zeros([2, 28, 28, 1]), { train: true, key: random.key(1) }).shape; // => [2, 28, 28, 6]
 * ```
 */
export function augmentation(description: string, transform: (key: Tensor, x: Tensor) => Tensor): Layer<NoParams, SameShape> {
  const name = `augmentation(${description})`;
  return makeLayer<NoParams, SameShape>({
    name,
    init: (_key, inputShape) => [inputShape, noParams],
    apply(_params, input, ctx) {
      const x = expectTensor(name, input);
      if (!ctx.train) return x;
      if (ctx.key === undefined) throw new Error(`${name}: training mode needs a key: apply(params, x, { train: true, key })`);
      const y = transform(ctx.key, x);
      if (y.shape.length !== x.shape.length || y.shape.some((d, i) => d !== x.shape[i])) {
        throw new Error(`${name}: the transform must keep the shape: got [${y.shape.join(", ")}] from [${x.shape.join(", ")}]`);
      }
      return y;
    },
  });
}
