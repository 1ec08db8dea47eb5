/**
 * One training step as a pure function: the loss and its gradient on a batch, the
 * optimizer update and `applyUpdates`, staged and compiled as one program with `jit`
 * (once per batch shape: optimizer states and PRNG keys are tensors, so nothing stops
 * the trace, and a fresh key every step does not stage again).
 * @module
 */
import { jit } from "../../core/jit";
import { valueAndGrad } from "../../core/grad";
import type { ApplyContext } from "../../nn/layer";
import { applyUpdates } from "../../optim/apply";
import type { GradientTransformation, StateFn, StateOf, UpdateExtra } from "../../optim/types";
import { checkKey, type PRNGKey } from "../../random/key";
import { Tensor } from "../../tensor/tensor";
import { flatten, leafPaths, type TreeDefNode } from "../../tree";
import { checkObjective, evaluateObjective, type Batch, type Objective } from "./objective";

/**
 * What a step measured on its batch, at the params it started from.
 * @example
 * ```ts
 * import { nn, optim, random, tensor, train } from "purediff";
 * const net = nn.dense(2);
 * const [, params] = net.init(random.key(0), [-1, 2]);
 * const opt = optim.sgd(0.1);
 * const step = train.makeStep({ model: net, optimizer: opt });
 * const batch = { x: tensor([[1, 0], [0, 1]]), y: tensor([0, 1], "int32") };
 * const [, , { loss, accuracy }]: readonly [unknown, unknown, train.StepMetrics] = step(params, opt.init(params), batch);
 * accuracy; // => 0.5
 * ```
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
 * the batch's loss tensor unless given, for `reduceOnPlateau`). In a jitted step those
 * values are traced: they must be tensors or numbers.
 * @example
 * ```ts
 * import { nn, optim, random, tensor, train } from "purediff";
 * const net = nn.serial(nn.dense(4), nn.dropout(0.5), nn.dense(2));
 * const [, params] = net.init(random.key(0), [-1, 2]);
 * const opt = optim.sgd(0.1);
 * const step = train.makeStep({ model: net, optimizer: opt });
 * const batch = { x: tensor([[1, 0]]), y: tensor([0], "int32") };
 * const dropoutKey = random.key(1);
 * const stepIndex = 0;
 * const extra: train.StepExtra = { key: random.foldIn(dropoutKey, stepIndex) };
 * step(params, opt.init(params), batch, extra)[2].loss > 0; // => true
 * ```
 */
export interface StepExtra extends UpdateExtra {
  /** A PRNG key for training-time randomness (dropout). */
  readonly key?: PRNGKey;
}

/**
 * A pure training step: `(params, optState, batch, extra?) -> [params, optState, metrics]`.
 * The metrics are measured at the incoming params (before the update).
 * @example
 * ```ts
 * import { nn, optim, random, tensor, train } from "purediff";
 * const net = nn.dense(2);
 * const [, params] = net.init(random.key(0), [-1, 2]);
 * const opt = optim.sgd(0.1);
 * const step: train.Step<typeof params, ReturnType<typeof opt.init<typeof params>>> = train.makeStep({ model: net, optimizer: opt });
 * const data = [{ x: tensor([[1, 0]]), y: tensor([0], "int32") }, { x: tensor([[0, 1]]), y: tensor([1], "int32") }];
 * let [p, s] = [params, opt.init(params)];
 * for (const batch of data) [p, s] = step(p, s, batch);
 * ```
 */
export type Step<P, S> = (params: P, optState: S, batch: Batch, extra?: StepExtra) => readonly [params: P, optState: S, metrics: StepMetrics];

/**
 * Options of {@link makeStep}: the objective (a model and its loss, or a whole `lossFn`)
 * and the optimizer.
 * @example
 * ```ts
 * import { nn, optim, random, train, type Tensor } from "purediff";
 * const net = nn.dense(3);
 * train.makeStep({ model: net, optimizer: optim.adam(1e-3) });
 * const predict = (p: { w: Tensor<[1]> }, x: Tensor) => x.mul(p.w);
 * train.makeStep({ lossFn: (p: { w: Tensor<[1]> }, { x, y }) => nn.mse(predict(p, x), y), optimizer: optim.sgd(0.1) });
 * ```
 */
export type StepOptions<P, F extends StateFn> = Objective<P> & {
  /** The optimizer (a gradient transformation from `optim`). */
  readonly optimizer: GradientTransformation<F>;
  /** Compile the whole step (loss, gradient, optimizer update, `applyUpdates`) with `jit` (default true). */
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
 * ```ts
 * import { nn, random, tensor, train } from "purediff";
 * const net = nn.dense(2);
 * const [, params] = net.init(random.key(0), [-1, 3]);
 * const batch = { x: tensor([[1, 0, 0], [0, 1, 0]]), y: tensor([0, 1], "int32") };
 * const { loss, grads } = train.lossAndGrads({ model: net }, params, batch, { train: true });
 * grads.W.shape; // => [3, 2]
 * ```
 */
export function lossAndGrads<P>(objective: Objective<P>, params: P, batch: Batch, ctx: ApplyContext): LossAndGrads<P> {
  const objectiveAt = (p: P): readonly [Tensor, Tensor | undefined] => {
    const v = evaluateObjective(objective, p, batch, ctx);
    return [v.loss, v.correct];
  };
  const [[loss, correct], grads] = valueAndGrad(objectiveAt, { hasAux: true })(params);
  return { loss, correct, grads: grads as P };
}

/** What one step computes, before its metrics are read. */
interface StepResult<P, S> {
  readonly params: P;
  readonly state: S;
  readonly loss: Tensor;
  readonly correct: Tensor | undefined;
}

/** Throws unless every leaf of `extra` is a tensor or a number (what a jitted step can take). */
function checkTraceableExtra(extra: UpdateExtra): void {
  const [leaves, def] = flatten(extra, (x: unknown) => x instanceof Tensor) as [unknown[], TreeDefNode];
  const bad = leaves.findIndex((x) => !(x instanceof Tensor) && typeof x !== "number");
  if (bad >= 0) {
    const x = leaves[bad];
    throw new TypeError(
      `makeStep: extra${leafPaths(def)[bad]} is ${typeof x} ${String(x)}; a jitted step passes extra to the optimizer ` +
        `as traced values, so it takes tensors and numbers only (or build the step with jit: false)`,
    );
  }
}

/**
 * A pure training step for an objective and an optimizer: the loss and its gradient on
 * the batch, `optimizer.update` (given `{ loss }`, the loss tensor, and the rest of
 * `extra`) and `applyUpdates`. With `jit` (the default) the three are one compiled
 * program, traced once per batch shape and dtype; the metrics are read (`.item()`) after
 * it. Models run in training mode (`ctx.train`), with `extra.key` as their key: keys are
 * tensors, so a step with a fresh key every call (dropout) is staged once like any other.
 *
 * The loss is not checked: a NaN loss comes back in the metrics (the `fit` loop stops on
 * it). A gradient tree that does not match the optimizer state is optim's error.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.serial(nn.dense(32), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const opt = optim.adam(1e-2);
 * const step = train.makeStep({ model: net, optimizer: opt });
 * const [p, s, metrics] = step(params, opt.init(params), { x, y });
 * Object.keys(metrics); // => ["loss", "accuracy", "examples"]
 * ```
 */
export function makeStep<P, F extends StateFn>(options: StepOptions<P, F>): Step<P, StateOf<F, P>> {
  checkObjective("makeStep", options);
  const { optimizer } = options;
  if (optimizer === null || typeof optimizer !== "object" || typeof optimizer.update !== "function") {
    throw new Error("makeStep: optimizer must be a gradient transformation ({ init, update }), e.g. optim.adam(1e-3)");
  }
  type S = StateOf<F, P>;
  const objective: Objective<P> = options;
  const run = (params: P, optState: S, batch: Batch, extra: UpdateExtra, key: PRNGKey | undefined): StepResult<P, S> => {
    const { loss, correct, grads } = lossAndGrads(objective, params, batch, key === undefined ? { train: true } : { train: true, key });
    const [updates, state] = optimizer.update(grads, optState, params, { loss, ...extra });
    return { params: applyUpdates(params, updates), state, loss, correct };
  };
  const compiled =
    options.jit === false
      ? undefined
      : jit((params: P, optState: S, x: Tensor, y: Tensor, extra: UpdateExtra, key: PRNGKey | undefined) => run(params, optState, { x, y }, extra, key));
  return (params, optState, batch, extra = {}) => {
    const { key, ...updateExtra } = extra;
    if (key !== undefined) checkKey("step (extra.key)", key);
    let result: StepResult<P, S>;
    if (compiled === undefined) result = run(params, optState, batch, updateExtra, key);
    else {
      checkTraceableExtra(updateExtra);
      result = compiled(params, optState, batch.x, batch.y, updateExtra, key);
    }
    const lossValue = result.loss.item();
    const labels = batch.y.size;
    const examples = batch.x.shape[0] ?? 1;
    const metrics: StepMetrics =
      result.correct === undefined ? { loss: lossValue, examples } : { loss: lossValue, accuracy: labels === 0 ? 0 : result.correct.item() / labels, examples };
    return [result.params, result.state, Object.freeze(metrics)] as const;
  };
}
