/**
 * Feature standardization as a pure pair: {@link fitStandardizer} learns each column's
 * mean and standard deviation from the training rows, {@link applyStandardizer} maps
 * any rows (training, validation, test) with those statistics to `(x − mean) / std`.
 * Fitting on the training set only keeps test information out of training.
 * @module
 */
import { ConcreteTensor } from "../../tensor/concrete";
import { allocate, isFloat } from "../../tensor/dtype";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";

/**
 * Per-column statistics learnt by {@link fitStandardizer}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const s: train.Standardizer<30> = train.fitStandardizer(train.loadBreastCancer().x);
 * ```
 */
export interface Standardizer<F extends number = number> {
  /** The mean of each column (float64). */
  readonly mean: Tensor<[F]>;
  /**
   * The population standard deviation of each column (float64); a constant column
   * gets 1, so it maps to 0 rather than NaN (as scikit-learn's `StandardScaler`).
   */
  readonly std: Tensor<[F]>;
}

function checkMatrix(op: string, x: Tensor): [number, number] {
  if (x.shape.length !== 2) throw new Error(`${op}: expected a matrix [rows, features], got shape ${showShape(x.shape)}`);
  return [x.shape[0], x.shape[1]];
}

/**
 * The mean and standard deviation of each column of `x` (rows are examples),
 * accumulated in float64.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const s = train.fitStandardizer(tensor([[1, 10], [3, 10]]));
 * s.mean.toArray(); // => [2, 10]
 * // the constant column gets 1
 * s.std.toArray(); // => [1, 1]
 * ```
 */
export function fitStandardizer<F extends number>(x: Tensor<[number, F]>): Standardizer<F> {
  const [rows, cols] = checkMatrix("fitStandardizer", x);
  if (rows === 0) throw new Error("fitStandardizer: cannot fit on 0 rows");
  const data = x.data();
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += Number(data[r * cols + c]);
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = Number(data[r * cols + c]) - mean[c];
      std[c] += d * d;
    }
  }
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(std[c] / rows);
    std[c] = s > 0 && Number.isFinite(s) ? s : 1;
  }
  return {
    mean: new ConcreteTensor(mean, [cols] as [F], "float64"),
    std: new ConcreteTensor(std, [cols] as [F], "float64"),
  };
}

/**
 * `(x − mean) / std` column by column, with statistics from {@link fitStandardizer};
 * the result has the dtype of `x` (float32 unless `x` is float64).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const xTrain = tensor([[1, 10], [3, 30]]);
 * const xTest = tensor([[2, 50]]);
 * const s = train.fitStandardizer(xTrain);
 * const trainX = train.applyStandardizer(s, xTrain);
 * // the training statistics, never the test's
 * const testX = train.applyStandardizer(s, xTest); // => [[0, 3]]
 * ```
 */
export function applyStandardizer<F extends number>(s: Standardizer<F>, x: Tensor<[number, F]>): Tensor<[number, F]> {
  const [rows, cols] = checkMatrix("applyStandardizer", x);
  if (s.mean.shape[0] !== cols) {
    throw new Error(`applyStandardizer: x has ${cols} features, the standardizer was fitted on ${s.mean.shape[0]}`);
  }
  const data = x.data();
  const mean = s.mean.data();
  const std = s.std.data();
  const dtype = isFloat(x.dtype) ? x.dtype : "float32";
  const out = allocate(dtype, rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = (Number(data[r * cols + c]) - mean[c]) / std[c];
  }
  return new ConcreteTensor(out, [rows, cols] as [number, F], dtype);
}

/**
 * Fits a standardizer on `x` and applies it: the standardized rows and the statistics
 * to apply to other rows later.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const xTrain = tensor([[1, 10], [3, 30]]);
 * const xTest = tensor([[2, 20]]);
 * const [trainX, s] = train.standardize(xTrain);
 * trainX; // => [[-1, -1], [1, 1]]
 * train.applyStandardizer(s, xTest); // => [[0, 0]]
 * ```
 */
export function standardize<F extends number>(x: Tensor<[number, F]>): [Tensor<[number, F]>, Standardizer<F>] {
  const s = fitStandardizer(x);
  return [applyStandardizer(s, x), s];
}
