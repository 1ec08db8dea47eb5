/**
 * jit's fused loops on the thread pool ({@link threadPool}): the task loop a loop module
 * exports for the pool, and when a call is large enough to share.
 *
 * A loop module's `run(start, end)` computes the elements [start, end) and returns its sums.
 * Its task loop `tasks(control, chunk, count, thread)` cuts [0, count) into chunks of `chunk`
 * elements (a multiple of the lane count, so every element is computed by the same vector or
 * scalar code as on one thread) that the threads take from a counter at `control`.
 *
 * Without sums each chunk is a `run`. With sums the order of the additions is the result (sums
 * are accumulated in float64 in element order), so a chunk is a `part(start, end)`, which
 * writes the summed values to a temporary array per sum instead of adding them, and sets the
 * chunk's ready flag; the caller (thread 0) adds the chunks up in order, element by element from
 * zero exactly as `run` does, and whenever the next chunk is not ready takes a chunk to compute
 * itself. So the sums are the bits of one thread, and the caller alone finishes the job if no
 * worker joins.
 *
 * The control block at `control`: the task counter (i32), then at +8 the sums (f64 each),
 * then one ready flag (i32) per chunk.
 * @module
 */
import type { DType } from "../../tensor/dtype";
import { Code, op, valType, type FunctionDef } from "../../tensor/kernels/wasm/encoder";
import type { ThreadPool } from "../../tensor/kernels/wasm/pool";

const { i32, f64 } = valType;

/** Where a sum's values wait for the caller to add them up. */
export interface SumTemporary {
  readonly dtype: DType;
  /** Byte offset of the temporary array (one element per loop element). */
  readonly offset: number;
}

/** Function indices and sums of a loop module, for {@link emitTaskLoop}. */
export interface TaskLoopShape {
  /** `run(start, end) -> sums`. */
  readonly run: number;
  /** `part(start, end)`: the elements, with the summed values stored to `sums` (only with sums). */
  readonly part: number;
  readonly sums: readonly SumTemporary[];
}

/** Byte offset in the control block of chunk `0`'s ready flag. */
export const flagsOffset = (sums: number): number => 8 + 8 * sums;

/** Bytes of the control block of a call cut into `chunks` chunks. */
export const controlBytes = (sums: number, chunks: number): number => flagsOffset(sums) + 4 * chunks;

/**
 * `tasks(control, chunk, count, thread) -> chunks done`: the pool's task loop over a loop
 * module (see the file header).
 * @example
 * const def = emitTaskLoop({ run: 21, part: 23, sums: [] });
 * // functions: [...], { ...def, exportName: "tasks" }
 */
export function emitTaskLoop(shape: TaskLoopShape): FunctionDef {
  const c = new Code(4);
  const [control, chunk, count, thread] = [0, 1, 2, 3];
  const t = c.local(i32);
  const start = c.local(i32);
  const end = c.local(i32);
  const done = c.local(i32);
  const chunks = c.local(i32);
  const R = shape.sums.length;
  // chunks = ceil(count / chunk)
  c.localGet(count).localGet(chunk).op(op.i32Add).i32Const(1).op(op.i32Sub).localGet(chunk).op(op.i32DivU).localSet(chunks);
  /** Sets start, end of chunk `t`. */
  const bounds = (): void => {
    c.localGet(t).localGet(chunk).op(op.i32Mul).localTee(start).localGet(chunk).op(op.i32Add).localTee(end);
    c.localGet(count).localGet(end).localGet(count).op(op.i32LtU).op(op.select).localSet(end);
  };
  /** Computes chunk `t` (and with sums, marks it ready). */
  const compute = (): void => {
    bounds();
    c.localGet(start)
      .localGet(end)
      .call(R === 0 ? shape.run : shape.part);
    if (R > 0) {
      c.localGet(control).localGet(t).i32Const(2).op(op.i32Shl).op(op.i32Add).i32Const(1).i32AtomicStore(flagsOffset(R));
    }
    c.localGet(done).i32Const(1).op(op.i32Add).localSet(done);
  };
  /** Pushes whether a claimed `t` is a chunk. */
  const claim = (): void => {
    c.localGet(control).i32Const(1).i32AtomicAdd().localTee(t).localGet(chunks).op(op.i32LtU);
  };
  const workerLoop = (): void => {
    c.block().loop();
    claim();
    c.op(op.i32Eqz).brIf(1);
    compute();
    c.br(0).end().end();
  };
  if (R === 0) {
    workerLoop();
  } else {
    c.localGet(thread).if();
    workerLoop();
    c.else();
    const next = c.local(i32);
    const i = c.local(i32);
    const accs = shape.sums.map(() => c.local(f64));
    for (const acc of accs) c.f64Const(0).localSet(acc);
    c.block().loop();
    c.localGet(next).localGet(chunks).op(op.i32GeU).brIf(1);
    c.localGet(control).localGet(next).i32Const(2).op(op.i32Shl).op(op.i32Add).i32AtomicLoad(flagsOffset(R)).if();
    // The next chunk is ready: add its values in element order.
    c.localGet(next).localSet(t);
    bounds();
    c.localGet(start).localSet(i);
    c.block().loop();
    c.localGet(i).localGet(end).op(op.i32GeU).brIf(1);
    shape.sums.forEach((s, k) => {
      c.localGet(accs[k]).localGet(i);
      if (s.dtype === "float32") c.i32Const(2).op(op.i32Shl).f32Load(s.offset).op(op.f64PromoteF32);
      else c.i32Const(3).op(op.i32Shl).f64Load(s.offset);
      c.op(op.f64Add).localSet(accs[k]);
    });
    c.localGet(i).i32Const(1).op(op.i32Add).localSet(i).br(0);
    c.end().end();
    c.localGet(next).i32Const(1).op(op.i32Add).localSet(next);
    c.else();
    // Not ready: compute an unclaimed chunk meanwhile (none left: wait for the others).
    claim();
    c.if();
    compute();
    c.end();
    c.end();
    c.br(0).end().end();
    accs.forEach((acc, k) => {
      c.localGet(control)
        .localGet(acc)
        .f64Store(8 + 8 * k);
    });
    c.end();
  }
  c.localGet(done);
  return { type: { params: [i32, i32, i32, i32], results: [i32] }, locals: c.locals, body: c.finish() };
}

/** Element-steps (elements × equations) a loop call needs before it shares (see {@link loopThreads}). */
let parallelMinWork = 1 << 19;
/** Element-steps per ms of one thread, roughly, to tell the pool how long a call takes. */
const STEPS_PER_MS = 1e6;
/** Chunks per thread a shared call aims for, so a faster thread takes more (and the caller adds up early chunks while later ones are computed). */
const CHUNKS_PER_THREAD = 8;
/** Fewest elements in a chunk. */
const MIN_CHUNK = 2048;

/**
 * The least element-steps (elements × equations of the loop) a fused loop shares with a second
 * thread (default 2^19; each further multiple may take one more); tests set 0 to send every
 * loop of two vectors or more over every thread, in chunks of 64 elements, waking the workers.
 * @example setLoopParallelThreshold(0)
 */
export function setLoopParallelThreshold(work: number): void {
  parallelMinWork = work;
}

/** How a call of a loop over `count` elements with `steps` equations runs: threads and chunk size. */
export function loopThreads(
  pool: ThreadPool,
  shared: boolean,
  count: number,
  steps: number,
  width: number,
): { readonly threads: number; readonly chunk: number; readonly estimatedMs: number | undefined } {
  const work = count * Math.max(1, steps);
  const threads = !shared || work < parallelMinWork || count < 2 * width ? 1 : Math.min(pool.active, 1 + Math.floor(work / Math.max(1, parallelMinWork)));
  const wanted = Math.max(MIN_CHUNK, Math.ceil(count / (threads * CHUNKS_PER_THREAD)));
  // A multiple of 64 elements: of the lane count, and no two threads' chunks share a cache line.
  const chunk = parallelMinWork === 0 ? 64 : Math.ceil(wanted / 64) * 64;
  return { threads, chunk, estimatedMs: parallelMinWork === 0 ? undefined : work / STEPS_PER_MS };
}
