/**
 * Optimizers as pure gradient transformations (Optax's design): building blocks,
 * `chain`, the classic optimizers, learning-rate schedules and `applyUpdates`.
 * Public as the `optim` namespace of purediff.
 *
 * Conventions (as Optax):
 * - a transformation is `{ init(params) -> state, update(updates, state, params?, extra?) -> [updates, state] }`;
 *   both are pure (states are new frozen records, inputs are never touched);
 * - `scaleByLearningRate(lr)` multiplies by `−lr`, so the final updates are *added* to
 *   the params by `applyUpdates(params, updates)`, which keeps each param's dtype;
 * - states are named records (`{ count, mu, nu }`, `{ trace }`, `{ count, learningRate }`,
 *   ...) of tensors: trees shaped like the params, and scalar tensors for counts (int32)
 *   and rates, scales and running values (float32, float64 when a param is float64);
 *   `chain`'s state is the frozen array of its members' states, so `adam(lr).init(p)` is
 *   `[{ count, mu, nu }, { count, learningRate }]`;
 * - hyper-parameters (learning rates, betas, schedules) are constants of the program:
 *   plain numbers and functions; schedules compute with ops on the int32 count;
 * - `extra` carries values like `{ loss }` (for `reduceOnPlateau`) to every member;
 * - non-finite updates are applied as they are (NaN propagates): watch the loss, or
 *   check `allFinite(updates)` before applying;
 * - `update` is written with ops (decisions with `where`), so `jit` traces a whole
 *   training step (gradient, update, `applyUpdates`) once and replays it.
 *
 * @example
 * import { jit, optim, valueAndGrad } from "purediff";
 * const opt = optim.adam(1e-3);
 * const step = jit((p: Params, s: ReturnType<typeof opt.init<Params>>) => {
 *   const [l, g] = valueAndGrad(loss)(p);
 *   const [updates, next] = opt.update(g, s, p);
 *   return [optim.applyUpdates(p, updates), next, l] as const;
 * });
 * let state = opt.init(params);
 * for (let k = 0; k < 100; k++) [params, state] = step(params, state);
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
