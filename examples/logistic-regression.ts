/**
 * The logistic neuron on real data: is a breast tumour malignant or benign?
 *
 * Data: the Wisconsin diagnostic breast-cancer set (569 tumours, 30 features measured on
 * images of cell nuclei; label 1 = benign, 0 = malignant), split 75/25 at random
 * (seeded). The features span very different scales (areas in the hundreds,
 * smoothness around 0.1), so they are standardised with the mean and standard deviation
 * of the training split only, never the test split's.
 *
 * Model: ŷ = σ(X·w + b), loss the mean binary cross-entropy
 *     L = −mean(y·log ŷ + (1 − y)·log(1 − ŷ)),
 * computed from the logits X·w + b (stable for any magnitude). Its gradient has a closed
 * form, the same as least squares with σ in front:
 *     ∂L/∂w = Xᵀ(ŷ − y)/n,   ∂L/∂b = mean(ŷ − y).
 * The program checks that `grad` computes exactly this (max absolute difference below
 * 1e-10 in float64) at the start, at a random point and at the end of training, then
 * trains by gradient descent and reports the accuracy on the held-out tumours.
 *
 * Run: `npx tsx examples/logistic-regression.ts`
 * @module
 */
import { add, astype, div, equal, greater, grad, matmul, mean, sigmoid, sub, transpose, zeros, type Tensor } from "../src/index";
import { binaryCrossEntropyWithLogits } from "../src/nn";
import { applyUpdates, sgd } from "../src/optim";
import { key, normal, split } from "../src/random";
import { applyStandardizer, fitStandardizer, loadBreastCancer, takeRows, trainValidationSplit } from "../src/train";

/** The logistic neuron's parameters. */
export interface Params {
  readonly w: Tensor<[number]>;
  readonly b: Tensor<[]>;
}

/** Options of {@link run}. */
export interface LogisticOptions {
  /** Seed of the train/test split and of the random check point (default 0). */
  readonly seed?: number;
  /** Fraction of examples held out for testing (default 0.25). */
  readonly testFraction?: number;
  /** Gradient-descent steps (default 500). */
  readonly steps?: number;
  /** Learning rate (default 0.5). */
  readonly learningRate?: number;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found. */
export interface LogisticResult {
  readonly trainSize: number;
  readonly testSize: number;
  /** max |grad − closed form| over all weights and the bias, at each check point. */
  readonly gradientDifferences: { readonly initial: number; readonly random: number; readonly trained: number };
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** Logits X·w + b. */
const logits = (p: Params, X: Tensor): Tensor<[number]> => add(matmul(X, p.w), p.b) as Tensor<[number]>;

/** The closed-form gradient: ∂L/∂w = Xᵀ(ŷ − y)/n, ∂L/∂b = mean(ŷ − y). */
export function closedFormGradient(p: Params, X: Tensor<[number, number]>, y: Tensor<[number]>): Params {
  const residual = sub(sigmoid(logits(p, X)), y); // ŷ − y
  const n = X.shape[0];
  return { w: div(matmul(transpose(X), residual), n) as Tensor<[number]>, b: mean(residual) };
}

/** Largest absolute difference between two parameter sets. */
function maxAbsDifference(a: Params, b: Params): number {
  const dw = Array.from(sub(a.w, b.w).data()).map(Math.abs);
  return Math.max(...dw, Math.abs(a.b.item() - b.b.item()));
}

/** Fraction of examples where ŷ > ½ matches the label. */
function accuracy(p: Params, X: Tensor, y: Tensor): number {
  const predicted = astype(greater(logits(p, X), 0), "float64");
  return mean(astype(equal(predicted, y), "float64")).item();
}

/** Loads, splits and standardises the data, checks the gradient, trains and tests. */
export function run(options: LogisticOptions = {}): LogisticResult {
  const { seed = 0, testFraction = 0.25, steps = 500, learningRate = 0.5, log = console.log } = options;
  const data = loadBreastCancer({ dtype: "float64" });
  const [splitKey, pointKey] = split(key(seed));
  const { train, validation: test } = trainValidationSplit(splitKey, data.x.shape[0], testFraction);
  const labels = astype(data.y, "float64") as Tensor<[number]>;
  const standardizer = fitStandardizer(takeRows(data.x, train)); // training statistics only
  const Xtrain = applyStandardizer(standardizer, takeRows(data.x, train));
  const Xtest = applyStandardizer(standardizer, takeRows(data.x, test));
  const ytrain = takeRows(labels, train);
  const ytest = takeRows(labels, test);
  const features = data.featureCount;
  log(`breast cancer: ${Xtrain.shape[0]} training and ${Xtest.shape[0]} test tumours, ${features} standardised features, classes ${data.classNames.join("/")}`);

  const loss = (p: Params): Tensor<[]> => binaryCrossEntropyWithLogits(logits(p, Xtrain), ytrain);
  const lossGrad = grad(loss);
  const check = (p: Params): number => maxAbsDifference(lossGrad(p), closedFormGradient(p, Xtrain, ytrain));

  const initial: Params = { w: zeros([features], "float64"), b: zeros([], "float64") };
  const randomPoint: Params = { w: normal(pointKey, [features], { std: 0.5, dtype: "float64" }), b: zeros([], "float64") };
  const dInitial = check(initial);
  const dRandom = check(randomPoint);
  log(`max |grad(L) − Xᵀ(ŷ − y)/n| at w = 0: ${dInitial.toExponential(2)}; at a random w: ${dRandom.toExponential(2)}`);

  const optimizer = sgd(learningRate);
  let params = initial;
  let state = optimizer.init(params);
  const initialLoss = loss(params).item();
  log(`gradient descent, η = ${learningRate}: step 0 loss ${initialLoss.toFixed(4)}`);
  for (let t = 1; t <= steps; t++) {
    const [updates, next] = optimizer.update(lossGrad(params), state, params);
    params = applyUpdates(params, updates);
    state = next;
    if (t % Math.max(1, Math.floor(steps / 4)) === 0) log(`  step ${t}: loss ${loss(params).item().toFixed(4)}`);
  }
  const finalLoss = loss(params).item();
  const dTrained = check(params);
  log(
    `max |grad(L) − Xᵀ(ŷ − y)/n| after training: ${dTrained.toExponential(2)} (all below 1e-10: ${Math.max(dInitial, dRandom, dTrained) < 1e-10 ? "yes" : "NO"})`,
  );

  const trainAccuracy = accuracy(params, Xtrain, ytrain);
  const testAccuracy = accuracy(params, Xtest, ytest);
  const wrong = Math.round((1 - testAccuracy) * Xtest.shape[0]);
  log(`accuracy: train ${(100 * trainAccuracy).toFixed(1)}%, held-out test ${(100 * testAccuracy).toFixed(1)}% (${wrong} of ${Xtest.shape[0]} wrong)`);
  return {
    trainSize: Xtrain.shape[0],
    testSize: Xtest.shape[0],
    gradientDifferences: { initial: dInitial, random: dRandom, trained: dTrained },
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
