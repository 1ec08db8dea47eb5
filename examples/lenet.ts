/**
 * LeNet-5 (LeCun et al., 1998) learns to read handwritten digits (MNIST): local 5×5
 * receptive fields with shared weights, 2×2 subsampling, then dense layers.
 *
 * 28×28×1 → conv 5×5×6 (SAME) → ReLU → 2×2 max pool → conv 5×5×16 (VALID) → ReLU → 2×2
 * max pool → dense 120 → ReLU → dense 84 → ReLU → dense 10, softmax cross-entropy, Adam
 * with a cosine learning-rate decay, mini-batches of 128, float32, NHWC. Each training
 * step (gradient, optimizer update and, with `augment`, the random shifts and rotations
 * drawn from the step's key) is one jitted program. Trained on the first 55 000 training
 * images, validated on the last 5 000 after each epoch, tested once on the 10 000 test
 * images. Then the params are saved (`out/lenet.pdif`), the curves drawn
 * (`out/lenet-curves.svg`), and the first layer's learned filters and one digit's feature
 * maps drawn (`out/lenet-filters.svg`), as the material shows them.
 *
 * Run: `npm run example:lenet [-- epochs]`, or through the main job: `npm start -- --model lenet`.
 */
import { nn, optim, random, reshape, relu, add, lax, train, type Tensor } from "../src/index";
import { fitTestAndSave, fromCommandLine, mnistSplits, printRun, type MnistRunOptions, type MnistRunResult } from "./mnist-run";

/**
 * Options of {@link trainLenet}.
 * @example trainLenet({ epochs: 1, trainLimit: 5000 })
 */
export interface LenetOptions extends MnistRunOptions {
  /** Passes over the training images (default 8). */
  readonly epochs?: number;
  /** Adam's initial learning rate, decayed by a cosine to 5 % of it (default 2e-3). */
  readonly learningRate?: number;
  /** Random shifts of up to 2 pixels and rotations of up to 0.15 rad in training (default false). */
  readonly augment?: boolean;
}

/**
 * What {@link trainLenet} measured.
 * @example const { testAccuracy, epochMs } = trainLenet({ epochs: 1 });
 */
export type LenetResult = MnistRunResult;

/** Random shifts (up to 2 pixels) and rotations (up to 0.15 rad), one draw per image. */
export const digitAugmentation = nn.augmentation("shift ≤ 2 px, rotate ≤ 0.15 rad", (key, x) => {
  const [kShift, kRotate] = random.split(key);
  return nn.randomRotate(kRotate, nn.randomTranslate(kShift, x, 2), 0.15);
});

/** LeNet-5 on NHWC images [B, 28, 28, 1], with the augmentation layer first when asked. */
export function lenet5(augment = false) {
  return nn.serial(
    augment ? digitAugmentation : nn.activation(nn.identity),
    nn.conv2d(6, 5, { padding: "SAME" }),
    nn.activation(nn.relu),
    nn.maxPoolLayer([2, 2], { strides: [2, 2] }),
    nn.conv2d(16, 5, { padding: "VALID" }),
    nn.activation(nn.relu),
    nn.maxPoolLayer([2, 2], { strides: [2, 2] }),
    nn.flatten(),
    nn.dense(120),
    nn.activation(nn.relu),
    nn.dense(84),
    nn.activation(nn.relu),
    nn.dense(10),
  );
}

/** MNIST rows of 784 pixels as NHWC images. */
const asImages = (rows: Tensor): Tensor => reshape(rows, [rows.shape[0], 28, 28, 1]);

/**
 * Trains LeNet-5 on MNIST and measures it on the test set (see the module notes).
 * @example
 * const { testAccuracy } = trainLenet({ epochs: 1, trainLimit: 10_000 });
 */
export function trainLenet(options: LenetOptions = {}): LenetResult {
  const t0 = performance.now();
  const { epochs = 8, batchSize = 128, learningRate = 2e-3, augment = false, validationSize = 5000, seed = 0 } = options;
  const log = options.log ?? (() => {});
  const splits = mnistSplits("trainLenet", { trainLimit: options.trainLimit, validationSize }, asImages);
  const cut = splits.data.x.shape[0];
  log(`MNIST: ${cut} training, ${validationSize} validation, ${splits.test.x.shape[0]} test images`);

  const [initKey, fitKey] = random.split(random.key(seed));
  const net = lenet5(augment);
  const [, params] = net.init(initKey, [-1, 28, 28, 1]);
  const stepsPerEpoch = Math.ceil(cut / batchSize);
  const opt = optim.adam(optim.cosineDecay(learningRate, Math.max(1, epochs * stepsPerEpoch), 0.05));
  log(
    `model: LeNet-5${augment ? " with augmentation" : ""}, ${nn.summary(net, [-1, 28, 28, 1], { print: false }).totalParams} params, Adam (lr ${learningRate}, cosine decay), batch ${batchSize}, ${epochs} epochs of ${stepsPerEpoch} steps`,
  );

  return fitTestAndSave(
    { model: net, params, optimizer: opt, splits, epochs, batchSize, key: fitKey, randomness: augment, evalBatchSize: 1000 },
    {
      params: "lenet.pdif",
      curves: "lenet-curves.svg",
      title: (accuracy) => `LeNet-5 on MNIST: test accuracy ${(100 * accuracy).toFixed(2)}%`,
      pictures: (trained) => ({ "lenet-filters.svg": filtersPicture(trained[1] as nn.ConvLayerParams, train.sliceRows(splits.test.x, 0, 1)) }),
    },
    options,
    t0,
  );
}

/** The first convolution's 6 filters (5×5) and their ReLU feature maps (28×28) on one digit, as one SVG. */
function filtersPicture(conv1: nn.ConvLayerParams, digit: Tensor): string {
  const kernel = conv1.W as Tensor; // [5, 5, 1, 6]
  const w = kernel.data();
  const features = kernel.shape[3];
  const filter = (f: number): number[][] => Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Number(w[(i * 5 + j) * features + f])));
  const maps = relu(add(lax.convGeneralDilated(digit, kernel, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }), conv1.b as Tensor)).data();
  const map = (f: number): number[][] => Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => Number(maps[(i * 28 + j) * features + f])));
  const pixels = digit.data();
  const input = Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => Number(pixels[i * 28 + j])));
  const filters = train.imageGridSvg({
    title: "LeNet-5: the first layer's learned 5×5 filters (blue < 0 < red)",
    images: Array.from({ length: features }, (_, f) => ({ pixels: filter(f), caption: `filter ${f + 1}` })),
    colors: "diverging",
    pixelSize: 14,
  });
  const featureMaps = train.imageGridSvg({
    title: "one test digit and its six feature maps (after ReLU)",
    images: [{ pixels: input, caption: "input" }, ...Array.from({ length: features }, (_, f) => ({ pixels: map(f), caption: `map ${f + 1}` }))],
    pixelSize: 3,
  });
  // the two grids stacked in one document
  const inner = (svg: string): string => svg.replace(/^<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  const size = (svg: string): [number, number] => {
    const m = /width="(\d+)" height="(\d+)"/.exec(svg);
    return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
  };
  const [w1, h1] = size(filters);
  const [w2, h2] = size(featureMaps);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(w1, w2)}" height="${h1 + h2}" viewBox="0 0 ${Math.max(w1, w2)} ${h1 + h2}">\n<g>${inner(filters)}</g>\n<g transform="translate(0 ${h1})">${inner(featureMaps)}</g>\n</svg>\n`;
}

/** The command-line run: trains, prints the epochs, the curves and `test accuracy: NN.NN%`. */
export function runLenet(epochs: number | undefined): void {
  printRun(
    trainLenet({
      epochs,
      maxSeconds: 1500,
      progress: train.defaultProgress({ batchSize: 128 }),
      outDir: "out",
      log: (line) => console.log(line),
    }),
  );
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) fromCommandLine("examples/lenet.ts", runLenet);
