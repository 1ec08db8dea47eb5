import { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { tensor, arange } from "../tensor/create";
import type { DType } from "../tensor/dtype";
import type { OneHot, Take } from "../tensor/shape-types";
import { ConcreteTensor } from "../tensor/concrete";
import { bind } from "../core/bind";
import { convertTo, describeValue } from "./operands";
import { expandDims } from "./shape";

/**
 * A strided window along every axis, with Python slice semantics: `start` and `end`
 * may be negative (counted from the end) or null (the whole axis), and are clamped;
 * `step` is positive. Missing trailing axes are taken whole.
 * @example
 * ```ts
 * import { arange, slice } from "purediff";
 * slice(arange(10), [2], [8], [3]).toArray(); // => [2, 5]
 * ```
 */
export function slice<S extends Shape>(
  x: Tensor<S>,
  start: readonly (number | null)[],
  end?: readonly (number | null)[],
  step?: readonly number[],
): Tensor<number[]> {
  const n = x.shape.length;
  if (start.length > n || (end?.length ?? 0) > n || (step?.length ?? 0) > n) {
    throw new Error(`slice: more indices than the ${n} axes of shape ${showShape(x.shape)}`);
  }
  const s: number[] = [];
  const e: number[] = [];
  const st: number[] = [];
  for (let i = 0; i < n; i++) {
    const dim = x.shape[i];
    const k = step?.[i] ?? 1;
    if (!Number.isInteger(k) || k < 1) throw new Error(`slice: step ${k} on axis ${i} must be a positive integer`);
    const clampIndex = (v: number | null | undefined, fallback: number): number => {
      if (v === null || v === undefined) return fallback;
      if (!Number.isInteger(v)) throw new Error(`slice: index ${v} on axis ${i} must be an integer`);
      const w = v < 0 ? v + dim : v;
      return Math.min(Math.max(w, 0), dim);
    };
    const a = clampIndex(start[i], 0);
    const b = Math.max(a, clampIndex(end?.[i], dim));
    s.push(a);
    e.push(b);
    st.push(k);
  }
  if (s.every((v) => v === 0) && e.every((v, i) => v === x.shape[i]) && st.every((v) => v === 1)) return x as unknown as Tensor<number[]>;
  return bind("slice", [x], { start: s, end: e, step: st }) as Tensor<number[]>;
}

/**
 * Gathers entries along `axis` (NumPy's take): the result's shape is x's with that axis
 * replaced by the indices' shape. Without an axis, x is flattened first. Indices are
 * int32 (or a plain array) within [−n, n); negative ones count from the end.
 * @example
 * ```ts
 * import { take, tensor } from "purediff";
 * take(tensor([[1, 2], [3, 4]]), tensor([1, 1, 0], "int32"), 0).toArray(); // => [[3, 4], [3, 4], [1, 2]]
 * ```
 */
export function take<S extends Shape, I extends Shape, const A extends number | undefined = undefined>(
  x: Tensor<S>,
  indices: Tensor<I> | readonly number[],
  axis?: A,
): Tensor<Take<S, I, A extends number ? A : 0>> {
  const idx0 = indices instanceof Tensor ? indices : integerIndices("take", indices);
  if (idx0.dtype !== "int32") throw new Error(`take: indices must be int32, got ${idx0.dtype}`);
  const source = axis === undefined ? bind("reshape", [x], { shape: [x.size] }) : x;
  const ax = normalizeAxis("take", axis ?? 0, source.shape.length);
  const dim = source.shape[ax];
  if (idx0 instanceof ConcreteTensor) {
    const values = idx0.data();
    const bad = values.findIndex((v) => v < -dim || v >= dim);
    if (bad >= 0)
      throw new Error(
        `take: index ${values[bad]} (at flat position ${bad} of the indices) is out of range [${-dim}, ${dim}) for axis ${ax} of size ${dim} of x ${showShape(x.shape)}`,
      );
  }
  // Negative indices count from the end: idx + dim where idx < 0.
  const negative = bind("compare", [idx0, tensor(0, "int32")], { op: "lt" });
  const idx = bind("select", [negative, bind("add", [idx0, tensor(dim, "int32")], {}), idx0], {});
  return bind("gather", [source, idx], { axis: ax }) as Tensor<Take<S, I, A extends number ? A : 0>>;
}

/**
 * One-hot encoding: a new last axis of length `n` with 1 at each index and 0 elsewhere
 * (indices outside [0, n) give a row of zeros). Indices must be integers (float tensors
 * holding integers are accepted; a fractional index is an error, not truncated).
 * @example
 * ```ts
 * import { oneHot, tensor } from "purediff";
 * oneHot(tensor([0, 2], "int32"), 3).toArray(); // => [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot<I extends Shape, const N extends number>(indices: Tensor<I> | readonly number[], n: N, dtype: DType = "float32"): Tensor<OneHot<I, N>> {
  if (indices instanceof ConcreteTensor && indices.dtype !== "int32") integerIndices("oneHot", Array.from(indices.data(), Number));
  const idx = indices instanceof Tensor ? convertTo(indices, "int32") : integerIndices("oneHot", indices);
  if (!Number.isInteger(n) || n < 0) throw new Error(`oneHot: n must be a non-negative integer, got ${n}`);
  const hits = bind("compare", [expandDims(idx, -1), arange(0, n, 1, "int32")], { op: "eq" });
  return convertTo(hits, dtype) as Tensor<OneHot<I, N>>;
}

/** Plain-array indices as an int32 tensor, refusing values that are not integers (instead of truncating them). */
function integerIndices(op: string, indices: unknown): Tensor {
  if (!Array.isArray(indices)) throw new Error(`${op}: indices must be an int32 tensor or an array of integers, got ${describeValue(indices)}`);
  const flat = (indices as unknown[]).flat(Infinity);
  const bad = flat.findIndex((v) => typeof v !== "number" || !Number.isInteger(v));
  if (bad >= 0)
    throw new Error(`${op}: indices must be integers, got ${typeof flat[bad] === "number" ? flat[bad] : describeValue(flat[bad])} at flat position ${bad}`);
  return tensor(indices as number[], "int32");
}
