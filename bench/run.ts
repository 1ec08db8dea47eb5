/**
 * Benchmarks: `npm run bench` prints one JSON line per benchmark,
 * {"bench": ID, "ms": median ms per call, ...extra fields}.
 *
 *   npm run bench                       all benchmarks
 *   npm run bench -- --only B2-grad     one (repeatable; comma lists; "B1" selects B1-*)
 *   npm run bench -- --list             the ids
 *
 * Adding a benchmark is one entry in `benchmarks`: an id and a setup function that
 * builds the inputs and returns the call to time (optionally extra fields from the median).
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
  type Tensor,
} from "../src/index";
import { measure, round, type MeasureOptions } from "./measure";
import { randomLabels, randomTensor } from "./data";

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
      const a = randomTensor([n, n], 1, 1);
      const b = randomTensor([n, n], 1, 2);
      checkFinite(id, matmul(a, b));
      return () => matmul(a, b);
    },
    (ms) => ({ gflops: round((2 * n * n * n) / (ms * 1e6)) }),
  );
}

/** B2: value and gradient of an MLP 784-256-10 (tanh hidden, softmax cross-entropy via logSoftmax), batch 128, float32. */
function mlpBench(): Benchmark {
  const id = "B2-grad";
  return bench(id, () => {
    const batch = 128;
    const params = {
      w1: randomTensor([784, 256], 1 / Math.sqrt(784), 11),
      b1: randomTensor([256], 0.01, 12),
      w2: randomTensor([256, 10], 1 / Math.sqrt(256), 13),
      b2: randomTensor([10], 0.01, 14),
    };
    type Params = typeof params;
    const x = randomTensor([batch, 784], 1, 15);
    const y = oneHot(randomLabels(batch, 10, 16), 10);
    const loss = (p: Params, xb: Tensor<[128, 784]>, yb: Tensor) => {
      const hidden = tanh(add(matmul(xb, p.w1), p.b1));
      const logits = add(matmul(hidden, p.w2), p.b2);
      return mul(mean(sum(mul(yb, logSoftmax(logits)), -1)), -1);
    };
    const vg = valueAndGrad(loss);
    const [value, grads] = vg(params, x, y);
    checkFinite(id, value);
    checkFinite(id, grads.w1);
    return () => vg(params, x, y);
  });
}

/** B3: gradient of x -> sin(x)·1.001 + 0.1 applied 1000 times to a scalar (3000 primitives). */
function chainBench(): Benchmark {
  const id = "B3-grad";
  return bench(
    id,
    () => {
      const f = (x: Tensor<[]>) => {
        let y: Tensor<[]> = x;
        for (let i = 0; i < 1000; i++) y = add(mul(sin(y), 1.001), 0.1);
        return y;
      };
      const g = grad(f);
      checkFinite(id, g(scalar(0.5)));
      return () => g(scalar(0.5));
    },
    (ms) => ({ primitives: 3000, usPerPrimitive: round((ms * 1000) / 3000) }),
  );
}

/** B4: value and gradient of sum(tanh(x)·x + 1) on 1e6 float32 elements. */
function elementwiseBench(): Benchmark {
  const id = "B4-vg";
  const n = 1_000_000;
  return bench(
    id,
    () => {
      const x = randomTensor([n], 1, 21);
      const vg = valueAndGrad((v: Tensor<[number]>) => sum(add(mul(tanh(v), v), 1)));
      const [value, g] = vg(x);
      checkFinite(id, value);
      checkFinite(id, g);
      return () => vg(x);
    },
    (ms) => ({ elements: n, nsPerElement: round((ms * 1e6) / n) }),
  );
}

/** Every benchmark, in run order. Add new ids here. */
export const benchmarks: readonly Benchmark[] = [
  matmulBench(128),
  matmulBench(256),
  matmulBench(512),
  mlpBench(),
  chainBench(),
  elementwiseBench(),
];

/** The ids selected by `--only` filters: an exact id, or a prefix ending at a dash ("B1" selects "B1-128"). */
export function select(all: readonly Benchmark[], filters: readonly string[]): Benchmark[] {
  if (filters.length === 0) return [...all];
  const picked = all.filter((b) => filters.some((f) => b.id === f || b.id.startsWith(`${f}-`)));
  const unknown = filters.filter((f) => !all.some((b) => b.id === f || b.id.startsWith(`${f}-`)));
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
