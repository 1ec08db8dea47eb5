/**
 * Handwritten digits, small and fast: an MLP (64-64-10, ReLU, softmax cross-entropy,
 * Adam) learns the 1797 bundled 8 × 8 digit images (UCI / scikit-learn "digits") in a few
 * seconds. A random 20 % of the images is held out and never seen in training; its
 * accuracy is printed at the end (typically 96–98 %).
 *
 * Run: `npx tsx examples/digits.ts`. `trainDigits` returns what it measured, for tests.
 */
import { div, nn, optim, random, train, type Tensor } from "../src/index";

/**
 * The bundled 8×8 digits scaled to [0, 1] and split 80/20 by `seed` (the same split for
 * every model of that seed), shaped for the model by `toInput`, with the keys left for
 * initialization and training.
 * @example const { xTrain, yTrain, xTest, yTest } = digitsSplits(0, (x) => x);
 */
export function digitsSplits(seed: number, toInput: (rows: Tensor<[number, 64]>) => Tensor<[number, ...number[]]>) {
  const [splitKey, initKey, fitKey] = random.split(random.key(seed), 3);
  const digits = train.loadDigits();
  const x = toInput(div(digits.x, 16) as Tensor<[number, 64]>); // pixel counts 0–16 → [0, 1]
  const split = train.trainValidationSplit(splitKey, digits.x.shape[0], 0.2);
  return {
    initKey,
    fitKey,
    xTrain: train.takeRows(x, split.train),
    yTrain: train.takeRows(digits.y, split.train),
    xTest: train.takeRows(x, split.validation),
    yTest: train.takeRows(digits.y, split.validation),
  };
}

/**
 * Options of {@link trainDigits}.
 * @example trainDigits({ epochs: 10, seed: 1 })
 */
export interface DigitsOptions {
  /** Passes over the training images (default 30). */
  readonly epochs?: number;
  /** Examples per step (default 32). */
  readonly batchSize?: number;
  /** Adam's learning rate (default 3e-3). */
  readonly learningRate?: number;
  /** Hidden units (default 64). */
  readonly hidden?: number;
  /** The seed of every random choice (default 0). */
  readonly seed?: number;
  /** Where progress goes (default: none). */
  readonly progress?: train.ProgressReporter;
}

/**
 * What {@link trainDigits} measured.
 * @example
 * const { testAccuracy } = trainDigits();
 */
export interface DigitsResult {
  /** Accuracy on the held-out images, in [0, 1]. */
  readonly testAccuracy: number;
  /** Number of held-out images. */
  readonly testExamples: number;
  /** One record per epoch. */
  readonly history: readonly train.EpochRecord[];
  /** Wall-clock seconds of the whole run (loading included). */
  readonly seconds: number;
}

/**
 * Trains the MLP on 80 % of the digits (10 % of those for validation, with early
 * stopping on the validation loss) and measures the accuracy on the other 20 %.
 * @example
 * const { testAccuracy } = trainDigits({ epochs: 20 });
 * console.log(`${(100 * testAccuracy).toFixed(2)}%`);
 */
export function trainDigits(options: DigitsOptions = {}): DigitsResult {
  const t0 = performance.now();
  const { epochs = 30, batchSize = 32, learningRate = 3e-3, hidden = 64, seed = 0 } = options;
  const { initKey, ...split } = digitsSplits(seed, (x) => x);

  const net = nn.serial(nn.dense(hidden), nn.activation(nn.relu), nn.dense(10));
  const [, params] = net.init(initKey, [-1, 64]);
  return fitAndTest(net, params, split, { epochs, batchSize, learningRate, patience: 8, progress: options.progress, t0 });
}

/**
 * Trains `model` from `params` with Adam on a digits split (10 % of the training rows for
 * validation, early stopping after `patience` epochs without progress, the best params kept)
 * and measures it on the held-out rows: the common part of the digits examples.
 * @example fitAndTest(net, params, digitsSplits(0, (x) => x), { epochs: 30, batchSize: 32, learningRate: 3e-3, patience: 8, t0: performance.now() })
 */
export function fitAndTest<P>(
  model: train.Model<P>,
  params: P,
  split: Omit<ReturnType<typeof digitsSplits>, "initKey">,
  settings: {
    readonly epochs: number;
    readonly batchSize: number;
    readonly learningRate: number;
    readonly patience: number;
    readonly progress?: train.ProgressReporter;
    readonly t0: number;
  },
): DigitsResult {
  const { fitKey, xTrain, yTrain, xTest, yTest } = split;
  const result = train.fit({
    model,
    params,
    optimizer: optim.adam(settings.learningRate),
    data: { x: xTrain, y: yTrain },
    validation: { fraction: 0.1 },
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    key: fitKey,
    earlyStopping: { patience: settings.patience, restoreBest: true },
    progress: settings.progress ?? train.silentProgress(),
  });
  const { accuracy = 0, examples } = train.makeEvaluate({ model })(result.params, xTest, yTest);
  return Object.freeze({ testAccuracy: accuracy, testExamples: examples, history: result.history, seconds: (performance.now() - settings.t0) / 1000 });
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  const { testAccuracy, testExamples, history, seconds } = trainDigits({ progress: train.defaultProgress({ batchSize: 32 }) });
  console.log(`${history.length} epochs in ${seconds.toFixed(1)} s`);
  console.log(`held-out accuracy: ${(100 * testAccuracy).toFixed(2)}% on ${testExamples} images`);
}
