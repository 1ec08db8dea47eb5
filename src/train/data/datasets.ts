/**
 * Small real classification datasets bundled with purediff (in `data/`, which ships in
 * the npm package, copied from scikit-learn as Debian packages it; see `data/SOURCE.md`
 * for sources and licences):
 * - iris: 150 flowers × 4 measurements, 3 species (50 each) — R.A. Fisher (1936);
 * - breast cancer (Wisconsin diagnostic): 569 tumours × 30 features, malignant (212) or
 *   benign (357) — W.H. Wolberg, W.N. Street, O.L. Mangasarian (1995);
 * - digits: 1797 handwritten digits as 8 × 8 images of pixel counts 0–16 — the UCI
 *   "Optical Recognition of Handwritten Digits" test set (E. Alpaydin, C. Kaynak, 1998).
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { platform } from "../../platform";
import { ConcreteTensor } from "../../tensor/concrete";
import { allocate, type FloatDType } from "../../tensor/dtype";
import type { Tensor } from "../../tensor/tensor";
import { parseCsvE, type CsvTable } from "./csv";
import { dataDirE } from "./locate";

/**
 * A labelled dataset: one row of features per example and its class index.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { x, y, classNames, featureCount }: train.Dataset<4> = train.loadIris();
 * ```
 */
export interface Dataset<F extends number = number> {
  /** The dataset's name, e.g. `"iris"`. */
  readonly name: string;
  /** Features, one row per example. */
  readonly x: Tensor<[number, F]>;
  /** Class index of each example (int32, 0 ≤ y < classNames.length). */
  readonly y: Tensor<[number]>;
  /** The name of each class, indexed by label. */
  readonly classNames: readonly string[];
  /** The name of each feature (column of `x`). */
  readonly featureNames: readonly string[];
  /** Number of features (columns of `x`). */
  readonly featureCount: F;
}

/**
 * Options of the dataset loaders.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.loadDigits({ dtype: "float64" })
 * ```
 */
export interface DatasetOptions {
  /** The dtype of `x` (default `"float32"`). */
  readonly dtype?: FloatDType;
  /** The directory holding the CSV files (default: the `data/` shipped in purediff's package). */
  readonly dir?: string;
}

/**
 * The bundled datasets.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const name: train.DatasetName = "breastCancer";
 * ```
 */
export type DatasetName = "iris" | "breastCancer" | "digits";

interface DatasetSpec {
  readonly file: string;
  readonly featureNames: readonly string[];
  /** Class names of a file without a header (digits). */
  readonly classNames?: readonly string[];
}

const IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
const CANCER_MEASURES = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"];
const CANCER_FEATURES = [...CANCER_MEASURES.map((m) => `mean ${m}`), ...CANCER_MEASURES.map((m) => `${m} error`), ...CANCER_MEASURES.map((m) => `worst ${m}`)];
const DIGIT_FEATURES = Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`);

const SPECS: { readonly [N in DatasetName]: DatasetSpec } = {
  iris: { file: "iris.csv", featureNames: IRIS_FEATURES },
  breastCancer: { file: "breast_cancer.csv", featureNames: CANCER_FEATURES },
  digits: {
    file: "digits.csv.gz",
    featureNames: DIGIT_FEATURES,
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  },
};

function readTextE(path: string): Either<Error, string> {
  try {
    const bytes = platform.files.readFile(path);
    return right(new TextDecoder().decode(path.endsWith(".gz") ? platform.files.gunzip(bytes) : bytes));
  } catch (e) {
    return left(new Error(`datasets: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/**
 * Splits a table whose last column is the label into features and labels, checking
 * that every label is an integer in [0, classes).
 */
function toDatasetE<F extends number>(
  name: string,
  table: CsvTable,
  featureCount: F,
  classNames: readonly string[],
  featureNames: readonly string[],
  dtype: FloatDType,
): Either<Error, Dataset<F>> {
  const { rows, columns, values } = table;
  if (columns !== featureCount + 1) {
    return left(new Error(`${name}: rows have ${columns} columns, expected ${featureCount} features and a label`));
  }
  const x = allocate(dtype, rows * featureCount);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < featureCount; c++) x[r * featureCount + c] = values[r * columns + c];
    const label = values[r * columns + featureCount];
    if (!Number.isInteger(label) || label < 0 || label >= classNames.length) {
      return left(new Error(`${name}: data row ${r + 1}: label ${label} is not a class index in [0, ${classNames.length})`));
    }
    y[r] = label;
  }
  return right({
    name,
    x: new ConcreteTensor(x, [rows, featureCount] as [number, F], dtype),
    y: new ConcreteTensor(y, [rows] as [number], "int32"),
    classNames: Object.freeze(classNames.slice()),
    featureNames: Object.freeze(featureNames.slice()),
    featureCount,
  });
}

/**
 * Parses the scikit-learn CSV layout: a header `n,F,class names...`, then `n` rows of
 * `F` features and an integer label.
 */
function parseHeaderedE(name: string, text: string, featureNames: readonly string[], dtype: FloatDType): Either<Error, Dataset> {
  const table = parseCsvE(text, { header: true, name });
  if (isLeft(table)) return table;
  const header = table.right.header ?? [];
  const n = Number(header[0]);
  const f = Number(header[1]);
  if (header.length < 3 || !Number.isInteger(n) || !Number.isInteger(f)) {
    return left(new Error(`${name}: line 1 must be "rows,features,class names...", got ${JSON.stringify(header.join(","))}`));
  }
  if (table.right.rows !== n) return left(new Error(`${name}: the header announces ${n} rows, the file has ${table.right.rows}`));
  if (featureNames.length !== f) return left(new Error(`${name}: the header announces ${f} features, expected ${featureNames.length}`));
  return toDatasetE(name, table.right, f, header.slice(2), featureNames, dtype);
}

/**
 * A bundled dataset by name, or a `Left` naming the file and the problem.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const r = train.loadDatasetE("iris", { dtype: "float64" });
 * r._tag === "Right" && r.right.x.shape; // => [150, 4]
 * ```
 */
export function loadDatasetE(name: DatasetName, options: DatasetOptions = {}): Either<Error, Dataset> {
  const spec = SPECS[name];
  if (spec === undefined) return left(new Error(`datasets: unknown dataset ${JSON.stringify(name)}; expected one of ${Object.keys(SPECS).join(", ")}`));
  let dir: string;
  if (options.dir !== undefined) {
    dir = options.dir;
  } else {
    const found = dataDirE();
    if (isLeft(found)) return found;
    dir = found.right;
  }
  const dtype = options.dtype ?? "float32";
  const text = readTextE(platform.files.join(dir, spec.file));
  if (isLeft(text)) return text;
  const parsed = parseSpecE(spec, text.right, dtype);
  // Messages name the file; the dataset is named as the caller named it.
  return isLeft(parsed) ? parsed : right({ ...parsed.right, name });
}

function parseSpecE(spec: DatasetSpec, text: string, dtype: FloatDType): Either<Error, Dataset> {
  if (spec.classNames === undefined) return parseHeaderedE(spec.file, text, spec.featureNames, dtype);
  const table = parseCsvE(text, { name: spec.file });
  if (isLeft(table)) return table;
  return toDatasetE(spec.file, table.right, spec.featureNames.length, spec.classNames, spec.featureNames, dtype);
}

function loadOrThrow<F extends number>(name: DatasetName, options: DatasetOptions): Dataset<F> {
  const result = loadDatasetE(name, options);
  if (isLeft(result)) throw result.left;
  return result.right as Dataset<F>;
}

/**
 * Fisher's iris: 150 flowers × 4 measurements (cm), classes setosa, versicolor,
 * virginica (50 each, in that order in the file).
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { x, y, classNames } = train.loadIris();
 * x.shape; // => [150, 4]
 * classNames; // => ["setosa", "versicolor", "virginica"]
 * ```
 */
export function loadIris(options: DatasetOptions = {}): Dataset<4> {
  return loadOrThrow<4>("iris", options);
}

/**
 * Breast Cancer Wisconsin (diagnostic): 569 tumours × 30 features computed from cell
 * nuclei images; class 0 malignant (212), 1 benign (357). Features span very different
 * scales: standardize them (see `fitStandardizer`).
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { x, y } = train.loadBreastCancer();
 * x.shape; // => [569, 30]
 * ```
 */
export function loadBreastCancer(options: DatasetOptions = {}): Dataset<30> {
  return loadOrThrow<30>("breastCancer", options);
}

/**
 * Handwritten digits: 1797 images of 8 × 8 pixels (row-major, counts 0–16), classes
 * "0"–"9" (174 to 183 each).
 * @example
 * ```ts
 * import { div, train } from "purediff";
 * const { x, y } = train.loadDigits();
 * x.shape; // => [1797, 64]
 * const scaled = div(x, 16); // pixels in [0, 1]
 * ```
 */
export function loadDigits(options: DatasetOptions = {}): Dataset<64> {
  return loadOrThrow<64>("digits", options);
}
