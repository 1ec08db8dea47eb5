/**
 * What a training loop minimises: either a model (a stateless layer, `apply(params, x)`)
 * followed by a loss on its predictions (sparse categorical cross-entropy with logits by
 * default), or a whole loss function of the params and a batch. Both forms give, for a
 * batch, the loss and — when the targets are int32 class labels and the predictions
 * have one class axis more — the number of correctly classified rows.
 * @module
 */
import type { ApplyContext } from "../../nn/layer";
import { sparseCategoricalCrossEntropyWithLogits } from "../../nn/losses";
import { add } from "../../ops/arithmetic";
import { Tensor } from "../../tensor/tensor";
import { correctCount } from "./metrics";

/**
 * A batch of examples: inputs `x` (rows on axis 0) and targets `y` (int32 labels or
 * float targets, rows on axis 0).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const images = tensor([[0, 1], [1, 0], [1, 1]]);
 * const labels = tensor([1, 0, 1], "int32");
 * const idx = tensor([2, 0], "int32");
 * const batch: train.Batch = { x: train.takeRows(images, idx), y: train.takeRows(labels, idx) };
 * batch.y; // => [1, 1]
 * ```
 */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
}

/**
 * A model the loop can train: a stateless layer (`nn.serial(...)`, `nn.dense(10)`) or
 * anything with the same `apply(params, x, ctx?)`. Stateful layers (batchNorm) are not
 * supported by the loop (their state would have to be threaded through the steps).
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * const net = nn.serial(nn.dense(64), nn.activation(nn.relu), nn.dense(10));
 * const [, params] = net.init(random.key(0), [-1, 784]);
 * const model: train.Model<typeof params> = net;
 * model.name; // => "serial(dense(64), activation(relu), dense(10))"
 * ```
 */
export interface Model<P> {
  /** A short description, for messages. */
  readonly name: string;
  /** True for stateful layers, which the loop refuses. */
  readonly stateful?: boolean;
  /** The predictions (e.g. logits) for inputs `x`. */
  apply(params: P, x: Tensor, ctx?: ApplyContext): unknown;
}

/**
 * A loss on predictions and targets, reduced to a scalar by the mean over the batch
 * (every `nn` loss with its default reduction).
 * @example
 * ```ts
 * import { nn, train } from "purediff";
 * const loss: train.PredictionLoss = (logits, labels) => nn.sparseCategoricalCrossEntropyWithLogits(logits, labels);
 * ```
 */
export type PredictionLoss = (predictions: Tensor, targets: Tensor) => Tensor;

/**
 * A whole objective: the scalar loss of `params` on a batch (the mean over its rows),
 * or `[loss, predictions]` so that the loop can also count correct classifications.
 * `ctx` says whether it is a training step (`{ train: true, key? }`) or an evaluation.
 * @example
 * ```ts
 * import { nn, tensor, train, type Tensor } from "purediff";
 * type Params = { w: Tensor<[1]> };
 * const predict = (p: Params, x: Tensor) => x.mul(p.w);
 * const lossFn: train.LossFn<Params> = (p, { x, y }) => nn.mse(predict(p, x), y);
 * ```
 */
export type LossFn<P> = (params: P, batch: Batch, ctx: ApplyContext) => Tensor | readonly [Tensor, Tensor];

/**
 * The objective as a model and a loss on its predictions.
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const o: train.ModelObjective<typeof params> = { model: net, loss: nn.sparseCategoricalCrossEntropyWithLogits };
 * ```
 */
export interface ModelObjective<P> {
  /** The network; its predictions go to `loss`. */
  readonly model: Model<P>;
  /** The loss of the predictions (default: sparse categorical cross-entropy with logits). */
  readonly loss?: PredictionLoss;
  readonly lossFn?: undefined;
  /** A penalty on the params added to the loss (e.g. `(p) => mul(1e-4, nn.l2(p))`). */
  readonly penalty?: (params: P) => Tensor | number;
}

/**
 * The objective as one loss function of the params and a batch.
 * @example
 * ```ts
 * import { nn, train, type Tensor } from "purediff";
 * type Params = { w: Tensor<[1]> };
 * const predict = (p: Params, x: Tensor) => x.mul(p.w);
 * const o: train.LossFnObjective<Params> = { lossFn: (p, { x, y }) => nn.mse(predict(p, x), y) };
 * ```
 */
export interface LossFnObjective<P> {
  /** The loss of `params` on a batch (or `[loss, predictions]`). */
  readonly lossFn: LossFn<P>;
  readonly model?: undefined;
  readonly loss?: undefined;
  /** A penalty on the params added to the loss. */
  readonly penalty?: (params: P) => Tensor | number;
}

/**
 * What to minimise: a model with a loss on its predictions, or a whole loss function.
 * @example
 * ```ts
 * import { nn, random, train, type Tensor } from "purediff";
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * type Params = typeof params;
 * const myLoss = (p: Params, batch: train.Batch): Tensor => nn.sparseCategoricalCrossEntropyWithLogits(net.apply(p, batch.x), batch.y);
 * const a: train.Objective<Params> = { model: net };
 * const b: train.Objective<Params> = { lossFn: (p, batch) => myLoss(p, batch) };
 * ```
 */
export type Objective<P> = ModelObjective<P> | LossFnObjective<P>;

/**
 * The loss of a batch and, when it applies, the count of correct rows (a float scalar).
 * @example
 * const { loss, correct } = evaluateObjective(objective, params, batch, {});
 */
export interface ObjectiveValue {
  readonly loss: Tensor;
  readonly correct: Tensor | undefined;
  /** The predictions, when the objective exposes them. */
  readonly predictions: Tensor | undefined;
}

/**
 * The objective's name for messages: the model's name, or "the loss function".
 * @example objectiveName({ model: nn.dense(10) }) // "dense(10)"
 */
export function objectiveName<P>(objective: Objective<P>): string {
  return objective.model !== undefined ? objective.model.name : "the loss function";
}

/**
 * Checks that exactly one of `model` and `lossFn` is given and that the model is stateless.
 * @example checkObjective("fit", { model: net });
 */
export function checkObjective<P>(fn: string, objective: Objective<P>): void {
  const hasModel = objective.model !== undefined;
  const hasLossFn = objective.lossFn !== undefined;
  if (hasModel === hasLossFn) {
    throw new Error(`${fn}: give either a model (with an optional loss) or a lossFn, ${hasModel ? "not both" : "got neither"}`);
  }
  if (hasModel && typeof objective.model.apply !== "function") throw new Error(`${fn}: model must have an apply(params, x) function`);
  if (hasModel && objective.model.stateful === true) {
    throw new Error(`${fn}: ${objective.model.name} is stateful (e.g. batchNorm); the training loop supports stateless models only`);
  }
  if (hasLossFn && typeof objective.lossFn !== "function") throw new Error(`${fn}: lossFn must be a function (params, batch, ctx) => loss`);
  if (objective.penalty !== undefined && typeof objective.penalty !== "function") throw new Error(`${fn}: penalty must be a function (params) => scalar`);
}

/**
 * True when `predictions` and `targets` look like a classification: int32 labels with
 * one axis less than the predictions.
 * @example isClassification([32, 10], "int32", [32]) // true
 */
export function isClassification(predictionShape: readonly number[], targetDtype: string, targetShape: readonly number[]): boolean {
  return targetDtype === "int32" && predictionShape.length === targetShape.length + 1 && predictionShape.length >= 1;
}

/**
 * The model's predictions for `x`, checked to be one tensor.
 * @example const logits = predictions(net, params, x, {});
 */
export function predictions<P>(model: Model<P>, params: P, x: Tensor, ctx: ApplyContext): Tensor {
  const out = model.apply(params, x, ctx);
  if (!(out instanceof Tensor)) {
    throw new Error(
      `${model.name}: the training loop needs a model that returns one tensor, got ${Array.isArray(out) ? `a tuple of ${out.length}` : typeof out}`,
    );
  }
  return out;
}

/**
 * The loss (penalty included) and the count of correct rows of `batch` at `params`.
 * Traceable: runs under `grad`, `vjp` and `jit`.
 * @example
 * const { loss, correct } = evaluateObjective({ model: net }, params, { x, y }, {});
 */
export function evaluateObjective<P>(objective: Objective<P>, params: P, batch: Batch, ctx: ApplyContext): ObjectiveValue {
  let loss: Tensor;
  let preds: Tensor | undefined;
  if (objective.model !== undefined) {
    preds = predictions(objective.model, params, batch.x, ctx);
    const lossOf = objective.loss ?? sparseCategoricalCrossEntropyWithLogits;
    loss = lossOf(preds, batch.y);
  } else {
    const out = objective.lossFn(params, batch, ctx);
    if (Array.isArray(out)) {
      [loss, preds] = out as readonly [Tensor, Tensor];
    } else {
      loss = out as Tensor;
    }
  }
  if (!(loss instanceof Tensor) || loss.shape.length !== 0) {
    const got = loss instanceof Tensor ? `shape [${loss.shape.join(",")}]` : typeof loss;
    throw new Error(`${objectiveName(objective)}: the loss must be a scalar tensor (the mean over the batch), got ${got}`);
  }
  if (objective.penalty !== undefined) loss = add(loss, objective.penalty(params)) as Tensor;
  const correct = preds !== undefined && isClassification(preds.shape, batch.y.dtype, batch.y.shape) ? correctCount(preds, batch.y) : undefined;
  return { loss, correct, predictions: preds };
}
