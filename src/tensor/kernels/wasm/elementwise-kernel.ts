/**
 * The driver of the eager SIMD elementwise kernels: runs a task of `elementwise-tasks.ts` over
 * arrays in JavaScript memory, a chunk at a time through a scratch area of the GEMM runtime's
 * linear memory that stays in the core's cache (operands copied in, the task run, the result
 * copied straight into the output array). Every output element is written.
 * @module
 */
import type { DType, TypedArray } from "../../dtype";
import type { Shape } from "../../shape";
import { getRuntime } from "./matmul-wasm";
import { elementBytes, type OperandMode, type Task } from "./elementwise-tasks";

/**
 * An operand of an elementwise op of `n` output elements, as its elements repeat: element i of
 * the output reads `data[⌊i / repeat⌋ % data.length]` (`repeat` 1 unless given: all of it when
 * `data.length` is n, one splatted element when 1, a row repeated over the output's leading
 * axes otherwise; with `repeat` > 1, each element held over a run of the output, as an operand
 * broadcast over the output's trailing axes).
 */
export interface Operand {
  readonly data: TypedArray;
  readonly dtype: DType;
  readonly repeat?: number;
}

/** Elements per chunk: every operand's and the output's chunk stay in the core's cache between the copies and the task. */
const CHUNK = 1 << 14;

/** Rounds a byte count up to 64 (regions start on cache lines and leave room for a last partial vector). */
const roundUp64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/**
 * How an operand of `shape` broadcast to `outShape` repeats (see {@link Operand}): 1 when it
 * is the whole array, a single element or a trailing row (its shape, without leading 1s, is
 * the output's trailing axes); the length of each run when it is the output's leading axes
 * followed by 1s (each element held over the trailing axes); undefined otherwise.
 * @example operandRepeat([2, 3], [2, 3]) // 1
 * @example operandRepeat([3], [2, 3]) // 1
 * @example operandRepeat([2, 1], [2, 3]) // 3
 * @example operandRepeat([1, 3, 1], [2, 3, 4]) // undefined
 */
export function operandRepeat(shape: Shape, outShape: Shape): number | undefined {
  const size = outShape.reduce((n, d) => n * d, 1);
  const length = shape.reduce((n, d) => n * d, 1);
  if (length === size || length === 1) return 1;
  let lead = 0;
  while (lead < shape.length && shape[lead] === 1) lead++;
  const row = shape.length - lead;
  if (row > outShape.length) return undefined;
  let trailing = true;
  for (let d = 0; d < row && trailing; d++) if (shape[lead + d] !== outShape[outShape.length - row + d]) trailing = false;
  if (trailing) return 1;
  // The output's leading axes, then 1s: shape (padded with leading 1s to the output's rank) agrees up to axis k, is 1 after.
  const offset = outShape.length - shape.length;
  if (offset !== 0) return undefined;
  let k = shape.length;
  while (k > 0 && shape[k - 1] === 1) k--;
  for (let d = 0; d < k; d++) if (shape[d] !== outShape[d]) return undefined;
  return size / length;
}

/** How the task reads each operand: splatted when it is one element. */
export function operandModes(operands: readonly Operand[], n: number): OperandMode[] {
  return operands.map((o) => (o.data.length === 1 && n > 1 ? "s" : "v"));
}

type ViewConstructor = new (buffer: ArrayBuffer | SharedArrayBuffer) => TypedArray;

/** Views of the whole memory by element type, made again when the memory grows (its buffer changes). */
let views: { buffer: ArrayBuffer | SharedArrayBuffer; byType: Map<ViewConstructor, TypedArray> } | undefined;

/** A view of the whole `buffer` of the same element type as `like`. */
function viewLike(like: TypedArray, buffer: ArrayBuffer | SharedArrayBuffer): TypedArray {
  if (views?.buffer !== buffer) views = { buffer, byType: new Map() };
  const ctor = like.constructor as ViewConstructor;
  let view = views.byType.get(ctor);
  if (view === undefined) {
    view = new ctor(buffer);
    views.byType.set(ctor, view);
  }
  return view;
}

/**
 * Copies elements start … start + len − 1 of a periodic operand (element i is data[i % period])
 * to `view` from element `at`.
 */
function copyPeriodic(view: TypedArray, at: number, data: TypedArray, start: number, len: number): void {
  const period = data.length;
  let from = start % period;
  for (let done = 0; done < len; ) {
    const take = Math.min(period - from, len - done);
    view.set(data.subarray(from, from + take), at + done);
    done += take;
    from = 0;
  }
}

/**
 * Copies elements start … start + len − 1 of a repeated operand (element i is
 * data[⌊i / repeat⌋ % data.length]) to `view` from element `at`, a fill per run.
 */
function copyRepeated(view: TypedArray, at: number, data: TypedArray, repeat: number, start: number, len: number): void {
  const period = data.length;
  for (let i = start, end = start + len; i < end; ) {
    const runEnd = Math.min(end, (Math.floor(i / repeat) + 1) * repeat);
    view.fill(data[Math.floor(i / repeat) % period], at + i - start, at + runEnd - start);
    i = runEnd;
  }
}

/** Fills `len` elements of `view` from `at` with copies of `data` (len a multiple of its length), doubling the copied span each step. */
function tile(view: TypedArray, at: number, data: TypedArray, len: number): void {
  view.set(data, at);
  for (let filled = data.length; filled < len; filled *= 2) view.copyWithin(at + filled, at, at + Math.min(filled, len - filled));
}

/**
 * Runs `task` over `n` output elements into `out` (of `outDType`), each operand periodic as
 * {@link Operand} says and read as `modes` says (a splatted operand has one element). Operands
 * whose row divides the chunk are laid out once, the others copied a chunk at a time.
 * @example runElementwise(task, [{ data: a, dtype: "float32" }, { data: b, dtype: "float32" }], out, "float32", a.length);
 */
export function runElementwise(task: Task, operands: readonly Operand[], modes: readonly OperandMode[], out: TypedArray, outDType: DType, n: number): void {
  const width = task.width;
  let longestRow = 1;
  for (const o of operands) if (o.data.length < n && (o.repeat ?? 1) === 1) longestRow = Math.max(longestRow, o.data.length);
  const chunk = Math.min(n, longestRow <= CHUNK ? Math.floor(CHUNK / longestRow) * longestRow : CHUNK);
  const rt = getRuntime();
  const addresses: number[] = [];
  let bytes = 0;
  for (let k = 0; k < operands.length; k++) {
    addresses.push(rt.data + bytes);
    bytes += roundUp64((modes[k] === "s" ? 1 : chunk) * elementBytes(operands[k].dtype));
  }
  const dst = rt.data + bytes;
  const outBytes = elementBytes(outDType);
  bytes += roundUp64(chunk * outBytes);
  rt.reserve(bytes);
  const buffer = rt.memory.buffer;
  const inViews = operands.map((o) => viewLike(o.data, buffer));
  const outView = viewLike(out, buffer);
  // Operands that are the same in every chunk: the splatted ones, and rows that divide the chunk.
  const perChunk: number[] = [];
  operands.forEach((o, k) => {
    const at = addresses[k] / elementBytes(o.dtype);
    if (modes[k] === "s") inViews[k][at] = o.data[0];
    else if (o.data.length < n && (o.repeat ?? 1) === 1 && chunk % o.data.length === 0) tile(inViews[k], at, o.data, chunk);
    else perChunk.push(k);
  });
  const args = [...addresses, dst, 0];
  const dstAt = dst / outBytes;
  const vectorBytes = width * outBytes;
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    for (const k of perChunk) {
      const o = operands[k];
      const at = addresses[k] / elementBytes(o.dtype);
      if (o.data.length === n) inViews[k].set(o.data.subarray(start, start + len), at);
      else if ((o.repeat ?? 1) > 1) copyRepeated(inViews[k], at, o.data, o.repeat ?? 1, start, len);
      else copyPeriodic(inViews[k], at, o.data, start, len);
    }
    args[args.length - 1] = dst + Math.ceil(len / width) * vectorBytes;
    task.run(...args);
    out.set(outView.subarray(dstAt, dstAt + len), start);
  }
}

/**
 * The max (`wins` = "gt") or min ("lt") of x[start … start + n − 1] (n ≥ 1) by `task` (an
 * {@link extremeTask} of x's dtype), with the JavaScript kernel's rule, or undefined where the
 * result is NaN or a zero: then which NaN or which zero the kernel's element order picks is
 * not known here, and the caller runs its loop. Any other result is the one value that wins,
 * the same bits whatever the order.
 * @example reduceExtreme(extremeTask("gt", "float32"), "gt", x, 0, x.length) // Math.max of x when no NaN
 */
export function reduceExtreme(task: Task, wins: "gt" | "lt", x: Float32Array | Float64Array, start: number, n: number): number | undefined {
  const width = task.width;
  const bytes = x.BYTES_PER_ELEMENT;
  const vectors = n - (n % width);
  const rt = getRuntime();
  const chunk = Math.min(vectors, CHUNK);
  const acc = rt.data;
  const src = acc + 64;
  rt.reserve(64 + roundUp64(chunk * bytes));
  const view = viewLike(x, rt.memory.buffer) as Float32Array | Float64Array;
  view.fill(x[start], acc / bytes, acc / bytes + width);
  for (let at = 0; at < vectors; at += chunk) {
    const len = Math.min(chunk, vectors - at);
    view.set(x.subarray(start + at, start + at + len), src / bytes);
    task.run(src, src + len * bytes, acc);
  }
  let result = view[acc / bytes];
  const max = wins === "gt";
  const fold = (v: number): void => {
    if ((max ? v > result : v < result) || v !== v) result = v;
  };
  for (let lane = 1; lane < width; lane++) fold(view[acc / bytes + lane]);
  for (let i = start + vectors; i < start + n; i++) fold(x[i]);
  return result === 0 || result !== result ? undefined : result;
}
