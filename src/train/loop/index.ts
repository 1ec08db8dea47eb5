/**
 * The training loop: a pure step (`makeStep`), evaluation, metrics, early stopping and
 * `fit`, which folds the step over shuffled mini-batches and epochs. Re-exported by the
 * `train` namespace.
 * @example
 * import { train } from "purediff";
 * const { params, history } = train.fit({ model: net, params: p0, optimizer: optim.adam(1e-3),
 *   data: { x, y }, validation: { fraction: 0.1 }, epochs: 10, batchSize: 128, key: random.key(0) });
 * @module
 */
export type { Batch, LossFn, LossFnObjective, Model, ModelObjective, Objective, PredictionLoss } from "./objective";
export { accuracy, addToMean, correctCount, meanOf, runningMean, type RunningMean } from "./metrics";
export { lossAndGrads, makeStep, type Step, type StepExtra, type StepMetrics, type StepOptions } from "./step";
export { evaluate, makeEvaluate, sliceRows, type EvaluateOptions, type Evaluation } from "./evaluate";
export { earlyStopping, type EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState, type Monitor } from "./early-stopping";
export { historySeries, type EpochRecord } from "./history";
export { TrainingDivergedError } from "./diverged";
export { fit, type Data, type FitOptions, type FitResult, type TrainingState } from "./fit";
