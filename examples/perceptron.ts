/**
 * The McCulloch–Pitts perceptron (1943) and Rosenblatt's learning rule.
 *
 * The neuron computes ŷ = f(⟨w, x⟩) with the step activation f(s) = 1 if s ≥ 0 else 0,
 * the bias being an extra weight w₀ on a constant input x₀ = 1. It learns with the
 * perceptron rule, one example at a time:
 *
 *     w ← w + η (y − ŷ) x
 *
 * (nothing changes when the answer is right). The step has a zero derivative almost
 * everywhere, so this is not gradient descent: `grad` would give zeros.
 *
 * The story: the rule learns AND and OR in a few epochs (the perceptron convergence
 * theorem guarantees it for linearly separable data), and fails on XOR, which no line
 * separates. The program shows the failure two ways:
 * - by running: no epoch in N is free of mistakes, and the weights at the start of an
 *   epoch come back to an earlier value; the rule is deterministic, so from then on it
 *   cycles forever (starting from w = 0 every weight is η times an integer, so the
 *   comparison is exact);
 * - by argument: the four inequalities XOR asks of (w₀, w₁, w₂) contradict each other,
 *   because the positive examples' inputs sum to the same vector as the negatives'.
 *
 * Run: `npx tsx examples/perceptron.ts`
 * @module
 */
import { add, dot, mul, tensor, type Tensor } from "../src/index";
import { step } from "../src/nn";

/** The four inputs of a two-input Boolean function. */
const INPUTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** The Boolean functions the perceptron is taught: their outputs on {@link INPUTS}. */
export const GATES = {
  AND: [0, 0, 0, 1],
  OR: [0, 1, 1, 1],
  XOR: [0, 1, 1, 0],
} as const satisfies Record<string, readonly number[]>;

/** The name of a gate. */
export type Gate = keyof typeof GATES;

/** Options of {@link run}. */
export interface PerceptronOptions {
  /** The learning rate η (default 1; starting from w = 0 it only scales the weights). */
  readonly learningRate?: number;
  /** How many epochs to try before giving up (default 100). */
  readonly epochs?: number;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What training one gate gave. */
export interface GateResult {
  readonly gate: Gate;
  /** Whether an epoch passed without a mistake. */
  readonly converged: boolean;
  /** The number of epochs run (up to and including the first mistake-free one). */
  readonly epochs: number;
  /** Mistakes (weight updates) made in each epoch. */
  readonly mistakesPerEpoch: readonly number[];
  /** The final weights [w₀ (bias), w₁, w₂]. */
  readonly weights: readonly number[];
  /** The final neuron's output on each of the four inputs. */
  readonly outputs: readonly number[];
  /**
   * When the weights at the start of an epoch equal those at the start of an earlier
   * one: [earlier epoch, later epoch] (1-based). Proof of an endless cycle.
   */
  readonly cycle: readonly [number, number] | undefined;
}

/** What {@link run} found. */
export interface PerceptronResult {
  readonly gates: { readonly [G in Gate]: GateResult };
  /** For each gate: whether the sums of the positive and negative augmented inputs coincide (then it is not linearly separable). */
  readonly contradiction: { readonly [G in Gate]: boolean };
}

/** The input with the constant 1 in front: x' = (1, x₁, x₂), so w₀ is the bias. */
function augmented(x: readonly [number, number]): Tensor<[3]> {
  return tensor([1, x[0], x[1]], "float64");
}

/** The neuron: ŷ = step(⟨w, x⟩) ∈ {0, 1}. */
function predict(w: Tensor<[3]>, x: Tensor<[3]>): number {
  return step(dot(w, x)).item();
}

/** Runs the perceptron rule on one gate, epoch after epoch, until an epoch makes no mistake. */
export function trainGate(gate: Gate, learningRate = 1, maxEpochs = 100): GateResult {
  const targets = GATES[gate];
  const xs = INPUTS.map(augmented);
  let w: Tensor<[3]> = tensor([0, 0, 0], "float64");
  const mistakesPerEpoch: number[] = [];
  const seen = new Map<string, number>();
  let cycle: readonly [number, number] | undefined;
  let converged = false;
  for (let epoch = 1; epoch <= maxEpochs && !converged; epoch++) {
    const key = w.toArray().toString();
    const earlier = seen.get(key);
    if (earlier !== undefined && cycle === undefined) cycle = [earlier, epoch];
    seen.set(key, epoch);
    let mistakes = 0;
    xs.forEach((x, i) => {
      const error = targets[i] - predict(w, x); // y − ŷ: 0, +1 or −1
      if (error !== 0) {
        w = add(w, mul(x, learningRate * error)); // w ← w + η (y − ŷ) x
        mistakes++;
      }
    });
    mistakesPerEpoch.push(mistakes);
    converged = mistakes === 0;
  }
  return {
    gate,
    converged,
    epochs: mistakesPerEpoch.length,
    mistakesPerEpoch,
    weights: Array.from(w.data()),
    outputs: xs.map((x) => predict(w, x)),
    cycle,
  };
}

/**
 * The inequalities a gate asks of the weights, one per input: ⟨w, x'⟩ ≥ 0 where the
 * output must be 1, < 0 where it must be 0.
 */
function inequalities(gate: Gate): string[] {
  return INPUTS.map((x, i) => {
    const lhs = ["w₀", x[0] === 1 ? "w₁" : "", x[1] === 1 ? "w₂" : ""].filter((s) => s !== "").join(" + ");
    return `(${x[0]}, ${x[1]}) → ${GATES[gate][i]} needs ${lhs} ${GATES[gate][i] === 1 ? "≥" : "<"} 0`;
  });
}

/**
 * Sums the augmented inputs of the positive and of the negative examples. If the two
 * sums are the same vector v, separability would need ⟨w, v⟩ ≥ 0 (adding the positive
 * inequalities) and ⟨w, v⟩ < 0 (adding the negative ones), so no w exists.
 */
function classSums(gate: Gate): { positive: number[]; negative: number[] } {
  const positive = [0, 0, 0];
  const negative = [0, 0, 0];
  INPUTS.forEach((x, i) => {
    const sums = GATES[gate][i] === 1 ? positive : negative;
    [1, x[0], x[1]].forEach((v, j) => (sums[j] += v));
  });
  return { positive, negative };
}

const fmtWeights = (w: readonly number[]): string => `[${w.map((v) => v.toFixed(2)).join(", ")}]`;

/** Trains AND, OR and XOR and prints what happened and why XOR fails. */
export function run(options: PerceptronOptions = {}): PerceptronResult {
  const { learningRate = 1, epochs = 100, log = console.log } = options;
  const gateNames = Object.keys(GATES) as Gate[];
  const results = {} as { [G in Gate]: GateResult };
  const contradiction = {} as { [G in Gate]: boolean };

  log(`Perceptron rule w ← w + η(y − ŷ)x, η = ${learningRate}, step activation, w starts at 0, at most ${epochs} epochs\n`);
  for (const gate of gateNames) {
    const r = trainGate(gate, learningRate, epochs);
    results[gate] = r;
    const table = INPUTS.map((x, i) => `${x[0]}${x[1]}→${r.outputs[i]}`).join(" ");
    if (r.converged) {
      log(`${gate}: converged after ${r.epochs} epochs, w = [b, w₁, w₂] = ${fmtWeights(r.weights)}; outputs ${table}`);
    } else {
      const fewest = Math.min(...r.mistakesPerEpoch);
      log(`${gate}: NOT converged in ${r.epochs} epochs (every epoch made ≥ ${fewest} mistake(s)); outputs ${table}`);
      if (r.cycle) {
        log(`  the weights at the start of epoch ${r.cycle[1]} equal those at the start of epoch ${r.cycle[0]}:`);
        log(`  the rule is deterministic, so it repeats this ${r.cycle[1] - r.cycle[0]}-epoch cycle forever.`);
      }
    }
  }

  log("\nWhy: the weights (w₀ = bias, w₁, w₂) must satisfy one inequality per input.");
  for (const gate of gateNames) {
    const { positive, negative } = classSums(gate);
    contradiction[gate] = positive.every((v, j) => v === negative[j]);
    if (!contradiction[gate]) continue;
    log(`${gate}:`);
    for (const line of inequalities(gate)) log(`  ${line}`);
    const v = positive.map((c, j) => `${c === 1 ? "" : c}${["w₀", "w₁", "w₂"][j]}`).join(" + ");
    log(`  adding the two "≥" lines: ${v} ≥ 0;  adding the two "<" lines: ${v} < 0.`);
    log(`  Contradiction: no line separates ${gate}'s 1s from its 0s (both diagonals cross at (½, ½)),`);
    log(`  so no weights exist and the perceptron rule can never stop making mistakes.`);
  }
  const separable = gateNames.filter((g) => !contradiction[g]);
  log(`(${separable.join(" and ")}: the positive and negative inputs sum to different vectors; the rule found separating weights.)`);
  return { gates: results, contradiction };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
