/**
 * Batched matrix product on the WebAssembly SIMD GEMM module ({@link buildGemmModule}), built
 * and instantiated synchronously on first use. Operands are copied into the module's memory,
 * the product computed there (split over two cores for large work, see {@link setMatmulThreads}),
 * and the output copied into a fresh array.
 */
import { availableParallelism } from "os";
import { paramField } from "./gemm-module";
import { createRuntime, Runtime } from "./runtime";
import { MatmulSpec } from "./spec";
import { GemmHelper } from "./threads";

let runtime: Runtime | undefined;
let runtimeError: unknown;
let helper: GemmHelper | undefined;
let threads: 1 | 2 = availableParallelism() >= 2 ? 2 : 1;
/** Smallest batch·m·n·k that is split over two threads. */
let parallelMinWork = 1 << 21;
/** Data bytes one call keeps in wasm memory at a time before splitting its batch into chunks. */
const CHUNK_BYTES = 1 << 30;

function getRuntime(): Runtime {
  if (runtime) return runtime;
  if (runtimeError !== undefined) throw runtimeError;
  try {
    runtime = createRuntime();
    return runtime;
  } catch (e) {
    runtimeError = e;
    throw e;
  }
}

/**
 * True when this engine can compile and run the SIMD GEMM module (WebAssembly with fixed-width
 * SIMD). Compiles it on first call.
 * @example if (wasmAvailable()) out = matmulWasm(a, b, spec, "float32");
 */
export function wasmAvailable(): boolean {
  try {
    getRuntime();
    return true;
  } catch {
    return false;
  }
}

/**
 * How many cores large products use (2 needs shared WebAssembly memory and a worker thread,
 * and silently falls back to 1 without them).
 * @example setMatmulThreads(1) // single-threaded from now on
 */
export function setMatmulThreads(n: 1 | 2): void {
  threads = n;
}

/**
 * The least batch·m·n·k split over two threads (default 2^21). Tests set 0 to force the
 * parallel path on small products.
 * @example setMatmulParallelThreshold(0)
 */
export function setMatmulParallelThreshold(work: number): void {
  parallelMinWork = work;
}

function getHelper(rt: Runtime): GemmHelper | undefined {
  if (!rt.shared) return undefined;
  if (helper === undefined) helper = new GemmHelper(rt.module, rt.memory, rt.control);
  return helper.dead ? undefined : helper;
}

/**
 * Starts the helper thread if needed and blocks until it is running (up to `timeoutMs`).
 * Returns false when it cannot run, in which case products stay single-threaded. Without this
 * the helper starts on the first large product and joins in once booted (~30 ms).
 * @example matmulThreadsReady() // true on Node with worker_threads
 */
export function matmulThreadsReady(timeoutMs = 10000): boolean {
  if (!wasmAvailable()) return false;
  const h = getHelper(getRuntime());
  return h !== undefined && h.waitReady(timeoutMs);
}

/**
 * How many half-products the helper thread has computed so far (0 when it never joined in):
 * lets tests check that the parallel path really ran.
 * @example matmulWorkerJobs() // e.g. 12
 */
export function matmulWorkerJobs(): number {
  return helper?.jobsRun ?? 0;
}

function align(x: number): number {
  return Math.ceil(x / 64) * 64;
}

function checkSpec(spec: MatmulSpec, aLength: number, bLength: number): void {
  const { batch, m, k, n, aBatchStride, bBatchStride } = spec;
  for (const [key, v] of Object.entries({ batch, m, k, n, aBatchStride, bBatchStride })) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`matmulWasm: ${key} = ${v}`);
  }
  if (batch === 0) return;
  const needA = (batch - 1) * aBatchStride + m * k;
  const needB = (batch - 1) * bBatchStride + k * n;
  if (aLength < needA) throw new RangeError(`matmulWasm: A has ${aLength} elements, needs ${needA}`);
  if (bLength < needB) throw new RangeError(`matmulWasm: B has ${bLength} elements, needs ${needB}`);
}

type Heap = Float32Array | Float64Array;

/** A typed view of the whole memory (recreated after growth). */
function heapOf(rt: Runtime, dtype: "float32" | "float64"): Heap {
  const buf = rt.memory.buffer;
  return dtype === "float32" ? new Float32Array(buf) : new Float64Array(buf);
}

interface Job {
  a: number;
  b: number;
  c: number;
  m: number;
  n: number;
  k: number;
  rsA: number;
  csA: number;
  rsB: number;
  csB: number;
  strideA: number;
  strideB: number;
  rowStart: number;
  rowEnd: number;
  ldc: number;
}

function writeParams(rt: Runtime, thread: 0 | 1, job: Job): number {
  const t = rt.threads[thread];
  const v = new Int32Array(rt.memory.buffer, t.params, 32);
  const set = (field: keyof typeof paramField, value: number): void => {
    v[paramField[field] / 4] = value;
  };
  for (const key of Object.keys(job) as (keyof Job)[]) set(key, job[key]);
  set("packA", t.packA);
  set("packB", t.packB);
  set("tile", t.tile);
  return t.params;
}

/** Runs `job`, split over the helper thread when worthwhile. */
function execute(rt: Runtime, prec: "f32" | "f64", job: Job, work: number): void {
  const run = rt.run[prec];
  const h = threads === 2 && work >= parallelMinWork ? getHelper(rt) : undefined;
  const rows = job.rowEnd - job.rowStart;
  const b = rt.gemm.blocking[prec];
  const nr = b.nrVec * (prec === "f32" ? 4 : 2);
  const eb = prec === "f32" ? 4 : 8;
  let mine: Job | undefined;
  let theirs: Job | undefined;
  if (h !== undefined) {
    if (rows >= 4 * b.mr) {
      const split = job.rowStart + Math.ceil(rows / 2 / b.mr) * b.mr;
      mine = { ...job, rowEnd: split };
      theirs = { ...job, rowStart: split };
    } else if (job.n >= 2 * nr) {
      const n0 = Math.ceil(job.n / 2 / nr) * nr;
      mine = { ...job, n: n0 };
      theirs = { ...job, n: job.n - n0, b: job.b + n0 * job.csB, c: job.c + n0 * eb };
    }
  }
  if (h === undefined || mine === undefined || theirs === undefined) {
    run(writeParams(rt, 0, job));
    return;
  }
  h.post(prec === "f32" ? 0 : 1, writeParams(rt, 1, theirs));
  run(writeParams(rt, 0, mine));
  h.finish(run);
}

/**
 * C = op(A)·op(B) for each batch element (see {@link MatmulSpec}), computed in WebAssembly
 * SIMD. Inputs are never mutated; the result is a fresh contiguous [batch, m, n] array of
 * `dtype` (inputs of the other float type are converted on the way in).
 * @example
 * const c = matmulWasm(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]),
 *   { batch: 1, m: 2, k: 2, n: 2, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }, "float32");
 * // c = [19, 22, 43, 50]
 */
export function matmulWasm(
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  spec: MatmulSpec,
  dtype: "float32" | "float64",
): Float32Array | Float64Array {
  checkSpec(spec, a.length, b.length);
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = spec;
  const size = batch * m * n;
  const out = dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
  if (size === 0 || k === 0) return out;
  const rt = getRuntime();
  const prec = dtype === "float32" ? "f32" : "f64";
  const eb = dtype === "float32" ? 4 : 8;
  const mk = m * k;
  const kn = k * n;
  const perElement = (aBatchStride === 0 ? 0 : mk) + (bBatchStride === 0 ? 0 : kn) + m * n;
  const fixed = (aBatchStride === 0 ? mk : 0) + (bBatchStride === 0 ? kn : 0);
  const chunk = Math.max(1, Math.min(batch, Math.floor((CHUNK_BYTES / eb - fixed) / Math.max(1, perElement))));
  for (let b0 = 0; b0 < batch; b0 += chunk) {
    const nb = Math.min(chunk, batch - b0);
    // Copy only what the chunk reads: broadcast operands once, others densely packed.
    const aLen = aBatchStride === 0 ? mk : nb * mk;
    const bLen = bBatchStride === 0 ? kn : nb * kn;
    const aOff = rt.data;
    const bOff = align(aOff + aLen * eb);
    const cOff = align(bOff + bLen * eb);
    rt.reserve(cOff + nb * m * n * eb - rt.data);
    const heap = heapOf(rt, dtype);
    const copyIn = (src: Float32Array | Float64Array, stride: number, len: number, at: number): void => {
      if (stride === 0 || stride === len) {
        const s = stride === 0 ? 0 : b0 * stride;
        heap.set(src.subarray(s, s + (stride === 0 ? len : nb * len)), at / eb);
      } else {
        for (let i = 0; i < nb; i++) heap.set(src.subarray((b0 + i) * stride, (b0 + i) * stride + len), at / eb + i * len);
      }
    };
    copyIn(a, aBatchStride, mk, aOff);
    copyIn(b, bBatchStride, kn, bOff);
    const job: Job = {
      a: aOff,
      b: bOff,
      c: cOff,
      m,
      n,
      k,
      rsA: (transA ? 1 : k) * eb,
      csA: (transA ? m : 1) * eb,
      rsB: (transB ? 1 : n) * eb,
      csB: (transB ? k : 1) * eb,
      strideA: aBatchStride === 0 ? 0 : mk * eb,
      strideB: bBatchStride === 0 ? 0 : kn * eb,
      rowStart: 0,
      rowEnd: nb * m,
      ldc: n,
    };
    execute(rt, prec, job, nb * m * n * k);
    out.set(heap.subarray(cOff / eb, cOff / eb + nb * m * n), b0 * m * n);
  }
  return out;
}
