/**
 * One training step as a pure function: the loss and its gradient on a batch (staged and
 * compiled once per batch shape with `jit`, the PRNG key of training-time randomness
 * being one more tensor input), then the optimizer update (run eagerly: its state holds
 * plain-number counts, which `jit` cannot trace).
 * @module
 */
import { jit } from "../../core/jit";
import { valueAndGrad } from "../../core/grad";
import type { ApplyContext } from "../../nn/layer";
import { applyUpdates } from "../../optim/apply";
import type { GradientTransformation, StateFn, StateOf, UpdateExtra } from "../../optim/types";
import { checkKey, type PRNGKey } from "../../random/key";
import type { Tensor } from "../../tensor/tensor";
import { checkObjective, evaluateObjective, type Batch, type Objective } from "./objective";

/**
 * What a step measured on its batch, at the params it started from.
 * @example
 * const [, , { loss, accuracy }] = step(params, optState, batch);
 */
export interface StepMetrics {
  /** The batch's loss (penalty included): NaN or ±∞ when training diverged. */
  readonly loss: number;
  /** The fraction of correctly classified labels (classification only). */
  readonly accuracy?: number;
  /** The number of examples (rows of `x`) in the batch. */
  readonly examples: number;
}

/**
 * Extra inputs of one step: `key` feeds the layers that need randomness in training
 * (dropout); the rest goes to the optimizer's `update` as its `extra` (with `loss` set to
 * the batch's loss unless given, for `reduceOnPlateau`).
 * @example step(params, optState, batch, { key: random.foldIn(dropoutKey, stepIndex) })
 */
export interface StepExtra extends UpdateExtra {
  /** A PRNG key for training-time randomness (dropout). */
  readonly key?: PRNGKey;
}

/**
 * A pure training step: `(params, optState, batch, extra?) -> [params, optState, metrics]`.
 * The metrics are measured at the incoming params (before the update).
 * @example
 * let [p, s] = [params, opt.init(params)];
 * for (const batch of data) [p, s] = step(p, s, batch);
 */
export type Step<P, S> = (params: P, optState: S, batch: Batch, extra?: StepExtra) => readonly [params: P, optState: S, metrics: StepMetrics];

/**
 * Options of {@link makeStep}: the objective (a model and its loss, or a whole `lossFn`)
 * and the optimizer.
 * @example
 * makeStep({ model: net, optimizer: optim.adam(1e-3) });
 * makeStep({ lossFn: (p, { x, y }) => nn.mse(predict(p, x), y), optimizer: optim.sgd(0.1) });
 */
export type StepOptions<P, F extends StateFn> = Objective<P> & {
  /** The optimizer (a gradient transformation from `optim`). */
  readonly optimizer: GradientTransformation<F>;
  /** Compile the loss-and-gradient computation with `jit` (default true). */
  readonly jit?: boolean;
};

interface LossAndGrads<P> {
  readonly loss: Tensor;
  readonly correct: Tensor | undefined;
  readonly grads: P;
}

/**
 * The loss (and correct count) of a batch and the gradient of the loss with respect to
 * the params, in one forward and one backward pass (`valueAndGrad` with the count as aux).
 * @example
 * const { loss, grads } = lossAndGrads({ model: net }, params, batch, { train: true });
 */
export function lossAndGrads<P>(objective: Objective<P>, params: P, batch: Batch, ctx: ApplyContext): LossAndGrads<P> {
  const objectiveAt = (p: P): readonly [Tensor, Tensor | undefined] => {
    const v = evaluateObjective(objective, p, batch, ctx);
    return [v.loss, v.correct];
  };
  const [[loss, correct], grads] = valueAndGrad(objectiveAt, { hasAux: true })(params);
  return { loss, correct, grads: grads as P };
}

/**
 * A pure training step for an objective and an optimizer: the loss and its gradient on
 * the batch (with `jit`, compiled once per batch shape), then `optimizer.update` and
 * `applyUpdates` outside `jit`. Models run in training mode (`ctx.train`), with
 * `extra.key` as their key: keys are tensors, so a step with a fresh key every call
 * (dropout) is staged once per batch shape like any other.
 *
 * The loss is not checked: a NaN loss comes back in the metrics (the `fit` loop stops on
 * it). A gradient tree that does not match the optimizer state is optim's error.
 * @example
 * const net = nn.serial(nn.dense(32), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const opt = optim.adam(1e-2);
 * const step = makeStep({ model: net, optimizer: opt });
 * let [p, s] = [params, opt.init(params)];
 * let metrics;
 * [p, s, metrics] = step(p, s, { x, y }); // metrics.loss, metrics.accuracy
 */
export function makeStep<P, F extends StateFn>(options: StepOptions<P, F>): Step<P, StateOf<F, P>> {
  checkObjective("makeStep", options);
  const { optimizer } = options;
  if (optimizer === null || typeof optimizer !== "object" || typeof optimizer.update !== "function") {
    throw new Error("makeStep: optimizer must be a gradient transformation ({ init, update }), e.g. optim.adam(1e-3)");
  }
  const objective: Objective<P> = options;
  const eager = (params: P, x: Tensor, y: Tensor, key: PRNGKey | undefined): LossAndGrads<P> =>
    lossAndGrads(objective, params, { x, y }, key === undefined ? { train: true } : { train: true, key });
  const compiled = options.jit === false ? eager : jit(eager);
  return (params, optState, batch, extra = {}) => {
    const { key, ...updateExtra } = extra;
    if (key !== undefined) checkKey("step (extra.key)", key);
    const { loss, correct, grads } = compiled(params, batch.x, batch.y, key);
    const lossValue = loss.item();
    const [updates, nextState] = optimizer.update(grads, optState, params, { loss: lossValue, ...updateExtra });
    const nextParams = applyUpdates(params, updates);
    const labels = batch.y.size;
    const metrics: StepMetrics =
      correct === undefined
        ? { loss: lossValue, examples: batch.x.shape[0] ?? 1 }
        : { loss: lossValue, accuracy: labels === 0 ? 0 : correct.item() / labels, examples: batch.x.shape[0] ?? 1 };
    return [nextParams, nextState, Object.freeze(metrics)] as const;
  };
}
