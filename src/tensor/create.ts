import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../either";
import { allocate, checkDType, dtypeOfData, type DType, type TypedArray } from "./dtype";
import { sizeOf, showShape, type Shape } from "./shape";
import type { ShapeOf } from "./shape-types";
import { ConcreteTensor } from "./concrete";
import type { Tensor } from "./tensor";
import { parseNested, type NestedInput } from "./parse";

/** A computed shape type, made to satisfy `Shape`. */
type AsShape<X> = [X] extends [infer S extends Shape] ? S : number[];

/** A shape literal without `readonly`, so `zeros([2, 3])` is a `Tensor<[2, 3]>`. */
type Writable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

/** The default dtype of new tensors. */
export const defaultDType: DType = "float32";

/** The most elements a tensor may hold (a typed array's limit). */
const MAX_ELEMENTS = 2 ** 32 - 1;

/**
 * Throws unless `shape` is an array of non-negative integers whose product a typed array
 * can hold, naming the op (a bare number gets a hint: shapes are arrays).
 * @example checkShape("zeros", [2, -1]) // Error: zeros: shape [2,-1] must hold non-negative integers
 */
export function checkShape(op: string, shape: unknown): asserts shape is Shape {
  if (typeof shape === "number")
    throw new Error(`${op}: the shape must be an array of dimensions, got the number ${shape} (write ${op}([${shape}]), or ${op}([${shape}, n]) for a matrix)`);
  if (!Array.isArray(shape)) throw new Error(`${op}: the shape must be an array of dimensions, got ${shape === null ? "null" : typeof shape}`);
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) throw new Error(`${op}: shape ${showShape(shape as Shape)} must hold non-negative integers`);
  }
  const size = sizeOf(shape as Shape);
  if (size > MAX_ELEMENTS)
    throw new Error(`${op}: shape ${showShape(shape as Shape)} has ${size.toExponential(3)} elements, more than the ${MAX_ELEMENTS} a tensor can hold`);
}

/** A zero-filled array for `op`, with an error naming the op, dtype and size when memory runs out. */
function allocateFor(op: string, dtype: DType, shape: Shape): TypedArray {
  try {
    return allocate(dtype, sizeOf(shape));
  } catch (e) {
    throw new Error(`${op}: cannot allocate ${sizeOf(shape)} ${dtype} elements for shape ${showShape(shape)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A tensor from nested arrays or a typed array (with an optional shape), or an Error.
 * Ragged or non-numeric input is a `Left`; nothing is thrown.
 * @example
 * ```ts
 * import { tensorE } from "purediff";
 * const r = tensorE([[1, 2], [3]]); // Left(Error: tensor: ragged input at [1] ...)
 * r._tag; // => "Left"
 * ```
 */
export function tensorE<const T extends NestedInput>(values: T, dtype?: DType): Either<Error, Tensor<AsShape<ShapeOf<T>>>>;
export function tensorE(values: NestedInput | TypedArray, dtype: DType | undefined, shape: Shape): Either<Error, Tensor<number[]>>;
export function tensorE(values: TypedArray, dtype?: DType, shape?: Shape): Either<Error, Tensor<number[]>>;
export function tensorE(values: NestedInput | TypedArray, dtype?: DType, shape?: Shape): Either<Error, Tensor> {
  try {
    if (dtype !== undefined) checkDType("tensor", dtype);
    if (shape !== undefined) checkShape("tensor", shape);
  } catch (e) {
    return left(e as Error);
  }
  if (ArrayBuffer.isView(values)) {
    const target = dtype ?? dtypeOfData(values);
    const s = shape ?? [values.length];
    if (sizeOf(s) !== values.length) return left(new Error(`tensor: ${values.length} values do not fill shape ${showShape(s)}`));
    const data = allocate(target, values.length);
    data.set(values);
    return right(new ConcreteTensor(data, s, target));
  }
  const parsed = parseNested("tensor", values, dtype ?? defaultDType);
  if (isLeft(parsed)) return parsed;
  const { data } = parsed.right;
  if (shape !== undefined && sizeOf(shape) !== data.length) {
    return left(new Error(`tensor: ${data.length} values of shape ${showShape(parsed.right.shape)} do not fill shape ${showShape(shape)}`));
  }
  return right(new ConcreteTensor(data, shape ?? parsed.right.shape, dtype ?? defaultDType));
}

/**
 * A tensor from nested arrays (shape inferred, also at the type level) or from a typed
 * array (copied; `shape` defaults to its length). A `shape` given with nested arrays
 * reshapes their values (`tensor([1, 2, 3, 4], "float32", [2, 2])`). Throws on ragged or
 * non-numeric input, an unknown dtype, or a shape the values do not fill.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * // Tensor<[2, 3]>, float32
 * const x = tensor([[1, 2, 3], [4, 5, 6]]); // => [[1, 2, 3], [4, 5, 6]]
 * const y = tensor(new Float64Array([1, 2, 3, 4]), "float64", [2, 2]);
 * ```
 */
export function tensor<const T extends NestedInput>(values: T, dtype?: DType): Tensor<AsShape<ShapeOf<T>>>;
export function tensor(values: NestedInput | TypedArray, dtype: DType | undefined, shape: Shape): Tensor<number[]>;
export function tensor(values: TypedArray, dtype?: DType, shape?: Shape): Tensor<number[]>;
export function tensor(values: NestedInput | TypedArray, dtype?: DType, shape?: Shape): Tensor {
  const result = tensorE(values, dtype, shape as Shape);
  if (isLeft(result)) throw result.left;
  return result.right;
}

/**
 * A rank-0 tensor.
 * @example
 * ```ts
 * import { scalar } from "purediff";
 * scalar(2.5, "float64").item(); // => 2.5
 * ```
 */
export function scalar(value: number, dtype: DType = defaultDType): Tensor<[]> {
  if (typeof value !== "number") throw new Error(`scalar: value must be a number, got ${typeof value === "bigint" ? `the BigInt ${value}n` : typeof value}`);
  checkDType("scalar", dtype);
  const data = allocate(dtype, 1);
  data[0] = value;
  return new ConcreteTensor(data, [] as [], dtype);
}

/**
 * A tensor of `shape` with every element `value`.
 * @example
 * ```ts
 * import { full } from "purediff";
 * full([2, 2], 7).toArray(); // => [[7, 7], [7, 7]]
 * ```
 */
export function full<const S extends Shape>(shape: S, value: number, dtype: DType = defaultDType): Tensor<Writable<S>> {
  return filled("full", shape, value, dtype);
}

/** A tensor of `shape` filled with `value`, its inputs checked in the name of `op`. */
function filled<const S extends Shape>(op: string, shape: S, value: number, dtype: DType): Tensor<Writable<S>> {
  checkShape(op, shape);
  checkDType(op, dtype);
  if (typeof value !== "number") throw new Error(`${op}: the fill value must be a number, got ${typeof value}`);
  const data = allocateFor(op, dtype, shape);
  if (value !== 0) data.fill(value);
  return new ConcreteTensor(data, shape as Writable<S>, dtype);
}

/**
 * @example
 * ```ts
 * import { zeros } from "purediff";
 * zeros([3]).toArray(); // => [0, 0, 0]
 * ```
 */
export function zeros<const S extends Shape>(shape: S, dtype: DType = defaultDType): Tensor<Writable<S>> {
  return filled("zeros", shape, 0, dtype);
}

/**
 * @example
 * ```ts
 * import { ones } from "purediff";
 * ones([2]).toArray(); // => [1, 1]
 * ```
 */
export function ones<const S extends Shape>(shape: S, dtype: DType = defaultDType): Tensor<Writable<S>> {
  return filled("ones", shape, 1, dtype);
}

/**
 * Zeros with the shape and dtype of `x`.
 * @example
 * ```ts
 * import { tensor, zerosLike } from "purediff";
 * zerosLike(tensor([1, 2])).toArray(); // => [0, 0]
 * ```
 */
export function zerosLike<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return full(x.shape, 0, x.dtype) as Tensor<Shape> as Tensor<S>;
}

/**
 * Ones with the shape and dtype of `x`.
 * @example
 * ```ts
 * import { onesLike, tensor } from "purediff";
 * onesLike(tensor([1, 2])).toArray(); // => [1, 1]
 * ```
 */
export function onesLike<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return full(x.shape, 1, x.dtype) as Tensor<Shape> as Tensor<S>;
}

/**
 * The n×n identity matrix (or n×m with ones on the main diagonal).
 * @example
 * ```ts
 * import { eye } from "purediff";
 * eye(2).toArray(); // => [[1, 0], [0, 1]]
 * ```
 */
export function eye<N extends number, M extends number = N>(n: N, m?: M, dtype: DType = defaultDType): Tensor<[N, M]> {
  const cols = m ?? n;
  checkShape("eye", [n, cols]);
  checkDType("eye", dtype);
  const data = allocateFor("eye", dtype, [n, cols]);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return new ConcreteTensor(data, [n, cols as M], dtype);
}

/**
 * Evenly spaced values in [start, stop) with `step` (NumPy's arange). With one argument,
 * [0, stop). Defaults to float32; pass "int32" for indices.
 * @example
 * ```ts
 * import { arange } from "purediff";
 * arange(4).toArray(); // => [0, 1, 2, 3]
 * ```
 * @example
 * ```ts
 * import { arange } from "purediff";
 * arange(1, 2, 0.25).toArray(); // => [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(start: number, stop?: number, step = 1, dtype: DType = defaultDType): Tensor<[number]> {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`arange: start and stop must be finite numbers, got ${lo} and ${hi}`);
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite non-zero number, got ${step}`);
  checkDType("arange", dtype);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  checkShape("arange", [n]);
  const data = allocateFor("arange", dtype, [n]);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new ConcreteTensor(data, [n], dtype);
}

/**
 * `num` evenly spaced values from start to stop, both included.
 * @example
 * ```ts
 * import { linspace } from "purediff";
 * linspace(0, 1, 5).toArray(); // => [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace<N extends number>(start: number, stop: number, num: N, dtype: DType = defaultDType): Tensor<[N]> {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new Error(`linspace: start and stop must be finite numbers, got ${start} and ${stop}`);
  checkDType("linspace", dtype);
  checkShape("linspace", [num]);
  const data = allocateFor("linspace", dtype, [num]);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return new ConcreteTensor(data, [num], dtype);
}
