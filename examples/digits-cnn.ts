/**
 * A small convolutional network on the bundled 8×8 digits (UCI, as scikit-learn ships
 * them): conv 3×3×16 → ReLU → 2×2 max pool → conv 3×3×32 → ReLU → 2×2 max pool → dense 10,
 * NHWC, Adam. Trains in seconds; the same held-out split as examples/digits.ts (the MLP),
 * so the two compare directly.
 *
 * Run: `npm run example:digits-cnn`.
 */
import { nn, reshape, train } from "../src/index";
import { type DigitsResult, digitsSplits, fitAndTest } from "./digits";

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
export function trainDigitsCnn(options: DigitsCnnOptions = {}): DigitsResult {
  const t0 = performance.now();
  const { epochs = 25, batchSize = 32, learningRate = 3e-3, seed = 0 } = options;
  const { initKey, ...split } = digitsSplits(seed, (rows) => reshape(rows, [rows.shape[0], 8, 8, 1]));
  const [, params] = digitsCnn.init(initKey, [-1, 8, 8, 1]);
  return fitAndTest(digitsCnn, params, split, { epochs, batchSize, learningRate, patience: 6, progress: options.progress, t0 });
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  nn.summary(digitsCnn, [-1, 8, 8, 1]);
  const { testAccuracy, testExamples, history, seconds } = trainDigitsCnn({ progress: train.defaultProgress({ batchSize: 32 }) });
  console.log(`${history.length} epochs in ${seconds.toFixed(1)} s`);
  console.log(`held-out accuracy: ${(100 * testAccuracy).toFixed(2)}% on ${testExamples} images`);
}
