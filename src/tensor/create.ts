import { isLeft, left, right, type Either } from "fp-ts/Either";
import { allocate, dtypeOfData, type DType, type TypedArray } from "./dtype";
import { sizeOf, showShape, type Shape } from "./shape";
import type { ShapeOf } from "./shape-types";
import { ConcreteTensor } from "./concrete";
import { Tensor } from "./tensor";
import { parseNested, type NestedInput } from "./parse";

/** A computed shape type, made to satisfy `Shape`. */
type AsShape<X> = [X] extends [infer S extends Shape] ? S : number[];

/** A shape literal without `readonly`, so `zeros([2, 3])` is a `Tensor<[2, 3]>`. */
type Writable<S extends Shape> = { -readonly [K in keyof S]: S[K] };

/** The default dtype of new tensors. */
export const defaultDType: DType = "float32";

function checkShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${op}: shape ${showShape(shape)} must hold non-negative integers`);
  }
}

/**
 * A tensor from nested arrays or a typed array (with an optional shape), or an Error.
 * Ragged or non-numeric input is a `Left`; nothing is thrown.
 * @example
 * tensorE([[1, 2], [3]]) // Left(Error: tensor: ragged input at [1] ...)
 */
export function tensorE<const T extends NestedInput>(values: T, dtype?: DType): Either<Error, Tensor<AsShape<ShapeOf<T>>>>;
export function tensorE(values: TypedArray, dtype?: DType, shape?: Shape): Either<Error, Tensor<number[]>>;
export function tensorE(values: NestedInput | TypedArray, dtype?: DType, shape?: Shape): Either<Error, Tensor> {
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
  return right(new ConcreteTensor(parsed.right.data, parsed.right.shape, dtype ?? defaultDType));
}

/**
 * A tensor from nested arrays (shape inferred, also at the type level) or from a typed
 * array (copied; `shape` defaults to its length). Throws on ragged or non-numeric input.
 * @example
 * const x = tensor([[1, 2, 3], [4, 5, 6]]); // Tensor<[2, 3]>, float32
 * const y = tensor(new Float64Array([1, 2, 3, 4]), "float64", [2, 2]);
 */
export function tensor<const T extends NestedInput>(values: T, dtype?: DType): Tensor<AsShape<ShapeOf<T>>>;
export function tensor(values: TypedArray, dtype?: DType, shape?: Shape): Tensor<number[]>;
export function tensor(values: NestedInput | TypedArray, dtype?: DType, shape?: Shape): Tensor {
  const result = ArrayBuffer.isView(values) ? tensorE(values, dtype, shape) : tensorE(values, dtype);
  if (isLeft(result)) throw result.left;
  return result.right;
}

/**
 * A rank-0 tensor.
 * @example scalar(2.5, "float64").item() // 2.5
 */
export function scalar(value: number, dtype: DType = defaultDType): Tensor<[]> {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new ConcreteTensor(data, [] as [], dtype);
}

/**
 * A tensor of `shape` with every element `value`.
 * @example full([2, 2], 7) // [[7, 7], [7, 7]]
 */
export function full<const S extends Shape>(shape: S, value: number, dtype: DType = defaultDType): Tensor<Writable<S>> {
  checkShape("full", shape);
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new ConcreteTensor(data, shape as Writable<S>, dtype);
}

/** @example zeros([3]) // [0, 0, 0] */
export function zeros<const S extends Shape>(shape: S, dtype: DType = defaultDType): Tensor<Writable<S>> {
  return full(shape, 0, dtype);
}

/** @example ones([2]) // [1, 1] */
export function ones<const S extends Shape>(shape: S, dtype: DType = defaultDType): Tensor<Writable<S>> {
  return full(shape, 1, dtype);
}

/** Zeros with the shape and dtype of `x`. @example zerosLike(tensor([1, 2])) // [0, 0] */
export function zerosLike<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return full(x.shape, 0, x.dtype) as Tensor<Shape> as Tensor<S>;
}

/** Ones with the shape and dtype of `x`. @example onesLike(tensor([1, 2])) // [1, 1] */
export function onesLike<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return full(x.shape, 1, x.dtype) as Tensor<Shape> as Tensor<S>;
}

/**
 * The n×n identity matrix (or n×m with ones on the main diagonal).
 * @example eye(2) // [[1, 0], [0, 1]]
 */
export function eye<N extends number, M extends number = N>(n: N, m?: M, dtype: DType = defaultDType): Tensor<[N, M]> {
  const cols = m ?? n;
  checkShape("eye", [n, cols]);
  const data = allocate(dtype, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return new ConcreteTensor(data, [n, cols as M], dtype);
}

/**
 * Evenly spaced values in [start, stop) with `step` (NumPy's arange). With one argument,
 * [0, stop). Defaults to float32; pass "int32" for indices.
 * @example arange(4) // [0, 1, 2, 3]
 * @example arange(1, 2, 0.25) // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, stop?: number, step = 1, dtype: DType = defaultDType): Tensor<[number]> {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new ConcreteTensor(data, [n], dtype);
}

/**
 * `num` evenly spaced values from start to stop, both included.
 * @example linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace<N extends number>(start: number, stop: number, num: N, dtype: DType = defaultDType): Tensor<[N]> {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  const data = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return new ConcreteTensor(data, [num], dtype);
}
