/**
 * XOR with a hidden layer: what one perceptron cannot do (examples/perceptron.ts), two
 * layers can.
 *
 * A 2-2-1 multilayer perceptron: two tanh hidden units, one sigmoid output unit,
 *
 *     ŷ = σ(W₂ᵀ tanh(W₁ᵀ x + b₁) + b₂),
 *
 * trained by full-batch gradient descent on the binary cross-entropy of the four XOR
 * examples. The hidden layer maps the four points to a space where they are linearly
 * separable; the output unit draws the line there. Gradients come from `grad`, updates
 * from `optim.sgd` (plain gradient descent: p ← p − η·g).
 *
 * A network this small has poor local minima (one hidden unit can die, or both learn the
 * same thing); some initializations end there. `SEED` is one that works, and the
 * program prints it.
 *
 * Run: `npx tsx examples/xor-mlp.ts`
 * @module
 */
import { grad, greater, sigmoid, tensor, type Tensor } from "../src/index";
import { activation, binaryCrossEntropyWithLogits, dense, serial, tanh, initializers } from "../src/nn";
import { key } from "../src/random";
import { applyUpdates, sgd } from "../src/optim";

/**
 * The seed of the initialization, found by trying seeds 0, 1, 2, ...: with seeds 0 and 1
 * training stalls at loss ≈ 0.348 with 2 of 4 right (a local minimum); seed 2 learns XOR.
 */
export const SEED = 2;

/** The four XOR examples. */
const X = tensor(
  [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ],
  "float64",
);
const Y = tensor([[0], [1], [1], [0]], "float64");

/** The 2-2-1 network; its output is the logit of ŷ (the loss applies the sigmoid stably). */
const net = serial(
  dense(2, { dtype: "float64", kernelInit: initializers.normal(1) }),
  activation(tanh),
  dense(1, { dtype: "float64", kernelInit: initializers.normal(1) }),
);

/** Options of {@link run}. */
export interface XorOptions {
  /** Initialization seed (default {@link SEED}). */
  readonly seed?: number;
  /** Gradient-descent steps (default 2000). */
  readonly steps?: number;
  /** Learning rate η (default 0.5). */
  readonly learningRate?: number;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found. */
export interface XorResult {
  readonly seed: number;
  /** Loss before training and after the last step. */
  readonly initialLoss: number;
  readonly finalLoss: number;
  /** ŷ for each of the four inputs. */
  readonly probabilities: readonly number[];
  /** How many of the four are classified correctly (ŷ > ½ ⇔ y = 1). */
  readonly correct: number;
}

/** Trains the MLP on XOR and prints the loss and the learned truth table. */
export function run(options: XorOptions = {}): XorResult {
  const { seed = SEED, steps = 2000, learningRate = 0.5, log = console.log } = options;
  const [, init] = net.init(key(seed), [-1, 2]);
  type Params = typeof init;
  const loss = (p: Params): Tensor<[]> => binaryCrossEntropyWithLogits(net.apply(p, X), Y);
  const lossGrad = grad(loss);

  const optimizer = sgd(learningRate);
  let params = init;
  let state = optimizer.init(params);
  const initialLoss = loss(params).item();
  log(`2-2-1 MLP (tanh hidden, sigmoid output), seed ${seed}, gradient descent η = ${learningRate}, ${steps} steps`);
  log(`step 0: loss ${initialLoss.toFixed(4)}`);
  for (let t = 1; t <= steps; t++) {
    const [updates, next] = optimizer.update(lossGrad(params), state, params);
    params = applyUpdates(params, updates);
    state = next;
    if (t % Math.max(1, Math.floor(steps / 5)) === 0) log(`step ${t}: loss ${loss(params).item().toFixed(4)}`);
  }
  const finalLoss = loss(params).item();
  const probs = sigmoid(net.apply(params, X));
  const probabilities = Array.from(probs.data());
  const predicted = Array.from(greater(probs, 0.5).data());
  const targets = Array.from(Y.data());
  const correct = predicted.filter((p, i) => Number(p) === targets[i]).length;
  const inputs = X.toArray() as number[][];
  for (let i = 0; i < 4; i++) {
    log(`  x = (${inputs[i].join(", ")}) → ŷ = ${probabilities[i].toFixed(3)}  (y = ${targets[i]})`);
  }
  log(`${correct}/4 correct with seed ${seed}`);
  return { seed, initialLoss, finalLoss, probabilities, correct };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
