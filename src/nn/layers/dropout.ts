import { div } from "../../ops/arithmetic";
import { where } from "../../ops/compare";
import { asFloat } from "../../ops/operands";
import { bernoulli } from "../../random/bernoulli";
import { expectTensor, makeLayer, noParams, type Layer, type NoParams, type SameShape } from "../layer";

/**
 * Inverted dropout (Srivastava et al.): in training mode each element is zeroed with
 * probability `rate` and the survivors are scaled by 1/(1 − rate), so the expected output
 * equals the input and inference needs no rescaling. Needs `ctx.key` when
 * `ctx.train` is true; the identity otherwise. No params.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const net = nn.serial(nn.dense(8), nn.activation(nn.relu), nn.dropout(0.5), nn.dense(2));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const x = ones([3, 4]);
 * // training
 * net.apply(params, x, { train: true, key: random.key(1) }).shape; // => [3, 2]
 * // inference: dropout is the identity
 * net.apply(params, x).shape; // => [3, 2]
 * ```
 */
export function dropout(rate: number): Layer<NoParams, SameShape> {
  const name = `dropout(${rate})`;
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate is the drop probability and must be in [0, 1), got ${rate}`);
  return makeLayer<NoParams, SameShape>({
    name,
    init: (_key, inputShape) => [inputShape, noParams],
    apply(_params, input, ctx) {
      const x = expectTensor(name, input);
      if (!ctx.train || rate === 0) return x;
      if (ctx.key === undefined) {
        throw new Error(`${name}: training mode needs a key: apply(params, x, { train: true, key })`);
      }
      const t = asFloat(x);
      const keep = bernoulli(ctx.key, 1 - rate, t.shape);
      return where(keep, div(t, 1 - rate), 0);
    },
  });
}
