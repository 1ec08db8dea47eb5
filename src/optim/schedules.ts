/**
 * Learning-rate schedules: functions from the step count (0 for the first update) to a
 * value, as in Optax, written with ops so they trace under `jit`. A schedule takes the
 * step as a number or a scalar tensor (the int32 count of an optimizer state) and
 * returns a float64 scalar tensor (`.item()` reads it). Piecewise schedules choose with
 * `where`, never with a JS `if` on the step. Pass one wherever a learning rate is taken
 * (`adam(cosineDecay(1e-3, 1000))`); `scaleByLearningRate` evaluates it at its own count
 * and keeps the value, rounded to the params' float dtype, in its state.
 */
import { add, div, maximum, minimum, mul, pow, sub } from "../ops/arithmetic";
import { less, lessEqual, where } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { cos } from "../ops/math";
import { scalar } from "../tensor/create";
import { showShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkNumber } from "./leaves";

/**
 * A learning-rate (or any hyper-parameter) schedule: `step` is the number of updates
 * done so far (0 for the first one), a number or a scalar tensor (int32 in an optimizer
 * state); the value is a scalar tensor (float64 for the schedules of `optim`). Write your
 * own with ops, so that it traces under `jit`.
 * @example
 * ```ts
 * import { add, div, mul, optim } from "purediff";
 * const inverseTime: optim.Schedule = (step) => div(0.1, add(1, mul(0.01, step))); // 0.1 / (1 + t/100)
 * inverseTime(100).item(); // => 0.05
 * ```
 */
export type Schedule = (step: number | Tensor<[]>) => Tensor<[]>;

/** A float64 scalar. */
type F64 = Tensor<[]>;

/** A schedule's value as a float64 scalar (user schedules may return float32). */
function asFloat64(x: Tensor<[]>): F64 {
  return x.dtype === "float64" ? x : astype(x, "float64");
}

function describe(x: unknown): string {
  if (x instanceof Tensor) return `a ${x.dtype} tensor of shape ${showShape(x.shape)}`;
  return x === null ? "null" : typeof x === "object" ? "an object" : `${typeof x} ${String(x)}`;
}

/**
 * The step as a float64 scalar, or a TypeError naming the schedule.
 * @example
 * stepOf("cosineDecay", scalar(3, "int32")); // float64 scalar 3
 */
function stepOf(name: string, step: unknown): F64 {
  if (typeof step === "number") return scalar(step, "float64");
  if (step instanceof Tensor && step.shape.length === 0 && step.dtype !== "bool") {
    return step.dtype === "float64" ? (step as F64) : astype(step as F64, "float64");
  }
  throw new TypeError(`${name}: step must be a number or a scalar tensor (int32 or float), got ${describe(step)}`);
}

/**
 * A schedule from its formula on the float64 step, checking the step's kind.
 * @example
 * const half = schedule("half", (t) => mul(t, 0.5));
 */
function schedule(name: string, formula: (t: F64) => F64): Schedule {
  return (step) => formula(stepOf(name, step));
}

/**
 * `⌊x⌋` of a float64 scalar with ops (for |x| < 2³¹): the int32 conversion truncates
 * toward zero, one less where that is above `x`.
 * @example
 * floor(scalar(-1.5, "float64")).item(); // -2
 */
function floor(x: F64): F64 {
  const t = astype(astype(x, "int32"), "float64");
  return where(less(x, t), sub(t, 1), t) as F64;
}

/**
 * `branches[i]` where `i` is the number of `boundaries` that are `≤ t` (`branches` has one
 * more element than the increasing `boundaries`), chosen with `where`.
 * @example
 * piecewise(t, [10], [a, b]); // a before step 10, b from 10 on
 */
function piecewise(t: F64, boundaries: readonly number[], branches: readonly F64[]): F64 {
  let out = branches[branches.length - 1];
  for (let i = boundaries.length - 1; i >= 0; i--) out = where(less(t, boundaries[i]), branches[i], out) as F64;
  return out;
}

/**
 * The same value at every step.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.constant(0.1)(1000).item(); // => 0.1
 * ```
 */
export function constant(value: number): Schedule {
  return schedule("constant", () => scalar(value, "float64"));
}

/**
 * Options of {@link exponentialDecay}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.exponentialDecay(0.1, 1000, 0.96, { staircase: true, transitionBegin: 100, endValue: 1e-4 });
 * ```
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
 * ```ts
 * import { optim } from "purediff";
 * optim.exponentialDecay(1, 10, 0.5)(5).item(); // => 0.7071068
 * optim.exponentialDecay(1, 10, 0.5, { staircase: true })(15).item(); // => 0.5
 * ```
 */
export function exponentialDecay(init: number, transitionSteps: number, decayRate: number, options: ExponentialDecayOptions = {}): Schedule {
  checkNumber("exponentialDecay", "transitionSteps", transitionSteps, (x) => x > 0, "> 0");
  checkNumber("exponentialDecay", "decayRate", decayRate, (x) => x >= 0, ">= 0");
  const { staircase = false, transitionBegin = 0, endValue } = options;
  checkNumber("exponentialDecay", "transitionBegin", transitionBegin, (x) => x >= 0, ">= 0");
  return schedule("exponentialDecay", (step) => {
    const t = maximum(sub(step, transitionBegin), 0) as F64;
    const ratio = div(t, transitionSteps) as F64;
    const decayed = mul(init, pow(decayRate, staircase ? floor(ratio) : ratio)) as F64;
    const bounded = endValue === undefined ? decayed : decayRate < 1 ? maximum(decayed, endValue) : minimum(decayed, endValue);
    return where(lessEqual(t, 0), init, bounded) as F64;
  });
}

/**
 * `init · gamma^floor(step / stepSize)`: multiply by `gamma` every `stepSize` steps
 * (PyTorch's `StepLR`; the staircase form of {@link exponentialDecay}).
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.stepDecay(0.1, 30, 0.1);
 * [0, 29, 30, 60].map((t) => s(t).item()); // => [0.1, 0.1, 0.01, 0.001]
 * ```
 */
export function stepDecay(init: number, stepSize: number, gamma = 0.1): Schedule {
  checkNumber("stepDecay", "stepSize", stepSize, (x) => x > 0, "> 0");
  return schedule("stepDecay", (step) => mul(init, pow(gamma, floor(div(step, stepSize) as F64))) as F64);
}

/**
 * `values[i]` where `i` is the number of `boundaries` that are `≤ step`: `values[0]`
 * before `boundaries[0]`, `values[1]` from `boundaries[0]` on, … (`values` has one more
 * element than the increasing `boundaries`). Optax's `piecewise_constant_schedule` with
 * the values instead of the scales.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.piecewiseConstant([100, 200], [0.1, 0.01, 0.001]);
 * [0, 99, 100, 250].map((t) => s(t).item()); // => [0.1, 0.1, 0.01, 0.001]
 * ```
 */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  if (values.length !== boundaries.length + 1) {
    throw new RangeError(
      `piecewiseConstant: values must have one more element than boundaries, got ${boundaries.length} boundaries ` + `and ${values.length} values`,
    );
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i] > boundaries[i - 1])) {
      throw new RangeError(`piecewiseConstant: boundaries must increase, got [${boundaries.join(", ")}]`);
    }
  }
  const bs = [...boundaries];
  const vs = [...values];
  return schedule("piecewiseConstant", (step) =>
    piecewise(
      step,
      bs,
      vs.map((v) => scalar(v, "float64")),
    ),
  );
}

/**
 * Cosine decay from `init` to `alpha · init` over `decaySteps`, then constant (Optax's
 * `cosine_decay_schedule`): `init · ((1 − alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps))^exponent + alpha)`.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.cosineDecay(1, 100);
 * [0, 50, 100, 200].map((t) => s(t).item()); // => [1, 0.5, 0, 0]
 * ```
 */
export function cosineDecay(init: number, decaySteps: number, alpha = 0, exponent = 1): Schedule {
  checkNumber("cosineDecay", "decaySteps", decaySteps, (x) => x > 0, "> 0");
  return schedule("cosineDecay", (step) => {
    const t = minimum(maximum(step, 0), decaySteps) as F64;
    const cosine = mul(0.5, add(1, cos(div(mul(Math.PI, t), decaySteps)))) as F64;
    return mul(init, add(mul(1 - alpha, exponent === 1 ? cosine : pow(cosine, exponent)), alpha)) as F64;
  });
}

/** `(init − end) · (1 − t / transitionSteps)^power + end`, `t = step − transitionBegin` clipped to `[0, transitionSteps]`. */
function polynomial(step: F64, init: number, end: F64, power: number, transitionSteps: number, transitionBegin: number): F64 {
  const t = minimum(maximum(sub(step, transitionBegin), 0), transitionSteps) as F64;
  const fraction = sub(1, div(t, transitionSteps)) as F64;
  return add(mul(sub(init, end), power === 1 ? fraction : pow(fraction, power)), end) as F64;
}

/**
 * Polynomial interpolation from `init` to `end` over `transitionSteps` steps after
 * `transitionBegin`, constant outside (Optax's `polynomial_schedule`):
 * `(init − end) · (1 − t / transitionSteps)^power + end`, `t` clipped to `[0, transitionSteps]`.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.polynomialSchedule(1, 0, 2, 10)(5).item(); // => 0.25
 * ```
 */
export function polynomialSchedule(init: number, end: number, power: number, transitionSteps: number, transitionBegin = 0): Schedule {
  checkNumber("polynomialSchedule", "transitionSteps", transitionSteps, (x) => x > 0, "> 0");
  return schedule("polynomialSchedule", (step) => polynomial(step, init, scalar(end, "float64"), power, transitionSteps, transitionBegin));
}

/**
 * Linear interpolation from `init` to `end` over `transitionSteps` steps after
 * `transitionBegin`, constant outside (Optax's `linear_schedule`).
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.linearSchedule(0, 1, 10);
 * [0, 5, 10, 20].map((t) => s(t).item()); // => [0, 0.5, 1, 1]
 * ```
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
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.joinSchedules([optim.constant(1), optim.linearSchedule(1, 0, 10)], [5]);
 * [4, 5, 10].map((t) => s(t).item()); // => [1, 1, 0.5]
 * ```
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (schedules.length !== boundaries.length + 1) {
    throw new RangeError(
      `joinSchedules: schedules must have one more element than boundaries, got ${schedules.length} schedules ` + `and ${boundaries.length} boundaries`,
    );
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i] > boundaries[i - 1])) {
      throw new RangeError(`joinSchedules: boundaries must increase, got [${boundaries.join(", ")}]`);
    }
  }
  const ss = [...schedules];
  const bs = [...boundaries];
  return schedule("joinSchedules", (step) =>
    piecewise(
      step,
      bs,
      ss.map((s, i) => asFloat64(s(i === 0 ? step : (sub(step, bs[i - 1]) as F64)))),
    ),
  );
}

/**
 * Options of {@link warmup}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.warmup(optim.cosineDecay(0.1, 1000), 100, { initValue: 0.01 });
 * ```
 */
export interface WarmupOptions {
  /** The value at step 0 (default 0). */
  readonly initValue?: number;
}

/**
 * Linear warm-up: from `initValue` (default 0) at step 0 to `after(0)` at step
 * `warmupSteps`, then `after(step − warmupSteps)`.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.warmup(optim.constant(0.1), 10);
 * [0, 5, 10, 100].map((t) => s(t).item()); // => [0, 0.05, 0.1, 0.1]
 * ```
 */
export function warmup(after: Schedule, warmupSteps: number, options: WarmupOptions = {}): Schedule {
  checkNumber("warmup", "warmupSteps", warmupSteps, (x) => x >= 0, ">= 0");
  if (warmupSteps === 0) return after;
  const initValue = options.initValue ?? 0;
  return schedule("warmup", (step) => {
    const rising = polynomial(step, initValue, asFloat64(after(0)), 1, warmupSteps, 0);
    return where(less(step, warmupSteps), rising, asFloat64(after(sub(step, warmupSteps) as F64))) as F64;
  });
}

/**
 * Linear warm-up from `initValue` to `peakValue` over `warmupSteps`, then cosine decay to
 * `endValue` at step `decaySteps` (which counts the warm-up, as Optax's
 * `warmup_cosine_decay_schedule`).
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const s = optim.warmupCosineDecay(0, 1, 10, 110);
 * [0, 10, 60, 110].map((t) => s(t).item()); // => [0, 1, 0.5, 0]
 * ```
 */
export function warmupCosineDecay(initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, endValue = 0): Schedule {
  checkNumber("warmupCosineDecay", "decaySteps", decaySteps, (x) => x > warmupSteps, `> warmupSteps (${warmupSteps})`);
  const alpha = peakValue === 0 ? 0 : endValue / peakValue;
  return warmup(cosineDecay(peakValue, decaySteps - warmupSteps, alpha), warmupSteps, { initValue });
}
