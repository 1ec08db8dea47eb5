/**
 * Metrics of a training loop: classification accuracy (argmax of the predictions against
 * int32 labels) and running means, the pure accumulators of per-batch values weighted by
 * the batch size.
 * @module
 */
import { astype } from "../../ops/gradient-control";
import { equal } from "../../ops/compare";
import { argmax, sum } from "../../ops/reduce";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";

function checkLabels(fn: string, predictions: Tensor, labels: Tensor): void {
  if (labels.dtype !== "int32") throw new Error(`${fn}: labels must be int32 class indices, got ${labels.dtype}`);
  const batch = predictions.shape.slice(0, -1);
  if (predictions.shape.length === 0 || batch.length !== labels.shape.length || batch.some((d, i) => d !== labels.shape[i])) {
    throw new Error(
      `${fn}: predictions of shape ${showShape(predictions.shape)} need labels of shape ${showShape(batch)} (one per row of classes), got ${showShape(labels.shape)}`,
    );
  }
}

/**
 * The number of rows whose highest-scoring class (argmax over the last axis) is the
 * label, as a float32 scalar tensor. Traceable (works inside `jit`).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.correctCount(tensor([[2, 1], [0, 3]]), tensor([0, 0], "int32")).toArray(); // => 1
 * ```
 */
export function correctCount(predictions: Tensor, labels: Tensor): Tensor<[]> {
  checkLabels("correctCount", predictions, labels);
  return sum(astype(equal(argmax(predictions, -1), labels), "float32")) as Tensor<[]>;
}

/**
 * The fraction of rows whose argmax over the last axis equals the int32 label, in [0, 1]
 * (0 for an empty batch).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.accuracy(tensor([[2, 1], [0, 3]]), tensor([0, 0], "int32")); // => 0.5
 * ```
 */
export function accuracy(predictions: Tensor, labels: Tensor): number {
  checkLabels("accuracy", predictions, labels);
  const n = labels.size;
  return n === 0 ? 0 : correctCount(predictions, labels).item() / n;
}

/**
 * A running (weighted) mean: the sum of `value × weight` and the sum of the weights.
 * Immutable: {@link addToMean} returns a new one.
 * @example
 * ```ts
 * import { train } from "purediff";
 * let m = train.runningMean();
 * // a batch of 32 with mean loss 0.5
 * m = train.addToMean(m, 0.5, 32); // => { total: 16, weight: 32 }
 * train.meanOf(m); // => 0.5
 * ```
 */
export interface RunningMean {
  readonly total: number;
  readonly weight: number;
}

/**
 * An empty running mean.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.meanOf(train.runningMean()); // => NaN
 * ```
 */
export function runningMean(): RunningMean {
  return Object.freeze({ total: 0, weight: 0 });
}

/**
 * The running mean with `value` added with weight `weight` (default 1, e.g. the batch
 * size for a batch-mean loss).
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.meanOf(train.addToMean(train.addToMean(train.runningMean(), 1, 3), 3, 1)); // => 1.5
 * ```
 */
export function addToMean(m: RunningMean, value: number, weight = 1): RunningMean {
  if (!(weight >= 0)) throw new Error(`addToMean: weight must be a number ≥ 0, got ${weight}`);
  return Object.freeze({ total: m.total + value * weight, weight: m.weight + weight });
}

/**
 * The current mean (NaN when nothing was added).
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.meanOf(train.addToMean(train.runningMean(), 2)); // => 2
 * ```
 */
export function meanOf(m: RunningMean): number {
  return m.weight === 0 ? NaN : m.total / m.weight;
}
