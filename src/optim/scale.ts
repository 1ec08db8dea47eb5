/**
 * Scaling updates: by a constant (`scale`) and by a learning rate or schedule
 * (`scaleByLearningRate`, which multiplies by −lr: the Optax convention that turns a
 * gradient into a descent step).
 */
import { mul, neg } from "../ops/arithmetic";
import { astype } from "../ops/gradient-control";
import { reshape } from "../ops/shape";
import { scalar } from "../tensor/create";
import type { FloatDType } from "../tensor/dtype";
import { Tensor } from "../tensor/tensor";
import { castLike, checkNumber, flattenTensors, freeze, rebuild } from "./leaves";
import { floatDTypeOf, increment, readCount, readFloat, zeroCount } from "./scalars";
import type { Schedule } from "./schedules";
import type { EmptyFn, EmptyState, GradientTransformation, StateFn } from "./types";

/**
 * `f` applied to every leaf of an update tree (internal).
 * @example
 * mapUpdates("optim.scale.update", updates, (g) => mul(g, 2));
 */
export function mapUpdates<P>(operation: string, updates: P, f: (g: Tensor) => Tensor): P {
  const { leaves, def } = flattenTensors(operation, "updates", updates);
  return rebuild<P>(def, leaves.map(f));
}

/**
 * Multiplies every update by `factor`: `u ← factor · u` (Optax's `scale`). No state.
 * Numbers adopt each leaf's dtype, so float32 updates stay float32.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const [u] = optim.scale(-0.1).update({ w: tensor([1, 2]) }, {}); // { w: [-0.1, -0.2] }
 * ```
 */
export function scale(factor: number): GradientTransformation<EmptyFn> {
  checkNumber("scale", "factor", factor, Number.isFinite, "a finite number");
  return {
    init: () => freeze({}) as EmptyState,
    update: <P>(updates: P, state: EmptyState): readonly [P, EmptyState] => [mapUpdates("optim.scale.update", updates, (g) => mul(g, factor)), state],
  };
}

/**
 * State of {@link scaleByLearningRate}: scalar tensors, so the state passes through `jit`.
 * @example
 * ```ts
 * import { optim, scalar } from "purediff";
 * const s: optim.ScaleByLearningRateState = { count: scalar(0, "int32"), learningRate: scalar(0.1) };
 * ```
 */
export interface ScaleByLearningRateState {
  /** Updates done so far (an int32 scalar). */
  readonly count: Tensor<[]>;
  /**
   * The learning rate the next update applies (a float scalar, float64 when a param is
   * float64, else float32): `schedule(count)` for a schedule; for a fixed rate, the rate
   * itself (replace it, immutably, to change the rate between steps, as Optax's
   * `inject_hyperparams` does; a plain number put there is read in the updates' dtype).
   */
  readonly learningRate: Tensor<[]>;
}

/**
 * State function of {@link scaleByLearningRate}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.ScaleByLearningRateFn> = optim.scaleByLearningRate(0.1);
 * ```
 */
export interface ScaleByLearningRateFn extends StateFn {
  readonly state: ScaleByLearningRateState;
}

/**
 * Options of {@link scaleByLearningRate}.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * // ascent: u ← 0.1 · u
 * const ascent = optim.scaleByLearningRate(0.1, { flipSign: false });
 * const grads = { w: tensor([1, -2]) };
 * ascent.update(grads, ascent.init(grads))[0].w.toArray(); // => [0.1, -0.2]
 * ```
 */
export interface ScaleByLearningRateOptions {
  /** Multiply by `−lr` (the default: a descent step) rather than by `lr`. */
  readonly flipSign?: boolean;
}

/**
 * `schedule(step)` as a scalar of `dtype`, or a TypeError when the schedule does not
 * return a one-element tensor (a schedule written for plain numbers).
 */
function scheduleAt(schedule: Schedule, step: Tensor<[]>, dtype: FloatDType): Tensor<[]> {
  const value: unknown = schedule(step);
  if (!(value instanceof Tensor) || value.size !== 1) {
    const got = value instanceof Tensor ? `a tensor of shape [${value.shape.join(",")}]` : `${typeof value} ${String(value)}`;
    throw new TypeError(
      `scaleByLearningRate: the schedule must return a scalar tensor, got ${got}; a schedule receives the step ` +
        `as an int32 scalar tensor and computes with ops (where, minimum, cos, pow, ...), as the optim schedules do`,
    );
  }
  const v = value.shape.length === 0 ? (value as Tensor<[]>) : (reshape(value, []) as Tensor<[]>);
  return v.dtype === dtype ? v : astype(v, dtype);
}

/**
 * Multiplies updates by `−lr` (Optax's `scale_by_learning_rate`): `u ← −η_t · u` with
 * `η_t = lr` or `lr(t)`, `t` the number of updates done before this one (0 first). The
 * state `{ count, learningRate }` (an int32 and a float scalar tensor) shows the rate the
 * next update applies; the update is written with ops, so it traces under `jit`. The
 * rate is rounded to each update leaf's dtype, so float32 updates stay float32.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const grads = { w: tensor([1, 2]) };
 * const t = optim.scaleByLearningRate(optim.exponentialDecay(0.1, 100, 0.5));
 * const s = t.init(grads); // => { count: 0, learningRate: 0.1 }
 * // u = −0.1 · grads; s1.learningRate = 0.1 · 0.5^(1/100)
 * const [u, s1] = t.update(grads, s);
 * u.w.toArray(); // => [-0.1, -0.2]
 * s1.count.item(); // => 1
 * s1.learningRate.item(); // => 0.09930925
 * ```
 */
export function scaleByLearningRate(lr: number | Schedule, options: ScaleByLearningRateOptions = {}): GradientTransformation<ScaleByLearningRateFn> {
  const flip = options.flipSign ?? true;
  if (typeof lr === "number") {
    checkNumber("scaleByLearningRate", "lr", lr, Number.isFinite, "a finite number or a schedule");
    checkNumber("scaleByLearningRate", "lr", lr, (x) => x >= 0, "at least 0 (to climb a function, take the gradient of its negation, or use flipSign: false)");
  } else if (typeof lr !== "function") {
    throw new TypeError(`scaleByLearningRate: lr must be a number or a schedule (step => scalar tensor), got ${typeof lr}`);
  }
  return {
    init: <P>(params: P): ScaleByLearningRateState => {
      const dtype = floatDTypeOf(params);
      const learningRate = typeof lr === "number" ? scalar(lr, dtype) : scheduleAt(lr, zeroCount(), dtype);
      return freeze({ count: zeroCount(), learningRate });
    },
    update: <P>(updates: P, state: ScaleByLearningRateState): readonly [P, ScaleByLearningRateState] => {
      const op = "optim.scaleByLearningRate.update";
      const { leaves, def } = flattenTensors(op, "updates", updates);
      const learningRate = readFloat(op, "state.learningRate", state.learningRate, floatDTypeOf(leaves));
      const count = increment(readCount(op, "state.count", state.count));
      const factor = flip ? neg(learningRate) : learningRate;
      const next = typeof lr === "number" ? learningRate : scheduleAt(lr, count, learningRate.dtype as FloatDType);
      return [
        rebuild<P>(
          def,
          leaves.map((g) => mul(g, castLike(factor, g))),
        ),
        freeze({ count, learningRate: next }),
      ];
    },
  };
}
