/**
 * The error `fit` throws when the loss stops being a finite number: it names where it
 * happened and carries everything needed to go on (the last params with a finite loss,
 * the optimizer state that goes with them, the finished epochs' history).
 * @module
 */
import type { EpochRecord } from "./history";

/**
 * Training diverged: the loss of a step was NaN or ±∞. Nothing is lost: `lastGoodParams`
 * are the params of the last step whose loss was finite (with `lastGoodOptState`), and
 * `history` holds the finished epochs.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const model = nn.dense(3);
 * let [, params] = model.init(random.key(0), [-1, 4]);
 * let diverged = false;
 * try {
 *   train.fit({ model, params, optimizer: optim.sgd(1e38), data: { x, y }, epochs: 3, batchSize: 32, key: random.key(1), progress: train.silentProgress() });
 * } catch (e) {
 *   // e.epoch, e.step
 *   if (e instanceof train.TrainingDivergedError) [params, diverged] = [e.lastGoodParams as typeof params, true];
 * }
 * diverged; // => true
 * ```
 */
export class TrainingDivergedError<P = unknown, S = unknown> extends Error {
  override readonly name = "TrainingDivergedError";
  /** The epoch (from 1) of the failing step. */
  readonly epoch: number;
  /** The step (from 1) within that epoch. */
  readonly step: number;
  /** Steps in that epoch. */
  readonly steps: number;
  /** The loss that was not finite (NaN, Infinity or -Infinity). */
  readonly loss: number;
  /** The params of the last step with a finite loss (the initial params if the first step failed). */
  readonly lastGoodParams: P;
  /** The optimizer state that goes with `lastGoodParams`. */
  readonly lastGoodOptState: S;
  /** The records of the epochs finished before. */
  readonly history: readonly EpochRecord[];

  /**
   * @example new TrainingDivergedError({ epoch: 2, step: 5, steps: 10, loss: NaN, lastGoodParams, lastGoodOptState, history: [] })
   */
  constructor(info: {
    readonly epoch: number;
    readonly step: number;
    readonly steps: number;
    readonly loss: number;
    readonly lastGoodParams: P;
    readonly lastGoodOptState: S;
    readonly history: readonly EpochRecord[];
    readonly fn?: string;
  }) {
    super(
      `${info.fn ?? "fit"}: the loss became ${info.loss} at epoch ${info.epoch}, step ${info.step} of ${info.steps}: training diverged ` +
        `(learning rate too high? unscaled inputs? a log of 0?). Stopped; the params of the last step with a finite loss are in ` +
        `error.lastGoodParams (optimizer state in error.lastGoodOptState, finished epochs in error.history)`,
    );
    this.epoch = info.epoch;
    this.step = info.step;
    this.steps = info.steps;
    this.loss = info.loss;
    this.lastGoodParams = info.lastGoodParams;
    this.lastGoodOptState = info.lastGoodOptState;
    this.history = info.history;
  }
}
