/**
 * Batched matrix product on the WebAssembly SIMD GEMM module ({@link buildGemmModule}), built
 * and instantiated synchronously on first use. Operands are copied into the module's memory,
 * the product computed there as a set of tasks shared by the threads of the pool (see
 * {@link threadPool}) for large work, and the output copied into a fresh array.
 */
import { paramField } from "./gemm-module";
import { createRuntime, type Runtime } from "./runtime";
import type { MatmulSpec } from "./spec";
import { threadPool } from "./threads";

let runtime: Runtime | undefined;
let runtimeError: unknown;
/** Work (batch·m·n·k) per thread a call needs before it shares: calls get 1 + ⌊work / this⌋ threads. */
let parallelMinWork = 1 << 21;
/** Whether every shared product wakes sleeping workers (tests), rather than only those long enough to pay for it. */
let alwaysWake = false;
/** Multiply-adds per ms of one thread (≈ 60 GFLOP/s), to tell the pool how long a product takes. */
const MACS_PER_MS = 3e7;
/** Tasks per thread a parallel call aims for: enough that a faster (or less disturbed) thread takes more. */
const TASKS_PER_THREAD = 4;
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
 * The least batch·m·n·k shared with a second thread (default 2^21; each further 2^21 may take
 * one more); sleeping workers are woken for products long enough to pay for it, or `"always"`.
 * Tests set 0 and "always" to force every thread onto small products.
 * @example setMatmulParallelThreshold(0, "always")
 */
export function setMatmulParallelThreshold(work: number, wake: "always" | "when it pays" = "when it pays"): void {
  parallelMinWork = work;
  alwaysWake = wake === "always";
}

/**
 * Starts the pool's workers if needed and blocks until they run (up to `timeoutMs`). Returns
 * false when some cannot run (then products use those that do). Without this workers start on
 * the first large product and join in once booted (~30 ms later).
 * @example matmulThreadsReady() // true on Node with worker_threads
 */
export function matmulThreadsReady(timeoutMs = 10000): boolean {
  if (!wasmAvailable() || !getRuntime().shared) return threadPool().active === 1;
  const pool = threadPool();
  return pool.waitReady(timeoutMs) === pool.active;
}

/** Counters of the work sharing, since the process started. */
export interface MatmulThreadStats {
  /** Calls the workers joined (summed over the workers). */
  readonly workerJobs: number;
  /** Tasks the workers ran. */
  readonly workerTasks: number;
  /** Tasks the calling thread ran. */
  readonly callerTasks: number;
}

/**
 * How much work the workers have taken so far (of every kernel on the pool): lets tests check
 * that the parallel path really ran, and benchmarks see how the work was shared.
 * @example matmulThreadStats() // { workerJobs: 12, workerTasks: 40, callerTasks: 52 }
 */
export function matmulThreadStats(): MatmulThreadStats {
  return threadPool().stats();
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
export function planTasks(b: { mr: number; nr: number; kc: number; mc: number }, batch: number, m: number, n: number, k: number, target: number): TaskPlan {
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

/**
 * An A operand written straight into the module's memory (a convolution's patches) instead of
 * copied in from an array: `write(rt, at, free)` writes its `length` elements at byte `at`,
 * free to use the memory from byte `free` on.
 */
export interface WrittenOperand {
  readonly length: number;
  write(rt: Runtime, at: number, free: number): void;
}

/**
 * Reads the product of batch elements [first, first + count) at byte `c` of the module's memory
 * (free to use the memory from byte `free` on) instead of its being copied into the result;
 * the product of a batch element not read is zero (k = 0).
 */
export type ProductReader = (rt: Runtime, c: number, first: number, count: number, free: number) => void;

const isWritten = (a: Float32Array | Float64Array | WrittenOperand): a is WrittenOperand => !ArrayBuffer.isView(a);

/** A written operand as an array (a product too large for one pass of the memory). */
function materialize(a: WrittenOperand, dtype: "float32" | "float64"): Float32Array | Float64Array {
  const rt = getRuntime();
  const eb = dtype === "float32" ? 4 : 8;
  rt.reserve(a.length * eb + 64);
  a.write(rt, rt.data, rt.data + a.length * eb);
  const view = dtype === "float32" ? new Float32Array(rt.memory.buffer, rt.data, a.length) : new Float64Array(rt.memory.buffer, rt.data, a.length);
  return view.slice();
}

function writeParams(rt: Runtime, params: Params): void {
  const v = new Int32Array(rt.memory.buffer, rt.params, Object.keys(paramField).length);
  for (const key of Object.keys(paramField) as (keyof typeof paramField)[]) v[paramField[key] / 4] = params[key];
}

/**
 * C = op(A)·op(B) for each batch element (see {@link MatmulSpec}), computed in WebAssembly
 * SIMD. Inputs are never mutated; the result is a fresh contiguous [batch, m, n] array of
 * `dtype` (inputs of the other float type are converted on the way in). A may be a
 * {@link WrittenOperand} of `dtype`, written in place; with `readC` the product is read in
 * place (see {@link ProductReader}) and the result is empty.
 * @example
 * const c = matmulWasm(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]),
 *   { batch: 1, m: 2, k: 2, n: 2, transA: false, transB: false, aBatchStride: 0, bBatchStride: 0 }, "float32");
 * // c = [19, 22, 43, 50]
 */
export function matmulWasm(
  a: Float32Array | Float64Array | WrittenOperand,
  b: Float32Array | Float64Array,
  spec: MatmulSpec,
  dtype: "float32" | "float64",
  readC?: ProductReader,
): Float32Array | Float64Array {
  checkSpec(spec, a.length, b.length);
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = spec;
  const size = readC === undefined ? batch * m * n : 0;
  const out = dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
  if (batch * m * n === 0 || k === 0) return out;
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
  if (isWritten(a) && chunk < batch) return matmulWasm(materialize(a, dtype), b, spec, dtype, readC);
  const pool = threadPool();
  const scratch = rt.gemm.scratchBytes[prec];
  const scratchStride = align(scratch.packA + scratch.tile);
  for (let b0 = 0; b0 < batch; b0 += chunk) {
    const nb = Math.min(chunk, batch - b0);
    const work = nb * m * n * k;
    const threads = !rt.shared || work < parallelMinWork ? 1 : Math.min(pool.active, 1 + Math.floor(work / parallelMinWork));
    const plan = planTasks({ mr: blocking.mr, nr, kc: blocking.kc, mc: blocking.mc }, nb, m, n, k, threads === 1 ? 1 : TASKS_PER_THREAD * threads);
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
    const scratchOff = align(statesOff + stateCount * 4);
    rt.reserve(scratchOff + threads * scratchStride - rt.data);
    if (isWritten(a)) a.write(rt, aOff, scratchOff + threads * scratchStride);
    const heap = dtype === "float32" ? new Float32Array(rt.memory.buffer) : new Float64Array(rt.memory.buffer);
    const copyIn = (src: Float32Array | Float64Array, stride: number, len: number, at: number): void => {
      if (stride === 0 || stride === len) {
        const s = stride === 0 ? 0 : b0 * stride;
        heap.set(src.subarray(s, s + (stride === 0 ? len : nb * len)), at / eb);
      } else {
        for (let i = 0; i < nb; i++) heap.set(src.subarray((b0 + i) * stride, (b0 + i) * stride + len), at / eb + i * len);
      }
    };
    if (!isWritten(a)) copyIn(a, aBatchStride, mk, aOff);
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
      scratch: scratchOff,
      scratchStride,
      tileOffset: scratch.packA,
    });
    pool.run({
      module: rt.module,
      memory: rt.memory,
      exportName: prec === "f32" ? "run_f32" : "run_f64",
      params: [rt.params],
      threads,
      estimatedMs: alwaysWake ? undefined : work / MACS_PER_MS,
    });
    if (readC === undefined) out.set(heap.subarray(cOff / eb, cOff / eb + nb * m * n), b0 * m * n);
    else readC(rt, cOff, b0, nb, scratchOff + threads * scratchStride);
  }
  return out;
}
