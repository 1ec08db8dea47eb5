/**
 * The history of a training run: one record per epoch, and its curves as chart series
 * (for `lineChartSvg` and `lineChartTerminal`).
 * @module
 */
import type { Series } from "../plot/line-chart";

/**
 * What one epoch measured. Training values are the means over the epoch's steps (each at
 * the params before its update); validation values are measured after the epoch.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.serial(nn.dense(8), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const result = train.fit({ model: net, params, optimizer: optim.adam(1e-2), data: { x, y }, validation: { fraction: 0.2 }, epochs: 2, batchSize: 32, key: random.key(1), progress: train.silentProgress() });
 * const { epoch, loss, valAccuracy, seconds }: train.EpochRecord = result.history[0];
 * epoch; // => 1
 * ```
 */
export interface EpochRecord {
  /** The epoch, from 1. */
  readonly epoch: number;
  /** The mean training loss over the epoch's examples. */
  readonly loss: number;
  /** The mean training accuracy (classification only). */
  readonly accuracy?: number;
  /** The validation loss after the epoch (with validation data). */
  readonly valLoss?: number;
  /** The validation accuracy after the epoch (classification with validation data). */
  readonly valAccuracy?: number;
  /** Wall-clock seconds of the epoch (training and validation). */
  readonly seconds: number;
  /** Optimizer steps taken in the epoch. */
  readonly steps: number;
}

/**
 * The loss curves (train, and validation dashed) and the accuracy curves of a history,
 * against the epoch: ready for `lineChartSvg({ series })` or `lineChartTerminal(series)`.
 * Curves without values (e.g. accuracy of a regression) are left out.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const result = train.fit({ model: net, params, optimizer: optim.adam(1e-2), data: { x, y }, epochs: 3, batchSize: 50, key: random.key(1), progress: train.silentProgress() });
 * const { loss, accuracy } = train.historySeries(result.history);
 * loss.map((s) => s.name); // => ["train loss"]
 * writeFileSync(join(tmpdir(), "loss.svg"), train.lineChartSvg({ title: "loss", series: loss }));
 * ```
 */
export function historySeries(history: readonly EpochRecord[]): { readonly loss: readonly Series[]; readonly accuracy: readonly Series[] } {
  const curve = (name: string, pick: (r: EpochRecord) => number | undefined, dashed: boolean): Series | undefined => {
    const points = history.filter((r) => pick(r) !== undefined).map((r) => [r.epoch, pick(r) as number] as const);
    return points.length === 0 ? undefined : { name, points, dashed };
  };
  const defined = (s: readonly (Series | undefined)[]): Series[] => s.filter((x): x is Series => x !== undefined);
  return {
    loss: defined([curve("train loss", (r) => r.loss, false), curve("validation loss", (r) => r.valLoss, true)]),
    accuracy: defined([curve("train accuracy", (r) => r.accuracy, false), curve("validation accuracy", (r) => r.valAccuracy, true)]),
  };
}
