/**
 * The softmax layer: multinomial logistic regression on Fisher's iris.
 *
 * Data: 150 iris flowers, 4 measurements (sepal and petal length and width, in cm), 3
 * species; split 75/25 at random (seeded) and standardised with the training split's
 * statistics.
 *
 * Model: logits z = W·x + b (W: 4×3), class probabilities f(x) = softmax(z), loss the
 * cross-entropy ℓ = −log f(x)_y of the true class y, averaged over examples (computed
 * from the logits with log-sum-exp, stable for any magnitude).
 *
 * The gradient of one example's loss with respect to its logits is the deck's formula
 *     ∂ℓ/∂z = f(x) − e(y),
 * the predicted distribution minus the one-hot vector of the true class: push up the
 * true class's logit by how much probability it is missing, push the others down by
 * how much they have. The program computes ∂ℓᵢ/∂zᵢ for every training example with
 * `vmap(grad(ℓ))` (one gradient per example, vectorised) and checks it against
 * softmax(zᵢ) − oneHot(yᵢ), example by example, at the initial and at the trained
 * parameters. Then it reports the held-out accuracy.
 *
 * Run: `npx tsx examples/softmax-regression.ts`
 * @module
 */
import { abs, add, argmax, equal, grad, matmul, max, mean, astype, oneHot, softmax, sub, vmap, zeros, type Tensor } from "../src/index";
import { sparseCategoricalCrossEntropyWithLogits } from "../src/nn";
import { applyUpdates, sgd } from "../src/optim";
import { key } from "../src/random";
import { applyStandardizer, fitStandardizer, loadIris, takeRows, trainValidationSplit } from "../src/train";

/** Parameters of the softmax layer. */
export interface Params {
  readonly W: Tensor<[4, 3]>;
  readonly b: Tensor<[3]>;
}

/** Options of {@link run}. */
export interface SoftmaxOptions {
  /** Seed of the train/test split (default 0). */
  readonly seed?: number;
  /** Fraction held out for testing (default 0.25). */
  readonly testFraction?: number;
  /** Gradient-descent steps (default 1000). */
  readonly steps?: number;
  /** Learning rate (default 0.5). */
  readonly learningRate?: number;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found. */
export interface SoftmaxResult {
  readonly trainSize: number;
  readonly testSize: number;
  /** For each training example, max over classes of |∂ℓᵢ/∂zᵢ − (f(xᵢ) − e(yᵢ))|, at the initial parameters. */
  readonly perExampleDifferenceInitial: readonly number[];
  /** The same at the trained parameters. */
  readonly perExampleDifferenceTrained: readonly number[];
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

const logitsOf = (p: Params, X: Tensor): Tensor<[number, 3]> => add(matmul(X, p.W), p.b) as Tensor<[number, 3]>;

/**
 * One example's loss as a function of its logits z ([3]) and its label (int32 scalar).
 * (Typed with plain `Tensor`: `vmap` gives the batched function the same parameter
 * types as the per-example one, and here it is called with [n, 3] logits and [n] labels.)
 */
const exampleLoss = (z: Tensor, label: Tensor): Tensor => sparseCategoricalCrossEntropyWithLogits(z, label);

/**
 * For each example, max over classes of |∂ℓᵢ/∂zᵢ − (softmax(zᵢ) − oneHot(yᵢ))|: the
 * per-example gradients come from `vmap(grad(ℓ))`, the formula from the deck.
 */
export function logitGradientCheck(Z: Tensor<[number, 3]>, labels: Tensor<[number]>): number[] {
  const perExampleGradients = vmap(grad(exampleLoss))(Z, labels); // [n, 3]
  const formula = sub(softmax(Z, -1), oneHot(labels, 3, Z.dtype)); // f(x) − e(y)
  return Array.from(max(abs(sub(perExampleGradients, formula)), -1).data());
}

/** Fraction of rows whose largest logit is the label. */
function accuracy(p: Params, X: Tensor, labels: Tensor): number {
  return mean(astype(equal(argmax(logitsOf(p, X), -1), labels), "float64")).item();
}

/** Loads iris, checks ∂ℓ/∂z = f(x) − e(y) per example, trains and tests. */
export function run(options: SoftmaxOptions = {}): SoftmaxResult {
  const { seed = 0, testFraction = 0.25, steps = 1000, learningRate = 0.5, log = console.log } = options;
  const data = loadIris({ dtype: "float64" });
  const { train, validation: test } = trainValidationSplit(key(seed), data.x.shape[0], testFraction);
  const standardizer = fitStandardizer(takeRows(data.x, train));
  const Xtrain = applyStandardizer(standardizer, takeRows(data.x, train));
  const Xtest = applyStandardizer(standardizer, takeRows(data.x, test));
  const ytrain = takeRows(data.y, train);
  const ytest = takeRows(data.y, test);
  log(`iris: ${Xtrain.shape[0]} training and ${Xtest.shape[0]} test flowers, 4 standardised features, classes ${data.classNames.join("/")}`);

  const loss = (p: Params): Tensor<[]> => sparseCategoricalCrossEntropyWithLogits(logitsOf(p, Xtrain), ytrain);
  const lossGrad = grad(loss);

  let params: Params = { W: zeros([4, 3], "float64"), b: zeros([3], "float64") };
  const before = logitGradientCheck(logitsOf(params, Xtrain), ytrain);
  log(`∂ℓᵢ/∂zᵢ = f(xᵢ) − e(yᵢ) for each of the ${before.length} examples at W = 0: max difference ${Math.max(...before).toExponential(2)}`);

  const optimizer = sgd(learningRate);
  let state = optimizer.init(params);
  const initialLoss = loss(params).item();
  log(`gradient descent, η = ${learningRate}: step 0 loss ${initialLoss.toFixed(4)} (= log 3)`);
  for (let t = 1; t <= steps; t++) {
    const [updates, next] = optimizer.update(lossGrad(params), state, params);
    params = applyUpdates(params, updates);
    state = next;
    if (t % Math.max(1, Math.floor(steps / 4)) === 0) log(`  step ${t}: loss ${loss(params).item().toFixed(4)}`);
  }
  const finalLoss = loss(params).item();
  const after = logitGradientCheck(logitsOf(params, Xtrain), ytrain);
  log(`∂ℓᵢ/∂zᵢ = f(xᵢ) − e(yᵢ) for each example after training: max difference ${Math.max(...after).toExponential(2)}`);

  const trainAccuracy = accuracy(params, Xtrain, ytrain);
  const testAccuracy = accuracy(params, Xtest, ytest);
  const wrong = Math.round((1 - testAccuracy) * Xtest.shape[0]);
  log(`accuracy: train ${(100 * trainAccuracy).toFixed(1)}%, held-out test ${(100 * testAccuracy).toFixed(1)}% (${wrong} of ${Xtest.shape[0]} wrong)`);
  return {
    trainSize: Xtrain.shape[0],
    testSize: Xtest.shape[0],
    perExampleDifferenceInitial: before,
    perExampleDifferenceTrained: after,
    initialLoss,
    finalLoss,
    trainAccuracy,
    testAccuracy,
  };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
