/**
 * The linear neuron: least squares three ways, and ridge regression when least squares
 * has no unique answer.
 *
 * Data: y = 0.8·x + 2 + ε, ε ~ N(0, 1), x uniform in [0, 10) (seeded). With a column of
 * ones for the bias, X = [1, x] and the model is ŷ = X·w. Least squares minimises
 * ½·mean((X·w − y)²), whose gradient is Xᵀ(X·w − y)/n. Setting it to zero gives the
 * normal equations XᵀX·w = Xᵀy:
 * 1. the closed form w = (XᵀX)⁻¹Xᵀy, computed with `solve` (never with an inverse);
 * 2. `lstsq`, which does the same through a Cholesky factorisation;
 * 3. gradient descent with `grad`, starting from w = 0, until the gradient vanishes.
 * All three agree to 1e-3 (in fact to ~1e-9).
 *
 * Then the singular case: duplicate the x column, X = [1, x, x]. Now XᵀX is singular
 * (two equal rows), infinitely many w fit equally well, and `solve` refuses with a
 * `LinalgError` naming the zero pivot. Ridge regression adds λ·|w|² to the loss, i.e.
 * solves (XᵀX + λI)·w = Xᵀy, which is solvable for every λ > 0: it picks the smallest
 * w, splitting the slope evenly between the twin columns (≈ 0.4 + 0.4).
 *
 * Run: `npx tsx examples/linear-regression.ts`
 * @module
 */
import {
  add,
  concat,
  eye,
  grad,
  LinalgError,
  lstsq,
  matmul,
  mean,
  mul,
  ones,
  reshape,
  ridge,
  solve,
  square,
  sub,
  transpose,
  zeros,
  type Tensor,
} from "../src/index";
import { key, normal, split, uniform } from "../src/random";

/** The true line. */
export const TRUE_SLOPE = 0.8;
export const TRUE_INTERCEPT = 2;

/** Options of {@link run}. */
export interface LinearRegressionOptions {
  /** Number of examples (default 100). */
  readonly n?: number;
  /** Data seed (default 0). */
  readonly seed?: number;
  /** Gradient-descent learning rate (default 0.05; must be below 2 / λmax(XᵀX/n) ≈ 0.06). */
  readonly learningRate?: number;
  /** Stop gradient descent when every gradient component is below this (default 1e-9). */
  readonly tolerance?: number;
  /** At most this many gradient-descent steps (default 20000). */
  readonly maxSteps?: number;
  /** The ridge penalty λ for the duplicated-column problem (default 0.01). */
  readonly lambda?: number;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found; weights are [intercept, slope, ...]. */
export interface LinearRegressionResult {
  readonly closedForm: readonly number[];
  readonly lstsq: readonly number[];
  readonly gradientDescent: readonly number[];
  readonly gradientDescentSteps: number;
  /** max |closed form − gradient descent| over the weights. */
  readonly maxDifference: number;
  /** The message of the error `solve` threw on the singular XᵀX (undefined if it did not throw). */
  readonly singularError: string | undefined;
  /** Whether that error was a LinalgError. */
  readonly singularIsLinalgError: boolean;
  /** The message of the error `lstsq` threw on X = [1, x, x]. */
  readonly lstsqError: string | undefined;
  /** Ridge weights on X = [1, x, x]. */
  readonly ridge: readonly number[];
  /** Ridge weights from solving (XᵀX + λI)·w = Xᵀy directly. */
  readonly ridgeBySolve: readonly number[];
}

const values = (t: Tensor): number[] => Array.from(t.data());
const fmt = (w: readonly number[]): string => `[${w.map((v) => v.toFixed(6)).join(", ")}]`;

/** n examples of y = 0.8x + 2 + N(0, 1), as a design matrix [1, x] and a target column. */
export function makeData(n: number, seed: number): { x: Tensor<[number]>; X: Tensor<[number, 2]>; y: Tensor<[number]> } {
  const [kx, kNoise] = split(key(seed));
  const x = uniform(kx, [n], { min: 0, max: 10, dtype: "float64" });
  const noise = normal(kNoise, [n], { dtype: "float64" });
  const y = add(add(mul(x, TRUE_SLOPE), TRUE_INTERCEPT), noise);
  const X = concat([ones([n, 1], "float64"), reshape(x, [n, 1])], 1) as Tensor<[number, 2]>;
  return { x, X, y };
}

/** The normal equations XᵀX·w = Xᵀy, solved with `solve`. */
function normalEquations(X: Tensor, y: Tensor, lambda = 0): Tensor {
  const Xt = transpose(X);
  const gram = matmul(Xt, X);
  const features = X.shape[1];
  const lhs = lambda === 0 ? gram : add(gram, mul(eye(features, features, "float64"), lambda));
  return solve(lhs, matmul(Xt, y));
}

/** Fits y ≈ X·w three ways, then shows the singular case and ridge. */
export function run(options: LinearRegressionOptions = {}): LinearRegressionResult {
  const { n = 100, seed = 0, learningRate = 0.05, tolerance = 1e-9, maxSteps = 20000, lambda = 0.01, log = console.log } = options;
  const { x, X, y } = makeData(n, seed);
  log(`${n} points of y = ${TRUE_SLOPE}x + ${TRUE_INTERCEPT} + N(0, 1), x in [0, 10), seed ${seed}; weights are [intercept, slope]\n`);

  // 1. Closed form: w = (XᵀX)⁻¹Xᵀy, by solving the normal equations.
  const closedForm = values(normalEquations(X, y));
  log(`closed form solve(XᵀX, Xᵀy):   ${fmt(closedForm)}`);

  // 2. lstsq: the same normal equations through a Cholesky factorisation.
  const viaLstsq = values(lstsq(X, y));
  log(`lstsq(X, y):                   ${fmt(viaLstsq)}`);

  // 3. Gradient descent on L(w) = ½·mean((X·w − y)²), whose gradient is Xᵀ(X·w − y)/n.
  const loss = (w: Tensor<[2]>): Tensor<[]> => mul(mean(square(sub(matmul(X, w), y))), 0.5);
  const dLoss = grad(loss);
  let w: Tensor<[2]> = zeros([2], "float64");
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    const g = dLoss(w);
    if (Math.max(...values(g).map(Math.abs)) < tolerance) break;
    w = sub(w, mul(g, learningRate));
  }
  const gradientDescent = values(w);
  const maxDifference = Math.max(...gradientDescent.map((v, i) => Math.abs(v - closedForm[i])));
  log(`gradient descent, ${steps} steps: ${fmt(gradientDescent)}  (η = ${learningRate}, from w = 0)`);
  log(`max |closed form − gradient descent| = ${maxDifference.toExponential(2)}  (agree to 1e-3: ${maxDifference < 1e-3 ? "yes" : "NO"})`);
  log(`loss at the optimum ${loss(w).item().toFixed(4)} (noise variance / 2 ≈ 0.5)\n`);

  // 4. The singular case: a duplicated column makes XᵀX singular.
  const X3 = concat([X, reshape(x, [n, 1])], 1);
  log("Duplicate the x column: X = [1, x, x], so XᵀX (3×3) has two equal rows.");
  let singularError: string | undefined;
  let singularIsLinalgError = false;
  try {
    const w3 = normalEquations(X3, y);
    log(`  solve(XᵀX, Xᵀy) unexpectedly returned ${fmt(values(w3))}`);
  } catch (e) {
    singularIsLinalgError = e instanceof LinalgError;
    singularError = e instanceof Error ? e.message : String(e);
    log(`  solve(XᵀX, Xᵀy) throws ${e instanceof Error ? e.name : "an error"}: ${singularError}`);
  }
  let lstsqError: string | undefined;
  try {
    lstsq(X3, y);
  } catch (e) {
    lstsqError = e instanceof Error ? e.message : String(e);
    log(`  lstsq(X, y) throws too: ${lstsqError}`);
  }
  const ridgeW = values(ridge(X3, y, lambda));
  const ridgeBySolve = values(normalEquations(X3, y, lambda));
  log(`  ridge(X, y, λ = ${lambda}):  ${fmt(ridgeW)}`);
  log(`  solve(XᵀX + λI, Xᵀy):   ${fmt(ridgeBySolve)}`);
  log(
    `  the twin columns share the slope: ${ridgeW[1].toFixed(4)} + ${ridgeW[2].toFixed(4)} = ${(ridgeW[1] + ridgeW[2]).toFixed(4)} ≈ ${closedForm[1].toFixed(4)}`,
  );

  return {
    closedForm,
    lstsq: viaLstsq,
    gradientDescent,
    gradientDescentSteps: steps,
    maxDifference,
    singularError,
    singularIsLinalgError,
    lstsqError,
    ridge: ridgeW,
    ridgeBySolve,
  };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
