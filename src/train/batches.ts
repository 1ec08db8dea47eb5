/**
 * Mini-batches as index tensors: shuffle the example indices with a PRNG key, cut them
 * into batches, gather the rows of each batch with {@link takeRows}. Pure: the same key
 * gives the same batches; derive a key per epoch (`random.foldIn(key, epoch)`) to
 * reshuffle every epoch.
 * @module
 */
import { take } from "../ops/indexing";
import { permutation } from "../random/permutation";
import { checkKey, type PRNGKey } from "../random/key";
import { ConcreteTensor } from "../tensor/concrete";
import { Tensor } from "../tensor/tensor";

/**
 * Options of {@link batches}.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * train.batches(random.key(0), 60000, 128, { dropRemainder: true } satisfies train.BatchOptions).length; // => 468
 * ```
 */
export interface BatchOptions {
  /** Leave out the last batch when it is smaller than `batchSize` (default `false`). */
  readonly dropRemainder?: boolean;
  /** Shuffle the indices with the key (default `true`); `false` keeps 0..n−1 in order. */
  readonly shuffle?: boolean;
}

function checkCount(op: string, name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`${op}: ${name} must be an integer ≥ ${min}, got ${n}`);
}

function indexTensor(values: Int32Array): Tensor<[number]> {
  return new ConcreteTensor(values, [values.length] as [number], "int32");
}

/**
 * The indices 0..n−1, shuffled by `key`, cut into int32 index tensors of `batchSize`
 * (the last one smaller unless `dropRemainder`). Every index appears exactly once per
 * call (except those dropped with the remainder).
 * @example
 * ```ts
 * import { arange, random, train } from "purediff";
 * const key = random.key(0);
 * const x = arange(10).reshape([5, 2]);
 * const y = arange(5);
 * const sizes: number[] = [];
 * for (let epoch = 0; epoch < 2; epoch++) {
 *   for (const idx of train.batches(random.foldIn(key, epoch), 5, 2, { dropRemainder: true })) {
 *     const [xb, yb] = [train.takeRows(x, idx), train.takeRows(y, idx)];
 *     // ... one optimizer step on (xb, yb)
 *     sizes.push(xb.shape[0]);
 *   }
 * }
 * sizes; // => [2, 2, 2, 2]
 * ```
 */
export function batches(key: PRNGKey, n: number, batchSize: number, options: BatchOptions = {}): Tensor<[number]>[] {
  checkCount("batches", "n", n, 0);
  checkCount("batches", "batchSize", batchSize, 1);
  let order: Int32Array;
  if (options.shuffle === false) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  } else {
    checkKey("batches", key);
    order = permutation(key, n).data() as Int32Array;
  }
  const out: Tensor<[number]>[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    if (end - start < batchSize && options.dropRemainder === true) break;
    out.push(indexTensor(order.slice(start, end)));
  }
  return out;
}

/**
 * Index tensors of a split into training and validation examples.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * const { train: trainIdx, validation }: train.TrainValidationIndices = train.trainValidationSplit(random.key(0), 150, 0.2);
 * [trainIdx.shape, validation.shape]; // => [[120], [30]]
 * ```
 */
export interface TrainValidationIndices {
  /** Indices of the training examples (int32). */
  readonly train: Tensor<[number]>;
  /** Indices of the validation examples (int32). */
  readonly validation: Tensor<[number]>;
}

/**
 * A random split of the indices 0..n−1: `round(n × fraction)` of them for validation,
 * the rest for training; disjoint, together all of 0..n−1.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * const { x } = train.loadIris();
 * const { train: trainIdx, validation } = train.trainValidationSplit(random.key(0), 150, 0.2);
 * validation.shape; // => [30]
 * const xVal = train.takeRows(x, validation);
 * xVal.shape; // => [30, 4]
 * ```
 */
export function trainValidationSplit(key: PRNGKey, n: number, fraction: number): TrainValidationIndices {
  checkCount("trainValidationSplit", "n", n, 0);
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new Error(`trainValidationSplit: fraction must be in [0, 1], got ${fraction}`);
  }
  checkKey("trainValidationSplit", key);
  const order = permutation(key, n).data() as Int32Array;
  const nVal = Math.round(n * fraction);
  return {
    validation: indexTensor(order.slice(0, nVal)),
    train: indexTensor(order.slice(nVal)),
  };
}

/**
 * The rows (entries along axis 0) of `x` at `indices`, in that order (a gather with
 * `take`, so it is differentiable and works inside transforms).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.takeRows(tensor([[1, 2], [3, 4], [5, 6]]), tensor([2, 0], "int32")).toArray(); // => [[5, 6], [1, 2]]
 * ```
 */
export function takeRows<const R extends readonly number[]>(x: Tensor<[number, ...R]>, indices: Tensor<[number]> | readonly number[]): Tensor<[number, ...R]> {
  if (x.shape.length === 0) throw new Error("takeRows: x must have at least one axis, got a scalar");
  const idx = indices instanceof Tensor ? indices : indexTensor(Int32Array.from(indices));
  return take(x as Tensor, idx, 0) as Tensor as Tensor<[number, ...R]>;
}
