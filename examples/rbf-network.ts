/**
 * A radial basis function network for regression.
 *
 * Data: y = sin(x) + ε, ε ~ N(0, 0.1²), x uniform in [−3, 3) (seeded), 80 points.
 *
 * Model (the deck's RBF module followed by a linear module and a Euclidean loss):
 *     hᵤ(x) = exp(−‖x − cᵤ‖² / (2σᵤ²))    for k = 10 Gaussian units,
 *     ŷ(x)  = Σᵤ vᵤ·hᵤ(x) + b,
 *     L     = mean over examples of ½‖ŷ − y‖².
 * The centres cᵤ start at k random training points (a cheap stand-in for k-means:
 * `rbf(k, { fromData })`); centres, widths σᵤ and the linear weights are all trained
 * together by Adam on the gradient of L.
 *
 * The program prints the loss before and after training, the fit's error against the
 * noiseless sin(x), and saves a picture of the data, the fit and the truth to
 * out/rbf-network.svg.
 *
 * Run: `npx tsx examples/rbf-network.ts`
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { add, grad, linspace, mean, reshape, sin, square, sqrt, sub, type Tensor } from "../src/index";
import { dense, euclidean, rbf, serial } from "../src/nn";
import { adam, applyUpdates } from "../src/optim";
import { key, normal, split, uniform } from "../src/random";
import { lineChartSvg, type Series } from "../src/train";

/** Options of {@link run}. */
export interface RbfOptions {
  /** Training points (default 80). */
  readonly n?: number;
  /** Number of RBF units k (default 10). */
  readonly units?: number;
  /** Initial width σ of every unit (default 0.8). */
  readonly width?: number;
  /** Adam steps (default 1500). */
  readonly steps?: number;
  /** Adam learning rate (default 0.005). */
  readonly learningRate?: number;
  /** Seed of the data and the initialisation (default 0). */
  readonly seed?: number;
  /** Where to save the SVG (default out/rbf-network.svg; null: do not save). */
  readonly svgPath?: string | null;
  /** Where the story is printed (default console.log). */
  readonly log?: (line: string) => void;
}

/** What {@link run} found. */
export interface RbfResult {
  readonly initialLoss: number;
  readonly finalLoss: number;
  /** Root mean square of ŷ(x) − sin(x) on 200 points of [−3, 3]. */
  readonly rmseToTruth: number;
  /** The noise standard deviation, for comparison. */
  readonly noiseStd: number;
  /** The SVG document (also saved to `svgPath` unless null). */
  readonly svg: string;
  readonly svgPath: string | null;
}

const NOISE_STD = 0.1;

/** Fits the RBF network and draws it. */
export function run(options: RbfOptions = {}): RbfResult {
  const {
    n = 80,
    units = 10,
    width = 0.8,
    steps = 1500,
    learningRate = 0.005,
    seed = 0,
    svgPath = resolve(__dirname, "../out/rbf-network.svg"),
    log = console.log,
  } = options;
  const [kx, kNoise, kInit] = split(key(seed), 3);
  const x = reshape(uniform(kx, [n], { min: -3, max: 3, dtype: "float64" }), [n, 1]);
  const y = add(sin(x), normal(kNoise, [n, 1], { std: NOISE_STD, dtype: "float64" }));

  const net = serial(rbf(units, { fromData: x, width, dtype: "float64" }), dense(1, { dtype: "float64" }));
  const [, init] = net.init(kInit, [-1, 1]);
  type Params = typeof init;
  const loss = (p: Params): Tensor<[]> => euclidean(net.apply(p, x), y);
  const lossGrad = grad(loss);

  const centres0 = Array.from(init[0].centres.data()).sort((a, b) => a - b);
  log(`${n} points of sin(x) + N(0, ${NOISE_STD}²); RBF network with ${units} Gaussian units (σ = ${width}) + linear output, Euclidean loss`);
  log(`initial centres (random training points): ${centres0.map((c) => c.toFixed(2)).join(", ")}`);

  const optimizer = adam(learningRate);
  let params = init;
  let state = optimizer.init(params);
  const initialLoss = loss(params).item();
  log(`Adam, η = ${learningRate}: step 0 loss ${initialLoss.toFixed(5)}`);
  for (let t = 1; t <= steps; t++) {
    const [updates, next] = optimizer.update(lossGrad(params), state, params);
    params = applyUpdates(params, updates);
    state = next;
    if (t % Math.max(1, Math.floor(steps / 5)) === 0) log(`  step ${t}: loss ${loss(params).item().toFixed(5)}`);
  }
  const finalLoss = loss(params).item();

  const grid = reshape(linspace(-3, 3, 200, "float64"), [200, 1]);
  const fit = net.apply(params, grid);
  const truth = sin(grid);
  const rmseToTruth = sqrt(mean(square(sub(fit, truth)))).item();
  log(`final loss ${finalLoss.toFixed(5)} (the noise alone gives ½σ² = ${(0.5 * NOISE_STD ** 2).toFixed(5)})`);
  log(`RMS distance of the fit from sin(x) on [−3, 3]: ${rmseToTruth.toFixed(4)} (noise σ = ${NOISE_STD})`);

  const svg = drawFit(x, y, grid, fit, truth, Array.from(params[0].centres.data()));
  if (svgPath !== null) {
    mkdirSync(dirname(svgPath), { recursive: true });
    writeFileSync(svgPath, svg);
    log(`picture: ${svgPath}`);
  }
  return { initialLoss, finalLoss, rmseToTruth, noiseStd: NOISE_STD, svg, svgPath };
}

/** Pairs of the values of two [m, 1] tensors. */
function pairs(a: Tensor, b: Tensor): [number, number][] {
  const xs = a.data();
  const ys = b.data();
  return Array.from(xs, (v, i) => [v, ys[i]] as [number, number]);
}

/**
 * The data as dots, the fit and sin(x) as curves, the trained centres as dots on the
 * x axis. (`lineChartSvg` draws polylines only; a one-point series is drawn as a dot,
 * so each data point is its own unnamed series.)
 */
function drawFit(x: Tensor, y: Tensor, grid: Tensor, fit: Tensor, truth: Tensor, centres: readonly number[]): string {
  const dots = (points: readonly [number, number][], color: string, name: string): Series[] =>
    points.map((p, i) => ({ name: i === 0 ? name : "", points: [p], color }));
  const sorted = pairs(x, y).sort((a, b) => a[0] - b[0]);
  const series: Series[] = [
    { name: "sin(x)", points: pairs(grid, truth), color: "#999999", dashed: true },
    { name: "RBF fit", points: pairs(grid, fit), color: "#d62728" },
    ...dots(sorted, "#1f77b4", "data"),
    ...dots(
      centres.filter((c) => c >= -3 && c <= 3).map((c) => [c, -1.45] as [number, number]),
      "#2ca02c",
      "trained centres",
    ),
  ];
  return lineChartSvg({
    title: "RBF network: y = sin(x) + noise",
    xLabel: "x",
    yLabel: "y",
    series,
    xDomain: [-3, 3],
    yDomain: [-1.5, 1.5],
    width: 720,
    height: 420,
  });
}

function main(): void {
  run();
}

// Run when executed directly (npx tsx examples/...), not when imported by the tests.
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) main();
