/**
 * Windowed reductions (XLA's ReduceWindow) on typed arrays, and the arg variant that
 * returns, per window, the flat index of the chosen element. The geometry is XLA's: the
 * input is dilated (`baseDilation − 1` holes between neighbours) and padded (`padding`
 * [low, high] per axis; holes and padding hold the identity of the reduction), and a
 * window of `windowDimensions` elements, `windowDilation` apart, moves by `windowStrides`.
 *
 * Per axis the kernel tabulates, for each output index, the input offsets its window
 * covers (holes and padding left out); a window is the Cartesian product of those lists,
 * enumerated in row-major order, so its offsets increase. Leading and trailing axes the
 * window does not touch (pooling's batch and features) are plain outer loops and
 * contiguous inner runs, so the window table is built once for the axes in between. The
 * loops are specialised per reduction: no closure per element. Max and min of float32 and
 * float64 inputs of at least 1024 elements (see {@link setWasmPoolingMinElements}) run in WebAssembly, on the
 * thread pool when large (see window-module.ts), with the same values and indices.
 * @module
 */
import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";
import { wasmAvailable } from "./wasm/matmul-wasm";
import { chooseWindowsWasm } from "./wasm/window-module";

/** Inputs this long and longer (float32 or float64) are max/min pooled in WebAssembly. */
let wasmMinElements = 1024;
/** Inputs longer than this stay in JavaScript (the wasm memory holds the input, outputs and tables). */
const WASM_MAX_ELEMENTS = 1 << 26;

/** Whether max/min windows of `x` into `values` run in WebAssembly: same float type, large enough. */
function inWasm(x: TypedArray, values: TypedArray): x is Float32Array | Float64Array {
  const float = (x instanceof Float32Array && values instanceof Float32Array) || (x instanceof Float64Array && values instanceof Float64Array);
  return float && x.length >= wasmMinElements && x.length <= WASM_MAX_ELEMENTS && wasmAvailable();
}

/**
 * The least input length (default 1024) whose float32 or float64 max/min windows run in
 * WebAssembly; tests set Infinity for the JavaScript loop, 0 for WebAssembly everywhere.
 * @example setWasmPoolingMinElements(Infinity)
 */
export function setWasmPoolingMinElements(n: number): void {
  wasmMinElements = n;
}

/** The reductions of a window. */
export type WindowOp = "max" | "min" | "add";

/** The reductions that choose an element (and so have an arg variant). */
export type ChooserOp = "max" | "min";

/** The geometry of a windowed reduction, one entry per axis. */
export interface WindowGeometry {
  readonly windowDimensions: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly baseDilation: readonly number[];
  readonly windowDilation: readonly number[];
}

/**
 * The output length of one axis of size `d`: the dilated, padded length minus the dilated
 * window, over the stride, plus one (negative when the window does not fit).
 * @example windowedLength(5, 2, 2, [0, 0], 1, 1) // 2
 */
export function windowedLength(
  d: number,
  window: number,
  stride: number,
  [lo, hi]: readonly [number, number],
  baseDilation: number,
  windowDilation: number,
): number {
  const padded = (d === 0 ? 0 : (d - 1) * baseDilation + 1) + lo + hi;
  const span = (window - 1) * windowDilation + 1;
  return padded < span ? -1 : Math.floor((padded - span) / stride) + 1;
}

/** Per axis: `starts[o]..starts[o + 1]` index `offsets` with the input offsets output index o covers. */
interface AxisTable {
  readonly starts: Int32Array;
  readonly offsets: Int32Array;
}

function axisTable(d: number, out: number, inStride: number, g: WindowGeometry, axis: number): AxisTable {
  const w = g.windowDimensions[axis];
  const bd = g.baseDilation[axis];
  const last = (d - 1) * bd;
  const starts = new Int32Array(out + 1);
  const offsets: number[] = [];
  for (let o = 0; o < out; o++) {
    starts[o] = offsets.length;
    for (let k = 0; k < w; k++) {
      const p = o * g.windowStrides[axis] + k * g.windowDilation[axis] - g.padding[axis][0];
      if (p >= 0 && p <= last && p % bd === 0) offsets.push((p / bd) * inStride);
    }
  }
  starts[out] = offsets.length;
  return { starts, offsets: Int32Array.from(offsets) };
}

function tables(shape: Shape, outShape: Shape, g: WindowGeometry): AxisTable[] {
  const inStrides = stridesOf(shape);
  return shape.map((d, a) => axisTable(d, outShape[a], inStrides[a], g, a));
}

/**
 * True when some window covers only padding or holes (its reduction is the identity and
 * it has no chosen element).
 * @example hasEmptyWindow([2], [3], { windowDimensions: [1], windowStrides: [1], padding: [[1, 0]], baseDilation: [1], windowDilation: [1] }) // true
 */
export function hasEmptyWindow(shape: Shape, outShape: Shape, g: WindowGeometry): boolean {
  return tables(shape, outShape, g).some(({ starts }) => starts.some((s, o) => o > 0 && s === starts[o - 1]));
}

/**
 * Calls `visit(flatOut, offsets, count)` for every output position in row-major order,
 * with the flat input offsets of its window (increasing) in `offsets[0..count)`.
 */
function forEachWindow(shape: Shape, outShape: Shape, g: WindowGeometry, visit: (flatOut: number, offsets: Int32Array, count: number) => void): void {
  const rank = shape.length;
  const t = tables(shape, outShape, g);
  const offsets = new Int32Array(Math.max(1, sizeOf(g.windowDimensions)));
  const index = new Int32Array(rank);
  const outSize = sizeOf(outShape);
  for (let flat = 0; flat < outSize; flat++) {
    let count = 1;
    offsets[0] = 0;
    for (let a = 0; a < rank && count > 0; a++) {
      const { starts, offsets: list } = t[a];
      const s = starts[index[a]];
      const len = starts[index[a] + 1] - s;
      if (len === 1) {
        const c = list[s];
        for (let i = 0; i < count; i++) offsets[i] += c;
      } else {
        // Expand in place, from the back, keeping row-major order.
        for (let i = count - 1; i >= 0; i--) {
          const base = offsets[i];
          for (let k = len - 1; k >= 0; k--) offsets[i * len + k] = base + list[s + k];
        }
        count *= len;
      }
    }
    visit(flat, offsets, count);
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a] < outShape[a]) break;
      index[a] = 0;
    }
  }
}

/**
 * The identity of a reduction in a dtype: 0 for add; for max the lowest value (−∞, or
 * −2³¹ for int32), for min the highest.
 * @example windowIdentity("max", "int32") // -2147483648
 */
export function windowIdentity(op: WindowOp, dtype: DType): number {
  if (op === "add") return 0;
  const int = dtype === "int32";
  if (op === "max") return int ? -2147483648 : -Infinity;
  return int ? 2147483647 : Infinity;
}

/**
 * The loop structure of a windowed reduction: `outer` leading and `inner` trailing passive
 * axes (window 1, stride 1, no padding or dilation: the batch and feature axes of pooling),
 * and for each output position of the axes between them the input offsets of its window
 * (`starts[p]..starts[p + 1]` index `offsets`, in elements, increasing), shared by every
 * outer index. Inner runs are contiguous, so the loops over them are plain strides.
 */
interface Plan {
  readonly outer: number;
  readonly inner: number;
  readonly inOuterStride: number;
  readonly positions: number;
  readonly starts: Int32Array;
  readonly offsets: Int32Array;
}

const isPassive = (g: WindowGeometry, a: number): boolean =>
  g.windowDimensions[a] === 1 && g.windowStrides[a] === 1 && g.padding[a][0] === 0 && g.padding[a][1] === 0 && g.baseDilation[a] === 1;

function plan(shape: Shape, outShape: Shape, g: WindowGeometry): Plan {
  const rank = shape.length;
  let lead = 0;
  while (lead < rank && isPassive(g, lead)) lead++;
  let trail = rank;
  while (trail > lead && isPassive(g, trail - 1)) trail--;
  const pick = <T>(xs: readonly T[]): T[] => xs.slice(lead, trail);
  const mid = pick(shape);
  const midOut = pick(outShape);
  const sub: WindowGeometry = {
    windowDimensions: pick(g.windowDimensions),
    windowStrides: pick(g.windowStrides),
    padding: pick(g.padding),
    baseDilation: pick(g.baseDilation),
    windowDilation: pick(g.windowDilation),
  };
  const inner = sizeOf(shape.slice(trail));
  const positions = sizeOf(midOut);
  const starts = new Int32Array(positions + 1);
  const offsets: number[] = [];
  forEachWindow(mid, midOut, sub, (p, window, count) => {
    starts[p] = offsets.length;
    for (let i = 0; i < count; i++) offsets.push(window[i] * inner);
  });
  starts[positions] = offsets.length;
  return { outer: sizeOf(shape.slice(0, lead)), inner, inOuterStride: sizeOf(mid) * inner, positions, starts, offsets: Int32Array.from(offsets) };
}

/**
 * Reduces every window of `x` (of `shape`) with `op` into an array of `outShape`. Sums
 * accumulate in doubles; max and min propagate NaN; an empty window gives the identity.
 * @example reduceWindowKernel("max", Float32Array.of(1, 3, 2, 5), [4], [2], g, "float32") // [3, 5] (window 2, stride 2)
 */
export function reduceWindowKernel(op: WindowOp, x: TypedArray, shape: Shape, outShape: Shape, g: WindowGeometry, dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(outShape));
  if (out.length === 0) return out;
  const p = plan(shape, outShape, g);
  if (op === "add") sumWindows(x, out, p);
  else if (inWasm(x, out)) chooseWindowsWasm(op === "max", x, p, out as Float32Array | Float64Array, new Int32Array(out.length));
  else extremeWindows(x, out, p, op === "max", windowIdentity(op, dtype));
  return out;
}

function sumWindows(x: TypedArray, out: TypedArray, { outer, inner, inOuterStride, positions, starts, offsets }: Plan): void {
  const acc = new Float64Array(inner);
  for (let ob = 0, o = 0; ob < outer; ob++) {
    const inBase = ob * inOuterStride;
    for (let p = 0; p < positions; p++, o += inner) {
      acc.fill(0);
      for (let i = starts[p], end = starts[p + 1]; i < end; i++) {
        const b = inBase + offsets[i];
        for (let c = 0; c < inner; c++) acc[c] += x[b + c];
      }
      for (let c = 0; c < inner; c++) out[o + c] = acc[c];
    }
  }
}

function extremeWindows(
  x: TypedArray,
  out: TypedArray,
  { outer, inner, inOuterStride, positions, starts, offsets }: Plan,
  max: boolean,
  identity: number,
): void {
  for (let ob = 0, o = 0; ob < outer; ob++) {
    const inBase = ob * inOuterStride;
    for (let p = 0; p < positions; p++, o += inner) {
      const first = starts[p];
      const end = starts[p + 1];
      for (let c = 0; c < inner; c++) {
        let best = identity;
        for (let i = first; i < end; i++) {
          const v = x[inBase + offsets[i] + c];
          best = max ? Math.max(best, v) : Math.min(best, v); // NaN propagates
        }
        out[o + c] = best;
      }
    }
  }
}

/**
 * Max (or min) of every window and, in the same pass, the flat index into `x` of the element
 * chosen (as {@link argReduceWindowKernel} with `batchDims` 0): the values are exactly
 * {@link reduceWindowKernel}'s, the indices exactly {@link argReduceWindowKernel}'s, for the
 * cost of one of them — the gradient of a pooling needs both.
 * @example chooseWindowsKernel("max", Float32Array.of(1, 3, 3, 5), [4], [2], g, "float32") // { values: [3, 5], indices: [1, 3] }
 */
export function chooseWindowsKernel(
  op: ChooserOp,
  x: TypedArray,
  shape: Shape,
  outShape: Shape,
  g: WindowGeometry,
  dtype: DType,
): { readonly values: TypedArray; readonly indices: Int32Array } {
  const values = allocate(dtype, sizeOf(outShape));
  const indices = new Int32Array(values.length);
  if (values.length === 0) return { values, indices };
  const p = plan(shape, outShape, g);
  if (inWasm(x, values)) {
    chooseWindowsWasm(op === "max", x, p, values as Float32Array | Float64Array, indices);
    return { values, indices };
  }
  const { outer, inner, inOuterStride, positions, starts, offsets } = p;
  const identity = windowIdentity(op, dtype);
  const max = op === "max";
  for (let ob = 0, o = 0; ob < outer; ob++) {
    const inBase = ob * inOuterStride;
    for (let p = 0; p < positions; p++, o += inner) {
      const first = starts[p];
      const end = starts[p + 1];
      for (let c = 0; c < inner; c++) {
        let best = identity;
        let chosen = -1;
        let held = 0;
        for (let i = first; i < end; i++) {
          const k = inBase + offsets[i] + c;
          const v = x[k];
          best = max ? Math.max(best, v) : Math.min(best, v); // NaN propagates
          if (chosen < 0 || (max ? v > held : v < held) || (v !== v && held === held)) {
            held = v;
            chosen = k;
          }
        }
        values[o + c] = best;
        indices[o + c] = chosen;
      }
    }
  }
  return { values, indices };
}

/**
 * Per window, the flat index into `x` of the element max (or min) chooses: on ties the
 * first in row-major order (the lowest flat index), a NaN wins (the first one), and −1 for
 * a window with no element. With `batchDims` leading axes, indices count within one
 * example (the flat index modulo the size of the trailing axes).
 * @example argReduceWindowKernel("max", Float32Array.of(1, 3, 3, 5), [4], [2], g, 0) // [1, 3]
 */
export function argReduceWindowKernel(op: ChooserOp, x: TypedArray, shape: Shape, outShape: Shape, g: WindowGeometry, batchDims: number): Int32Array {
  // The chosen elements do not depend on the values' dtype: float64 holds any input's values.
  const { indices } = chooseWindowsKernel(op, x, shape, outShape, g, "float64");
  const exampleSize = sizeOf(shape.slice(batchDims));
  for (let o = 0; o < indices.length; o++) {
    if (indices[o] >= exampleSize) indices[o] %= exampleSize;
  }
  return indices;
}
