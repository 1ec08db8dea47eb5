/**
 * Early stopping as a pure state machine (Keras' `EarlyStopping`): after each epoch,
 * `update` reads the monitored value; the state remembers the best value, its epoch and a
 * snapshot (the params then), and says `stop` once `patience` epochs in a row brought
 * no improvement of more than `minDelta`.
 * @module
 */

/**
 * Which number of an epoch's record to watch.
 * @example
 * ```ts
 * import { train } from "purediff";
 * // mode "max"
 * const m: train.Monitor = "valAccuracy"; // => "valAccuracy"
 * ```
 */
export type Monitor = "loss" | "accuracy" | "valLoss" | "valAccuracy";

/**
 * Options of {@link earlyStopping}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.earlyStopping({ monitor: "valLoss", patience: 3, minDelta: 1e-4, restoreBest: true })
 * ```
 */
export interface EarlyStoppingOptions {
  /** The watched value (default `"valLoss"` when there is validation data, else `"loss"`). */
  readonly monitor?: Monitor;
  /** `"min"` (losses) or `"max"` (accuracies); default from `monitor`. */
  readonly mode?: "min" | "max";
  /** Epochs without improvement before stopping (default 5; 0 stops at the first one; `Infinity` never stops). */
  readonly patience?: number;
  /** An improvement must beat the best value by more than this (default 0). */
  readonly minDelta?: number;
  /** When training ends, return the params of the best epoch instead of the last (default true). */
  readonly restoreBest?: boolean;
}

/**
 * The state after some epochs. `T` is the snapshot kept for the best epoch (the params).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * type Params = { w: ReturnType<typeof tensor> };
 * const stopper = train.earlyStopping({ patience: 2 });
 * const s: train.EarlyStoppingState<Params> = stopper.init();
 * // in "min" mode
 * s.best; // => Infinity
 * ```
 */
export interface EarlyStoppingState<T> {
  /** The best value seen (±Infinity before the first epoch). */
  readonly best: number;
  /** The epoch of the best value (0 before the first). */
  readonly bestEpoch: number;
  /** The snapshot given with the best value (`undefined` before the first, or when not restoring). */
  readonly bestSnapshot: T | undefined;
  /** Epochs since the last improvement. */
  readonly wait: number;
  /** True once training should stop (stays true). */
  readonly stop: boolean;
}

/**
 * The early stopping rule: `init()` and `update(state, epoch, value, snapshot)`, both pure.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const stopper = train.earlyStopping({ patience: 2 });
 * let s = stopper.init<number>();
 * for (const [epoch, loss] of [[1, 0.5], [2, 0.6], [3, 0.7]] as const) s = stopper.update(s, epoch, loss, epoch);
 * s.stop; // => true
 * s.bestEpoch; // => 1
 * ```
 */
export interface EarlyStopping {
  /** The options with their defaults filled in (`monitor` may stay undefined: the caller decides). */
  readonly monitor: Monitor | undefined;
  readonly mode: "min" | "max";
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  /** The state before the first epoch. */
  init<T>(): EarlyStoppingState<T>;
  /** The state after `epoch` whose monitored value is `value`; `snapshot` is kept when it is the best. */
  update<T>(state: EarlyStoppingState<T>, epoch: number, value: number, snapshot?: T): EarlyStoppingState<T>;
}

/**
 * The mode that suits a monitored value: `"max"` for accuracies, `"min"` for losses.
 * @example modeOf("valAccuracy") // "max"
 */
export function modeOf(monitor: Monitor | undefined): "min" | "max" {
  return monitor === "accuracy" || monitor === "valAccuracy" ? "max" : "min";
}

/**
 * True when `value` improves on `best` by more than `minDelta` in `mode` (NaN never does).
 * @example improves(0.4, 0.5, "min", 0.01) // true
 */
export function improves(value: number, best: number, mode: "min" | "max", minDelta: number): boolean {
  if (Number.isNaN(value)) return false;
  return mode === "min" ? value < best - minDelta : value > best + minDelta;
}

/**
 * An early stopping rule (see the module notes). An epoch improves when its value beats
 * the best by more than `minDelta` (lower in "min" mode, higher in "max"); otherwise
 * `wait` grows, and `stop` becomes true when `wait` reaches `patience` (at least 1
 * epoch without improvement). A NaN value never improves.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const stopper = train.earlyStopping({ patience: 1, minDelta: 0.01 });
 * let s = stopper.init<string>();
 * s = stopper.update(s, 1, 0.50, "params after epoch 1");
 * // not better by more than 0.01
 * s = stopper.update(s, 2, 0.495, "params after epoch 2"); // => { best: 0.5, bestEpoch: 1, bestSnapshot: "params after epoch 1", wait: 1, stop: true }
 * s.stop; // => true
 * s.bestSnapshot; // => "params after epoch 1"
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const { monitor, patience = 5, minDelta = 0, restoreBest = true } = options;
  const mode = options.mode ?? modeOf(monitor);
  if (monitor !== undefined && !["loss", "accuracy", "valLoss", "valAccuracy"].includes(monitor)) {
    throw new Error(`earlyStopping: monitor must be "loss", "accuracy", "valLoss" or "valAccuracy", got ${JSON.stringify(monitor)}`);
  }
  if (mode !== "min" && mode !== "max") throw new Error(`earlyStopping: mode must be "min" or "max", got ${JSON.stringify(mode)}`);
  if (!(patience >= 0) || !(Number.isInteger(patience) || patience === Infinity)) {
    throw new Error(`earlyStopping: patience must be an integer ≥ 0 (or Infinity), got ${patience}`);
  }
  if (!(minDelta >= 0 && Number.isFinite(minDelta))) throw new Error(`earlyStopping: minDelta must be a finite number ≥ 0, got ${minDelta}`);
  return Object.freeze({
    monitor,
    mode,
    patience,
    minDelta,
    restoreBest,
    init<T>(): EarlyStoppingState<T> {
      return Object.freeze({ best: mode === "min" ? Infinity : -Infinity, bestEpoch: 0, bestSnapshot: undefined, wait: 0, stop: false });
    },
    update<T>(state: EarlyStoppingState<T>, epoch: number, value: number, snapshot?: T): EarlyStoppingState<T> {
      if (improves(value, state.best, mode, minDelta)) {
        return Object.freeze({ best: value, bestEpoch: epoch, bestSnapshot: snapshot, wait: 0, stop: state.stop });
      }
      const wait = state.wait + 1;
      return Object.freeze({ ...state, wait, stop: state.stop || wait >= Math.max(patience, 1) });
    },
  });
}
