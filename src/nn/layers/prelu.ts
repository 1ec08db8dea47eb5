import type { FloatDType } from "../../tensor/dtype";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { full } from "../../tensor/create";
import { mul } from "../../ops/arithmetic";
import { greater, where } from "../../ops/compare";
import { expectShape, expectTensor, makeLayer, type Layer, type SameShape } from "../layer";

/**
 * Parameters of {@link prelu}: one trainable slope per channel (last axis).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { alpha }] = nn.prelu().init(random.key(0), [-1, 16]); // alpha: [16], all 0.25
 * ```
 */
export interface PReluParams {
  readonly alpha: Tensor<[number]>;
}

/**
 * Options of {@link prelu}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.prelu({ alphaInit: 0.1 })
 * ```
 */
export interface PReluOptions {
  /** Initial slope for x < 0 (default 0.25, as He et al.). */
  readonly alphaInit?: number;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * Parametric ReLU (He et al. 2015): x for x > 0, αx otherwise, with a trainable α per
 * channel (the last axis). Leaky ReLU whose slope is learned.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const net = nn.serial(nn.dense(64), nn.prelu(), nn.dense(10));
 * ```
 */
export function prelu(options: PReluOptions = {}): Layer<PReluParams, SameShape> {
  const { alphaInit = 0.25, dtype = "float32" } = options;
  const name = "prelu";
  return makeLayer<PReluParams, SameShape>({
    name,
    init(_key, inputShape) {
      const s = expectShape(name, inputShape);
      const channels = s[s.length - 1];
      if (s.length === 0 || channels === -1) throw new Error(`${name}: the last (channel) dimension must be known, got ${showShape(s)}`);
      return [s, Object.freeze({ alpha: full([channels], alphaInit, dtype) as Tensor<[number]> })];
    },
    apply(params, input) {
      const x = expectTensor(name, input);
      const c = params.alpha.shape[0];
      if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== c) {
        throw new Error(`${name}: input of shape ${showShape(x.shape)} does not end with the ${c} channels of alpha`);
      }
      return where(greater(x, 0), x, mul(x, params.alpha as Tensor));
    },
  });
}
