import { allocate, dtypeOfData, type DType, type TypedArray } from "../dtype";
import type { Shape } from "../shape";
import { transposeKernel } from "./transpose";
import { ELEMENTWISE_SIMD_MIN_ELEMENTS, simdExtreme } from "./elementwise-simd";
import { wasmAvailable } from "./wasm/matmul-wasm";
import { reduceRowsWasm } from "./wasm/reduce-rows-wasm";

/** Reductions over axes. */
export type ReduceOp = "sum" | "max" | "min" | "prod";

/**
 * Reduces `x` over `axes` (normalised, sorted, unique) into a fresh array of `dtype` whose
 * shape is `shape` with those axes removed. Accumulates in doubles; `max`/`min` propagate
 * NaN like NumPy (over long contiguous runs of floats on WebAssembly SIMD, the same bits). An empty reduction yields the identity (0, 1, -Infinity, +Infinity).
 * Reducing over no axes returns a copy.
 * @example reduceKernel("sum", Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1], "float32") // Float32Array [6, 15]
 */
export function reduceKernel(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], dtype: DType): TypedArray {
  // Group the axes into runs of kept / reduced ones, ignoring size-1 axes.
  const groups: { reduced: boolean; size: number }[] = [];
  let outSize = 1;
  let reducedSize = 1;
  for (let d = 0; d < shape.length; d++) {
    const reduced = axes.includes(d);
    if (reduced) reducedSize *= shape[d];
    else outSize *= shape[d];
    if (shape[d] === 1) continue;
    const last = groups[groups.length - 1];
    if (last !== undefined && last.reduced === reduced) last.size *= shape[d];
    else groups.push({ reduced, size: shape[d] });
  }
  const out = allocate(dtype, outSize);
  if (outSize === 0) return out;
  if (reducedSize === 0) {
    out.fill(identity(op));
    return out;
  }
  const nReduced = groups.filter((g) => g.reduced).length;
  if (nReduced === 0) {
    for (let i = 0; i < outSize; i++) out[i] = x[i];
    return out;
  }
  if (nReduced === 1) {
    // [outer kept] [reduced] [inner kept]
    const r = groups.findIndex((g) => g.reduced);
    let outer = 1;
    let inner = 1;
    for (let g = 0; g < groups.length; g++) {
      if (g < r) outer *= groups[g].size;
      else if (g > r) inner *= groups[g].size;
    }
    if (inner === 1) reduceContiguous(op, x, out, outer, groups[r].size);
    else reduceRows(op, x, out, outer, groups[r].size, inner);
    return out;
  }
  // Several separated runs of reduced axes: move the reduced axes last, then reduce rows.
  const perm: number[] = [];
  for (let d = 0; d < shape.length; d++) if (!axes.includes(d)) perm.push(d);
  for (const d of axes) perm.push(d);
  const moved = transposeKernel(x, shape, perm, dtypeOfData(x));
  reduceContiguous(op, moved, out, outSize, reducedSize);
  return out;
}

function identity(op: ReduceOp): number {
  switch (op) {
    case "sum":
      return 0;
    case "prod":
      return 1;
    case "max":
      return -Infinity;
    case "min":
      return Infinity;
  }
}

/** out[o] = reduce(x[o*n .. o*n + n)), n >= 1. */
function reduceContiguous(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, n: number): void {
  switch (op) {
    case "sum": {
      // Four rows at a time: each row's sum is still one chain in element order (the same
      // bits), but the four chains overlap instead of waiting on one add after another.
      let o = 0;
      for (; o + 4 <= outer; o += 4) {
        const base = o * n;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let j = base, end = base + n; j < end; j++) {
          a0 += x[j];
          a1 += x[j + n];
          a2 += x[j + 2 * n];
          a3 += x[j + 3 * n];
        }
        out[o] = a0;
        out[o + 1] = a1;
        out[o + 2] = a2;
        out[o + 3] = a3;
      }
      for (let base = o * n; o < outer; o++, base += n) {
        let acc = 0;
        for (let j = base, end = base + n; j < end; j++) acc += x[j];
        out[o] = acc;
      }
      break;
    }
    case "prod":
      for (let o = 0, base = 0; o < outer; o++, base += n) {
        let acc = 1;
        for (let j = base, end = base + n; j < end; j++) acc *= x[j];
        out[o] = acc;
      }
      break;
    case "max":
      for (let o = 0, base = 0; o < outer; o++, base += n) {
        let acc = simdExtreme("max", x, base, n);
        if (acc === undefined) {
          acc = x[base];
          for (let j = base + 1, end = base + n; j < end; j++) {
            const v = x[j];
            if (v > acc || v !== v) acc = v;
          }
        }
        out[o] = acc;
      }
      break;
    case "min":
      for (let o = 0, base = 0; o < outer; o++, base += n) {
        let acc = simdExtreme("min", x, base, n);
        if (acc === undefined) {
          acc = x[base];
          for (let j = base + 1, end = base + n; j < end; j++) {
            const v = x[j];
            if (v < acc || v !== v) acc = v;
          }
        }
        out[o] = acc;
      }
      break;
  }
}

/**
 * x viewed as [outer, n, inner]; out[o, i] = reduce over r of x[o, r, i]. Accumulates whole
 * rows of `inner` elements at a time into a double buffer, reading x contiguously.
 */
function reduceRows(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, n: number, inner: number): void {
  if (
    (op === "sum" || op === "prod") &&
    (x instanceof Float32Array || x instanceof Float64Array) &&
    out.constructor === x.constructor &&
    inner >= 4 &&
    n > 1 &&
    n * inner >= ELEMENTWISE_SIMD_MIN_ELEMENTS &&
    wasmAvailable()
  ) {
    reduceRowsWasm(op, x, out, outer, n, inner);
    return;
  }
  const acc = new Float64Array(inner);
  const block = n * inner;
  for (let o = 0; o < outer; o++) {
    const base = o * block;
    for (let i = 0; i < inner; i++) acc[i] = x[base + i];
    switch (op) {
      case "sum":
        for (let r = 1; r < n; r++) {
          const row = base + r * inner;
          for (let i = 0; i < inner; i++) acc[i] += x[row + i];
        }
        break;
      case "prod":
        for (let r = 1; r < n; r++) {
          const row = base + r * inner;
          for (let i = 0; i < inner; i++) acc[i] *= x[row + i];
        }
        break;
      case "max":
        for (let r = 1; r < n; r++) {
          const row = base + r * inner;
          for (let i = 0; i < inner; i++) {
            const v = x[row + i];
            if (v > acc[i] || v !== v) acc[i] = v;
          }
        }
        break;
      case "min":
        for (let r = 1; r < n; r++) {
          const row = base + r * inner;
          for (let i = 0; i < inner; i++) {
            const v = x[row + i];
            if (v < acc[i] || v !== v) acc[i] = v;
          }
        }
        break;
    }
    const ob = o * inner;
    for (let i = 0; i < inner; i++) out[ob + i] = acc[i];
  }
}

/**
 * Index of the largest (`argmax`) or smallest (`argmin`) element along `axis`, as int32 of
 * `shape` with that axis removed. The first index wins ties; the first NaN wins outright,
 * like NumPy. The axis must not be empty (the caller checks).
 * @example argReduceKernel("argmax", Float32Array.of(1, 9, 3, 7, 2, 8), [2, 3], 1) // Int32Array [1, 0]
 */
export function argReduceKernel(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): Int32Array {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const n = shape[axis];
  const out = allocate("int32", outer * inner);
  if (out.length === 0 || n === 0) return out;
  const max = op === "argmax";
  if (inner === 1) {
    for (let o = 0, base = 0; o < outer; o++, base += n) {
      let best = x[base];
      let arg = 0;
      if (best === best) {
        if (max) {
          for (let j = 1; j < n; j++) {
            const v = x[base + j];
            if (v > best) {
              best = v;
              arg = j;
            } else if (v !== v) {
              arg = j;
              break;
            }
          }
        } else {
          for (let j = 1; j < n; j++) {
            const v = x[base + j];
            if (v < best) {
              best = v;
              arg = j;
            } else if (v !== v) {
              arg = j;
              break;
            }
          }
        }
      }
      out[o] = arg;
    }
    return out;
  }
  // Strided axis: sweep rows, keeping the best value and index per output column.
  const best = new Float64Array(inner);
  const block = n * inner;
  for (let o = 0; o < outer; o++) {
    const base = o * block;
    const ob = o * inner;
    for (let i = 0; i < inner; i++) best[i] = x[base + i];
    if (max) {
      for (let r = 1; r < n; r++) {
        const row = base + r * inner;
        for (let i = 0; i < inner; i++) {
          const v = x[row + i];
          const b = best[i];
          if (v > b || (v !== v && b === b)) {
            best[i] = v;
            out[ob + i] = r;
          }
        }
      }
    } else {
      for (let r = 1; r < n; r++) {
        const row = base + r * inner;
        for (let i = 0; i < inner; i++) {
          const v = x[row + i];
          const b = best[i];
          if (v < b || (v !== v && b === b)) {
            best[i] = v;
            out[ob + i] = r;
          }
        }
      }
    }
  }
  return out;
}
