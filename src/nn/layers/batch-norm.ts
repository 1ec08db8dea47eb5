import type { FloatDType } from "../../tensor/dtype";
import { full } from "../../tensor/create";
import { normalizeAxis, showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { add, div, mul, square, sub } from "../../ops/arithmetic";
import { sqrt } from "../../ops/math";
import { asFloat } from "../../ops/operands";
import { mean } from "../../ops/reduce";
import { reshape } from "../../ops/shape";
import { astype, stopGradient } from "../../ops/gradient-control";
import { expectShape, expectTensor, makeStatefulLayer, type SameShape, type StatefulLayer } from "../layer";

/**
 * Trainable parameters of {@link batchNorm}: scale γ and shift β per feature.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { gamma, beta }] = nn.batchNorm().init(random.key(0), [-1, 64]);
 * ```
 */
export interface BatchNormParams {
  readonly gamma: Tensor<[number]>;
  readonly beta: Tensor<[number]>;
}

/**
 * State of {@link batchNorm}: running mean and (biased) variance per feature.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, , { mean, variance }] = nn.batchNorm().init(random.key(0), [-1, 64]);
 * ```
 */
export interface BatchNormState {
  readonly mean: Tensor<[number]>;
  readonly variance: Tensor<[number]>;
}

/**
 * Options of {@link batchNorm}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.batchNorm({ axis: 1, momentum: 0.9, epsilon: 1e-3 })
 * ```
 */
export interface BatchNormOptions {
  /** The feature axis (default −1, the last); statistics are taken over every other axis. */
  readonly axis?: number;
  /** Running-average decay: running = momentum·running + (1 − momentum)·batch (default 0.99, as Keras and Flax). */
  readonly momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  readonly epsilon?: number;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * Batch normalisation (Ioffe & Szegedy): y = γ·(x − μ)/√(σ² + ε) + β per feature. In
 * training mode (`train: true`) μ and σ² are the batch's mean and biased variance (and
 * gradients flow through them), and the returned state holds updated running averages;
 * otherwise the running statistics from the state are used and the state comes back
 * unchanged. A stateful layer: `init` gives `[shape, params, state]`, `apply` takes
 * `{ state, train }` and returns `[y, newState]`; nothing is mutated.
 * @example
 * ```ts
 * import { nn, random, tensor } from "purediff";
 * const x = tensor([[1, 10], [3, 30]]);
 * const bn = nn.batchNorm();
 * const [, params, state] = bn.init(random.key(0), [-1, 2]);
 * const [y, nextState] = bn.apply(params, x, { state, train: true });
 * y.toArray(); // => [[-0.999995, -1], [0.999995, 1]]
 * // inference: the running statistics
 * const [yEval] = bn.apply(params, x, { state: nextState });
 * yEval.shape; // => [2, 2]
 * ```
 */
export function batchNorm(options: BatchNormOptions = {}): StatefulLayer<BatchNormParams, BatchNormState, SameShape> {
  const { axis = -1, momentum = 0.99, epsilon = 1e-5, dtype = "float32" } = options;
  const name = "batchNorm";
  if (!(momentum >= 0 && momentum <= 1)) throw new Error(`${name}: momentum must be in [0, 1], got ${momentum}`);
  if (!(epsilon >= 0)) throw new Error(`${name}: epsilon must be non-negative, got ${epsilon}`);
  return makeStatefulLayer<BatchNormParams, BatchNormState, SameShape>({
    name,
    init(_key, inputShape) {
      const s = expectShape(name, inputShape);
      const a = normalizeAxis(name, axis, s.length);
      const c = s[a];
      if (c === -1) throw new Error(`${name}: the feature dimension (axis ${axis}) must be known, got ${showShape(s)}`);
      const params = Object.freeze({ gamma: full([c], 1, dtype) as Tensor<[number]>, beta: full([c], 0, dtype) as Tensor<[number]> });
      const state = Object.freeze({ mean: full([c], 0, dtype) as Tensor<[number]>, variance: full([c], 1, dtype) as Tensor<[number]> });
      return [s, params, state];
    },
    apply(params, input, ctx) {
      const x = asFloat(expectTensor(name, input));
      const a = normalizeAxis(name, axis, x.shape.length);
      const c = params.gamma.shape[0];
      if (x.shape[a] !== c) throw new Error(`${name}: input of shape ${showShape(x.shape)} has ${x.shape[a]} features on axis ${axis}, the params have ${c}`);
      // Per-feature vectors are reshaped to broadcast along axis a: [1, ..., c, ..., 1].
      const along = (v: Tensor): Tensor =>
        reshape(
          v as Tensor<number[]>,
          x.shape.map((_, i) => (i === a ? c : 1)),
        );
      const others = x.shape.map((_, i) => i).filter((i) => i !== a);
      let mu: Tensor;
      let variance: Tensor;
      let state = ctx.state;
      if (ctx.train) {
        mu = mean(x, others, { keepDims: true });
        variance = mean(square(sub(x, mu)), others, { keepDims: true });
        // The running statistics are not trained (stopGradient) and keep the state's dtype.
        const flat = (v: Tensor): Tensor<[number]> => reshape(stopGradient(v) as Tensor<number[]>, [c]) as Tensor<[number]>;
        const blend = (old: Tensor, batch: Tensor): Tensor<[number]> =>
          astype(add(mul(old, momentum), mul(astype(batch, old.dtype), 1 - momentum)), old.dtype) as Tensor<[number]>;
        state = Object.freeze({ mean: blend(ctx.state.mean, flat(mu)), variance: blend(ctx.state.variance, flat(variance)) });
      } else {
        mu = along(ctx.state.mean);
        variance = along(ctx.state.variance);
      }
      const normalised = div(sub(x, mu), sqrt(add(variance, epsilon)));
      return [add(mul(normalised, along(params.gamma)), along(params.beta)), state];
    },
  });
}
