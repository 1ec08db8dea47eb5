/**
 * Max and min pooling of float32 and float64 in WebAssembly, on the thread pool for large
 * inputs: one module (built lazily, once) over the GEMM runtime's memory whose task loops
 * `choose_f32` and `choose_f64` compute, for a range of output rows, each window's max (or min)
 * and the flat index of the element it chose — exactly the values and indices of the JavaScript
 * loop of `chooseWindowsKernel` (`Math.max`/`Math.min` are wasm's `max`/`min`: NaN wins, +0
 * over −0; the index is the first largest, or the first NaN). float32 takes four channels at
 * a time (lane-wise, the same choices). Rows are independent, so any number of threads gives
 * the same bits.
 * @module
 */
import { Code, encodeModule, op, simd, valType, type FunctionDef } from "./encoder";
import { getRuntime } from "./matmul-wasm";
import { threadPool } from "./threads";
import { requireWasm, type WasmModule } from "./wasm-api";

const { i32, f32, f64, v128 } = valType;

/** The loop structure of a windowed reduction (see `Plan` in reduce-window.ts). */
export interface WindowPlan {
  readonly outer: number;
  readonly inner: number;
  readonly inOuterStride: number;
  readonly positions: number;
  readonly starts: Int32Array;
  readonly offsets: Int32Array;
}

/** Parameters of `choose_*`, in order (then the thread index). */
const PARAMS = ["counter", "x", "values", "indices", "starts", "offsets", "inner", "positions", "inOuterStride", "rows", "rowsPerTask", "isMax"] as const;

/**
 * `choose_<p>(counter, x, values, indices, starts, offsets, inner, positions, inOuterStride,
 * rows, rowsPerTask, isMax, thread) -> tasks done`: task t is output rows
 * [t·rowsPerTask, min(rows, (t + 1)·rowsPerTask)) of `inner` elements each.
 */
function emitChoose(precision: "f32" | "f64"): FunctionDef {
  const c = new Code(PARAMS.length + 1);
  const [counter, x, values, indices, starts, offsets, inner, positions, inOuterStride, rows, rowsPerTask, isMax] = PARAMS.map((_, k) => k);
  const ft = precision === "f32" ? f32 : f64;
  const shift = precision === "f32" ? 2 : 3;
  const L = (): number => c.local(i32);
  const [t, row, rowEnd, ob, inBase, first, end, o, ch, i, k, chosen, done, tasks, take] = Array.from({ length: 15 }, L);
  const best = c.local(ft);
  const held = c.local(ft);
  const v = c.local(ft);
  const is32 = precision === "f32";
  const constant = (value: number): void => {
    if (is32) c.f32Const(value);
    else c.f64Const(value);
  };
  const fop = (f32op: number, f64op: number): void => {
    c.op(is32 ? f32op : f64op);
  };
  /**
   * float32: four channels at a time while four remain, the lanes doing what the scalar loop
   * does (`mask` all ones for max: selects max over min, greater over less).
   */
  const mask = c.local(v128);
  const identity = c.local(v128);
  const bestV = c.local(v128);
  const heldV = c.local(v128);
  const chosenV = c.local(v128);
  const vV = c.local(v128);
  const takeV = c.local(v128);
  c.i32Const(0).localGet(isMax).op(op.i32Sub).simd(simd.i32x4Splat).localSet(mask);
  c.f32Const(-Infinity).simd(simd.f32x4Splat).f32Const(Infinity).simd(simd.f32x4Splat).localGet(mask).simd(simd.v128Bitselect).localSet(identity);
  const vectorChannels = (): void => {
    c.block().loop();
    c.localGet(ch).i32Const(4).op(op.i32Add).localGet(inner).op(op.i32GtU).brIf(1);
    c.localGet(identity).localSet(bestV);
    c.v128Zero().localSet(heldV);
    c.v128Const32([-1, -1, -1, -1]).localSet(chosenV);
    c.localGet(first).localSet(i);
    c.whileBelow(
      i,
      () => c.localGet(end),
      () => {
        c.localGet(inBase).localGet(offsets).localGet(i).i32Const(2).op(op.i32Shl).op(op.i32Add).i32Load().op(op.i32Add).localGet(ch).op(op.i32Add).localTee(k);
        c.i32Const(2).op(op.i32Shl).localGet(x).op(op.i32Add).v128Load().localSet(vV);
        c.localGet(bestV).localGet(vV).simd(simd.f32x4Max);
        c.localGet(bestV).localGet(vV).simd(simd.f32x4Min);
        c.localGet(mask).simd(simd.v128Bitselect).localSet(bestV);
        // take = chosen < 0 | (max ? v > held : v < held) | (v ≠ v & ¬(held ≠ held))
        c.localGet(chosenV).v128Zero().simd(simd.i32x4LtS);
        c.localGet(vV).localGet(heldV).simd(simd.f32x4Gt);
        c.localGet(vV).localGet(heldV).simd(simd.f32x4Lt);
        c.localGet(mask).simd(simd.v128Bitselect).simd(simd.v128Or);
        c.localGet(vV).localGet(vV).simd(simd.f32x4Ne);
        c.localGet(heldV).localGet(heldV).simd(simd.f32x4Ne).simd(simd.v128AndNot).simd(simd.v128Or).localSet(takeV);
        c.localGet(vV).localGet(heldV).localGet(takeV).simd(simd.v128Bitselect).localSet(heldV);
        c.localGet(k).simd(simd.i32x4Splat).v128Const32([0, 1, 2, 3]).simd(simd.i32x4Add);
        c.localGet(chosenV).localGet(takeV).simd(simd.v128Bitselect).localSet(chosenV);
      },
    );
    c.localGet(o).localGet(ch).op(op.i32Add).i32Const(2).op(op.i32Shl).localTee(k).localGet(values).op(op.i32Add).localGet(bestV).v128Store();
    c.localGet(k).localGet(indices).op(op.i32Add).localGet(chosenV).v128Store();
    c.localGet(ch).i32Const(4).op(op.i32Add).localSet(ch);
    c.br(0).end().end();
  };
  // tasks = ceil(rows / rowsPerTask)
  c.localGet(rows).localGet(rowsPerTask).op(op.i32Add).i32Const(1).op(op.i32Sub).localGet(rowsPerTask).op(op.i32DivU).localSet(tasks);
  c.claimTasks(
    t,
    done,
    () => c.localGet(counter),
    () => c.localGet(tasks),
    () => {
      c.localGet(t).localGet(rowsPerTask).op(op.i32Mul).localTee(row).localGet(rowsPerTask).op(op.i32Add).localTee(rowEnd);
      c.localGet(rows).localGet(rowEnd).localGet(rows).op(op.i32LtU).op(op.select).localSet(rowEnd);
      c.whileBelow(
        row,
        () => c.localGet(rowEnd),
        () => {
          // ob = row / positions; p = row − ob·positions; inBase = ob·inOuterStride; o = row·inner
          c.localGet(row).localGet(positions).op(op.i32DivU).localTee(ob).localGet(inOuterStride).op(op.i32Mul).localSet(inBase);
          c.localGet(starts).localGet(row).localGet(ob).localGet(positions).op(op.i32Mul).op(op.i32Sub).i32Const(2).op(op.i32Shl).op(op.i32Add).localTee(first);
          c.i32Load(4).localSet(end);
          c.localGet(first).i32Load().localSet(first);
          c.localGet(row).localGet(inner).op(op.i32Mul).localSet(o);
          c.i32Const(0).localSet(ch);
          if (is32) vectorChannels();
          c.whileBelow(
            ch,
            () => c.localGet(inner),
            () => {
              constant(-Infinity);
              constant(Infinity);
              c.localGet(isMax).op(op.select).localSet(best);
              c.i32Const(-1).localSet(chosen);
              constant(0);
              c.localSet(held);
              c.localGet(first).localSet(i);
              c.whileBelow(
                i,
                () => c.localGet(end),
                () => {
                  // k = inBase + offsets[i] + ch; v = x[k]
                  c.localGet(inBase)
                    .localGet(offsets)
                    .localGet(i)
                    .i32Const(2)
                    .op(op.i32Shl)
                    .op(op.i32Add)
                    .i32Load()
                    .op(op.i32Add)
                    .localGet(ch)
                    .op(op.i32Add)
                    .localTee(k);
                  c.i32Const(shift).op(op.i32Shl).localGet(x).op(op.i32Add);
                  if (is32) c.f32Load();
                  else c.f64Load();
                  c.localSet(v);
                  // best = isMax ? max(best, v) : min(best, v)
                  c.localGet(best).localGet(v);
                  fop(op.f32Max, op.f64Max);
                  c.localGet(best).localGet(v);
                  fop(op.f32Min, op.f64Min);
                  c.localGet(isMax).op(op.select).localSet(best);
                  // chosen < 0 || (isMax ? v > held : v < held) || (v ≠ v && held = held)
                  c.localGet(chosen).i32Const(0).op(op.i32LtS);
                  c.localGet(v).localGet(held);
                  fop(op.f32Gt, op.f64Gt);
                  c.localGet(v).localGet(held);
                  fop(op.f32Lt, op.f64Lt);
                  c.localGet(isMax).op(op.select).op(op.i32Or);
                  c.localGet(v).localGet(v);
                  fop(op.f32Ne, op.f64Ne);
                  c.localGet(held).localGet(held);
                  fop(op.f32Eq, op.f64Eq);
                  c.op(op.i32And).op(op.i32Or).localSet(take);
                  // branch-free: which element wins is data, hard to predict
                  c.localGet(v).localGet(held).localGet(take).op(op.select).localSet(held);
                  c.localGet(k).localGet(chosen).localGet(take).op(op.select).localSet(chosen);
                },
              );
              // values[o + ch] = best; indices[o + ch] = chosen
              c.localGet(o).localGet(ch).op(op.i32Add).localTee(k).i32Const(shift).op(op.i32Shl).localGet(values).op(op.i32Add).localGet(best);
              if (is32) c.f32Store();
              else c.f64Store();
              c.localGet(k).i32Const(2).op(op.i32Shl).localGet(indices).op(op.i32Add).localGet(chosen).i32Store();
            },
          );
        },
      );
    },
  );
  c.localGet(done);
  return { type: { params: [...PARAMS.map(() => i32), i32], results: [i32] }, locals: c.locals, body: c.finish(), exportName: `choose_${precision}` };
}

let windowModule: WasmModule | undefined;

function module(shared: boolean): WasmModule {
  if (windowModule !== undefined) return windowModule;
  const bytes = encodeModule({
    memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared },
    functions: [emitChoose("f32"), emitChoose("f64")],
  });
  windowModule = new (requireWasm().Module)(bytes);
  return windowModule;
}

/** Window elements read (outputs × window size) per thread a call needs before it shares. */
let parallelMinWork = 1 << 17;
/** Window elements per ms of one thread, roughly (to tell the pool how long a call takes). */
const ELEMENTS_PER_MS = 5e5;
/** Tasks per thread of a shared call. */
const TASKS_PER_THREAD = 4;

/**
 * The least window elements read (outputs × window size) a pooling shares with a second thread
 * (default 2^17; each further multiple may take one more); tests set 0 to share every pooling
 * and wake the workers.
 * @example setWindowParallelThreshold(0)
 */
export function setWindowParallelThreshold(work: number): void {
  parallelMinWork = work;
}

const align = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * Each window's max (or min) of float32 or float64 `x` and the flat index of the element chosen,
 * as `chooseWindowsKernel` (whose plan `p` is), in WebAssembly on the pool's threads.
 * @example chooseWindowsWasm(true, Float32Array.of(1, 3, 3, 5), plan, values, indices) // values [3, 5], indices [1, 3]
 */
export function chooseWindowsWasm(
  isMax: boolean,
  x: Float32Array | Float64Array,
  p: WindowPlan,
  values: Float32Array | Float64Array,
  indices: Int32Array,
): void {
  const rt = getRuntime();
  const eb = x instanceof Float32Array ? 4 : 8;
  const rows = p.outer * p.positions;
  const work = rows * p.inner * (p.offsets.length / Math.max(1, p.positions));
  const pool = threadPool();
  const threads = !rt.shared || work < parallelMinWork ? 1 : Math.min(pool.active, 1 + Math.floor(work / Math.max(1, parallelMinWork)));
  const rowsPerTask = threads === 1 ? rows : Math.max(1, Math.ceil(rows / (threads * TASKS_PER_THREAD)));
  const xOff = rt.data;
  const valuesOff = align(xOff + x.length * eb);
  const indicesOff = align(valuesOff + values.length * eb);
  const startsOff = align(indicesOff + indices.length * 4);
  const offsetsOff = align(startsOff + p.starts.length * 4);
  const counterOff = align(offsetsOff + p.offsets.length * 4);
  rt.reserve(counterOff + 64 - rt.data);
  const buffer = rt.memory.buffer;
  (eb === 4 ? new Float32Array(buffer, xOff, x.length) : new Float64Array(buffer, xOff, x.length)).set(x);
  new Int32Array(buffer, startsOff, p.starts.length).set(p.starts);
  new Int32Array(buffer, offsetsOff, p.offsets.length).set(p.offsets);
  new Int32Array(buffer, counterOff, 1)[0] = 0;
  const params = [counterOff, xOff, valuesOff, indicesOff, startsOff, offsetsOff, p.inner, p.positions, p.inOuterStride, rows, rowsPerTask, isMax ? 1 : 0];
  pool.run({
    module: module(rt.shared),
    memory: rt.memory,
    exportName: eb === 4 ? "choose_f32" : "choose_f64",
    params,
    threads,
    estimatedMs: parallelMinWork === 0 ? undefined : work / ELEMENTS_PER_MS,
  });
  values.set(eb === 4 ? new Float32Array(buffer, valuesOff, values.length) : new Float64Array(buffer, valuesOff, values.length));
  indices.set(new Int32Array(buffer, indicesOff, indices.length));
}
