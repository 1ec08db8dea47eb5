/**
 * Newton–Raphson against gradient descent, on logistic regression.
 *
 * Gradient descent steps along −∇L with a fixed step size, which must be small enough
 * for the most curved direction, so it crawls along the flat ones. Newton's method uses
 * the curvature: it minimises the local quadratic model L(w) + gᵀd + ½dᵀHd, i.e.
 *
 *     solve H·d = −g,   w ← w + d,
 *
 * with g = ∇L(w) from `grad`, H = ∇²L(w) from `hessian` (forward-over-reverse), and the
 * linear system solved with `solve`. Near the minimum it converges quadratically: the
 * number of correct digits doubles with every iteration.
 *
 * Problem: the breast-cancer data (standardised on the training split; a column of
 * ones for the bias), mean binary cross-entropy plus a small L2 penalty ½λ‖w‖² on the
 * weights (not the bias), λ = 0.01, which keeps the minimum finite. For logistic
 * regression the Hessian has a closed form, XᵀSX/n + λI′ with S = diag(ŷ(1 − ŷ)); the
 * program checks `hessian` against it, then runs both methods from w = 0 and prints the
 * loss at every iteration.
 *
 * Run: `npx tsx examples/newton.ts`
 * @module
 */
import {
  abs,
  add,
  astype,
  concat,
  div,
  exp,
  expandDims,
  eye,
  grad,
  hessian,
  log1p,
  matmul,
  max,
  mean,
  mul,
  ones,
  sigmoid,
  solve,
  square,
  sub,
  sum,
  transpose,
  zeros,
  type Tensor,
} from "../src/index";
import { key } from "../src/random";
import { applyStandardizer, fitStandardizer, loadBreastCancer, takeRows, trainValidationSplit } from "../src/train";

/** Options of {@link run}. */
export interface NewtonOptions {
  /** Newton iterations (default 8). */
  readonly newtonIterations?: number;
  /** Gradient-descent iterations (default 1000; the first `newtonIterations` are printed side by side). */
  readonly gdIterations?: number;
  /** Gradient-descent learning rate (default 0.5). */
  readonly learningRate?: number;
  /** The L2 penalty λ (default 0.01). */
  readonly lambda?: number;
  /** Seed of the train/test split (default 0). */
  readonly seed?: number;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found. */
export interface NewtonResult {
  /** Loss at iterations 0..newtonIterations. */
  readonly newtonLosses: readonly number[];
  /** max-norm of the gradient at iterations 0..newtonIterations. */
  readonly newtonGradientNorms: readonly number[];
  /** Loss at iterations 0..gdIterations. */
  readonly gdLosses: readonly number[];
  /** max |hessian(L) − closed form| at w = 0 and at the Newton solution. */
  readonly hessianDifference: number;
}

/** Loads and standardises the training split, with a leading column of ones. */
function trainingData(seed: number): { X: Tensor<[number, number]>; y: Tensor<[number]> } {
  const data = loadBreastCancer({ dtype: "float64" });
  const { train } = trainValidationSplit(key(seed), data.x.shape[0], 0.25);
  const raw = takeRows(data.x, train);
  const standardised = applyStandardizer(fitStandardizer(raw), raw);
  const n = raw.shape[0];
  const X = concat([ones([n, 1], "float64"), standardised], 1) as Tensor<[number, number]>;
  const y = takeRows(astype(data.y, "float64") as Tensor<[number]>, train);
  return { X, y };
}

const maxAbs = (t: Tensor): number => max(abs(t)).item();

/** Runs Newton's method and gradient descent from w = 0 and prints their losses. */
export function run(options: NewtonOptions = {}): NewtonResult {
  const { newtonIterations = 8, gdIterations = 1000, learningRate = 0.5, lambda = 0.01, seed = 0, log = console.log } = options;
  const { X, y } = trainingData(seed);
  const [n, d] = X.shape;
  // 1 for the weights, 0 for the bias: the penalty leaves the bias alone.
  const penalised = concat([zeros([1], "float64"), ones([d - 1], "float64")], 0);

  // The cross-entropy of logits z is written out as mean(log(1 + eᶻ) − z·y): smooth
  // everywhere, and safe here since |z| stays far below 700. (nn.binaryCrossEntropyWithLogits
  // uses the overflow-proof form max(z, 0) − z·y + log(1 + e^−|z|), whose kinks at z = 0
  // make its second derivative there 0 instead of ¼, and every logit is 0 at w = 0.)
  const crossEntropy = (z: Tensor<[number]>): Tensor<[]> => mean(sub(log1p(exp(z)), mul(z, y)));
  const loss = (w: Tensor<[number]>): Tensor<[]> => add(crossEntropy(matmul(X, w)), mul(sum(mul(penalised, square(w))), lambda / 2));
  const gradient = grad(loss);
  const curvature = hessian(loss);

  /** The closed-form Hessian XᵀSX/n + λ·diag(penalised), S = diag(ŷ(1 − ŷ)). */
  const closedFormHessian = (w: Tensor<[number]>): Tensor => {
    const p = sigmoid(matmul(X, w));
    const s = expandDims(mul(p, sub(1, p)), 1); // [n, 1]: the rows of X are weighted by ŷ(1 − ŷ)
    return add(div(matmul(transpose(X), mul(X, s)), n), mul(eye(d, d, "float64"), mul(penalised, lambda)));
  };

  log(`logistic regression on breast cancer: ${n} training examples, ${d - 1} features + bias, L2 penalty λ = ${lambda}`);
  const w0 = zeros([d], "float64") as Tensor<[number]>;

  // Newton–Raphson.
  let w = w0;
  const newtonLosses = [loss(w).item()];
  const newtonGradientNorms = [maxAbs(gradient(w))];
  for (let t = 1; t <= newtonIterations; t++) {
    const step = solve(curvature(w), gradient(w)); // H⁻¹g without forming H⁻¹
    w = sub(w, step) as Tensor<[number]>;
    newtonLosses.push(loss(w).item());
    newtonGradientNorms.push(maxAbs(gradient(w)));
  }
  const hessianDifference = Math.max(maxAbs(sub(curvature(w0), closedFormHessian(w0))), maxAbs(sub(curvature(w), closedFormHessian(w))));
  log(`hessian(L) vs the closed form XᵀSX/n + λI′: max difference ${hessianDifference.toExponential(2)}\n`);

  // Gradient descent.
  let v = w0;
  const gdLosses = [loss(v).item()];
  for (let t = 1; t <= gdIterations; t++) {
    v = sub(v, mul(gradient(v), learningRate)) as Tensor<[number]>;
    gdLosses.push(loss(v).item());
  }

  const optimum = newtonLosses[newtonLosses.length - 1];
  log(`iteration   Newton loss        max|∇L|      gradient descent (η = ${learningRate}) loss`);
  for (let t = 0; t <= newtonIterations; t++) {
    log(`${String(t).padStart(9)}   ${newtonLosses[t].toFixed(12)}   ${newtonGradientNorms[t].toExponential(2)}     ${gdLosses[t].toFixed(12)}`);
  }
  for (const t of [10, 100, gdIterations].filter((t) => t > newtonIterations && t <= gdIterations)) {
    log(
      `${String(t).padStart(9)}   ${"".padEnd(14)}   ${"".padEnd(8)}     ${gdLosses[t].toFixed(12)}  (${(gdLosses[t] - optimum).toExponential(1)} above Newton's)`,
    );
  }
  const firstClose = newtonLosses.findIndex((l) => l - optimum < 1e-10);
  log(
    `\nNewton reaches the minimum (to 1e-10) in ${firstClose} iterations; gradient descent is still ${(gdLosses[gdIterations] - optimum).toExponential(1)} above it after ${gdIterations}.`,
  );
  return { newtonLosses, newtonGradientNorms, gdLosses, hessianDifference };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
