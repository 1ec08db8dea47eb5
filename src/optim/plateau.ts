/**
 * `reduceOnPlateau`: scale the updates down when the loss stops improving (Optax
 * contrib's `reduce_on_plateau`), as a pure transformation that reads `extra.loss`.
 */
import { mul } from "../ops/arithmetic";
import { Tensor } from "../tensor/tensor";
import { checkNumber, freeze, stateNumber } from "./leaves";
import { mapUpdates } from "./scale";
import type { GradientTransformation, StateFn, UpdateExtra } from "./types";

/**
 * State of {@link reduceOnPlateau}.
 * @example
 * reduceOnPlateau().init(params);
 * // { scale: 1, bestValue: Infinity, plateauCount: 0, cooldownCount: 0, count: 0, avgValue: 0 }
 */
export interface ReduceOnPlateauState {
  /** The factor the updates are multiplied by (1 at first, times `factor` at each plateau). */
  readonly scale: number;
  /** The best (lowest) accumulated loss seen so far. */
  readonly bestValue: number;
  /** Evaluations since the last improvement. */
  readonly plateauCount: number;
  /** Evaluations left in which plateaus are not counted. */
  readonly cooldownCount: number;
  /** Losses accumulated since the last evaluation (< `accumulationSize`). */
  readonly count: number;
  /** Their mean. */
  readonly avgValue: number;
}

/**
 * State function of {@link reduceOnPlateau}.
 * @example
 * const t: GradientTransformation<ReduceOnPlateauFn> = reduceOnPlateau();
 */
export interface ReduceOnPlateauFn extends StateFn {
  readonly state: ReduceOnPlateauState;
}

/**
 * Options of {@link reduceOnPlateau}.
 * @example
 * reduceOnPlateau({ factor: 0.5, patience: 5, cooldown: 2, minScale: 1e-3 });
 */
export interface ReduceOnPlateauOptions {
  /** Multiplies the scale at each plateau (default 0.1). */
  readonly factor?: number;
  /** Evaluations without improvement that make a plateau (default 10). */
  readonly patience?: number;
  /** Relative improvement needed (default 1e-4, as Optax). */
  readonly rtol?: number;
  /** Absolute improvement needed (default 0; Optax's `atol`, Keras' `min_delta`). */
  readonly minDelta?: number;
  /** Evaluations after a reduction during which no plateau is counted (default 0). */
  readonly cooldown?: number;
  /** The scale never goes below this (default 0). */
  readonly minScale?: number;
  /** Number of losses averaged into one evaluation (default 1: every update). */
  readonly accumulationSize?: number;
}

function lossOf(extra: UpdateExtra | undefined): number {
  const loss = extra?.loss;
  if (typeof loss === "number") return loss;
  if (loss instanceof Tensor) return loss.item();
  throw new TypeError(
    `optim.reduceOnPlateau.update: needs the current loss: call update(grads, state, params, { loss }), ` +
      `got extra.loss = ${loss === undefined ? "undefined" : typeof loss}`,
  );
}

/**
 * Multiplies the updates by a scale that drops by `factor` when the loss has not improved
 * for `patience` evaluations (Optax contrib's `reduce_on_plateau`; place it after the
 * learning rate, e.g. `chain(adam(lr), reduceOnPlateau())`). Each `update` reads
 * `extra.loss`; every `accumulationSize` updates, their mean `L` is evaluated:
 * - it improves when `L < (1 − rtol)·best − minDelta`: then `best ← L`, plateau count 0;
 * - otherwise the plateau count grows; outside cooldown, when it reaches `patience`,
 *   `scale ← max(scale·factor, minScale)`, the count restarts at 0 and a cooldown of
 *   `cooldown` evaluations begins (during cooldown the count stays 0).
 * The updates are multiplied by the scale after the evaluation. The state is plain
 * numbers; `state.scale` is the current scale.
 *
 * @example
 * const opt = chain(sgd(0.1), reduceOnPlateau({ patience: 5, factor: 0.5 }));
 * const [updates, state] = opt.update(grads, opt.init(params), params, { loss });
 * state[1].scale; // 1 until the loss stalls for 5 updates, then 0.5, ...
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions = {}): GradientTransformation<ReduceOnPlateauFn> {
  const { factor = 0.1, patience = 10, rtol = 1e-4, minDelta = 0, cooldown = 0, minScale = 0, accumulationSize = 1 } = options;
  checkNumber("reduceOnPlateau", "factor", factor, (x) => x >= 0 && x <= 1, "in [0, 1]");
  checkNumber("reduceOnPlateau", "patience", patience, (x) => Number.isInteger(x) && x >= 1, "an integer >= 1");
  checkNumber("reduceOnPlateau", "rtol", rtol, (x) => x >= 0 && x < 1, "in [0, 1)");
  checkNumber("reduceOnPlateau", "minDelta", minDelta, (x) => x >= 0 && Number.isFinite(x), "a finite number >= 0");
  checkNumber("reduceOnPlateau", "cooldown", cooldown, (x) => Number.isInteger(x) && x >= 0, "an integer >= 0");
  checkNumber("reduceOnPlateau", "minScale", minScale, (x) => x >= 0 && x <= 1, "in [0, 1]");
  checkNumber("reduceOnPlateau", "accumulationSize", accumulationSize, (x) => Number.isInteger(x) && x >= 1, "an integer >= 1");

  const evaluate = (s: ReduceOnPlateauState): ReduceOnPlateauState => {
    const improved = s.avgValue < (1 - rtol) * s.bestValue - minDelta;
    const bestValue = improved ? s.avgValue : s.bestValue;
    const current = improved ? 0 : s.plateauCount + 1;
    let plateauCount: number;
    let scaleNext: number;
    let cooldownCount: number;
    if (s.cooldownCount > 0) {
      plateauCount = 0;
      scaleNext = s.scale;
      cooldownCount = s.cooldownCount - 1;
    } else {
      const reduce = current === patience;
      plateauCount = reduce ? 0 : current;
      scaleNext = Math.max(reduce ? s.scale * factor : s.scale, minScale);
      cooldownCount = reduce ? cooldown : 0;
    }
    return { scale: scaleNext, bestValue, plateauCount, cooldownCount, count: 0, avgValue: 0 };
  };

  return {
    init: () => freeze({ scale: 1, bestValue: Infinity, plateauCount: 0, cooldownCount: 0, count: 0, avgValue: 0 }),
    update: <P>(updates: P, state: ReduceOnPlateauState, _params?: P, extra?: UpdateExtra): readonly [P, ReduceOnPlateauState] => {
      const loss = lossOf(extra);
      for (const key of ["scale", "bestValue", "plateauCount", "cooldownCount", "count", "avgValue"] as const) {
        stateNumber("optim.reduceOnPlateau.update", `state.${key}`, state[key]);
      }
      const count = state.count + 1;
      const avgValue = (state.count * state.avgValue + loss) / count;
      const accumulated: ReduceOnPlateauState = { ...state, count, avgValue };
      const next = freeze(count === accumulationSize ? evaluate(accumulated) : accumulated);
      const s = next.scale;
      return [mapUpdates("optim.reduceOnPlateau.update", updates, (g) => mul(g, s)), next];
    },
  };
}
