/**
 * What the MNIST examples share around `train.fit`: the training, validation and test
 * splits, stopping before a time budget runs out, the test and the saved files that end a
 * run, the curves as SVG and in the terminal, the report printed at the end, and the
 * command line.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { train, type optim, type Tensor } from "../src/index";

/**
 * The options every MNIST example takes.
 * @example const options: MnistRunOptions = { epochs: 1, trainLimit: 10_000 };
 */
export interface MnistRunOptions {
  /** Passes over the training images. */
  readonly epochs?: number;
  /** Examples per step (default 128). */
  readonly batchSize?: number;
  /** The initial learning rate, decayed by a cosine to 5 % of it at the last step. */
  readonly learningRate?: number;
  /** Held-out training images for validation (the last ones; default 5000). */
  readonly validationSize?: number;
  /** Use only the first `trainLimit` training images (default: all 60 000). */
  readonly trainLimit?: number;
  /** Stop after the epoch that would make the next one end past this many seconds (default: no limit). */
  readonly maxSeconds?: number;
  /** The seed of the initialization, the shuffling and any randomness of the step (default 0). */
  readonly seed?: number;
  /** Where progress goes (default: nowhere). */
  readonly progress?: train.ProgressReporter;
  /** Save the params and the pictures under this directory (default: no saving). */
  readonly outDir?: string;
  /** Where messages go (default: nowhere). */
  readonly log?: (line: string) => void;
}

/**
 * What every MNIST example measures.
 * @example const { testAccuracy, epochMs }: MnistRunResult = trainMnist({ epochs: 1 });
 */
export interface MnistRunResult {
  /** Accuracy on the 10 000 test images, in [0, 1]. */
  readonly testAccuracy: number;
  /** Mean loss on the test images. */
  readonly testLoss: number;
  /** One record per epoch (loss, accuracy, validation, seconds). */
  readonly history: readonly train.EpochRecord[];
  /** Milliseconds of each epoch (training steps and validation). */
  readonly epochMs: readonly number[];
  /** Seconds of the whole run. */
  readonly totalSeconds: number;
  /** The files written (with `outDir`). */
  readonly files: readonly string[];
}

/**
 * MNIST as the examples use it: the first `trainLimit` training images (all by default)
 * minus the last `validationSize` for training, those for validation, and the 10 000 test
 * images; `toInput` shapes the pixel rows for the model (identity: rows of 784).
 * @example const { data, validation, test } = mnistSplits("trainLenet", { validationSize: 5000 }, asImages);
 */
export function mnistSplits(
  op: string,
  options: { readonly trainLimit?: number; readonly validationSize: number },
  toInput: (rows: Tensor) => Tensor = (rows) => rows,
): {
  readonly data: { readonly x: Tensor; readonly y: Tensor };
  readonly validation: { readonly x: Tensor; readonly y: Tensor };
  readonly test: { readonly x: Tensor; readonly y: Tensor };
} {
  const trainSet = train.loadMnist({ split: "train", limit: options.trainLimit });
  const testSet = train.loadMnist({ split: "test" });
  const n = trainSet.images.shape[0];
  const { validationSize } = options;
  if (!(validationSize >= 1 && validationSize < n)) throw new Error(`${op}: validationSize must be in [1, ${n}), got ${validationSize}`);
  const cut = n - validationSize;
  const x = toInput(trainSet.images);
  return {
    data: { x: train.sliceRows(x, 0, cut), y: train.sliceRows(trainSet.labels, 0, cut) },
    validation: { x: train.sliceRows(x, cut, n), y: train.sliceRows(trainSet.labels, cut, n) },
    test: { x: toInput(testSet.images), y: testSet.labels },
  };
}

/**
 * An `onEpoch` callback that stops training after the epoch that would make the next one
 * end past `maxSeconds` from now (no limit when undefined), saying so through `log`.
 * @example train.fit({ ..., onEpoch: stopWithinBudget(10, 540, console.log) })
 */
export function stopWithinBudget(
  epochs: number,
  maxSeconds: number | undefined,
  log: (line: string) => void,
): (record: train.EpochRecord) => "stop" | undefined {
  const start = performance.now();
  return (record) => {
    const elapsed = (performance.now() - start) / 1000;
    if (maxSeconds !== undefined && record.epoch < epochs && elapsed + record.seconds > maxSeconds) {
      log(`stopping after epoch ${record.epoch}: another epoch (~${record.seconds.toFixed(0)} s) would pass the ${maxSeconds} s budget`);
      return "stop";
    }
    return undefined;
  };
}

/**
 * The loss (log scale) and accuracy curves of a run, side by side, as one SVG document.
 * @example writeFileSync("out/curves.svg", curvesSvg("MNIST MLP", result.history));
 */
export function curvesSvg(title: string, history: readonly train.EpochRecord[]): string {
  const curves = train.historySeries(history);
  return train.smallMultiples({
    title,
    columns: 2,
    panelWidth: 420,
    panelHeight: 300,
    panels: [
      { kind: "line", title: "loss (log scale)", xLabel: "epoch", series: curves.loss, logY: true },
      { kind: "line", title: "accuracy", xLabel: "epoch", series: curves.accuracy },
    ],
  });
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

/** An accuracy as a percentage with two decimals. */
const percent = (x: number | undefined): string => (x === undefined ? "–" : `${(100 * x).toFixed(2)}%`);

/**
 * Prints the end of a run: a table of the epochs, the curves, the mean epoch time, the
 * files written and the line `test accuracy: NN.NN%`.
 * @example printRun({ history, epochMs, totalSeconds, files, testAccuracy });
 */
export function printRun(result: MnistRunResult): void {
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

/** What an MNIST example trains: its network, first params and optimizer, and how. */
export interface MnistTraining<P> {
  readonly model: train.Model<P>;
  readonly params: P;
  readonly optimizer: optim.GradientTransformation;
  readonly splits: ReturnType<typeof mnistSplits>;
  readonly epochs: number;
  readonly batchSize: number;
  readonly key: Parameters<typeof train.fit>[0]["key"];
  /** Whether the step draws randomness (dropout, augmentation) from its key. */
  readonly randomness: boolean;
  /** Rows per batch of validation and test. */
  readonly evalBatchSize: number;
}

/** What an MNIST example saves under `outDir`: the params, the curves, and pictures of the trained params. */
export interface MnistFiles<P> {
  /** The params' file name. */
  readonly params: string;
  /** The curves' file name. */
  readonly curves: string;
  /** The curves' title, given the test accuracy. */
  readonly title: (testAccuracy: number) => string;
  /** More pictures, by file name. */
  readonly pictures?: (params: P) => Readonly<Record<string, string>>;
}

/**
 * Trains with `train.fit` (stopping within `options.maxSeconds`), evaluates once on the
 * test images and, with `options.outDir`, saves the params, the curves and the pictures.
 * @example const { testAccuracy, params } = fitTestAndSave(training, { params: "mlp.pdif", curves: "mlp.svg", title: (a) => `${a}` }, options, t0);
 */
export function fitTestAndSave<P>(
  training: MnistTraining<P>,
  files: MnistFiles<P>,
  options: MnistRunOptions,
  startedAt: number,
): MnistRunResult & { readonly params: P } {
  const log = options.log ?? (() => {});
  const { model, params, optimizer, splits, epochs, batchSize, key, randomness, evalBatchSize } = training;
  const result = train.fit({
    model,
    params,
    optimizer,
    data: splits.data,
    validation: splits.validation,
    epochs,
    batchSize,
    key,
    randomness,
    evalBatchSize,
    progress: options.progress ?? train.silentProgress(),
    onEpoch: stopWithinBudget(epochs, options.maxSeconds, log),
  });
  const evaluation = train.makeEvaluate({ model }, { batchSize: evalBatchSize })(result.params, splits.test.x, splits.test.y);
  const testAccuracy = evaluation.accuracy ?? 0;
  const written: string[] = [];
  if (options.outDir !== undefined) {
    mkdirSync(options.outDir, { recursive: true });
    const paramsFile = join(options.outDir, files.params);
    train.saveParams(paramsFile, result.params);
    written.push(paramsFile);
    const pictures = { [files.curves]: curvesSvg(files.title(testAccuracy), result.history), ...files.pictures?.(result.params) };
    for (const [name, svg] of Object.entries(pictures)) {
      const file = join(options.outDir, name);
      writeFileSync(file, svg);
      written.push(file);
    }
  }
  return Object.freeze({
    testAccuracy,
    testLoss: evaluation.loss,
    history: result.history,
    epochMs: result.history.map((r) => r.seconds * 1000),
    totalSeconds: (performance.now() - startedAt) / 1000,
    files: written,
    params: result.params,
  });
}

/**
 * Runs an example from the command line: `tsx <script> [epochs]`, epochs a positive
 * integer (or absent: the example's default); anything else prints the usage and exits 2.
 * @example if (require.main === module) fromCommandLine("examples/mnist.ts", runMnist);
 */
export function fromCommandLine(script: string, run: (epochs: number | undefined) => void): void {
  const arg = process.argv[2];
  const epochs = arg === undefined ? undefined : Number(arg);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1)) {
    console.error(`usage: tsx ${script} [epochs]  (epochs must be a positive integer, got ${arg})`);
    process.exit(2);
  }
  run(epochs);
}
