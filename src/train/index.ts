/**
 * Training infrastructure: datasets (MNIST, iris, breast cancer, digits) and CSV / IDX
 * parsing, standardization, mini-batches, saving and loading params (files, or bytes and
 * Blobs in a browser), plots (SVG and terminal) and progress reporting.
 *
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const { x } = train.loadIris();
 * const [xs] = train.standardize(x);
 * const key = random.key(0);
 * const epoch = 0;
 * let batchCount = 0;
 * for (const idx of train.batches(random.foldIn(key, epoch), 150, 16)) {
 *   const xb = train.takeRows(xs, idx);
 *   batchCount++;
 * }
 * batchCount; // => 10
 * const [, params] = nn.dense(3).init(key, [-1, 4]);
 * train.saveParams(join(tmpdir(), "iris.pdif"), params);
 * ```
 * @module
 */
import "../core/primitives";

export { parseIdx, parseIdxOrThrow, isGzip, type IdxArray, type IdxExpectation } from "./data/idx";
export { loadMnist, loadMnistE, MNIST_FILES, MNIST_SIDE, type Mnist, type MnistOptions, type MnistSplit } from "./data/mnist";
export { parseCsv, parseCsvE, parseNumber, type CsvOptions, type CsvTable } from "./data/csv";
export {
  loadBreastCancer,
  loadDatasetE,
  loadDigits,
  loadIris,
  type Dataset,
  type DatasetName,
  type DatasetOptions,
} from "./data/datasets";
export { dataDirE, mnistDirE } from "./data/locate";
export { applyStandardizer, fitStandardizer, standardize, type Standardizer } from "./data/standardize";
export { batches, takeRows, trainValidationSplit, type BatchOptions, type TrainValidationIndices } from "./batches";
export { crc32 } from "./persistence/crc32";
export { fromJson, fromJsonE, toJson, toJsonE, type ToJsonOptions } from "./persistence/json";
export { decode, decodeE, encode, encodeE, type DecodeOptions } from "./persistence/binary";
export { loadParams, loadParamsE, saveParams, saveParamsE, type SaveOptions } from "./persistence/file";
export { paramsFromBytes, paramsFromBytesE, paramsToBytes, paramsToBytesE, type BytesOptions, type LoadOptions, type ParamsFormat } from "./persistence/bytes";
export { paramsFromBlob, paramsFromBlobE, paramsToBlob, paramsToBlobE } from "./persistence/blob";
export {
  decodeSafetensors,
  decodeSafetensorsE,
  encodeSafetensors,
  encodeSafetensorsE,
  type DecodedSafetensors,
  type SafetensorsLoadOptions,
  type SafetensorsMetadata,
} from "./persistence/safetensors";
export { loadSafetensors, loadSafetensorsE, saveSafetensors, saveSafetensorsE, type SafetensorsSaveOptions } from "./persistence/safetensors-file";
export { lineChartSvg, type LineChartSpec, type Series } from "./plot/line-chart";
export { histogram, histogramSvg, valueStats, type Histogram, type HistogramOptions, type HistogramSpec, type ValueStats, type Values } from "./plot/histogram";
export { smallMultiples, type Panel, type SmallMultiplesSpec } from "./plot/small-multiples";
export { imageGridSvg, type GridImage, type ImageGridSpec } from "./plot/image-grid";
export { lineChartTerminal, type TerminalChartOptions } from "./plot/terminal";
export {
  barProgress,
  defaultProgress,
  formatMetrics,
  isCI,
  plainProgress,
  recordProgress,
  silentProgress,
  type BarProgressOptions,
  type Metrics,
  type PlainProgressOptions,
  type ProgressEvent,
  type ProgressOptions,
  type ProgressReporter,
} from "./progress";
export {
  accuracy,
  addToMean,
  correctCount,
  earlyStopping,
  evaluate,
  fit,
  historySeries,
  lossAndGrads,
  makeEvaluate,
  makeStep,
  meanOf,
  runningMean,
  sliceRows,
  TrainingDivergedError,
  type Batch,
  type Data,
  type EarlyStopping,
  type EarlyStoppingOptions,
  type EarlyStoppingState,
  type EpochRecord,
  type EvaluateOptions,
  type Evaluation,
  type FitOptions,
  type FitResult,
  type LossFn,
  type LossFnObjective,
  type Model,
  type ModelObjective,
  type Monitor,
  type Objective,
  type PredictionLoss,
  type RunningMean,
  type Step,
  type StepExtra,
  type StepMetrics,
  type StepOptions,
  type TrainingState,
} from "./loop";
