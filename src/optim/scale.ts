/**
 * Scaling updates: by a constant (`scale`) and by a learning rate or schedule
 * (`scaleByLearningRate`, which multiplies by −lr: the Optax convention that turns a
 * gradient into a descent step).
 */
import { mul } from "../ops/arithmetic";
import type { Tensor } from "../tensor/tensor";
import { checkNumber, flattenTensors, freeze, rebuild, stateNumber } from "./leaves";
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
 * const [u] = scale(-0.1).update({ w: tensor([1, 2]) }, {}); // { w: [-0.1, -0.2] }
 */
export function scale(factor: number): GradientTransformation<EmptyFn> {
  checkNumber("scale", "factor", factor, Number.isFinite, "a finite number");
  return {
    init: () => freeze({}) as EmptyState,
    update: <P>(updates: P, state: EmptyState): readonly [P, EmptyState] => [
      mapUpdates("optim.scale.update", updates, (g) => mul(g, factor)),
      state,
    ],
  };
}

/**
 * State of {@link scaleByLearningRate}.
 * @example
 * const s: ScaleByLearningRateState = { count: 0, learningRate: 0.1 };
 */
export interface ScaleByLearningRateState {
  /** Updates done so far. */
  readonly count: number;
  /**
   * The learning rate the next update applies: `schedule(count)` for a schedule; for a
   * fixed rate, the rate itself (replace it, immutably, to change the rate between steps,
   * as Optax's `inject_hyperparams` does).
   */
  readonly learningRate: number;
}

/**
 * State function of {@link scaleByLearningRate}.
 * @example
 * const t: GradientTransformation<ScaleByLearningRateFn> = scaleByLearningRate(0.1);
 */
export interface ScaleByLearningRateFn extends StateFn {
  readonly state: ScaleByLearningRateState;
}

/**
 * Options of {@link scaleByLearningRate}.
 * @example
 * scaleByLearningRate(0.1, { flipSign: false }); // ascent: u ← 0.1 · u
 */
export interface ScaleByLearningRateOptions {
  /** Multiply by `−lr` (the default: a descent step) rather than by `lr`. */
  readonly flipSign?: boolean;
}

/**
 * Multiplies updates by `−lr` (Optax's `scale_by_learning_rate`): `u ← −η_t · u` with
 * `η_t = lr` or `lr(t)`, `t` the number of updates done before this one (0 first). The
 * state `{ count, learningRate }` shows the rate the next update applies.
 *
 * @example
 * const t = scaleByLearningRate(exponentialDecay(0.1, 100, 0.5));
 * let s = t.init(params); // { count: 0, learningRate: 0.1 }
 * const [u, s1] = t.update(grads, s); // u = −0.1 · grads; s1.learningRate = 0.1 · 0.5^(1/100)
 */
export function scaleByLearningRate(
  lr: number | Schedule,
  options: ScaleByLearningRateOptions = {},
): GradientTransformation<ScaleByLearningRateFn> {
  const sign = options.flipSign ?? true ? -1 : 1;
  if (typeof lr === "number") checkNumber("scaleByLearningRate", "lr", lr, Number.isFinite, "a finite number or a schedule");
  else if (typeof lr !== "function") {
    throw new TypeError(`scaleByLearningRate: lr must be a number or a schedule (step => number), got ${typeof lr}`);
  }
  const at = (count: number, current: number): number => (typeof lr === "number" ? current : lr(count));
  return {
    init: () => freeze({ count: 0, learningRate: typeof lr === "number" ? lr : lr(0) }),
    update: <P>(updates: P, state: ScaleByLearningRateState): readonly [P, ScaleByLearningRateState] => {
      const op = "optim.scaleByLearningRate.update";
      const learningRate = stateNumber(op, "state.learningRate", state.learningRate);
      const count = stateNumber(op, "state.count", state.count) + 1;
      const factor = sign * learningRate;
      return [
        mapUpdates(op, updates, (g) => mul(g, factor)),
        freeze({ count, learningRate: at(count, learningRate) }),
      ];
    },
  };
}
