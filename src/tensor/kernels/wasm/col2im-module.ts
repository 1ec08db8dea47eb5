/**
 * The scatter of col2im in WebAssembly, reading the product where the matrix kernel left it,
 * on the thread pool for large convolutions: one module (built lazily, once) whose task loop
 * `col2im_<p>(params, thread)` adds, for one (group, image) per task, each input position's
 * contribution through each kernel position to the output position it reaches — in the
 * JavaScript loop's order (input position, then kernel position), so every output element is
 * the same sum of the same terms in the same order. Tasks write disjoint outputs (an image's
 * positions, a group's features), so any number of threads gives the same bits. Additions are
 * lane-wise (`f32x4.add` / `f64x2.add`, then one at a time): the bits of scalar additions.
 * @module
 */
import { Code, encodeModule, op, simd, valType, type FunctionDef } from "./encoder";
import type { Runtime } from "./runtime";
import { threadPool } from "./threads";
import { requireWasm, type WasmModule } from "./wasm-api";

const { i32 } = valType;

/** The fields of the parameter block (i32 each, in this order). */
const FIELDS = [
  "counter",
  "tasks",
  "c",
  "out",
  "firstGroup",
  "batch",
  "S1",
  "S2",
  "S3",
  "K1",
  "K2",
  "K3",
  "O1",
  "O2",
  "O3",
  "cols",
  "features",
  "groupFeatures",
  "t1",
  "t2",
  "t3",
] as const;

type Field = (typeof FIELDS)[number];
const field = (name: Field): number => 4 * FIELDS.indexOf(name);

function emitCol2im(precision: "f32" | "f64"): FunctionDef {
  const c = new Code(2);
  const prm = 0;
  const eb = precision === "f32" ? 4 : 8;
  const lanes = 16 / eb;
  const L = (): number => c.local(i32);
  const [task, tt, b, s1, s2, s3, k1, k2, k3, o1, o2, o3, row, line, tap, dst, src, i, done] = Array.from({ length: 19 }, L);
  const get = (name: Field): Code => c.localGet(prm).i32Load(field(name));
  /** Pushes table[index · K + k] (an i32 table at field `table`). */
  const lookup = (table: Field, index: number, K: Field, k: number): void => {
    get(table);
    c.localGet(index);
    get(K);
    c.op(op.i32Mul).localGet(k).op(op.i32Add).i32Const(2).op(op.i32Shl).op(op.i32Add).i32Load();
  };
  c.claimTasks(
    task,
    done,
    () => get("counter"),
    () => get("tasks"),
    () => {
      // task = tt · batch + b (tt: group within the product's chunk)
      c.localGet(task);
      get("batch");
      c.op(op.i32DivU).localSet(tt);
      c.localGet(task).localGet(tt);
      get("batch");
      c.op(op.i32Mul).op(op.i32Sub).localSet(b);
      // row = task · S1·S2·S3 · cols (elements of the product chunk)
      c.localGet(task);
      get("S1");
      c.op(op.i32Mul);
      get("S2");
      c.op(op.i32Mul);
      get("S3");
      c.op(op.i32Mul);
      get("cols");
      c.op(op.i32Mul).localSet(row);
      c.countUp(
        s1,
        () => get("S1"),
        () =>
          c.countUp(
            s2,
            () => get("S2"),
            () =>
              c.countUp(
                s3,
                () => get("S3"),
                () => {
                  c.countUp(
                    k1,
                    () => get("K1"),
                    () => {
                      lookup("t1", s1, "K1", k1);
                      c.localTee(o1).i32Const(0).op(op.i32GeS).if();
                      c.countUp(
                        k2,
                        () => get("K2"),
                        () => {
                          lookup("t2", s2, "K2", k2);
                          c.localTee(o2).i32Const(0).op(op.i32GeS).if();
                          // line = ((b · O1 + o1) · O2 + o2) · O3; tap = row + (k1 · K2 + k2) · K3 · f
                          c.localGet(b);
                          get("O1");
                          c.op(op.i32Mul).localGet(o1).op(op.i32Add);
                          get("O2");
                          c.op(op.i32Mul).localGet(o2).op(op.i32Add);
                          get("O3");
                          c.op(op.i32Mul).localSet(line);
                          c.localGet(row).localGet(k1);
                          get("K2");
                          c.op(op.i32Mul).localGet(k2).op(op.i32Add);
                          get("K3");
                          c.op(op.i32Mul);
                          get("groupFeatures");
                          c.op(op.i32Mul).op(op.i32Add).localSet(tap);
                          c.countUp(
                            k3,
                            () => get("K3"),
                            () => {
                              lookup("t3", s3, "K3", k3);
                              c.localTee(o3).i32Const(0).op(op.i32GeS).if();
                              // dst = out + ((line + o3) · features + (firstGroup + tt) · f) · eb; src = c + (tap + k3 · f) · eb
                              get("out");
                              c.localGet(line).localGet(o3).op(op.i32Add);
                              get("features");
                              c.op(op.i32Mul);
                              get("firstGroup");
                              c.localGet(tt).op(op.i32Add);
                              get("groupFeatures");
                              c.op(op.i32Mul).op(op.i32Add).i32Const(eb).op(op.i32Mul).op(op.i32Add).localSet(dst);
                              get("c");
                              c.localGet(tap).localGet(k3);
                              get("groupFeatures");
                              c.op(op.i32Mul).op(op.i32Add).i32Const(eb).op(op.i32Mul).op(op.i32Add).localSet(src);
                              // out[dst + i] += c[src + i], lanes at a time, then one at a time
                              c.i32Const(0).localSet(i);
                              c.block().loop();
                              c.localGet(i).i32Const(lanes).op(op.i32Add);
                              get("groupFeatures");
                              c.op(op.i32GtU).brIf(1);
                              c.localGet(dst).localGet(dst).v128Load().localGet(src).v128Load();
                              c.simd(precision === "f32" ? simd.f32x4Add : simd.f64x2Add).v128Store();
                              c.localGet(dst).i32Const(16).op(op.i32Add).localSet(dst);
                              c.localGet(src).i32Const(16).op(op.i32Add).localSet(src);
                              c.localGet(i).i32Const(lanes).op(op.i32Add).localSet(i);
                              c.br(0).end().end();
                              c.block().loop();
                              c.localGet(i);
                              get("groupFeatures");
                              c.op(op.i32GeU).brIf(1);
                              c.localGet(dst).localGet(dst);
                              if (precision === "f32") c.f32Load().localGet(src).f32Load().op(op.f32Add).f32Store();
                              else c.f64Load().localGet(src).f64Load().op(op.f64Add).f64Store();
                              c.localGet(dst).i32Const(eb).op(op.i32Add).localSet(dst);
                              c.localGet(src).i32Const(eb).op(op.i32Add).localSet(src);
                              c.localGet(i).i32Const(1).op(op.i32Add).localSet(i);
                              c.br(0).end().end();
                              c.end();
                            },
                          );
                          c.end();
                        },
                      );
                      c.end();
                    },
                  );
                  c.localGet(row);
                  get("cols");
                  c.op(op.i32Add).localSet(row);
                },
              ),
          ),
      );
    },
  );
  c.localGet(done);
  return { type: { params: [i32, i32], results: [i32] }, locals: c.locals, body: c.finish(), exportName: `col2im_${precision}` };
}

let col2imModule: WasmModule | undefined;

function module(shared: boolean): WasmModule {
  if (col2imModule !== undefined) return col2imModule;
  const bytes = encodeModule({
    memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared },
    functions: [emitCol2im("f32"), emitCol2im("f64")],
  });
  col2imModule = new (requireWasm().Module)(bytes);
  return col2imModule;
}

/** One col2im scatter: the sizes (spatial axes padded to three) and the target tables of conv.ts. */
export interface ScatterJob {
  readonly dtype: "float32" | "float64";
  readonly batch: number;
  readonly inSpatial: readonly number[];
  readonly window: readonly number[];
  readonly outSpatial: readonly number[];
  readonly features: number;
  readonly groupFeatures: number;
  /** Per spatial axis, the output index each (input, kernel) position reaches, or −1. */
  readonly targets: readonly Int32Array[];
}

/** Product bytes per thread a call needs before it shares. */
let parallelMinBytes = 1 << 20;

/**
 * The least product bytes (default 2^20; each further multiple may take one more thread)
 * scattered on two threads; tests set 0 to share every scatter, waking the workers.
 * @example setCol2imParallelThreshold(0)
 */
export function setCol2imParallelThreshold(bytes: number): void {
  parallelMinBytes = bytes;
}

/** Product bytes one thread scatters per ms, roughly (to tell the pool how long a call takes). */
const BYTES_PER_MS = 2e6;

const align = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * Adds the contributions of groups [first, first + count) at byte `c` (`[count, batch ·
 * positions, taps · groupFeatures]`) into `out` (channels-last `[batch, ...outSpatial,
 * features]`), through a copy of `out` in the memory from byte `free` on.
 * @example scatterWasm(rt, job, cOffset, 0, groups, freeOffset, out)
 */
export function scatterWasm(rt: Runtime, job: ScatterJob, c: number, first: number, count: number, free: number, out: Float32Array | Float64Array): void {
  const eb = job.dtype === "float32" ? 4 : 8;
  const prm = align(free);
  const outOff = align(prm + 4 * FIELDS.length);
  const tOff = [0, 0, 0];
  let end = align(outOff + out.length * eb);
  job.targets.forEach((t, j) => {
    tOff[j] = end;
    end = align(end + t.length * 4);
  });
  const counterOff = end;
  rt.reserve(counterOff + 64 - rt.data);
  const buffer = rt.memory.buffer;
  const view = eb === 4 ? new Float32Array(buffer, outOff, out.length) : new Float64Array(buffer, outOff, out.length);
  view.set(out);
  job.targets.forEach((t, j) => {
    new Int32Array(buffer, tOff[j], t.length).set(t);
  });
  new Int32Array(buffer, counterOff, 1)[0] = 0;
  const tasks = count * job.batch;
  const [S1, S2, S3] = job.inSpatial;
  const [K1, K2, K3] = job.window;
  const [O1, O2, O3] = job.outSpatial;
  const values: Record<Field, number> = {
    counter: counterOff,
    tasks,
    c,
    out: outOff,
    firstGroup: first,
    batch: job.batch,
    S1,
    S2,
    S3,
    K1,
    K2,
    K3,
    O1,
    O2,
    O3,
    cols: K1 * K2 * K3 * job.groupFeatures,
    features: job.features,
    groupFeatures: job.groupFeatures,
    t1: tOff[0],
    t2: tOff[1],
    t3: tOff[2],
  };
  new Int32Array(buffer, prm, FIELDS.length).set(FIELDS.map((f) => values[f]));
  const bytes = tasks * S1 * S2 * S3 * values.cols * eb;
  const pool = threadPool();
  const threads = !rt.shared || bytes < parallelMinBytes ? 1 : Math.min(pool.active, tasks, 1 + Math.floor(bytes / Math.max(1, parallelMinBytes)));
  pool.run({
    module: module(rt.shared),
    memory: rt.memory,
    exportName: eb === 4 ? "col2im_f32" : "col2im_f64",
    params: [prm],
    threads,
    estimatedMs: parallelMinBytes === 0 ? undefined : bytes / BYTES_PER_MS,
  });
  out.set(view);
}
