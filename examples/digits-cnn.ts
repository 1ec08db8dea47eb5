/**
 * A small convolutional network on the bundled 8×8 digits (UCI, as scikit-learn ships
 * them): conv 3×3×16 → ReLU → 2×2 max pool → conv 3×3×32 → ReLU → 2×2 max pool → dense 10,
 * NHWC, Adam. Trains in seconds; the same held-out split as examples/digits.ts (the MLP),
 * so the two compare directly.
 *
 * Run: `npm run example:digits-cnn`.
 */
import { nn, optim, reshape, train } from "../src/index";
import { digitsSplits } from "./digits";

/**
 * Options of {@link trainDigitsCnn}.
 * @example trainDigitsCnn({ epochs: 5 })
 */
export interface DigitsCnnOptions {
  /** Passes over the training images (default 25). */
  readonly epochs?: number;
  /** Examples per step (default 32). */
  readonly batchSize?: number;
  /** Adam's learning rate (default 3e-3). */
  readonly learningRate?: number;
  /** The seed of every random choice (default 0). */
  readonly seed?: number;
  /** Where progress goes (default: none). */
  readonly progress?: train.ProgressReporter;
}

/**
 * What {@link trainDigitsCnn} measured.
 * @example const { testAccuracy } = trainDigitsCnn();
 */
export interface DigitsCnnResult {
  /** Accuracy on the held-out images, in [0, 1]. */
  readonly testAccuracy: number;
  readonly testExamples: number;
  readonly history: readonly train.EpochRecord[];
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
}

/** The network: two convolution blocks and a dense readout. */
export const digitsCnn = nn.serial(
  nn.conv2d(16, 3, { padding: "SAME" }),
  nn.activation(nn.relu),
  nn.maxPoolLayer([2, 2], { strides: [2, 2] }),
  nn.conv2d(32, 3, { padding: "SAME" }),
  nn.activation(nn.relu),
  nn.maxPoolLayer([2, 2], { strides: [2, 2] }),
  nn.flatten(),
  nn.dense(10),
);

/**
 * Trains the CNN on 80 % of the digits and measures it on the other 20 %.
 * @example
 * const { testAccuracy, seconds } = trainDigitsCnn();
 */
export function trainDigitsCnn(options: DigitsCnnOptions = {}): DigitsCnnResult {
  const t0 = performance.now();
  const { epochs = 25, batchSize = 32, learningRate = 3e-3, seed = 0 } = options;
  const { initKey, fitKey, xTrain, yTrain, xTest, yTest } = digitsSplits(seed, (rows) => reshape(rows, [rows.shape[0], 8, 8, 1]));
  const [, params] = digitsCnn.init(initKey, [-1, 8, 8, 1]);
  const result = train.fit({
    model: digitsCnn,
    params,
    optimizer: optim.adam(learningRate),
    data: { x: xTrain, y: yTrain },
    validation: { fraction: 0.1 },
    epochs,
    batchSize,
    key: fitKey,
    earlyStopping: { patience: 6, restoreBest: true },
    progress: options.progress ?? train.silentProgress(),
  });
  const { accuracy = 0, examples } = train.makeEvaluate({ model: digitsCnn })(result.params, xTest, yTest);
  return Object.freeze({ testAccuracy: accuracy, testExamples: examples, history: result.history, seconds: (performance.now() - t0) / 1000 });
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  nn.summary(digitsCnn, [-1, 8, 8, 1]);
  const { testAccuracy, testExamples, history, seconds } = trainDigitsCnn({ progress: train.defaultProgress({ batchSize: 32 }) });
  console.log(`${history.length} epochs in ${seconds.toFixed(1)} s`);
  console.log(`held-out accuracy: ${(100 * testAccuracy).toFixed(2)}% on ${testExamples} images`);
}
