/**
 * Learning-rate schedules: plain functions from the step count (0 for the first update)
 * to a number, as in Optax. Pass one wherever a learning rate is taken
 * (`adam(cosineDecay(1e-3, 1000))`); `scaleByLearningRate` evaluates it at its own step
 * count and shows the value in its state.
 */
import { checkNumber } from "./leaves";

/**
 * A learning-rate (or any hyper-parameter) schedule: `step` is the number of updates
 * done so far (0 for the first one).
 * @example
 * const halfEvery10: Schedule = (step) => 0.1 * 0.5 ** Math.floor(step / 10);
 */
export type Schedule = (step: number) => number;

/**
 * The same value at every step.
 * @example
 * constant(0.1)(1000); // 0.1
 */
export function constant(value: number): Schedule {
  return () => value;
}

/**
 * Options of {@link exponentialDecay}.
 * @example
 * exponentialDecay(0.1, 1000, 0.96, { staircase: true, transitionBegin: 100, endValue: 1e-4 });
 */
export interface ExponentialDecayOptions {
  /** Decay in discrete jumps: the exponent is `floor(step / transitionSteps)` (default false). */
  readonly staircase?: boolean;
  /** Steps to hold `init` before decaying starts (default 0). */
  readonly transitionBegin?: number;
  /** A bound the value never passes: a floor when `decayRate < 1`, a ceiling when `> 1`. */
  readonly endValue?: number;
}

/**
 * `init · decayRate^(t / transitionSteps)` with `t = step − transitionBegin` (held at
 * `init` while `t ≤ 0`), `t / transitionSteps` floored when `staircase` (Optax's
 * `exponential_decay`).
 *
 * @example
 * exponentialDecay(1, 10, 0.5)(5); // 0.7071…
 * exponentialDecay(1, 10, 0.5, { staircase: true })(15); // 0.5
 */
export function exponentialDecay(
  init: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): Schedule {
  checkNumber("exponentialDecay", "transitionSteps", transitionSteps, (x) => x > 0, "> 0");
  checkNumber("exponentialDecay", "decayRate", decayRate, (x) => x >= 0, ">= 0");
  const { staircase = false, transitionBegin = 0, endValue } = options;
  checkNumber("exponentialDecay", "transitionBegin", transitionBegin, (x) => x >= 0, ">= 0");
  return (step) => {
    const t = step - transitionBegin;
    if (t <= 0) return init;
    const p = staircase ? Math.floor(t / transitionSteps) : t / transitionSteps;
    const value = init * decayRate ** p;
    if (endValue === undefined) return value;
    return decayRate < 1 ? Math.max(value, endValue) : Math.min(value, endValue);
  };
}

/**
 * `init · gamma^floor(step / stepSize)`: multiply by `gamma` every `stepSize` steps
 * (PyTorch's `StepLR`; the staircase form of {@link exponentialDecay}).
 *
 * @example
 * const s = stepDecay(0.1, 30, 0.1);
 * [s(0), s(29), s(30), s(60)]; // [0.1, 0.1, 0.01, 0.001] (up to rounding)
 */
export function stepDecay(init: number, stepSize: number, gamma = 0.1): Schedule {
  checkNumber("stepDecay", "stepSize", stepSize, (x) => x > 0, "> 0");
  return (step) => init * gamma ** Math.floor(step / stepSize);
}

/**
 * `values[i]` where `i` is the number of `boundaries` that are `≤ step`: `values[0]`
 * before `boundaries[0]`, `values[1]` from `boundaries[0]` on, … (`values` has one more
 * element than the increasing `boundaries`). Optax's `piecewise_constant_schedule` with
 * the values instead of the scales.
 *
 * @example
 * const s = piecewiseConstant([100, 200], [0.1, 0.01, 0.001]);
 * [s(0), s(99), s(100), s(250)]; // [0.1, 0.1, 0.01, 0.001]
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  if (values.length !== boundaries.length + 1) {
    throw new RangeError(
      `piecewiseConstant: values must have one more element than boundaries, got ${boundaries.length} boundaries ` +
        `and ${values.length} values`,
    );
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i] > boundaries[i - 1])) {
      throw new RangeError(`piecewiseConstant: boundaries must increase, got [${boundaries.join(", ")}]`);
    }
  }
  const bs = [...boundaries];
  const vs = [...values];
  return (step) => {
    let i = 0;
    while (i < bs.length && step >= bs[i]) i++;
    return vs[i];
  };
}

/**
 * Cosine decay from `init` to `alpha · init` over `decaySteps`, then constant (Optax's
 * `cosine_decay_schedule`): `init · ((1 − alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps))^exponent + alpha)`.
 *
 * @example
 * const s = cosineDecay(1, 100);
 * [s(0), s(50), s(100), s(200)]; // [1, 0.5, 0, 0]
 */
export function cosineDecay(init: number, decaySteps: number, alpha = 0, exponent = 1): Schedule {
  checkNumber("cosineDecay", "decaySteps", decaySteps, (x) => x > 0, "> 0");
  return (step) => {
    const t = Math.min(Math.max(step, 0), decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * t) / decaySteps));
    return init * ((1 - alpha) * cosine ** exponent + alpha);
  };
}

/**
 * Polynomial interpolation from `init` to `end` over `transitionSteps` steps after
 * `transitionBegin`, constant outside (Optax's `polynomial_schedule`):
 * `(init − end) · (1 − t / transitionSteps)^power + end`, `t` clipped to `[0, transitionSteps]`.
 *
 * @example
 * polynomialSchedule(1, 0, 2, 10)(5); // 0.25
 */
export function polynomialSchedule(init: number, end: number, power: number, transitionSteps: number, transitionBegin = 0): Schedule {
  checkNumber("polynomialSchedule", "transitionSteps", transitionSteps, (x) => x > 0, "> 0");
  return (step) => {
    const t = Math.min(Math.max(step - transitionBegin, 0), transitionSteps);
    return (init - end) * (1 - t / transitionSteps) ** power + end;
  };
}

/**
 * Linear interpolation from `init` to `end` over `transitionSteps` steps after
 * `transitionBegin`, constant outside (Optax's `linear_schedule`).
 *
 * @example
 * const s = linearSchedule(0, 1, 10);
 * [s(0), s(5), s(10), s(20)]; // [0, 0.5, 1, 1]
 */
export function linearSchedule(init: number, end: number, transitionSteps: number, transitionBegin = 0): Schedule {
  return polynomialSchedule(init, end, 1, transitionSteps, transitionBegin);
}

/**
 * Runs `schedules[0]` until `boundaries[0]`, then `schedules[1]` with its step counted
 * from that boundary, and so on (Optax's `join_schedules`): at step `s ≥ boundaries[i−1]`
 * (and before `boundaries[i]`) the value is `schedules[i](s − boundaries[i−1])`.
 *
 * @example
 * const s = joinSchedules([constant(1), linearSchedule(1, 0, 10)], [5]);
 * [s(4), s(5), s(10)]; // [1, 1, 0.5]
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (schedules.length !== boundaries.length + 1) {
    throw new RangeError(
      `joinSchedules: schedules must have one more element than boundaries, got ${schedules.length} schedules ` +
        `and ${boundaries.length} boundaries`,
    );
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i] > boundaries[i - 1])) {
      throw new RangeError(`joinSchedules: boundaries must increase, got [${boundaries.join(", ")}]`);
    }
  }
  const ss = [...schedules];
  const bs = [...boundaries];
  return (step) => {
    let i = 0;
    while (i < bs.length && step >= bs[i]) i++;
    return ss[i](i === 0 ? step : step - bs[i - 1]);
  };
}

/**
 * Options of {@link warmup}.
 * @example
 * warmup(cosineDecay(0.1, 1000), 100, { initValue: 0.01 });
 */
export interface WarmupOptions {
  /** The value at step 0 (default 0). */
  readonly initValue?: number;
}

/**
 * Linear warm-up: from `initValue` (default 0) at step 0 to `schedule(0)` at step
 * `warmupSteps`, then `schedule(step − warmupSteps)`.
 *
 * @example
 * const s = warmup(constant(0.1), 10);
 * [s(0), s(5), s(10), s(100)]; // [0, 0.05, 0.1, 0.1]
 */
export function warmup(schedule: Schedule, warmupSteps: number, options: WarmupOptions = {}): Schedule {
  checkNumber("warmup", "warmupSteps", warmupSteps, (x) => x >= 0, ">= 0");
  if (warmupSteps === 0) return schedule;
  return joinSchedules([linearSchedule(options.initValue ?? 0, schedule(0), warmupSteps), schedule], [warmupSteps]);
}

/**
 * Linear warm-up from `initValue` to `peakValue` over `warmupSteps`, then cosine decay to
 * `endValue` at step `decaySteps` (which counts the warm-up, as Optax's
 * `warmup_cosine_decay_schedule`).
 *
 * @example
 * const s = warmupCosineDecay(0, 1, 10, 110);
 * [s(0), s(10), s(60), s(110)]; // [0, 1, 0.5, 0]
 */
export function warmupCosineDecay(initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, endValue = 0): Schedule {
  checkNumber("warmupCosineDecay", "decaySteps", decaySteps, (x) => x > warmupSteps, `> warmupSteps (${warmupSteps})`);
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return warmup(cosineDecay(peakValue, decaySteps - warmupSteps, alpha), warmupSteps, { initValue });
}
