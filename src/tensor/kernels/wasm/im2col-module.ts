/**
 * Convolution patches (im2col) gathered in WebAssembly straight into the matrix kernel's
 * memory, on the thread pool for large convolutions: one module (built lazily, once) whose
 * task loop `im2col(params, thread)` writes the patch rows of one (group, image, first output
 * row) per task — zeros first, then each valid tap's run of input elements, copied as bytes.
 * The copy is exact, so any number of threads gives the same matrix as the JavaScript loop.
 *
 * The runs along the last spatial axis are precomputed as segments (destination offset within
 * a row block, source offset within an input line, element count), so the module does not
 * care whether a tap run spans several taps (no dilation, all channels) or one.
 * @module
 */
import { Code, encodeModule, op, valType, type FunctionDef } from "./encoder";
import type { Runtime } from "./runtime";
import { threadPool } from "./threads";
import { requireWasm, type WasmModule } from "./wasm-api";

const { i32 } = valType;

/** The fields of the parameter block (i32 each, in this order). */
const FIELDS = [
  "counter",
  "tasks",
  "x",
  "dst",
  "eb",
  "batch",
  "groupBatchStride",
  "groupChannelStride",
  "O1",
  "O2",
  "K1",
  "K2",
  "S1",
  "S2",
  "S3",
  "channels",
  "rowBlock",
  "groupBlock",
  "column",
  "t1",
  "t2",
  "segments",
  "segmentCount",
] as const;

type Field = (typeof FIELDS)[number];
const field = (name: Field): number => 4 * FIELDS.indexOf(name);

/** Bytes of the parameter block. */
const PARAM_BYTES = 4 * FIELDS.length;

function emitIm2col(): FunctionDef {
  const c = new Code(2);
  const [prm] = [0];
  const L = (): number => c.local(i32);
  const [task, t, r, b, o1, o2, k1, k2, s1, s2, image, rowBase, row, line, seg, from, to, bytes, end, done, channelStart] = Array.from({ length: 21 }, L);
  const get = (name: Field): Code => c.localGet(prm).i32Load(field(name));
  /** Copies (or with `zero`, clears) `bytes` bytes at `to` (from `from`): 16 at a time, then 4. */
  const copy = (zero: boolean): void => {
    c.localGet(to).localGet(bytes).op(op.i32Add).localSet(end);
    c.block().loop();
    c.localGet(end).localGet(to).op(op.i32Sub).i32Const(16).op(op.i32LtU).brIf(1);
    c.localGet(to);
    if (zero) c.v128Zero();
    else c.localGet(from).v128Load();
    c.v128Store();
    c.localGet(to).i32Const(16).op(op.i32Add).localSet(to);
    if (!zero) c.localGet(from).i32Const(16).op(op.i32Add).localSet(from);
    c.br(0).end().end();
    c.block().loop();
    c.localGet(to).localGet(end).op(op.i32GeU).brIf(1);
    c.localGet(to);
    if (zero) c.i32Const(0);
    else c.localGet(from).i32Load();
    c.i32Store();
    c.localGet(to).i32Const(4).op(op.i32Add).localSet(to);
    if (!zero) c.localGet(from).i32Const(4).op(op.i32Add).localSet(from);
    c.br(0).end().end();
  };
  const bytesOf = (elements: () => void): void => {
    elements();
    get("eb");
    c.op(op.i32Mul);
  };
  c.claimTasks(
    task,
    done,
    () => get("counter"),
    () => get("tasks"),
    () => {
      // task = (t · batch + b) · O1 + o1
      c.localGet(task);
      get("O1");
      c.op(op.i32DivU).localTee(r);
      get("batch");
      c.op(op.i32DivU).localSet(t);
      c.localGet(task).localGet(r);
      get("O1");
      c.op(op.i32Mul).op(op.i32Sub).localSet(o1);
      c.localGet(r).localGet(t);
      get("batch");
      c.op(op.i32Mul).op(op.i32Sub).localSet(b);
      // image = (t · groupBatchStride + b) · S1; channelStart = t · groupChannelStride
      c.localGet(t);
      get("groupBatchStride");
      c.op(op.i32Mul).localGet(b).op(op.i32Add);
      get("S1");
      c.op(op.i32Mul).localSet(image);
      c.localGet(t);
      get("groupChannelStride");
      c.op(op.i32Mul).localSet(channelStart);
      // rowBase = t · groupBlock + (b · O1 + o1) · O2 · rowBlock (elements)
      c.localGet(t);
      get("groupBlock");
      c.op(op.i32Mul).localGet(b);
      get("O1");
      c.op(op.i32Mul).localGet(o1).op(op.i32Add);
      get("O2");
      c.op(op.i32Mul);
      get("rowBlock");
      c.op(op.i32Mul).op(op.i32Add).localSet(rowBase);
      // zero the task's rows
      get("dst");
      bytesOf(() => c.localGet(rowBase));
      c.op(op.i32Add).localSet(to);
      bytesOf(() => {
        get("O2");
        get("rowBlock");
        c.op(op.i32Mul);
      });
      c.localSet(bytes);
      copy(true);
      c.countUp(
        o2,
        () => get("O2"),
        () => {
          c.localGet(rowBase).localGet(o2);
          get("rowBlock");
          c.op(op.i32Mul).op(op.i32Add).localSet(row);
          c.countUp(
            k1,
            () => get("K1"),
            () => {
              // s1 = t1[o1 · K1 + k1]
              get("t1");
              c.localGet(o1);
              get("K1");
              c.op(op.i32Mul).localGet(k1).op(op.i32Add).i32Const(2).op(op.i32Shl).op(op.i32Add).i32Load().localTee(s1);
              c.i32Const(0).op(op.i32GeS).if();
              c.countUp(
                k2,
                () => get("K2"),
                () => {
                  get("t2");
                  c.localGet(o2);
                  get("K2");
                  c.op(op.i32Mul).localGet(k2).op(op.i32Add).i32Const(2).op(op.i32Shl).op(op.i32Add).i32Load().localTee(s2);
                  c.i32Const(0).op(op.i32GeS).if();
                  // line = (((image + s1) · S2 + s2) · S3) · channels + channelStart (elements)
                  c.localGet(image).localGet(s1).op(op.i32Add);
                  get("S2");
                  c.op(op.i32Mul).localGet(s2).op(op.i32Add);
                  get("S3");
                  c.op(op.i32Mul);
                  get("channels");
                  c.op(op.i32Mul).localGet(channelStart).op(op.i32Add).localSet(line);
                  c.countUp(
                    seg,
                    () => get("segmentCount"),
                    () => {
                      // segment: [dst offset, src offset, count] (elements)
                      get("segments");
                      c.localGet(seg).i32Const(12).op(op.i32Mul).op(op.i32Add).localSet(from);
                      get("dst");
                      bytesOf(() => {
                        c.localGet(row).localGet(k1);
                        get("K2");
                        c.op(op.i32Mul).localGet(k2).op(op.i32Add);
                        get("column");
                        c.op(op.i32Mul).op(op.i32Add).localGet(from).i32Load().op(op.i32Add);
                      });
                      c.op(op.i32Add).localSet(to);
                      bytesOf(() => c.localGet(from).i32Load(8));
                      c.localSet(bytes);
                      get("x");
                      bytesOf(() => c.localGet(line).localGet(from).i32Load(4).op(op.i32Add));
                      c.op(op.i32Add).localSet(from);
                      copy(false);
                    },
                  );
                  c.end();
                },
              );
              c.end();
            },
          );
        },
      );
    },
  );
  c.localGet(done);
  return { type: { params: [i32, i32], results: [i32] }, locals: c.locals, body: c.finish(), exportName: "im2col" };
}

let im2colModule: WasmModule | undefined;

function module(shared: boolean): WasmModule {
  if (im2colModule !== undefined) return im2colModule;
  const bytes = encodeModule({ memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared }, functions: [emitIm2col()] });
  im2colModule = new (requireWasm().Module)(bytes);
  return im2colModule;
}

/** One convolution's patch matrices, as {@link im2colWasm} writes them. */
export interface PatchJob {
  readonly x: Float32Array | Float64Array;
  readonly groups: number;
  readonly batch: number;
  /** Images to move by per group (batch groups), else 0. */
  readonly groupBatchStride: number;
  /** Channels to move by per group (feature groups), else 0. */
  readonly groupChannelStride: number;
  readonly channels: number;
  /** Channels a patch takes per tap. */
  readonly run: number;
  readonly inSpatial: readonly number[];
  readonly window: readonly number[];
  readonly outSpatial: readonly number[];
  /** Per spatial axis, the input index of each (output, kernel) position or −1 (see conv.ts). */
  readonly sources: readonly Int32Array[];
}

/** Patch bytes per thread a call needs before it shares. */
let parallelMinBytes = 1 << 20;

/**
 * The least patch bytes (default 2^20; each further multiple may take one more thread) gathered
 * on two threads; tests set 0 to share every gathering, waking the workers.
 * @example setIm2colParallelThreshold(0)
 */
export function setIm2colParallelThreshold(bytes: number): void {
  parallelMinBytes = bytes;
}

/** The segments of one row block (see the file header): flat [dst, src, count] triples. */
function segments(job: PatchJob): Int32Array {
  const [, , K3] = job.window;
  const [, , O3] = job.outSpatial;
  const t3 = job.sources[2];
  const depth = job.window[0] * job.window[1] * K3 * job.run;
  const out: number[] = [];
  for (let o3 = 0; o3 < O3; o3++) {
    for (let k3 = 0; k3 < K3; k3++) {
      const s3 = t3[o3 * K3 + k3];
      if (s3 < 0) continue;
      const dst = o3 * depth + k3 * job.run;
      const src = s3 * job.channels;
      const n = out.length;
      // Neighbouring taps that read neighbouring pixels of every channel form one run.
      if (n > 0 && job.run === job.channels && out[n - 3] + out[n - 1] === dst && out[n - 2] + out[n - 1] === src) out[n - 1] += job.run;
      else out.push(dst, src, job.run);
    }
  }
  return Int32Array.from(out);
}

/** Patch bytes one thread writes per ms, roughly (to tell the pool how long a call takes). */
const BYTES_PER_MS = 4e6;

const align = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * Writes the patch matrices of `job` (`[groups, batch · positions, taps · run]`, zeros on
 * padding) at byte `dst` of the runtime's memory, using the memory from byte `free` on for
 * its inputs.
 * @example im2colWasm(rt, job, aOffset, freeOffset)
 */
export function im2colWasm(rt: Runtime, job: PatchJob, dst: number, free: number): void {
  const eb = job.x instanceof Float32Array ? 4 : 8;
  const [, , O3] = job.outSpatial;
  const depth = job.window[0] * job.window[1] * job.window[2] * job.run;
  const rowBlock = O3 * depth;
  const rows = job.batch * job.outSpatial[0] * job.outSpatial[1] * O3;
  const segs = segments(job);
  const prm = align(free);
  const xOff = align(prm + PARAM_BYTES);
  const t1Off = align(xOff + job.x.length * eb);
  const t2Off = align(t1Off + job.sources[0].length * 4);
  const segOff = align(t2Off + job.sources[1].length * 4);
  const counterOff = align(segOff + segs.length * 4);
  rt.reserve(counterOff + 64 - rt.data);
  const buffer = rt.memory.buffer;
  (eb === 4 ? new Float32Array(buffer, xOff, job.x.length) : new Float64Array(buffer, xOff, job.x.length)).set(job.x);
  new Int32Array(buffer, t1Off, job.sources[0].length).set(job.sources[0]);
  new Int32Array(buffer, t2Off, job.sources[1].length).set(job.sources[1]);
  new Int32Array(buffer, segOff, segs.length).set(segs);
  new Int32Array(buffer, counterOff, 1)[0] = 0;
  const tasks = job.groups * job.batch * job.outSpatial[0];
  const values: Record<Field, number> = {
    counter: counterOff,
    tasks,
    x: xOff,
    dst,
    eb,
    batch: job.batch,
    groupBatchStride: job.groupBatchStride,
    groupChannelStride: job.groupChannelStride,
    O1: job.outSpatial[0],
    O2: job.outSpatial[1],
    K1: job.window[0],
    K2: job.window[1],
    S1: job.inSpatial[0],
    S2: job.inSpatial[1],
    S3: job.inSpatial[2],
    channels: job.channels,
    rowBlock,
    groupBlock: rows * depth,
    column: job.window[2] * job.run,
    t1: t1Off,
    t2: t2Off,
    segments: segOff,
    segmentCount: segs.length / 3,
  };
  new Int32Array(buffer, prm, FIELDS.length).set(FIELDS.map((f) => values[f]));
  const pool = threadPool();
  const bytes = job.groups * rows * depth * eb;
  const threads = !rt.shared || bytes < parallelMinBytes ? 1 : Math.min(pool.active, tasks, 1 + Math.floor(bytes / Math.max(1, parallelMinBytes)));
  pool.run({
    module: module(rt.shared),
    memory: rt.memory,
    exportName: "im2col",
    params: [prm],
    threads,
    estimatedMs: parallelMinBytes === 0 ? undefined : bytes / BYTES_PER_MS,
  });
}
