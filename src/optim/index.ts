/**
 * Optimizers as pure gradient transformations (Optax's design): building blocks,
 * `chain`, the classic optimizers, learning-rate schedules and `applyUpdates`.
 * Public as the `optim` namespace of purediff.
 *
 * @example
 * import { grad, optim } from "purediff";
 * const opt = optim.adam(1e-3);
 * let state = opt.init(params);
 * for (let step = 0; step < 100; step++) {
 *   const [updates, next] = opt.update(grad(loss)(params), state, params);
 *   params = optim.applyUpdates(params, updates);
 *   state = next;
 * }
 */
export type {
  EmptyFn,
  EmptyState,
  GradientTransformation,
  StateFn,
  StateFnOf,
  StateOf,
  TransformationState,
  UpdateExtra,
} from "./types";
export { allFinite, applyUpdates } from "./apply";
export { chain, identity, type ChainFn, type ChainState } from "./combine";
export {
  scale,
  scaleByLearningRate,
  type ScaleByLearningRateFn,
  type ScaleByLearningRateOptions,
  type ScaleByLearningRateState,
} from "./scale";
export { clipByGlobalNorm, clipByValue, globalNorm } from "./clip";
export {
  addDecayedWeights,
  excludeBiases,
  isBiasPath,
  maskByPath,
  type AddDecayedWeightsOptions,
  type Mask,
  type PathPredicate,
} from "./weight-decay";
export {
  scaleByAdam,
  scaleByRms,
  scaleByRss,
  scaleByStddev,
  traceMomentum,
  type ScaleByAdamFn,
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  type ScaleByRmsFn,
  type ScaleByRmsOptions,
  type ScaleByRmsState,
  type ScaleByRssFn,
  type ScaleByRssOptions,
  type ScaleByRssState,
  type ScaleByStddevFn,
  type ScaleByStddevState,
  type TraceFn,
  type TraceOptions,
  type TraceState,
} from "./moments";
export {
  adagrad,
  adam,
  adamw,
  momentum,
  nesterov,
  rmsprop,
  sgd,
  type AdamwOptions,
  type RmspropOptions,
  type SgdOptions,
} from "./optimizers";
export {
  reduceOnPlateau,
  type ReduceOnPlateauFn,
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
} from "./plateau";
export {
  constant,
  cosineDecay,
  exponentialDecay,
  joinSchedules,
  linearSchedule,
  piecewiseConstant,
  polynomialSchedule,
  stepDecay,
  warmup,
  warmupCosineDecay,
  type ExponentialDecayOptions,
  type Schedule,
  type WarmupOptions,
} from "./schedules";
