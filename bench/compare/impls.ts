/**
 * The workloads of `npm run bench` (B1 matmul, B2 MLP value+grad, B3 gradient of a scalar
 * chain, B4 elementwise value+grad) written for each library of the comparison, on the same
 * input numbers (bench/data.ts, seeds from `workloads` in bench/run.ts).
 *
 * Every call leaves its results computed in memory: purediff and TF.js compute eagerly
 * (their cpu and wasm backends are synchronous); jax-js is lazy (and `blockUntilReady`
 * does not evaluate pending elementwise expressions), so its calls read every output with
 * `dataSync`, which evaluates it and copies it out of wasm memory.
 * @module
 */
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { grad, jit, matmul, scalar, valueAndGrad, type Tensor } from "../../src/index";
import { matmulThreadsReady } from "../../src/tensor/kernels/wasm/matmul-wasm";
import { setThreads } from "../../src/tensor/kernels/wasm/threads";
import { randomLabels, randomTensor, randomValues } from "../data";
import { chain, elementwise, mlpInputs, mlpLoss, workloads } from "../run";
import { meanAbs, timed } from "./fingerprint";
import type { Entry, Prepared } from "./harness";
import { jaxLenetPrepare, purediffLenetPrepare, tfLenetPrepare } from "./lenet";
import { jaxSequencePrepare, purediffSequencePrepare, SEQUENCE_BENCHES, tfSequencePrepare } from "./sequences";
import { moduleDir, type Jax, type JaxArray, type JaxTree, type Tf, type TfTensor, type TfWasm } from "./facades";

/** The library columns, in display order. */
export const LIBS = ["purediff", "purediff-jit", "purediff-1t", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js-jit"] as const;

/** A library column of the comparison. */
export type Lib = (typeof LIBS)[number];

/** What each column is. */
export const LIB_NOTES: Readonly<Record<Lib, string>> = {
  purediff: "purediff, eager (matmul on its WebAssembly SIMD kernel, 2 threads for large products)",
  "purediff-jit": "purediff, jit (compiled once, replayed)",
  "purediff-1t": "purediff, eager, matmul limited to 1 thread (B1, B2 only)",
  "tfjs-cpu": "TensorFlow.js, cpu backend (plain JavaScript kernels), prod mode (not run on B6, B7)",
  "tfjs-wasm": "TensorFlow.js, wasm backend (XNNPACK, SIMD, 1 thread), prod mode",
  "jax-js": "jax-js, wasm device, eager (lazy arrays; 1 thread in Node)",
  "jax-js-jit": "jax-js, wasm device, jit",
};

/** The benchmark ids, in display order. */
export const BENCHES = ["B1-128", "B1-256", "B1-512", "B2-grad", "B3-grad", "B4-vg", "B5-lenet", ...SEQUENCE_BENCHES] as const;

/** True for the sequence workloads (bench/compare/sequences.ts). */
const isSequence = (bench: string): boolean => (SEQUENCE_BENCHES as readonly string[]).includes(bench);

/** One-hot float32 rows of the B2 labels. */
function oneHotValues(): Float32Array {
  const m = workloads.mlp;
  const labels = randomLabels(m.batch, m.classes, m.labelsSeed);
  const out = new Float32Array(m.batch * m.classes);
  labels.forEach((c, i) => (out[i * m.classes + c] = 1));
  return out;
}

/** The B2 parameter values (flat) and their shapes, in the order w1, b1, w2, b2. */
function mlpParamValues(): { readonly values: Float32Array[]; readonly shapes: number[][] } {
  const m = workloads.mlp;
  const shapes = [[m.inputs, m.hidden], [m.hidden], [m.hidden, m.classes], [m.classes]];
  const draws = [m.w1, m.b1, m.w2, m.b2];
  return {
    values: shapes.map((s, i) =>
      randomValues(
        s.reduce((a, b) => a * b, 1),
        draws[i].scale,
        draws[i].seed,
      ),
    ),
    shapes,
  };
}

function matmulSize(bench: string): number {
  return Number(bench.slice("B1-".length));
}

// ---------------------------------------------------------------------------------------
// purediff

const defaultThreads = availableParallelism();

/** purediff entries: eager, jit, and eager with one matmul thread (B1, B2). */
export function purediffEntries(): Entry[] {
  matmulThreadsReady();
  const threads = (n: number) => () => setThreads(n);
  const out: Entry[] = [];
  for (const bench of BENCHES) {
    const modes: Lib[] = bench.startsWith("B1")
      ? ["purediff", "purediff-1t"]
      : bench === "B2-grad"
        ? ["purediff", "purediff-jit", "purediff-1t"]
        : ["purediff", "purediff-jit"];
    for (const lib of modes) {
      out.push({ bench, lib, activate: threads(lib === "purediff-1t" ? 1 : defaultThreads), prepare: () => purediffPrepare(bench, lib === "purediff-jit") });
    }
  }
  return out;
}

function purediffPrepare(bench: string, jitted: boolean): Prepared {
  if (isSequence(bench)) return purediffSequencePrepare(bench, jitted);
  if (bench === "B5-lenet") return purediffLenetPrepare(jitted);
  if (bench.startsWith("B1")) {
    const n = matmulSize(bench);
    const { a: da, b: db } = workloads.matmul;
    const a = randomTensor([n, n], da.scale, da.seed);
    const b = randomTensor([n, n], db.scale, db.seed);
    const first = timed(() => matmul(a, b));
    return { run: () => matmul(a, b), fingerprint: [meanAbs(first.result.data())], firstMs: first.ms };
  }
  if (bench === "B2-grad") {
    const { params, x, y } = mlpInputs();
    const vg = jitted ? jit(valueAndGrad(mlpLoss)) : valueAndGrad(mlpLoss);
    const first = timed(() => vg(params, x, y));
    const [value, g] = first.result;
    return {
      run: () => vg(params, x, y),
      fingerprint: [value.item(), ...[g.w1, g.b1, g.w2, g.b2].map((t: Tensor) => meanAbs(t.data()))],
      firstMs: first.ms,
    };
  }
  if (bench === "B3-grad") {
    const g = jitted ? jit(grad(chain)) : grad(chain);
    const x0 = workloads.chain.x0;
    const first = timed(() => g(scalar(x0)));
    return { run: () => g(scalar(x0)), fingerprint: [first.result.item()], firstMs: first.ms };
  }
  const { n, x: draw } = workloads.elementwise;
  const x = randomTensor([n], draw.scale, draw.seed);
  const vg = jitted ? jit(valueAndGrad(elementwise)) : valueAndGrad(elementwise);
  const first = timed(() => vg(x));
  const [value, g] = first.result;
  return { run: () => vg(x), fingerprint: [value.item() / n, meanAbs(g.data())], firstMs: first.ms };
}

// ---------------------------------------------------------------------------------------
// TensorFlow.js

/**
 * Sets TF.js up for the comparison: prod mode (no debug checks, no Node banner), the wasm
 * binaries from the package's own dist folder, and the single-threaded SIMD build.
 * Returns what the wasm backend reports (SIMD support, thread count).
 */
export async function setupTf(tf: Tf, wasm: TfWasm): Promise<{ readonly simd: boolean; readonly threads: number; readonly wasmDir: string }> {
  tf.enableProdMode();
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
  const wasmDir = moduleDir("@tensorflow/tfjs-backend-wasm") + path.sep;
  wasm.setWasmPaths(wasmDir);
  if (!(await tf.setBackend("wasm"))) throw new Error("TF.js: the wasm backend did not initialize");
  await tf.ready();
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  const threads = wasm.getThreadsCount();
  if (!(await tf.setBackend("cpu"))) throw new Error("TF.js: the cpu backend did not initialize");
  return { simd, threads, wasmDir: path.relative(process.cwd(), wasmDir) };
}

/** TF.js entries for one backend ("cpu" or "wasm"): every benchmark, eager (TF.js has no jit). */
export function tfEntries(tf: Tf, backend: "cpu" | "wasm"): Entry[] {
  const lib: Lib = backend === "cpu" ? "tfjs-cpu" : "tfjs-wasm";
  const activate = async (): Promise<void> => {
    if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`TF.js: cannot switch to ${backend}`);
  };
  // the cpu backend's plain JavaScript kernels take seconds per call on the sequence workloads
  const benches = backend === "cpu" ? BENCHES.filter((b) => !isSequence(b)) : BENCHES;
  return benches.map((bench) => ({ bench, lib, activate, prepare: () => tfPrepare(tf, bench) }));
}

function tfPrepare(tf: Tf, bench: string): Prepared {
  if (isSequence(bench)) return tfSequencePrepare(tf, bench);
  if (bench === "B5-lenet") return tfLenetPrepare(tf);
  const t = (values: Float32Array, shape: readonly number[]): TfTensor => tf.tensor(values, shape, "float32");
  const read = (x: TfTensor): Float32Array | Int32Array | Uint8Array => x.dataSync();
  if (bench.startsWith("B1")) {
    const n = matmulSize(bench);
    const { a: da, b: db } = workloads.matmul;
    const a = t(randomValues(n * n, da.scale, da.seed), [n, n]);
    const b = t(randomValues(n * n, db.scale, db.seed), [n, n]);
    const first = timed(() => tf.matMul(a, b));
    const fingerprint = [meanAbs(read(first.result))];
    first.result.dispose();
    return {
      run: () => tf.matMul(a, b).dispose(),
      fingerprint,
      firstMs: first.ms,
      dispose: () => [a, b].forEach((x) => x.dispose()),
    };
  }
  if (bench === "B2-grad") {
    const m = workloads.mlp;
    const { values, shapes } = mlpParamValues();
    const params = values.map((v, i) => t(v, shapes[i]));
    const x = t(randomValues(m.batch * m.inputs, m.x.scale, m.x.seed), [m.batch, m.inputs]);
    const y = t(oneHotValues(), [m.batch, m.classes]);
    const loss = (w1: TfTensor, b1: TfTensor, w2: TfTensor, b2: TfTensor): TfTensor => {
      const hidden = tf.tanh(tf.add(tf.matMul(x, w1), b1));
      const logits = tf.add(tf.matMul(hidden, w2), b2);
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits, -1)), -1)));
    };
    const vg = tf.valueAndGrads((...args: TfTensor[]) => loss(args[0], args[1], args[2], args[3]));
    const first = timed(() => vg(params));
    const fingerprint = [read(first.result.value)[0], ...first.result.grads.map((g) => meanAbs(read(g)))];
    [first.result.value, ...first.result.grads].forEach((g) => g.dispose());
    return {
      run: () => tf.tidy(() => void vg(params)),
      fingerprint,
      firstMs: first.ms,
      dispose: () => [...params, x, y].forEach((z) => z.dispose()),
    };
  }
  if (bench === "B3-grad") {
    const c = workloads.chain;
    const f = (x: TfTensor): TfTensor => {
      let y = x;
      for (let i = 0; i < c.depth; i++) y = tf.add(tf.mul(tf.sin(y), c.factor), c.shift);
      return y;
    };
    const g = tf.grad(f);
    const first = timed(() => tf.tidy(() => g(tf.scalar(c.x0, "float32"))));
    const fingerprint = [read(first.result)[0]];
    first.result.dispose();
    return { run: () => tf.tidy(() => void g(tf.scalar(c.x0, "float32"))), fingerprint, firstMs: first.ms };
  }
  const { n, x: draw } = workloads.elementwise;
  const x = t(randomValues(n, draw.scale, draw.seed), [n]);
  const vg = tf.valueAndGrad((v: TfTensor) => tf.sum(tf.add(tf.mul(tf.tanh(v), v), 1)));
  const first = timed(() => vg(x));
  const fingerprint = [read(first.result.value)[0] / n, meanAbs(read(first.result.grad))];
  first.result.value.dispose();
  first.result.grad.dispose();
  return { run: () => tf.tidy(() => void vg(x)), fingerprint, firstMs: first.ms, dispose: () => x.dispose() };
}

// ---------------------------------------------------------------------------------------
// jax-js

function isTreeList(t: JaxTree): t is readonly JaxTree[] {
  return Array.isArray(t);
}

function isJaxArray(t: JaxTree): t is JaxArray {
  return !isTreeList(t) && typeof t.dispose === "function" && "blockUntilReady" in t;
}

/** Evaluates every leaf of a jax-js result and reads it out (consuming the references). */
function readTree(t: JaxTree): (Float32Array | Int32Array | Uint8Array)[] {
  if (isJaxArray(t)) return [t.dataSync()];
  if (isTreeList(t)) return t.flatMap(readTree);
  return Object.keys(t)
    .sort()
    .flatMap((k) => readTree(t[k]));
}

/** jax-js parameters of the B2 MLP (a type alias, not an interface, so that it is a JaxTree). */
type JaxMlp = {
  readonly w1: JaxArray;
  readonly b1: JaxArray;
  readonly w2: JaxArray;
  readonly b2: JaxArray;
};

/** jax-js entries: every benchmark eager, and B2-B4 under jit, on the wasm device. */
export function jaxEntries(jax: Jax): Entry[] {
  const out: Entry[] = [];
  const prepare = (bench: string, jitted: boolean) => (): Prepared => {
    try {
      return jaxPrepare(jax, bench, jitted);
    } catch (e) {
      if (e instanceof RangeError && /call stack/.test(e.message)) {
        throw new RangeError(`${e.message} (jax-js recurses per traced primitive; run node with a larger --stack-size, e.g. 4000)`);
      }
      throw e;
    }
  };
  for (const bench of BENCHES) {
    out.push({ bench, lib: "jax-js", prepare: prepare(bench, false) });
    if (!bench.startsWith("B1")) out.push({ bench, lib: "jax-js-jit", prepare: prepare(bench, true) });
  }
  return out;
}

function jaxPrepare(jax: Jax, bench: string, jitted: boolean): Prepared {
  if (isSequence(bench)) return jaxSequencePrepare(jax, bench, jitted);
  if (bench === "B5-lenet") return jaxLenetPrepare(jax, jitted);
  const np = jax.numpy;
  const arr = (values: Float32Array, shape: readonly number[]): JaxArray => np.array(values, { shape });
  if (bench.startsWith("B1")) {
    const n = matmulSize(bench);
    const { a: da, b: db } = workloads.matmul;
    const a = arr(randomValues(n * n, da.scale, da.seed), [n, n]);
    const b = arr(randomValues(n * n, db.scale, db.seed), [n, n]);
    const run = (): (Float32Array | Int32Array | Uint8Array)[] => readTree(np.matmul(a.ref, b.ref));
    const first = timed(run);
    return { run, fingerprint: [meanAbs(first.result[0])], firstMs: first.ms, dispose: () => [a, b].forEach((x) => x.dispose()) };
  }
  if (bench === "B2-grad") {
    const m = workloads.mlp;
    const { values, shapes } = mlpParamValues();
    const [w1, b1, w2, b2] = values.map((v, i) => arr(v, shapes[i]));
    const x = arr(randomValues(m.batch * m.inputs, m.x.scale, m.x.seed), [m.batch, m.inputs]);
    const y = arr(oneHotValues(), [m.batch, m.classes]);
    // jax-js ownership: every argument is consumed once
    const loss = (p: JaxMlp, xb: JaxArray, yb: JaxArray): JaxArray => {
      const hidden = np.tanh(np.add(np.matmul(xb, p.w1), p.b1));
      const logits = np.add(np.matmul(hidden, p.w2), p.b2);
      return np.negative(np.mean(np.sum(np.multiply(yb, jax.nn.logSoftmax(logits, -1)), -1)));
    };
    const eager = jax.valueAndGrad(loss);
    const compiled = jitted ? jax.jit(eager) : undefined;
    const vg = compiled ?? eager;
    const refs = (): JaxMlp => ({ w1: w1.ref, b1: b1.ref, w2: w2.ref, b2: b2.ref });
    const run = (): (Float32Array | Int32Array | Uint8Array)[] => readTree(vg(refs(), x.ref, y.ref));
    const first = timed(run);
    // readTree orders object keys: value, then b1, b2, w1, w2
    const [value, gb1, gb2, gw1, gw2] = first.result;
    return {
      run,
      fingerprint: [value[0], meanAbs(gw1), meanAbs(gb1), meanAbs(gw2), meanAbs(gb2)],
      firstMs: first.ms,
      dispose: () => {
        [w1, b1, w2, b2, x, y].forEach((z) => z.dispose());
        compiled?.dispose();
      },
    };
  }
  if (bench === "B3-grad") {
    const c = workloads.chain;
    const f = (x: JaxArray): JaxArray => {
      let y = x;
      for (let i = 0; i < c.depth; i++) y = np.add(np.multiply(np.sin(y), c.factor), c.shift);
      return y;
    };
    const eager = jax.grad(f);
    const compiled = jitted ? jax.jit(eager) : undefined;
    const g = compiled ?? eager;
    const run = (): (Float32Array | Int32Array | Uint8Array)[] => readTree(g(np.array(c.x0)));
    const first = timed(run);
    return { run, fingerprint: [first.result[0][0]], firstMs: first.ms, dispose: () => compiled?.dispose() };
  }
  const { n, x: draw } = workloads.elementwise;
  const x = arr(randomValues(n, draw.scale, draw.seed), [n]);
  const h = (v: JaxArray): JaxArray => np.sum(np.add(np.multiply(np.tanh(v.ref), v), 1));
  const eager = jax.valueAndGrad(h);
  const compiled = jitted ? jax.jit(eager) : undefined;
  const vg = compiled ?? eager;
  const run = (): (Float32Array | Int32Array | Uint8Array)[] => readTree(vg(x.ref));
  const first = timed(run);
  return {
    run,
    fingerprint: [first.result[0][0] / n, meanAbs(first.result[1])],
    firstMs: first.ms,
    dispose: () => {
      x.dispose();
      compiled?.dispose();
    },
  };
}
