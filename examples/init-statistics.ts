/**
 * Why initialisation matters: the deck's Gaussian-initialisation study, and the
 * vanishing gradient.
 *
 * Part 1 (activations). An MLP of 10 tanh layers with 500 units each, no biases, is fed
 * 1000 inputs drawn from N(0, 1); the weights are drawn from N(0, σ²). Look at the
 * distribution of each layer's outputs:
 * - σ = 0.01: each layer multiplies the spread by about σ·√n = 0.22, so by layer 10 every
 *   output is ~0 (std ~1e-7). Backpropagated signals shrink the same way: nothing learns.
 * - σ = 1: pre-activations have std ~√n ≈ 22, tanh saturates, outputs pile up at ±1
 *   where tanh′ ≈ 0: gradients vanish again.
 * - Xavier, Var(w) = 1/n (Glorot & Bengio; the deck's derivation Var(s) = n·Var(x)·Var(w)
 *   keeps Var(s) = Var(x)): the spread stays healthy through all ten layers (it decays
 *   slowly, since tanh is only linear near 0).
 * The same with ReLU: He's Var(w) = 2/n compensates for ReLU zeroing half the inputs
 * and keeps the scale; Xavier's 1/n halves the second moment at every layer.
 * The program prints per-layer means and standard deviations and saves all 50
 * histograms as one SVG of small multiples (out/init-statistics.svg).
 *
 * Part 2 (gradients). The same depth with a softmax read-out on random labels: the norm
 * of ∂L/∂Wₗ for every layer l, from one `grad` call. With sigmoid (σ′ ≤ ¼) and Xavier
 * weights the gradient shrinks by ~4× per layer on its way down: layer 1 learns a
 * million times slower than layer 10. With ReLU and He it stays within a small factor.
 *
 * Run: `npx tsx examples/init-statistics.ts` (about a minute on a busy machine)
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { abs, greater, matmul, mean, astype, relu, sigmoid, sqrt, square, sum, tanh, grad, type Tensor } from "../src/index";
import { initializers, sparseCategoricalCrossEntropyWithLogits, type Initializer } from "../src/nn";
import { foldIn, key, normal, randint } from "../src/random";
import { smallMultiples, valueStats, type Panel } from "../src/train";

/** An activation function. */
type Activation = (x: Tensor) => Tensor;

/** One network configuration: an activation and a weight initialiser. */
interface Setup {
  /** Short label for tables and panel titles. */
  readonly label: string;
  readonly activation: Activation;
  readonly init: Initializer;
  readonly kind: "tanh" | "relu" | "sigmoid";
}

/** Var(w) = scale / n_in, Gaussian: Xavier (scale 1, the deck's 1/n) and He (scale 2). */
const xavier = initializers.varianceScaling(1, "fanIn", "normal");
const he = initializers.varianceScaling(2, "fanIn", "normal");

/** Part 1's five configurations (weights from the same key, so σ = 0.01 and σ = 1 differ only by scale). */
export const ACTIVATION_SETUPS: readonly Setup[] = [
  { label: "tanh, σ = 0.01", activation: tanh, init: initializers.normal(0.01), kind: "tanh" },
  { label: "tanh, σ = 1", activation: tanh, init: initializers.normal(1), kind: "tanh" },
  { label: "tanh, Xavier 1/n", activation: tanh, init: xavier, kind: "tanh" },
  { label: "ReLU, He 2/n", activation: relu, init: he, kind: "relu" },
  { label: "ReLU, Xavier 1/n", activation: relu, init: xavier, kind: "relu" },
];

/** Part 2's configurations. */
export const GRADIENT_SETUPS: readonly Setup[] = [
  { label: "sigmoid, Xavier 1/n", activation: sigmoid, init: xavier, kind: "sigmoid" },
  { label: "tanh, Xavier 1/n", activation: tanh, init: xavier, kind: "tanh" },
  { label: "ReLU, He 2/n", activation: relu, init: he, kind: "relu" },
];

/** Options of {@link run}. */
export interface InitStatisticsOptions {
  /** Hidden layers (default 10). */
  readonly layers?: number;
  /** Units per layer (default 500). */
  readonly units?: number;
  /** Inputs fed through for the activation study (default 1000). */
  readonly examples?: number;
  /** Inputs for the gradient study (default 256). */
  readonly gradientExamples?: number;
  /** Seed of inputs and weights (default 0). */
  readonly seed?: number;
  /** Where to save the SVG (default out/init-statistics.svg; null: do not save). */
  readonly svgPath?: string | null;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** Per-layer statistics of one configuration (index 0 is layer 1). */
export interface LayerStats {
  readonly label: string;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Fraction of outputs with |h| > 0.99 (tanh: saturated) or h = 0 (ReLU: off). */
  readonly extreme: readonly number[];
}

/** What {@link run} found. */
export interface InitStatisticsResult {
  readonly activations: readonly LayerStats[];
  /** ‖∂L/∂Wₗ‖ per layer (index 0 is layer 1), per gradient setup. */
  readonly gradientNorms: readonly { readonly label: string; readonly norms: readonly number[] }[];
  readonly svg: string;
  readonly svgPath: string | null;
}

/** The weight matrices of a deep net: layer l's from `foldIn(key, l)`. */
function weights(setup: Setup, seed: number, sizes: readonly number[]): Tensor[] {
  return sizes.slice(1).map((n, l) => setup.init(foldIn(key(seed), l + 1), [sizes[l], n]));
}

/** Feeds x through the layers, returning every layer's output. */
function forward(setup: Setup, ws: readonly Tensor[], x: Tensor): Tensor[] {
  const outputs: Tensor[] = [];
  let h = x;
  for (const w of ws) {
    h = setup.activation(matmul(h, w));
    outputs.push(h);
  }
  return outputs;
}

/** The fraction of entries where `test` holds. */
const fraction = (test: Tensor): number => mean(astype(test, "float32")).item();

/** A number in a 9-character cell: fixed when readable, exponent when tiny or huge. */
function cell(x: number): string {
  const a = Math.abs(x);
  const s = a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(1) : x.toFixed(3);
  return s.padStart(9);
}

/** Prints a table: one row per label, one column per layer. */
function table(log: (line: string) => void, title: string, rows: readonly { label: string; values: readonly number[] }[]): void {
  const width = Math.max(...rows.map((r) => r.label.length));
  const layers = rows[0]?.values.length ?? 0;
  log(title);
  log(`${"".padEnd(width)} ${Array.from({ length: layers }, (_, i) => `L${i + 1}`.padStart(9)).join("")}`);
  for (const r of rows) log(`${r.label.padEnd(width)} ${r.values.map(cell).join("")}`);
}

/** Part 1: per-layer activation statistics and histograms. */
function activationStudy(options: Required<Pick<InitStatisticsOptions, "layers" | "units" | "examples" | "seed">>): { stats: LayerStats[]; panels: Panel[] } {
  const { layers, units, examples, seed } = options;
  const x = normal(foldIn(key(seed), 0), [examples, units]); // inputs N(0, 1)
  const sizes = Array.from({ length: layers + 1 }, () => units);
  const stats: LayerStats[] = [];
  const panels: Panel[] = [];
  ACTIVATION_SETUPS.forEach((setup, row) => {
    const outputs = forward(setup, weights(setup, seed, sizes), x);
    const s = outputs.map((h) => valueStats(h));
    const extreme = outputs.map((h) => (setup.kind === "relu" ? 1 - fraction(greater(h, 0)) : fraction(greater(abs(h), 0.99))));
    stats.push({ label: setup.label, mean: s.map((v) => v.mean), std: s.map((v) => v.std), extreme });
    outputs.forEach((h, l) => {
      // ReLU: half the outputs are exactly 0; plot the positive ones so the shape shows.
      const values = setup.kind === "relu" ? Array.from(h.data()).filter((v) => v > 0) : h;
      panels.push({
        kind: "histogram",
        title: `${setup.label} · L${l + 1}`,
        values,
        bins: 40,
        range: setup.kind === "relu" ? [0, 4] : [-1, 1],
        color: ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1"][row],
        showStats: false,
        yLabel: "",
      });
    });
  });
  return { stats, panels };
}

/** Part 2: ‖∂L/∂Wₗ‖ for every layer, with a softmax read-out on random labels. */
function gradientStudy(options: Required<Pick<InitStatisticsOptions, "layers" | "units" | "gradientExamples" | "seed">>): { label: string; norms: number[] }[] {
  const { layers, units, gradientExamples, seed } = options;
  const classes = 10;
  const x = normal(foldIn(key(seed), 1000), [gradientExamples, units]);
  const labels = randint(foldIn(key(seed), 1001), [gradientExamples], 0, classes);
  const sizes = Array.from({ length: layers + 1 }, () => units);
  return GRADIENT_SETUPS.map((setup) => {
    const hidden = weights(setup, seed, sizes);
    const readout = xavier(foldIn(key(seed), 999), [units, classes]);
    const loss = (ws: readonly Tensor[]): Tensor<[]> => {
      const top = forward(setup, ws, x)[ws.length - 1];
      return sparseCategoricalCrossEntropyWithLogits(matmul(top, readout), labels);
    };
    const grads = grad(loss)(hidden);
    return { label: setup.label, norms: grads.map((g) => sqrt(sum(square(g))).item()) };
  });
}

/** Runs both studies, prints the tables and saves the histograms. */
export function run(options: InitStatisticsOptions = {}): InitStatisticsResult {
  const {
    layers = 10,
    units = 500,
    examples = 1000,
    gradientExamples = 256,
    seed = 0,
    svgPath = resolve(__dirname, "../out/init-statistics.svg"),
    log = console.log,
  } = options;
  log(`Part 1: ${layers} layers × ${units} units, no biases, ${examples} inputs from N(0, 1); statistics of each layer's outputs\n`);
  const { stats, panels } = activationStudy({ layers, units, examples, seed });
  table(
    log,
    "mean of the outputs",
    stats.map((s) => ({ label: s.label, values: s.mean })),
  );
  log("");
  table(
    log,
    "standard deviation of the outputs",
    stats.map((s) => ({ label: s.label, values: s.std })),
  );
  log("");
  table(
    log,
    "fraction saturated (tanh: |h| > 0.99) or off (ReLU: h = 0)",
    stats.map((s) => ({ label: s.label, values: s.extreme })),
  );

  const svg = smallMultiples({
    title: `Layer outputs of a ${layers}-layer MLP (${units} units, inputs N(0, 1)): one row per initialisation, one column per layer (ReLU rows: h > 0 only)`,
    panels,
    columns: layers,
    panelWidth: 170,
    panelHeight: 130,
    fontSize: 10,
  });
  if (svgPath !== null) {
    mkdirSync(dirname(svgPath), { recursive: true });
    writeFileSync(svgPath, svg);
    log(`\nhistograms: ${svgPath}`);
  }

  log(`\nPart 2: ‖∂L/∂Wₗ‖ per layer (softmax read-out, random labels, ${gradientExamples} inputs)\n`);
  const gradientNorms = gradientStudy({ layers, units, gradientExamples, seed });
  table(
    log,
    "gradient norm per layer",
    gradientNorms.map((g) => ({ label: g.label, values: g.norms })),
  );
  for (const g of gradientNorms) {
    const ratio = g.norms[0] / g.norms[g.norms.length - 1];
    log(`${g.label}: ‖∂L/∂W1‖ / ‖∂L/∂W${layers}‖ = ${ratio.toExponential(2)}`);
  }
  return { activations: stats, gradientNorms, svg, svgPath };
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
