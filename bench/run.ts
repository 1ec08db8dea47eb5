/**
 * Benchmarks: `npm run bench` prints one JSON line per benchmark,
 * {"bench": ID, "ms": median ms per call, ...extra fields}.
 *
 *   npm run bench                       all benchmarks
 *   npm run bench -- --only B2-grad     one (repeatable; comma lists; "B1" selects B1-*, "B3" B3-grad and B3-grad-jit)
 *   npm run bench -- --list             the ids
 *
 * Adding a benchmark is one entry in `benchmarks`: an id and a setup function that
 * builds the inputs and returns the call to time (optionally extra fields from the median).
 * The `-jit` ids time the same workload under `jit`; their `compileMs` is the time of the
 * first call (tracing, staging, compiling and one run), taken in setup.
 *
 * The workloads (loss functions and how their inputs are drawn) are exported for
 * bench/compare, which runs the same ones in other libraries.
 */
import {
  add,
  logSoftmax,
  matmul,
  mean,
  mul,
  oneHot,
  scalar,
  sin,
  sum,
  tanh,
  valueAndGrad,
  grad,
  jit,
  makeJaxpr,
  Jaxpr,
  div,
  where,
  random,
  type Tensor,
} from "../src/index";
import { compile } from "../src/core/compile/executable";
import { measure, round, type MeasureOptions } from "./measure";
import { randomLabels, randomTensor } from "./data";
import { trainMnist, type MnistResult } from "../examples/mnist";
import { lstmInputs, lstmLossScan, lstmLossUnrolled } from "./lstm";
import { attentionInputs } from "./attention";
import { lenetInputs, lenetLoss } from "./lenet";

/** A benchmark: `setup` prepares inputs (untimed) and returns the call to time. */
export interface Benchmark {
  readonly id: string;
  readonly setup: () => () => unknown;
  /** Extra JSON fields computed from the median ms (e.g. GFLOP/s). */
  readonly extra?: (ms: number) => Record<string, number | string>;
  readonly options?: MeasureOptions;
}

const bench = (id: string, setup: () => () => unknown, extra?: Benchmark["extra"], options?: MeasureOptions): Benchmark => ({
  id,
  setup,
  extra,
  options,
});

/** Fails loudly when a benchmark computes garbage: timing a broken op is meaningless. */
function checkFinite(id: string, t: Tensor): void {
  const data = t.data();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(Number(data[i]))) throw new Error(`${id}: non-finite value at flat index ${i}`);
  }
}

/** B1: n×n float32 matmul through the public `matmul`. */
function matmulBench(n: number): Benchmark {
  const id = `B1-${n}`;
  return bench(
    id,
    () => {
      const { a: da, b: db } = workloads.matmul;
      const a = randomTensor([n, n], da.scale, da.seed);
      const b = randomTensor([n, n], db.scale, db.seed);
      checkFinite(id, matmul(a, b));
      return () => matmul(a, b);
    },
    (ms) => ({ gflops: round((2 * n * n * n) / (ms * 1e6)) }),
  );
}

/** A uniform input: values in [-scale, scale) drawn from `seed`. */
export interface Draw {
  readonly scale: number;
  readonly seed: number;
}

/**
 * How the inputs of every workload are drawn (sizes, scales, seeds), shared with
 * bench/compare so that every library computes on the same numbers.
 */
export const workloads = {
  /** B1: a and b, n×n. */
  matmul: { sizes: [128, 256, 512], a: { scale: 1, seed: 1 }, b: { scale: 1, seed: 2 } },
  /** B2: MLP 784-256-10, tanh hidden, softmax cross-entropy, batch 128. */
  mlp: {
    batch: 128,
    inputs: 784,
    hidden: 256,
    classes: 10,
    w1: { scale: 1 / Math.sqrt(784), seed: 11 },
    b1: { scale: 0.01, seed: 12 },
    w2: { scale: 1 / Math.sqrt(256), seed: 13 },
    b2: { scale: 0.01, seed: 14 },
    x: { scale: 1, seed: 15 },
    labelsSeed: 16,
  },
  /** B3: x -> sin(x)·factor + shift, `depth` times, from x0 (3 primitives a step). */
  chain: { depth: 1000, x0: 0.5, factor: 1.001, shift: 0.1 },
  /** B4: sum(tanh(x)·x + 1) on n elements. */
  elementwise: { n: 1_000_000, x: { scale: 1, seed: 21 } },
} as const;

/** The parameters of the B2 MLP. */
export interface MlpParams {
  readonly w1: Tensor<[784, 256]>;
  readonly b1: Tensor<[256]>;
  readonly w2: Tensor<[256, 10]>;
  readonly b2: Tensor<[10]>;
}

/** The B2 inputs as purediff tensors: parameters, a batch x and one-hot labels y. */
export function mlpInputs(): { readonly params: MlpParams; readonly x: Tensor<[128, 784]>; readonly y: Tensor } {
  const m = workloads.mlp;
  return {
    params: {
      w1: randomTensor([784, 256], m.w1.scale, m.w1.seed),
      b1: randomTensor([256], m.b1.scale, m.b1.seed),
      w2: randomTensor([256, 10], m.w2.scale, m.w2.seed),
      b2: randomTensor([10], m.b2.scale, m.b2.seed),
    },
    x: randomTensor([128, 784], m.x.scale, m.x.seed),
    y: oneHot(randomLabels(m.batch, m.classes, m.labelsSeed), m.classes),
  };
}

/** The B2 loss: mean softmax cross-entropy (via logSoftmax) of the MLP on a batch. */
export function mlpLoss(p: MlpParams, xb: Tensor<[128, 784]>, yb: Tensor): Tensor<[]> {
  const hidden = tanh(add(matmul(xb, p.w1), p.b1));
  const logits = add(matmul(hidden, p.w2), p.b2);
  return mul(mean(sum(mul(yb, logSoftmax(logits)), -1)), -1);
}

/** The B3 function: x -> sin(x)·1.001 + 0.1 applied 1000 times to a scalar. */
export function chain(x: Tensor<[]>): Tensor<[]> {
  const c = workloads.chain;
  let y: Tensor<[]> = x;
  for (let i = 0; i < c.depth; i++) y = add(mul(sin(y), c.factor), c.shift);
  return y;
}

/** The B4 function: sum(tanh(v)·v + 1). */
export function elementwise(v: Tensor<[number]>): Tensor<[]> {
  return sum(add(mul(tanh(v), v), 1));
}

/** Calls `f` once and returns its result and how long the call took (ms). */
function timedFirstCall<R>(f: () => R): { readonly result: R; readonly ms: number } {
  const t0 = performance.now();
  const result = f();
  return { result, ms: performance.now() - t0 };
}

/** B2: value and gradient of an MLP 784-256-10 (tanh hidden, softmax cross-entropy via logSoftmax), batch 128, float32; `jitted` wraps it in `jit`. */
function mlpBench(jitted: boolean): Benchmark {
  const id = jitted ? "B2-grad-jit" : "B2-grad";
  let compileMs = NaN;
  return bench(
    id,
    () => {
      const { params, x, y } = mlpInputs();
      const vg = jitted ? jit(valueAndGrad(mlpLoss)) : valueAndGrad(mlpLoss);
      const first = timedFirstCall(() => vg(params, x, y));
      compileMs = first.ms;
      const [value, grads] = first.result;
      checkFinite(id, value);
      checkFinite(id, grads.w1);
      return () => vg(params, x, y);
    },
    jitted ? () => ({ compileMs: round(compileMs) }) : undefined,
  );
}

/** B3: gradient of x -> sin(x)·1.001 + 0.1 applied 1000 times to a scalar (3000 primitives); `jitted` wraps it in `jit`. */
function chainBench(jitted: boolean): Benchmark {
  const id = jitted ? "B3-grad-jit" : "B3-grad";
  const primitives = 3 * workloads.chain.depth;
  let compileMs = NaN;
  return bench(
    id,
    () => {
      const g = jitted ? jit(grad(chain)) : grad(chain);
      const first = timedFirstCall(() => g(scalar(workloads.chain.x0)));
      compileMs = first.ms;
      checkFinite(id, first.result);
      return () => g(scalar(workloads.chain.x0));
    },
    (ms) => ({ primitives, usPerPrimitive: round((ms * 1000) / primitives), ...(jitted ? { compileMs: round(compileMs) } : {}) }),
  );
}

/** B4: value and gradient of sum(tanh(x)·x + 1) on 1e6 float32 elements; `jitted` wraps it in `jit`. */
function elementwiseBench(jitted: boolean): Benchmark {
  const id = jitted ? "B4-vg-jit" : "B4-vg";
  const { n, x: draw } = workloads.elementwise;
  let compileMs = NaN;
  return bench(
    id,
    () => {
      const x = randomTensor([n], draw.scale, draw.seed);
      const vg = jitted ? jit(valueAndGrad(elementwise)) : valueAndGrad(elementwise);
      const first = timedFirstCall(() => vg(x));
      compileMs = first.ms;
      const [value, g] = first.result;
      checkFinite(id, value);
      checkFinite(id, g);
      return () => vg(x);
    },
    (ms) => ({ elements: n, nsPerElement: round((ms * 1e6) / n), ...(jitted ? { compileMs: round(compileMs) } : {}) }),
  );
}

/** Compiles a program and every sub-program its equations carry (loop bodies, branches, calls). */
function compileAll(jaxpr: Jaxpr): void {
  compile(jaxpr);
  for (const e of jaxpr.eqns) {
    for (const value of Object.values(e.params as object)) {
      for (const sub of Array.isArray(value) ? value : [value]) if (sub instanceof Jaxpr) compileAll(sub);
    }
  }
}

/** How long tracing, staging and compiling `f` takes, without running it (ms). */
function traceAndCompileMs(f: (...args: never[]) => unknown, args: readonly unknown[]): number {
  const t0 = performance.now();
  compileAll(makeJaxpr(f as (...xs: unknown[]) => unknown)(...args));
  return performance.now() - t0;
}

/**
 * B6: value and gradient of an LSTM (batch 128, input 28, 128 units, dense readout,
 * softmax cross-entropy) over `steps` steps: `scan` (eager or jit) or unrolled by hand
 * (jit). `compileMs` is the first call (trace, stage, compile, run once); `traceCompileMs`
 * the tracing, staging and compiling alone (every sub-program included), measured apart.
 */
function lstmBench(loop: "scan" | "unrolled", jitted: boolean, steps: number): Benchmark {
  const id = `B6-lstm-${loop}${jitted ? "-jit" : ""}${steps === 28 ? "" : `-${steps}`}`;
  let compileMs = NaN;
  let traceCompileMs = NaN;
  return bench(
    id,
    () => {
      const { params, xs, y } = lstmInputs(steps);
      const loss = loop === "scan" ? lstmLossScan : lstmLossUnrolled;
      if (jitted) traceCompileMs = traceAndCompileMs(valueAndGrad(loss), [params, xs, y]);
      const vg = jitted ? jit(valueAndGrad(loss)) : valueAndGrad(loss);
      const first = timedFirstCall(() => vg(params, xs, y));
      compileMs = first.ms;
      checkFinite(id, first.result[0]);
      checkFinite(id, first.result[1].recurrentKernel);
      return () => vg(params, xs, y);
    },
    (ms) => ({ steps, msPerStep: round(ms / steps), ...(jitted ? { compileMs: round(compileMs), traceCompileMs: round(traceCompileMs) } : {}) }),
  );
}

/** B5: value and gradient of LeNet-5 on 128 MNIST-sized images (bench/lenet.ts); `jitted` wraps it in `jit`. */
function lenetBench(jitted: boolean): Benchmark {
  const id = jitted ? "B5-lenet-jit" : "B5-lenet";
  let compileMs = NaN;
  return bench(
    id,
    () => {
      const { params, x, y } = lenetInputs();
      const vg = jitted ? jit(valueAndGrad(lenetLoss)) : valueAndGrad(lenetLoss);
      const first = timedFirstCall(() => vg(params, x, y));
      compileMs = first.ms;
      checkFinite(id, first.result[0]);
      checkFinite(id, first.result[1].conv1);
      return () => vg(params, x, y);
    },
    jitted ? () => ({ compileMs: round(compileMs) }) : undefined,
  );
}

/** B7: value and gradient of one pre-norm transformer block (batch 16, 64 tokens, width 128, 4 heads, MLP 512, GELU); `jitted` wraps it in `jit`. */
function attentionBench(jitted: boolean): Benchmark {
  const id = jitted ? "B7-attention-jit" : "B7-attention";
  let compileMs = NaN;
  return bench(
    id,
    () => {
      const { params, x, loss } = attentionInputs();
      const vg = jitted ? jit(valueAndGrad(loss)) : valueAndGrad(loss);
      const first = timedFirstCall(() => vg(params, x));
      compileMs = first.ms;
      checkFinite(id, first.result[0]);
      return () => vg(params, x);
    },
    jitted ? () => ({ compileMs: round(compileMs) }) : undefined,
  );
}

/** R1: an inverted-dropout mask (rate 0.5) on a float32 [128, 256] batch with a fresh key each call; `jitted` wraps it in `jit` (traced once for every key). */
function dropoutBench(jitted: boolean): Benchmark {
  const id = jitted ? "R1-dropout-jit" : "R1-dropout";
  const shape = [128, 256] as const;
  const elements = shape[0] * shape[1];
  const drop = (k: random.PRNGKey, x: Tensor): Tensor => where(random.bernoulli(k, 0.5, x.shape), div(x, 0.5), 0);
  let compileMs = NaN;
  return bench(
    id,
    () => {
      const x = randomTensor(shape, 1, 7);
      const keys = random.split(random.key(0), 64);
      const f = jitted ? jit(drop) : drop;
      const first = timedFirstCall(() => f(keys[0], x));
      compileMs = first.ms;
      checkFinite(id, first.result);
      let i = 0;
      return () => f(keys[i++ % keys.length], x);
    },
    (ms) => ({ elements, nsPerElement: round((ms * 1e6) / elements), ...(jitted ? { compileMs: round(compileMs) } : {}) }),
  );
}

/**
 * MNIST-epoch: one epoch of the main job (784-256-10 with dropout 0.2, batch 128, 55 000
 * images, the whole step jitted with a fresh key per step), then its test accuracy;
 * `MNIST-epoch-nodropout` the same without dropout. One sample each: they take seconds.
 */
function mnistEpochBench(dropout: number): Benchmark {
  let result: MnistResult | undefined;
  return bench(
    dropout > 0 ? "MNIST-epoch" : "MNIST-epoch-nodropout",
    () => () => (result = trainMnist({ epochs: 1, dropout })),
    () => ({ dropout, epochMs: round(result?.epochMs[0] ?? NaN), testAccuracy: round(result?.testAccuracy ?? NaN) }),
    { warmupMs: 0, minWarmupRuns: 0, minSamples: 1, targetMs: 0, maxSamples: 1, minSampleMs: 0 },
  );
}

/** Every benchmark, in run order. Add new ids here. */
export const benchmarks: readonly Benchmark[] = [
  ...workloads.matmul.sizes.map((n) => matmulBench(n)),
  mlpBench(false),
  mlpBench(true),
  chainBench(false),
  chainBench(true),
  elementwiseBench(false),
  elementwiseBench(true),
  lenetBench(false),
  lenetBench(true),
  lstmBench("scan", false, 28),
  lstmBench("scan", true, 28),
  lstmBench("unrolled", true, 28),
  lstmBench("scan", true, 512),
  attentionBench(false),
  attentionBench(true),
  dropoutBench(false),
  dropoutBench(true),
  mnistEpochBench(0.2),
  mnistEpochBench(0),
];

/**
 * The benchmarks selected by `--only` filters: a filter equal to an id selects that id alone
 * ("B2-grad" is not "B2-grad-jit"); any other filter selects the ids it prefixes up to a dash
 * ("B1" selects "B1-128", "B3" selects "B3-grad" and "B3-grad-jit").
 */
export function select(all: readonly Benchmark[], filters: readonly string[]): Benchmark[] {
  if (filters.length === 0) return [...all];
  const matches = (id: string, f: string): boolean => id === f || (!all.some((b) => b.id === f) && id.startsWith(`${f}-`));
  const picked = all.filter((b) => filters.some((f) => matches(b.id, f)));
  const unknown = filters.filter((f) => !all.some((b) => matches(b.id, f)));
  if (unknown.length > 0) {
    throw new Error(`bench: no benchmark matches ${unknown.map((f) => JSON.stringify(f)).join(", ")}; known ids: ${all.map((b) => b.id).join(", ")}`);
  }
  return picked;
}

/** Parses `--only ID[,ID]` (repeatable, also `--only=ID`) and `--list`. */
export function parseArgs(argv: readonly string[]): { only: string[]; list: boolean } {
  const only: string[] = [];
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--list") list = true;
    else if (arg === "--only") {
      const value = argv[++i];
      if (value === undefined) throw new Error("bench: --only needs an id, e.g. --only B2-grad");
      only.push(...value.split(","));
    } else if (arg.startsWith("--only=")) only.push(...arg.slice("--only=".length).split(","));
    else throw new Error(`bench: unknown argument ${JSON.stringify(arg)} (use --only ID or --list)`);
  }
  return { only: only.filter((s) => s.length > 0), list };
}

function main(): void {
  const { only, list } = parseArgs(process.argv.slice(2));
  const selected = select(benchmarks, only);
  if (list) {
    for (const b of selected) console.log(b.id);
    return;
  }
  for (const b of selected) {
    const call = b.setup();
    const m = measure(call, b.options);
    console.log(JSON.stringify({ bench: b.id, ms: round(m.ms), ...(b.extra?.(m.ms) ?? {}), samples: m.samples }));
  }
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
