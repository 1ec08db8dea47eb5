/**
 * `reduceOnPlateau`: scale the updates down when the loss stops improving (Optax
 * contrib's `reduce_on_plateau`), as a pure transformation that reads `extra.loss`. Its
 * state is scalar tensors and its state machine is written with `where`, so `update`
 * traces under `jit` (the loss may be a traced tensor).
 */
import { add, div, maximum, mul, sub } from "../ops/arithmetic";
import { equal, greater, less, where } from "../ops/compare";
import { scalar } from "../tensor/create";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { castLike, checkNumber, flattenTensors, freeze, rebuild } from "./leaves";
import { floatDTypeOf, increment, readCount, readFloat, scalarOf, zeroCount } from "./scalars";
import type { GradientTransformation, StateFn, UpdateExtra } from "./types";

/**
 * State of {@link reduceOnPlateau}: scalar tensors, counts int32 and values in the params'
 * float dtype (float64 when a param is float64, else float32).
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * // scalar tensors
 * optim.reduceOnPlateau().init({ w: tensor([1]) }); // => { scale: 1, bestValue: Infinity, plateauCount: 0, cooldownCount: 0, count: 0, avgValue: 0 }
 * ```
 */
export interface ReduceOnPlateauState {
  /** The factor the updates are multiplied by (1 at first, times `factor` at each plateau). */
  readonly scale: Tensor<[]>;
  /** The best (lowest) accumulated loss seen so far. */
  readonly bestValue: Tensor<[]>;
  /** Evaluations since the last improvement (int32). */
  readonly plateauCount: Tensor<[]>;
  /** Evaluations left in which plateaus are not counted (int32). */
  readonly cooldownCount: Tensor<[]>;
  /** Losses accumulated since the last evaluation, `< accumulationSize` (int32). */
  readonly count: Tensor<[]>;
  /** Their mean. */
  readonly avgValue: Tensor<[]>;
}

/**
 * State function of {@link reduceOnPlateau}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.ReduceOnPlateauFn> = optim.reduceOnPlateau();
 * ```
 */
export interface ReduceOnPlateauFn extends StateFn {
  readonly state: ReduceOnPlateauState;
}

/**
 * Options of {@link reduceOnPlateau}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.reduceOnPlateau({ factor: 0.5, patience: 5, cooldown: 2, minScale: 1e-3 });
 * ```
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

const OP = "optim.reduceOnPlateau.update";

/** A scalar tensor of the float dtype (internal shorthand). */
type F = Tensor<[]>;

/**
 * Multiplies the updates by a scale that drops by `factor` when the loss has not improved
 * for `patience` evaluations (Optax contrib's `reduce_on_plateau`; place it after the
 * learning rate, e.g. `chain(adam(lr), reduceOnPlateau())`). Each `update` reads
 * `extra.loss` (a number or a one-element tensor, traced or not); every
 * `accumulationSize` updates, their mean `L` is evaluated:
 * - it improves when `L < (1 − rtol)·best − minDelta`: then `best ← L`, plateau count 0;
 * - otherwise the plateau count grows; outside cooldown, when it reaches `patience`,
 *   `scale ← max(scale·factor, minScale)`, the count restarts at 0 and a cooldown of
 *   `cooldown` evaluations begins (during cooldown the count stays 0).
 * The updates are multiplied by the scale after the evaluation. The state is scalar
 * tensors (`state.scale` is the current scale) and every decision is a `where`, so the
 * update traces under `jit`.
 *
 * @example
 * ```ts
 * import { optim, scalar, tensor } from "purediff";
 * const params = { w: tensor([1]) };
 * const grads = { w: tensor([1]) };
 * const opt = optim.chain(optim.sgd(0.1), optim.reduceOnPlateau({ patience: 5, factor: 0.5 }));
 * const [updates, state] = opt.update(grads, opt.init(params), params, { loss: scalar(1) });
 * // 1 until the loss stalls for 5 updates, then 0.5, ...
 * state[1].scale.item(); // => 1
 * ```
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

  /** The state after evaluating the accumulated mean `s.avgValue` (`s.count` reached `accumulationSize`). */
  const evaluate = (s: ReduceOnPlateauState): ReduceOnPlateauState => {
    const improved = less(s.avgValue, sub(mul(s.bestValue, 1 - rtol), minDelta));
    const bestValue = castLike(where(improved, s.avgValue, s.bestValue), s.bestValue) as F;
    const current = where(improved, 0, add(s.plateauCount, 1)) as F;
    const inCooldown = greater(s.cooldownCount, 0);
    const reduce = equal(current, patience);
    const reduced = maximum(where(reduce, mul(s.scale, factor), s.scale), minScale) as F;
    return {
      scale: castLike(where(inCooldown, s.scale, reduced), s.scale) as F,
      bestValue,
      plateauCount: where(inCooldown, 0, where(reduce, 0, current)) as F,
      cooldownCount: where(inCooldown, sub(s.cooldownCount, 1), where(reduce, scalar(cooldown, "int32"), zeroCount())) as F,
      count: zeroCount(),
      avgValue: scalar(0, s.avgValue.dtype),
    };
  };

  return {
    init: <P>(params: P): ReduceOnPlateauState => {
      const dtype = floatDTypeOf(params);
      return freeze({
        scale: scalar(1, dtype),
        bestValue: scalar(Infinity, dtype),
        plateauCount: zeroCount(),
        cooldownCount: zeroCount(),
        count: zeroCount(),
        avgValue: scalar(0, dtype),
      });
    },
    update: <P>(updates: P, state: ReduceOnPlateauState, _params?: P, extra?: UpdateExtra): readonly [P, ReduceOnPlateauState] => {
      const { leaves, def } = flattenTensors(OP, "updates", updates);
      const like: FloatDType = floatDTypeOf(leaves);
      const s: ReduceOnPlateauState = {
        scale: readFloat(OP, "state.scale", state.scale, like),
        bestValue: readFloat(OP, "state.bestValue", state.bestValue, like),
        plateauCount: readCount(OP, "state.plateauCount", state.plateauCount),
        cooldownCount: readCount(OP, "state.cooldownCount", state.cooldownCount),
        count: readCount(OP, "state.count", state.count),
        avgValue: readFloat(OP, "state.avgValue", state.avgValue, like),
      };
      const loss = scalarOf(OP, "extra.loss", extra?.loss, s.avgValue.dtype as FloatDType);
      if (loss === undefined) {
        throw new TypeError(`${OP}: needs the current loss: call update(grads, state, params, { loss }), got extra.loss = undefined`);
      }
      const count = increment(s.count);
      const avgValue = castLike(div(add(mul(s.avgValue, s.count), loss), count), s.avgValue) as F;
      const accumulated: ReduceOnPlateauState = { ...s, count, avgValue };
      const evaluated = evaluate(accumulated);
      const due = equal(count, accumulationSize);
      const pick = (key: keyof ReduceOnPlateauState): F => where(due, evaluated[key], accumulated[key]) as F;
      const next: ReduceOnPlateauState = freeze({
        scale: pick("scale"),
        bestValue: pick("bestValue"),
        plateauCount: pick("plateauCount"),
        cooldownCount: pick("cooldownCount"),
        count: pick("count"),
        avgValue: pick("avgValue"),
      });
      return [
        rebuild<P>(
          def,
          leaves.map((g) => mul(g, castLike(next.scale, g))),
        ),
        next,
      ];
    },
  };
}
