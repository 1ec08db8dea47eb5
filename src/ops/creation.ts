/**
 * New tensors NumPy's way: triangles of ones, identities, coordinate grids, tensors from
 * a function of the coordinates, logarithmic and geometric ranges, and fills shaped like
 * another tensor.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { allocate, type DType } from "../tensor/dtype";
import { ConcreteTensor } from "../tensor/concrete";
import { defaultDType, eye, full } from "../tensor/create";
import { showShape, sizeOf, stridesOf, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";

function checkDim(op: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${op}: ${name} must be a non-negative integer, got ${n}`);
}

/**
 * An n×m matrix with ones at and below the `k`-th diagonal (k > 0 above the main one,
 * k < 0 below) and zeros elsewhere.
 * @example
 * ```ts
 * import { tri } from "purediff";
 * tri(3, 3, 0).toArray(); // => [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 * ```
 */
export function tri<const N extends number, const M extends number = N>(n: N, m?: M, k = 0, dtype: DType = defaultDType): Tensor<[N, M]> {
  const cols = m ?? n;
  checkDim("tri", "n", n);
  checkDim("tri", "m", cols);
  if (!Number.isInteger(k)) throw new Error(`tri: k must be an integer, got ${k}`);
  const data = allocate(dtype, n * cols);
  for (let i = 0; i < n; i++) for (let j = 0; j < cols && j <= i + k; j++) data[i * cols + j] = 1;
  return new ConcreteTensor(data, [n, cols as M], dtype);
}

/**
 * The n×n identity matrix.
 * @example
 * ```ts
 * import { identity } from "purediff";
 * identity(2).toArray(); // => [[1, 0], [0, 1]]
 * ```
 */
export function identity<const N extends number>(n: N, dtype: DType = defaultDType): Tensor<[N, N]> {
  checkDim("identity", "n", n);
  return eye(n, n, dtype);
}

/** Options of {@link meshgrid}. */
export interface MeshgridOptions {
  /** "xy" (default, Cartesian: the first two outputs' axes swapped) or "ij" (matrix indexing). */
  readonly indexing?: "xy" | "ij";
}

/**
 * Coordinate grids from coordinate vectors: output i holds `xs[i]` broadcast along the
 * other axes. With "ij" indexing the grids have shape `[n0, n1, ...]`; with "xy" (the
 * default) `[n1, n0, ...]`. Differentiable in the vectors.
 * @example
 * ```ts
 * import { meshgrid, tensor } from "purediff";
 * meshgrid([tensor([1, 2, 3]), tensor([4, 5])]).map((g) => g.toArray()); // => [[[1, 2, 3], [1, 2, 3]], [[4, 4, 4], [5, 5, 5]]]
 * ```
 */
export function meshgrid(xs: readonly Tensor[], options: MeshgridOptions = {}): Tensor<number[]>[] {
  const indexing = options.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") throw new Error(`meshgrid: indexing must be "xy" or "ij", got ${String(indexing)}`);
  xs.forEach((x, i) => {
    if (x.shape.length !== 1) throw new Error(`meshgrid: input ${i} must be a vector, got shape ${showShape(x.shape)}`);
  });
  const swap = indexing === "xy" && xs.length >= 2;
  const axisOf = (i: number): number => (swap && i < 2 ? 1 - i : i);
  const shape = xs.map((_, a) => xs[axisOf(a)].shape[0]);
  return xs.map((x, i) => {
    const alone = shape.map((d, a) => (a === axisOf(i) ? d : 1));
    const spread = bind("reshape", [x], { shape: alone });
    return bind("broadcastTo", [spread], { shape }) as Tensor<number[]>;
  });
}

/**
 * The coordinates of a grid: `out[i]` holds the index along axis i at every position
 * of `dimensions` (shape `[rank, ...dimensions]`).
 * @example
 * ```ts
 * import { indices } from "purediff";
 * indices([2, 3]).toArray(); // => [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]]
 * ```
 */
export function indices(dimensions: Shape, dtype: DType = "int32"): Tensor<number[]> {
  dimensions.forEach((d, i) => checkDim("indices", `dimension ${i}`, d));
  const size = sizeOf(dimensions);
  const strides = stridesOf(dimensions);
  const data = allocate(dtype, dimensions.length * size);
  dimensions.forEach((d, axis) => {
    for (let flat = 0; flat < size; flat++) data[axis * size + flat] = Math.floor(flat / strides[axis]) % d;
  });
  return new ConcreteTensor(data, [dimensions.length, ...dimensions], dtype);
}

/**
 * The tensor `fn` builds from the coordinate grids of `shape` (NumPy's fromfunction):
 * `fn` receives one tensor per axis holding that axis' index at every position, in `dtype`.
 * @example
 * ```ts
 * import { add, fromFunction, mul } from "purediff";
 * fromFunction((i, j) => add(mul(i, 10), j), [2, 3]).toArray(); // => [[0, 1, 2], [10, 11, 12]]
 * ```
 */
export function fromFunction<R>(fn: (...coordinates: Tensor<number[]>[]) => R, shape: Shape, dtype: DType = defaultDType): R {
  const grid = indices(shape, dtype);
  const coordinates = shape.map((_, axis) => {
    const row = bind("slice", [grid], { start: [axis, ...shape.map(() => 0)], end: [axis + 1, ...shape], step: [1, ...shape.map(() => 1)] });
    return bind("reshape", [row], { shape: [...shape] }) as Tensor<number[]>;
  });
  return fn(...coordinates);
}

/** Options of {@link logspace} and {@link geomspace}. */
export interface SpaceOptions {
  /** Include `stop` (default true). */
  readonly endpoint?: boolean;
  /** The element type (default float32). */
  readonly dtype?: DType;
}

/** `num` points from `start` to `stop`, evenly spaced, in float64 arithmetic (NumPy's linspace). */
function evenly(op: string, start: number, stop: number, num: number, endpoint: boolean): number[] {
  checkDim(op, "num", num);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  return Array.from({ length: num }, (_, i) => (endpoint && num > 1 && i === num - 1 ? stop : start + i * step));
}

function fromValues<N extends number>(values: readonly number[], dtype: DType): Tensor<[N]> {
  const data = allocate(dtype, values.length);
  values.forEach((v, i) => (data[i] = v));
  return new ConcreteTensor(data, [values.length as N], dtype);
}

/**
 * `num` numbers evenly spaced on a log scale: `base ** linspace(start, stop, num)`.
 * @example
 * ```ts
 * import { logspace } from "purediff";
 * logspace(0, 2, 3).toArray(); // => [1, 10, 100]
 * ```
 */
export function logspace<const N extends number>(start: number, stop: number, num: N, options: SpaceOptions & { readonly base?: number } = {}): Tensor<[N]> {
  const base = options.base ?? 10;
  return fromValues<N>(
    evenly("logspace", start, stop, num, options.endpoint ?? true).map((e) => base ** e),
    options.dtype ?? defaultDType,
  );
}

/**
 * `num` numbers from `start` to `stop` in geometric progression (each a constant
 * multiple of the previous); both ends non-zero and of one sign.
 * @example
 * ```ts
 * import { geomspace } from "purediff";
 * geomspace(1, 1000, 4).toArray(); // => [1, 10, 100, 1000]
 * ```
 */
export function geomspace<const N extends number>(start: number, stop: number, num: N, options: SpaceOptions = {}): Tensor<[N]> {
  if (start === 0 || stop === 0) throw new Error(`geomspace: start and stop must be non-zero, got ${start} and ${stop}`);
  if (Math.sign(start) !== Math.sign(stop)) throw new Error(`geomspace: start (${start}) and stop (${stop}) must have the same sign`);
  const sign = Math.sign(start);
  const endpoint = options.endpoint ?? true;
  const values = evenly("geomspace", Math.log10(Math.abs(start)), Math.log10(Math.abs(stop)), num, endpoint).map((e) => sign * 10 ** e);
  // The ends exactly as given, as NumPy sets them.
  if (num > 0) values[0] = start;
  if (num > 1 && endpoint) values[num - 1] = stop;
  return fromValues<N>(values, options.dtype ?? defaultDType);
}

/**
 * A tensor of `x`'s shape (and dtype, unless given) with every entry `value`.
 * @example
 * ```ts
 * import { fullLike, tensor } from "purediff";
 * fullLike(tensor([1, 2]), 7).toArray(); // => [7, 7]
 * ```
 */
export function fullLike<S extends Shape>(x: Tensor<S>, value: number, dtype?: DType): Tensor<S> {
  return full(x.shape, value, dtype ?? x.dtype) as Tensor<Shape> as Tensor<S>;
}
