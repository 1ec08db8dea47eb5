/**
 * Evaluation: the mean loss and the accuracy of params on a whole data set, computed in
 * batches by a compiled (`jit`) forward pass in inference mode.
 * @module
 */
import { jit } from "../../core/jit";
import { slice } from "../../ops/indexing";
import type { Tensor } from "../../tensor/tensor";
import { addToMean, meanOf, runningMean } from "./metrics";
import { checkObjective, evaluateObjective, type Objective } from "./objective";

/**
 * The mean loss over the examples and, for classification, the accuracy.
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const { loss, accuracy }: train.Evaluation = train.evaluate({ model: net }, params, x, y);
 * loss; // => 3.477371
 * ```
 */
export interface Evaluation {
  /** The mean loss per example (penalty included). */
  readonly loss: number;
  /** The fraction of correctly classified labels (classification only). */
  readonly accuracy?: number;
  /** The number of examples evaluated. */
  readonly examples: number;
}

/**
 * Options of {@link makeEvaluate}.
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const evaluateAll = train.makeEvaluate({ model: net }, { batchSize: 50 } satisfies train.EvaluateOptions);
 * evaluateAll(params, x, y).accuracy; // => 0.3333333
 * ```
 */
export interface EvaluateOptions {
  /** Rows per forward pass (default 1000): larger is faster, up to memory. */
  readonly batchSize?: number;
  /** Compile the forward pass with `jit` (default true). */
  readonly jit?: boolean;
}

/**
 * An evaluation function for an objective: `(params, x, y) -> { loss, accuracy?, examples }`,
 * running the model in inference mode in batches of `batchSize` rows (the loss of each
 * batch is taken as its mean and weighted by its rows). Compiled once per batch shape.
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * const test = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const evaluateTest = train.makeEvaluate({ model: net }, { batchSize: 2000 });
 * const { accuracy } = evaluateTest(params, test.x, test.y);
 * accuracy; // => 0.3333333
 * ```
 */
export function makeEvaluate<P>(objective: Objective<P>, options: EvaluateOptions = {}): (params: P, x: Tensor, y: Tensor) => Evaluation {
  checkObjective("evaluate", objective);
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`evaluate: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const eager = (params: P, x: Tensor, y: Tensor): { loss: Tensor; correct: Tensor | undefined } => {
    const { loss, correct } = evaluateObjective(objective, params, { x, y }, {});
    return { loss, correct };
  };
  const run = options.jit === false ? eager : jit(eager);
  return (params, x, y) => {
    if (x.shape.length === 0 || y.shape.length === 0) throw new Error("evaluate: x and y need a row axis (axis 0)");
    const n = x.shape[0];
    if (y.shape[0] !== n) throw new Error(`evaluate: x has ${n} rows but y has ${y.shape[0]}`);
    let loss = runningMean();
    let correct = 0;
    let labels = 0;
    let classification = false;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const xb = start === 0 && end === n ? x : sliceRows(x, start, end);
      const yb = start === 0 && end === n ? y : sliceRows(y, start, end);
      const out = run(params, xb, yb);
      loss = addToMean(loss, out.loss.item(), end - start);
      if (out.correct !== undefined) {
        classification = true;
        correct += out.correct.item();
        labels += yb.size;
      }
    }
    const result: Evaluation = classification
      ? { loss: meanOf(loss), accuracy: labels === 0 ? 0 : correct / labels, examples: n }
      : { loss: meanOf(loss), examples: n };
    return Object.freeze(result);
  };
}

/**
 * The mean loss and accuracy of `params` on `(x, y)`: a one-off {@link makeEvaluate}
 * (prefer `makeEvaluate` when evaluating repeatedly, to reuse its compiled program).
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.serial(nn.dense(8), nn.activation(nn.relu), nn.dense(3));
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const { loss, accuracy } = train.evaluate({ model: net }, params, x, y);
 * accuracy; // => 0.3333333
 * ```
 */
export function evaluate<P>(objective: Objective<P>, params: P, x: Tensor, y: Tensor, options: EvaluateOptions = {}): Evaluation {
  return makeEvaluate(objective, options)(params, x, y);
}

/**
 * Rows `start` to `end` (exclusive) of `x`.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.sliceRows(tensor([[1], [2], [3]]), 1, 3).toArray(); // => [[2], [3]]
 * ```
 */
export function sliceRows(x: Tensor, start: number, end: number): Tensor {
  return slice(x, [start], [end]) as Tensor;
}
