/**
 * `fit`: the training loop. Folds a pure {@link makeStep} step over the mini-batches of
 * each epoch (reshuffled every epoch from the key), measures validation after each epoch,
 * applies early stopping, reports progress, and returns the final params with the
 * history. Bad input is caught before the first step; a NaN loss stops training with a
 * {@link TrainingDivergedError} that carries the last good params.
 * @module
 */
import { batches, takeRows, trainValidationSplit } from "../batches";
import { silentProgress, type Metrics, type ProgressReporter } from "../progress";
import type { GradientTransformation, StateFn, StateOf } from "../../optim/types";
import { foldIn, split, type PRNGKey } from "../../random/key";
import type { Tensor } from "../../tensor/tensor";
import { checkRows, preflight } from "./checks";
import { TrainingDivergedError } from "./diverged";
import { earlyStopping, type EarlyStopping, type EarlyStoppingOptions, type Monitor } from "./early-stopping";
import { makeEvaluate } from "./evaluate";
import type { EpochRecord } from "./history";
import { addToMean, meanOf, runningMean } from "./metrics";
import { checkObjective, type Objective } from "./objective";
import { makeStep } from "./step";

/**
 * Labelled examples: `x` with one example per row, `y` the targets (int32 class labels
 * for classification).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const images = tensor([[0, 1], [1, 0]]);
 * const labels = tensor([1, 0], "int32");
 * const data: train.Data = { x: images, y: labels };
 * ```
 */
export interface Data {
  readonly x: Tensor;
  readonly y: Tensor;
}

/**
 * The params and optimizer state at some point of training.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, initParams] = net.init(random.key(0), [-1, 4]);
 * const saved: number[] = [];
 * train.fit({
 *   model: net, params: initParams, optimizer: optim.sgd(0.1), data: { x, y }, epochs: 2, batchSize: 50, key: random.key(1), progress: train.silentProgress(),
 *   onEpoch: (record, { params }: train.TrainingState<typeof initParams, unknown>) => {
 *     train.saveParams(join(tmpdir(), `epoch-${record.epoch}.pdif`), params);
 *     saved.push(record.epoch);
 *   },
 * });
 * saved; // => [1, 2]
 * ```
 */
export interface TrainingState<P, S> {
  readonly params: P;
  readonly optState: S;
}

/**
 * Options of {@link fit}: the objective (a `model` with an optional `loss`, or a
 * `lossFn`), the initial `params`, the `optimizer`, the data and the schedule.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const options: train.FitOptions<typeof params, ReturnType<typeof optim.adam> extends optim.GradientTransformation<infer F> ? F : never> = {
 *   model: net, params, optimizer: optim.adam(1e-3), data: { x, y }, validation: { fraction: 0.1 },
 *   epochs: 1, batchSize: 128, key: random.key(0), earlyStopping: { patience: 3 }, progress: train.silentProgress(),
 * };
 * train.fit(options).history.length; // => 1
 * ```
 */
export type FitOptions<P, F extends StateFn> = Objective<P> & {
  /** The initial params (e.g. from `model.init(key, inputShape)`). */
  readonly params: P;
  /** The optimizer. */
  readonly optimizer: GradientTransformation<F>;
  /** The optimizer state to start from (default `optimizer.init(params)`), to resume training. */
  readonly optState?: StateOf<F, P>;
  /** The training examples. */
  readonly data: Data;
  /** Validation examples, or the fraction of `data` to hold out (chosen at random with the key). */
  readonly validation?: Data | { readonly fraction: number };
  /** The number of passes over the training data. */
  readonly epochs: number;
  /** Examples per step. */
  readonly batchSize: number;
  /** Drives the shuffling (a new order every epoch), the validation split and step keys. */
  readonly key: PRNGKey;
  /** Skip the last, smaller batch of each epoch (default false). */
  readonly dropRemainder?: boolean;
  /** Stop when the monitored value stops improving (see `earlyStopping`). */
  readonly earlyStopping?: EarlyStoppingOptions | EarlyStopping;
  /** Called after each epoch with its record and the state; returning `"stop"` ends training. */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` lets a callback that returns nothing be passed as it is
  readonly onEpoch?: (record: EpochRecord, state: TrainingState<P, StateOf<F, P>>) => void | "stop";
  /** Where progress goes (default: nowhere; `defaultProgress()` gives a bar on a terminal, lines in CI). */
  readonly progress?: ProgressReporter;
  /** Pass a fresh key to every step for training-time randomness such as dropout (`foldIn(key, step)`; the jitted step is traced once). */
  readonly randomness?: boolean;
  /** Rows per forward pass in validation (default 1000). */
  readonly evalBatchSize?: number;
  /** Compile the training step (gradient, optimizer update, `applyUpdates`) and the evaluation with `jit` (default true). */
  readonly jit?: boolean;
};

/**
 * What {@link fit} returns.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, initParams] = net.init(random.key(0), [-1, 4]);
 * const { params, history, stoppedEarly, bestEpoch } = train.fit({ model: net, params: initParams, optimizer: optim.sgd(0.1), data: { x, y }, epochs: 2, batchSize: 50, key: random.key(1), progress: train.silentProgress() });
 * [history.length, stoppedEarly]; // => [2, false]
 * ```
 */
export interface FitResult<P, S> {
  /** The trained params (those of the best epoch when early stopping restores the best). */
  readonly params: P;
  /** The optimizer state after the last step (to resume training). */
  readonly optState: S;
  /** One record per finished epoch. */
  readonly history: readonly EpochRecord[];
  /** True when training ended before `epochs` (early stopping or `onEpoch` returning `"stop"`). */
  readonly stoppedEarly: boolean;
  /** The epoch (from 1) with the best monitored value (validation loss by default; 0 without epochs). */
  readonly bestEpoch: number;
}

function checkCount(name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`fit: ${name} must be an integer ≥ ${min}, got ${n}`);
}

function monitored(record: EpochRecord, monitor: Monitor): number {
  const value = record[monitor];
  if (value === undefined) {
    throw new Error(
      `fit: early stopping monitors ${monitor}, which this run does not measure` +
        (monitor.startsWith("val") ? " (give validation data)" : " (accuracy needs int32 class labels)"),
    );
  }
  return value;
}

/** The training and validation sets. */
function splitData(options: { readonly data: Data; readonly validation?: Data | { readonly fraction: number } }, key: PRNGKey): [Data, Data | undefined] {
  const { data, validation } = options;
  checkRows("fit", "data", data?.x, data?.y);
  if (validation === undefined) return [data, undefined];
  if ("fraction" in validation) {
    const { fraction } = validation;
    const n = data.x.shape[0];
    const nVal = Math.round(n * fraction);
    if (!(fraction > 0 && fraction < 1) || nVal < 1 || nVal >= n) {
      throw new Error(`fit: validation.fraction must leave at least one row on each side, got ${fraction} of ${n} rows`);
    }
    const { train, validation: val } = trainValidationSplit(key, n, fraction);
    const rows = (t: Tensor, idx: Tensor<[number]>): Tensor => takeRows(t as Tensor<[number]>, idx) as Tensor;
    return [
      { x: rows(data.x, train), y: rows(data.y, train) },
      { x: rows(data.x, val), y: rows(data.y, val) },
    ];
  }
  checkRows("fit", "validation", validation.x, validation.y);
  return [data, validation];
}

/**
 * Trains: for each epoch, shuffles the training rows with `foldIn(key, epoch)`, runs one
 * optimizer step per mini-batch (a {@link makeStep} step: gradient, update and
 * `applyUpdates` compiled as one `jit` program, with a fresh step key when `randomness`
 * is set), then measures the validation loss (and accuracy) in inference mode, records
 * the epoch, reports progress, calls `onEpoch` and consults early stopping.
 *
 * Before the first step it checks the input: rows of `x` and `y`, one forward pass on
 * one row (`fit: input of shape [60000,780] does not match the model's first layer
 * expecting [-1,784]: ...`), the loss on it, every int32 label against the classes
 * (`fit: label 12 at row 5 is outside [0, 10)`). A step whose loss is NaN or ±∞ stops
 * training with a {@link TrainingDivergedError} naming the epoch and step and holding the
 * last params with a finite loss. Pure apart from the progress and `onEpoch` calls: the
 * same options give the same params.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.serial(nn.dense(16), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const result = train.fit({
 *   model: net, params, optimizer: optim.adam(1e-2),
 *   data: { x, y }, validation: { fraction: 0.2 },
 *   epochs: 5, batchSize: 16, key: random.key(1),
 *   earlyStopping: { patience: 3 }, progress: train.silentProgress(),
 * });
 * result.history.length; // => 5
 * result.history.at(-1)?.valAccuracy; // => 0.7
 * ```
 */
export function fit<P, F extends StateFn>(options: FitOptions<P, F>): FitResult<P, StateOf<F, P>> {
  checkObjective("fit", options);
  checkCount("epochs", options.epochs, 0);
  checkCount("batchSize", options.batchSize, 1);
  const [splitKey, shuffleKey, stepKey] = split(options.key, 3);
  const [trainSet, valSet] = splitData(options, splitKey);
  preflight("fit", options, options.params, trainSet, valSet === undefined ? [] : [{ what: "validation ", x: valSet.x, y: valSet.y }]);

  const { optimizer, epochs, batchSize } = options;
  const progress = options.progress ?? silentProgress();
  const step = makeStep<P, F>(options);
  const evaluateSet = makeEvaluate(options, { batchSize: options.evalBatchSize ?? 1000, jit: options.jit });
  const stopper: EarlyStopping | undefined =
    options.earlyStopping === undefined ? undefined : "init" in options.earlyStopping ? options.earlyStopping : earlyStopping(options.earlyStopping);
  const monitor: Monitor = stopper?.monitor ?? (valSet !== undefined ? "valLoss" : "loss");
  const tracker = stopper ?? earlyStopping({ monitor, patience: Infinity, restoreBest: false });
  let tracked = tracker.init<P>();

  let params = options.params;
  let optState = options.optState ?? optimizer.init(params);
  const history: EpochRecord[] = [];
  const n = trainSet.x.shape[0];
  let globalStep = 0;
  let stoppedEarly = false;
  // The last params whose loss was measured finite (the initial ones until a step says so).
  let lastGood: TrainingState<P, StateOf<F, P>> = { params, optState };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    const order = batches(foldIn(shuffleKey, epoch), n, batchSize, { dropRemainder: options.dropRemainder === true });
    if (order.length === 0) throw new Error(`fit: no full batch of ${batchSize} in ${n} rows with dropRemainder`);
    progress.start(order.length, `epoch ${epoch}/${epochs}`);
    let loss = runningMean();
    let acc = runningMean();
    for (let s = 0; s < order.length; s++) {
      const idx = order[s];
      const batch = { x: takeRows(trainSet.x as Tensor<[number]>, idx) as Tensor, y: takeRows(trainSet.y as Tensor<[number]>, idx) as Tensor };
      globalStep++;
      const [nextParams, nextState, metrics] = step(params, optState, batch, options.randomness === true ? { key: foldIn(stepKey, globalStep) } : undefined);
      if (!Number.isFinite(metrics.loss)) {
        progress.stop({ loss: metrics.loss });
        throw new TrainingDivergedError({
          epoch,
          step: s + 1,
          steps: order.length,
          loss: metrics.loss,
          lastGoodParams: lastGood.params,
          lastGoodOptState: lastGood.optState,
          history: Object.freeze(history.slice()),
        });
      }
      lastGood = { params, optState };
      params = nextParams;
      optState = nextState;
      loss = addToMean(loss, metrics.loss, metrics.examples);
      if (metrics.accuracy !== undefined) acc = addToMean(acc, metrics.accuracy, metrics.examples);
      progress.update(s + 1, acc.weight > 0 ? { loss: meanOf(loss), accuracy: meanOf(acc) } : { loss: meanOf(loss) });
    }
    const val = valSet === undefined ? undefined : evaluateSet(params, valSet.x, valSet.y);
    if (val !== undefined && !Number.isFinite(val.loss)) {
      progress.stop({ loss: meanOf(loss), "val loss": val.loss });
      throw new TrainingDivergedError({
        epoch,
        step: order.length,
        steps: order.length,
        loss: val.loss,
        lastGoodParams: lastGood.params,
        lastGoodOptState: lastGood.optState,
        history: Object.freeze(history.slice()),
      });
    }
    const record: EpochRecord = Object.freeze({
      epoch,
      loss: meanOf(loss),
      ...(acc.weight > 0 ? { accuracy: meanOf(acc) } : {}),
      ...(val !== undefined ? { valLoss: val.loss } : {}),
      ...(val?.accuracy !== undefined ? { valAccuracy: val.accuracy } : {}),
      seconds: (performance.now() - t0) / 1000,
      steps: order.length,
    });
    history.push(record);
    const summary: Metrics = { loss: record.loss, accuracy: record.accuracy, "val loss": record.valLoss, "val accuracy": record.valAccuracy };
    progress.stop(summary);
    tracked = tracker.update(tracked, epoch, monitored(record, monitor), tracker.restoreBest ? params : undefined);
    const verdict = options.onEpoch?.(record, { params, optState });
    if (verdict === "stop" || (stopper !== undefined && tracked.stop)) {
      stoppedEarly = epoch < epochs;
      break;
    }
  }
  if (stopper?.restoreBest && tracked.bestSnapshot !== undefined) params = tracked.bestSnapshot;
  return Object.freeze({ params, optState, history: Object.freeze(history), stoppedEarly, bestEpoch: tracked.bestEpoch });
}
