import { allocate, type DType, type TypedArray } from "../dtype";
import type { Shape } from "../shape";

/** Cumulative (scan) operations along one axis. */
export type CumulativeOp = "sum" | "prod" | "max" | "min";

/**
 * The running sum, product, maximum or minimum of `x` along `axis` (from the end when
 * `reverse`), into a fresh array of `dtype` and the same shape. Each output element is
 * the previous output (as stored, so float32 sums round and int32 sums wrap exactly as a
 * sequential loop in that dtype does) combined with the next input; int32 and uint32
 * products wrap mod 2³². `max`/`min` propagate NaN like NumPy's `maximum.accumulate`.
 * @example cumulativeKernel("sum", Float32Array.of(1, 2, 3, 4), [2, 2], 1, false, "float32") // Float32Array [1, 3, 3, 7]
 */
export function cumulativeKernel(op: CumulativeOp, x: TypedArray, shape: Shape, axis: number, reverse: boolean, dtype: DType): TypedArray {
  const out = allocate(dtype, x.length);
  const n = shape[axis];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const outer = n * inner === 0 ? 0 : x.length / (n * inner);
  // Lines along the axis: the first element of each, the step between elements, and the count.
  const step = reverse ? -inner : inner;
  const firstOffset = reverse ? (n - 1) * inner : 0;
  const wraps = dtype === "int32" || dtype === "uint32";
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const first = o * n * inner + i + firstOffset;
      scanLine(op, wraps, x, out, first, step, n);
    }
  }
  return out;
}

/** One line: out[first + k·step] for k < n, from x at the same places. */
function scanLine(op: CumulativeOp, wraps: boolean, x: TypedArray, out: TypedArray, first: number, step: number, n: number): void {
  if (n === 0) return;
  out[first] = x[first];
  const end = first + n * step;
  switch (op) {
    case "sum":
      for (let j = first + step; j !== end; j += step) out[j] = out[j - step] + x[j];
      break;
    case "prod":
      if (wraps) for (let j = first + step; j !== end; j += step) out[j] = Math.imul(out[j - step], x[j]);
      else for (let j = first + step; j !== end; j += step) out[j] = out[j - step] * x[j];
      break;
    case "max":
      for (let j = first + step; j !== end; j += step) {
        const previous = out[j - step];
        const v = x[j];
        out[j] = v > previous || v !== v ? v : previous;
      }
      break;
    case "min":
      for (let j = first + step; j !== end; j += step) {
        const previous = out[j - step];
        const v = x[j];
        out[j] = v < previous || v !== v ? v : previous;
      }
      break;
  }
}
