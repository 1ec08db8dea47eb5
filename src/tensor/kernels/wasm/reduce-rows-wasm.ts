/**
 * Sums and products over a leading axis ("rows") on WebAssembly SIMD: x viewed as
 * [outer, n, inner], out[o, i] = x[o, 0, i] ∘ x[o, 1, i] ∘ … ∘ x[o, n − 1, i], accumulated in
 * doubles in the order of r, exactly as the JavaScript reduce kernel does, so the bits are the
 * same; only the lanes (columns) run side by side. Rows are copied a chunk at a time into
 * the GEMM runtime's linear memory, where the double accumulators of every column live.
 * @module
 */
import type { TypedArray } from "../../dtype";
import { Code, op, simd, valType } from "./encoder";
import { instantiate, type TaskFunction } from "./elementwise-tasks";
import { getRuntime } from "./matmul-wasm";

/** The reductions with a rows task. */
export type RowsOp = "sum" | "prod";

/** Elements of x copied into linear memory per chunk (a chunk's rows and their accumulators stay in the core's cache). */
const CHUNK = 1 << 13;

const tasks = new Map<string, TaskFunction>();

/**
 * The task `(src, rows, strideBytes, acc, accEnd)`: for each of `rows` rows, from `src` on
 * `strideBytes` apart, folds the row's whole vectors into the doubles from `acc` to `accEnd`
 * (two per vector of float64, four per vector of float32, each float32 widened exactly).
 */
function rowsTask(rowsOp: RowsOp, dtype: "float32" | "float64"): TaskFunction {
  const key = `${rowsOp}:${dtype}`;
  const cached = tasks.get(key);
  if (cached !== undefined) return cached;
  const [src, rows, stride, accAt, accEnd] = [0, 1, 2, 3, 4];
  const combine = rowsOp === "sum" ? simd.f64x2Add : simd.f64x2Mul;
  const code = new Code(5);
  const p = code.local(valType.i32);
  const a = code.local(valType.i32);
  const v = code.local(valType.v128);
  code.block().loop();
  code.localGet(rows).op(op.i32Eqz).brIf(1);
  code.localGet(src).localSet(p).localGet(accAt).localSet(a);
  code.block().loop();
  code.localGet(a).localGet(accEnd).op(op.i32GeU).brIf(1);
  if (dtype === "float64") {
    code.localGet(a).localGet(a).v128Load().localGet(p).v128Load().simd(combine).v128Store();
    code.localGet(a).i32Const(16).op(op.i32Add).localSet(a);
  } else {
    code.localGet(p).v128Load().localSet(v);
    code.localGet(a).localGet(a).v128Load().localGet(v).simd(simd.f64x2PromoteLowF32x4).simd(combine).v128Store();
    code.localGet(a).localGet(a).v128Load(16).localGet(v).localGet(v);
    code.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]).simd(simd.f64x2PromoteLowF32x4).simd(combine).v128Store(16);
    code.localGet(a).i32Const(32).op(op.i32Add).localSet(a);
  }
  code.localGet(p).i32Const(16).op(op.i32Add).localSet(p);
  code.br(0).end().end();
  code.localGet(src).localGet(stride).op(op.i32Add).localSet(src);
  code.localGet(rows).i32Const(1).op(op.i32Sub).localSet(rows);
  code.br(0).end().end();
  const task = instantiate(code, 5);
  tasks.set(key, task);
  return task;
}

/**
 * x (float32 or float64) viewed as [outer, n, inner] (n ≥ 1) reduced over n by `rowsOp` into
 * `out` (inner ≥ 4), of x's type: the JavaScript kernel's double accumulation, row after row,
 * with the columns on SIMD lanes. Rows of up to a chunk are copied in whole, a chunk of rows
 * at a time; longer rows in column blocks. Columns past a block's last whole vector are the
 * tail of one more vector that ends at the block's end, folded into accumulators of its own.
 * @example reduceRowsWasm("sum", x, out, 1, 16, 65536) // out[i] = x[i] + x[65536 + i] + …
 */
export function reduceRowsWasm(rowsOp: RowsOp, x: Float32Array | Float64Array, out: TypedArray, outer: number, n: number, inner: number): void {
  const f32 = x instanceof Float32Array;
  const task = rowsTask(rowsOp, f32 ? "float32" : "float64");
  const lanes = f32 ? 4 : 2;
  const bytes = x.BYTES_PER_ELEMENT;
  // Column blocks of about equal width (a multiple of the lanes, at most a chunk), so the last is at least a vector wide.
  const blocks = Math.ceil(inner / CHUNK);
  const width = blocks === 1 ? inner : Math.ceil(Math.ceil(inner / blocks) / lanes) * lanes;
  const rt = getRuntime();
  const acc = rt.data;
  const accBytes = Math.ceil((inner * 8) / 64) * 64;
  const tailAcc = acc + accBytes;
  const src = tailAcc + 64;
  rt.reserve(accBytes + 64 + CHUNK * bytes);
  const buffer = rt.memory.buffer;
  const accView = new Float64Array(buffer, acc, inner);
  const tailView = new Float64Array(buffer, tailAcc, lanes);
  const srcView = f32 ? new Float32Array(buffer, src, CHUNK) : new Float64Array(buffer, src, CHUNK);
  const block = n * inner;
  for (let o = 0; o < outer; o++) {
    const base = o * block;
    accView.set(x.subarray(base, base + inner));
    for (let c = 0; c < inner; c += width) {
      const w = Math.min(width, inner - c);
      const vectors = w - (w % lanes);
      const tail = vectors < w;
      if (tail) tailView.set(x.subarray(base + c + w - lanes, base + c + w));
      const k = Math.max(1, Math.floor(CHUNK / w));
      for (let r0 = 1; r0 < n; r0 += k) {
        const rows = Math.min(k, n - r0);
        if (w === inner) srcView.set(x.subarray(base + r0 * inner, base + (r0 + rows) * inner));
        else for (let r = 0; r < rows; r++) srcView.set(x.subarray(base + (r0 + r) * inner + c, base + (r0 + r) * inner + c + w), r * w);
        task(src, rows, w * bytes, acc + c * 8, acc + (c + vectors) * 8);
        if (tail) task(src + (w - lanes) * bytes, rows, w * bytes, tailAcc, tailAcc + lanes * 8);
      }
      for (let j = vectors; j < w; j++) accView[c + j] = tailView[j - (w - lanes)];
    }
    out.set(accView, o * inner);
  }
}
