/**
 * Batched matrix product on the WebAssembly SIMD GEMM module ({@link buildGemmModule}), built
 * and instantiated synchronously on first use. Operands are copied into the module's memory,
 * the product computed there as a set of tasks shared by the caller and, for large work, a
 * helper thread (see {@link setMatmulThreads}), and the output copied into a fresh array.
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
/** Smallest batch·m·n·k shared with the helper thread. */
let parallelMinWork = 1 << 21;
/** Tasks a two-thread call aims for: enough that a faster (or less disturbed) thread takes more. */
let tasksForTwo = 8;
/** Data bytes one call keeps in wasm memory at a time before splitting its batch into chunks. */
const CHUNK_BYTES = 1 << 30;

/** The process-wide GEMM runtime (module and linear memory), created on first use; other kernels borrow its memory and data area. */
export function getRuntime(): Runtime {
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
 * The least batch·m·n·k shared with the helper thread (default 2^21). Tests set 0 to force the
 * two-thread path on small products.
 * @example setMatmulParallelThreshold(0)
 */
export function setMatmulParallelThreshold(work: number): void {
  parallelMinWork = work;
}

/**
 * How many tasks a two-thread call cuts its work into (default 8; benchmarks).
 * @example setMatmulTasksPerCall(16)
 */
export function setMatmulTasksPerCall(tasks: number): void {
  tasksForTwo = Math.max(2, Math.floor(tasks));
}

function getHelper(rt: Runtime): GemmHelper | undefined {
  if (!rt.shared) return undefined;
  if (helper === undefined) helper = new GemmHelper(rt.module, rt.memory, rt.control, rt.threads[1]);
  return helper.dead ? undefined : helper;
}

/**
 * Starts the helper thread if needed and blocks until it is running (up to `timeoutMs`).
 * Returns false when it cannot run, in which case products stay single-threaded. Without this
 * the helper starts on the first large product and joins in once booted (~30 ms later).
 * @example matmulThreadsReady() // true on Node with worker_threads
 */
export function matmulThreadsReady(timeoutMs = 10000): boolean {
  if (!wasmAvailable()) return false;
  const h = getHelper(getRuntime());
  return h !== undefined && h.waitReady(timeoutMs);
}

let callerTasks = 0;

/** Counters of the work sharing, since the process started. */
export interface MatmulThreadStats {
  /** Calls the helper thread joined. */
  readonly workerJobs: number;
  /** Tasks the helper thread ran. */
  readonly workerTasks: number;
  /** Tasks the calling thread ran. */
  readonly callerTasks: number;
}

/**
 * How much work the helper thread has taken so far: lets tests check that the two-thread path
 * really ran, and benchmarks see how the work was shared.
 * @example matmulThreadStats() // { workerJobs: 12, workerTasks: 40, callerTasks: 52 }
 */
export function matmulThreadStats(): MatmulThreadStats {
  return { workerJobs: helper?.jobsRun ?? 0, workerTasks: helper?.tasksRun ?? 0, callerTasks };
}

/** How a call's work is cut into tasks (see `paramField`). */
export interface TaskPlan {
  readonly mStep: number;
  readonly rowBlocks: number;
  readonly nStep: number;
  readonly colBlocks: number;
  readonly kStep: number;
  readonly kBlocks: number;
}

/**
 * Tasks of a product: k in balanced blocks of at most `kc`; rows in balanced blocks of at most
 * `mc` (multiples of `mr`); with `target` > 1, smaller row blocks (≥ 2·mr rows) and then column
 * blocks (≥ 4·nr columns, multiples of nr) until batch × blocks reaches `target` if it can.
 * @example planTasks({ mr: 5, nr: 8, kc: 256, mc: 120 }, 1, 512, 512, 512, 8)
 * // { mStep: 65, rowBlocks: 8, nStep: 512, colBlocks: 1, kStep: 256, kBlocks: 2 }
 */
export function planTasks(
  b: { mr: number; nr: number; kc: number; mc: number },
  batch: number,
  m: number,
  n: number,
  k: number,
  target: number,
): TaskPlan {
  const kBlocks = Math.max(1, Math.ceil(k / b.kc));
  const kStep = Math.ceil(k / kBlocks);
  let rowBlocks = Math.ceil(m / b.mc);
  if (batch * rowBlocks < target) rowBlocks = Math.max(rowBlocks, Math.min(Math.ceil(target / batch), Math.floor(m / (2 * b.mr))));
  const mStep = Math.ceil(Math.ceil(m / rowBlocks) / b.mr) * b.mr;
  rowBlocks = Math.ceil(m / mStep);
  let colBlocks = 1;
  let nStep = n;
  if (batch * rowBlocks < target) {
    colBlocks = Math.max(1, Math.min(Math.ceil(target / (batch * rowBlocks)), Math.floor(n / (4 * b.nr))));
    nStep = Math.ceil(Math.ceil(n / colBlocks) / b.nr) * b.nr;
    colBlocks = Math.ceil(n / nStep);
  }
  return { mStep, rowBlocks, nStep, colBlocks, kStep, kBlocks };
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

type Params = Record<keyof typeof paramField, number>;

function writeParams(rt: Runtime, params: Params): void {
  const v = new Int32Array(rt.memory.buffer, rt.params, Object.keys(paramField).length);
  for (const key of Object.keys(paramField) as (keyof typeof paramField)[]) v[paramField[key] / 4] = params[key];
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
  const blocking = rt.gemm.blocking[prec];
  const nr = (blocking.nrVec * 16) / eb;
  const nPad = Math.ceil(n / nr) * nr;
  const mk = m * k;
  const kn = k * n;
  // Elements per batch element (A, B and packed B unless broadcast, C) and fixed ones, to cut
  // huge batches into chunks that fit the memory.
  const perElement = (aBatchStride === 0 ? 0 : mk) + (bBatchStride === 0 ? 0 : kn + nPad * k) + m * n;
  const fixed = (aBatchStride === 0 ? mk : 0) + (bBatchStride === 0 ? kn + nPad * k : 0);
  const chunk = Math.max(1, Math.min(batch, Math.floor((CHUNK_BYTES / eb - fixed) / Math.max(1, perElement))));
  for (let b0 = 0; b0 < batch; b0 += chunk) {
    const nb = Math.min(chunk, batch - b0);
    const h = threads === 2 && nb * m * n * k >= parallelMinWork ? getHelper(rt) : undefined;
    const plan = planTasks({ mr: blocking.mr, nr, kc: blocking.kc, mc: blocking.mc }, nb, m, n, k, h ? tasksForTwo : 1);
    // Data area: A and B (only what the chunk reads; a broadcast operand once), C, packed B,
    // the task counter and the B packing states.
    const aLen = aBatchStride === 0 ? mk : nb * mk;
    const bCopies = bBatchStride === 0 ? 1 : nb;
    const aOff = rt.data;
    const bOff = align(aOff + aLen * eb);
    const cOff = align(bOff + bCopies * kn * eb);
    const packOff = align(cOff + nb * m * n * eb);
    const packStride = nPad * k * eb;
    const counterOff = align(packOff + bCopies * packStride);
    const statesOff = counterOff + 64;
    const stateCount = bCopies * plan.kBlocks * 2;
    rt.reserve(statesOff + stateCount * 4 - rt.data);
    const heap = dtype === "float32" ? new Float32Array(rt.memory.buffer) : new Float64Array(rt.memory.buffer);
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
    new Int32Array(rt.memory.buffer, counterOff, 16 + stateCount).fill(0);
    writeParams(rt, {
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
      ldc: n,
      ...plan,
      tasks: nb * plan.rowBlocks * plan.colBlocks,
      nPad,
      packB: packOff,
      packBStride: bBatchStride === 0 ? 0 : packStride,
      states: statesOff,
      counter: counterOff,
    });
    const mine = rt.threads[0];
    if (h) {
      h.post(prec === "f32" ? 0 : 1, rt.params);
      try {
        callerTasks += rt.run[prec](rt.params, mine.packA, mine.tile);
      } finally {
        h.finish();
      }
    } else {
      callerTasks += rt.run[prec](rt.params, mine.packA, mine.tile);
    }
    out.set(heap.subarray(cOff / eb, cOff / eb + nb * m * n), b0 * m * n);
  }
  return out;
}
