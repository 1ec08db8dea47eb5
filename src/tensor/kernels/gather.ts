import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, type Shape } from "../shape";

/** Splits `shape` around `axis` into [product before, size of axis, product after]. */
function around(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

/**
 * `numpy.take(x, indices, axis)`: picks the slices `indices` (validated, non-negative) along
 * `axis`. Output shape is `shape[:axis] + indicesShape + shape[axis+1:]`, of `dtype`.
 * @example gatherKernel(Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2], Int32Array.of(2, 0), [2], 0, "float32") // Float32Array [5, 6, 1, 2]
 */
export function gatherKernel(x: TypedArray, shape: Shape, indices: Int32Array, indicesShape: Shape, axis: number, dtype: DType): TypedArray {
  const [outer, n, inner] = around(shape, axis);
  const k = sizeOf(indicesShape);
  const out = allocate(dtype, outer * k * inner);
  if (out.length === 0) return out;
  if (inner === 1) {
    for (let o = 0, d = 0; o < outer; o++) {
      const base = o * n;
      for (let j = 0; j < k; j++, d++) out[d] = x[base + indices[j]];
    }
    return out;
  }
  for (let o = 0, d = 0; o < outer; o++) {
    const base = o * n;
    for (let j = 0; j < k; j++) {
      let s = (base + indices[j]) * inner;
      for (const end = d + inner; d < end; d++, s++) out[d] = x[s];
    }
  }
  return out;
}

/**
 * The transpose of {@link gatherKernel}: zeros of `outShape` (and `dtype`) with `updates`
 * (shape `outShape[:axis] + indicesShape + outShape[axis+1:]`) added at the gathered
 * positions; repeated indices accumulate.
 * @example scatterAddKernel(Float32Array.of(1, 2, 3), Int32Array.of(0, 2, 0), [3], [3], 0, "float32") // Float32Array [4, 0, 2]
 */
export function scatterAddKernel(updates: TypedArray, indices: Int32Array, indicesShape: Shape, outShape: Shape, axis: number, dtype: DType): TypedArray {
  const [outer, n, inner] = around(outShape, axis);
  const k = sizeOf(indicesShape);
  const out = allocate(dtype, outer * n * inner);
  if (out.length === 0 || k === 0) return out;
  if (inner === 1) {
    for (let o = 0, s = 0; o < outer; o++) {
      const base = o * n;
      for (let j = 0; j < k; j++, s++) out[base + indices[j]] += updates[s];
    }
    return out;
  }
  for (let o = 0, s = 0; o < outer; o++) {
    const base = o * n;
    for (let j = 0; j < k; j++) {
      let d = (base + indices[j]) * inner;
      for (const end = s + inner; s < end; s++, d++) out[d] += updates[s];
    }
  }
  return out;
}

/** How {@link scatterKernel} combines an update with the value already there. */
export type ScatterMode = "set" | "mul" | "min" | "max";

const combiners: Readonly<Record<ScatterMode, (old: number, update: number) => number>> = {
  set: (_old, update) => update,
  mul: (old, update) => old * update,
  min: (old, update) => (old <= update || Number.isNaN(old) ? old : update),
  max: (old, update) => (old >= update || Number.isNaN(old) ? old : update),
};

/**
 * A copy of `operand` (shape `shape`) with `updates` (shape
 * `shape[:axis] + indicesShape + shape[axis+1:]`) combined in at the gathered positions,
 * in order: for "set" the last update to a position wins; "mul", "min" and "max" fold
 * every update to a position (NaN propagates for min and max).
 * @example scatterKernel(Float32Array.of(1, 1, 1), Int32Array.of(0, 2, 0), [3], Float32Array.of(2, 3, 4), [3], 0, "mul", "float32") // Float32Array [8, 1, 3]
 */
export function scatterKernel(
  operand: TypedArray,
  indices: Int32Array,
  indicesShape: Shape,
  updates: TypedArray,
  shape: Shape,
  axis: number,
  mode: ScatterMode,
  dtype: DType,
): TypedArray {
  const [outer, n, inner] = around(shape, axis);
  const k = sizeOf(indicesShape);
  const out = allocate(dtype, operand.length);
  out.set(operand);
  const combine = combiners[mode];
  for (let o = 0, s = 0; o < outer; o++) {
    const base = o * n;
    for (let j = 0; j < k; j++) {
      let d = (base + indices[j]) * inner;
      for (const end = s + inner; s < end; s++, d++) out[d] = combine(out[d], updates[s]);
    }
  }
  return out;
}
