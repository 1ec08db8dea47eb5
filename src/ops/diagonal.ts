/**
 * Diagonals and triangles of matrices: reading a diagonal (`diagonal`, `diag` of a
 * matrix), building a matrix from one (`diag` of a vector, `diagflat`), and keeping the
 * lower or upper triangle (`tril`, `triu`). All differentiable.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { tensor } from "../tensor/create";
import { ConcreteTensor } from "../tensor/concrete";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { ravel, transpose } from "./shape";

/** Flat positions, in an r×c matrix, of the `k`-th diagonal's entries. */
function diagonalPositions(rows: number, cols: number, k: number): number[] {
  const length = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
  return Array.from({ length }, (_, i) => (k >= 0 ? i * cols + i + k : (i - k) * cols + i));
}

function checkOffset(op: string, k: number): void {
  if (!Number.isInteger(k)) throw new Error(`${op}: the diagonal offset must be an integer, got ${k}`);
}

/**
 * The `offset`-th diagonal of the matrices in the plane of `axis1` (rows) and `axis2`
 * (columns): those two axes are removed and the diagonal becomes the last axis.
 * @example
 * ```ts
 * import { diagonal, tensor } from "purediff";
 * diagonal(tensor([[1, 2], [3, 4]])).toArray(); // => [1, 4]
 * ```
 * @example
 * ```ts
 * import { diagonal, tensor } from "purediff";
 * diagonal(tensor([[1, 2, 3], [4, 5, 6]]), 1).toArray(); // => [2, 6]
 * ```
 */
export function diagonal(x: Tensor, offset = 0, axis1 = 0, axis2 = 1): Tensor<number[]> {
  const n = x.shape.length;
  if (n < 2) throw new Error(`diagonal: x must have rank 2 or more, got shape ${showShape(x.shape)}`);
  checkOffset("diagonal", offset);
  const a = normalizeAxis("diagonal", axis1, n);
  const b = normalizeAxis("diagonal", axis2, n);
  if (a === b) throw new Error(`diagonal: axis1 and axis2 must differ, both are ${a} (shape ${showShape(x.shape)})`);
  const rest = x.shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  const moved = transpose(x, [...rest, a, b]);
  const [rows, cols] = [x.shape[a], x.shape[b]];
  const flat = bind("reshape", [moved], { shape: [...rest.map((i) => x.shape[i]), rows * cols] });
  return bind("gather", [flat, tensor(diagonalPositions(rows, cols, offset), "int32")], { axis: rest.length }) as Tensor<number[]>;
}

/**
 * For a vector, the square matrix with it on the `k`-th diagonal (zeros elsewhere); for a
 * matrix, its `k`-th diagonal.
 * @example
 * ```ts
 * import { diag, tensor } from "purediff";
 * diag(tensor([1, 2])).toArray(); // => [[1, 0], [0, 2]]
 * ```
 * @example
 * ```ts
 * import { diag, tensor } from "purediff";
 * diag(tensor([[1, 2], [3, 4]]), 1).toArray(); // => [2]
 * ```
 */
export function diag(v: Tensor, k = 0): Tensor<number[]> {
  checkOffset("diag", k);
  if (v.shape.length === 2) return diagonal(v, k);
  if (v.shape.length !== 1) throw new Error(`diag: v must be a vector or a matrix, got shape ${showShape(v.shape)}`);
  const size = v.shape[0] + Math.abs(k);
  const positions = diagonalPositions(size, size, k);
  const flat = bind("scatterAdd", [v, tensor(positions, "int32")], { axis: 0, shape: [size * size] });
  return bind("reshape", [flat], { shape: [size, size] }) as Tensor<number[]>;
}

/**
 * The square matrix with the entries of `v` (flattened) on its `k`-th diagonal.
 * @example
 * ```ts
 * import { diagflat, tensor } from "purediff";
 * diagflat(tensor([[1, 2]])).toArray(); // => [[1, 0], [0, 2]]
 * ```
 */
export function diagflat(v: Tensor, k = 0): Tensor<number[]> {
  checkOffset("diagflat", k);
  return diag(ravel(v as Tensor<Shape>) as Tensor, k);
}

/** `x` with the entries outside its lower (or upper) triangle, bounded by the `k`-th diagonal, set to zero. */
function keep<S extends Shape>(op: string, x: Tensor<S>, k: number, lower: boolean): Tensor<S> {
  const n = x.shape.length;
  if (n < 2) throw new Error(`${op}: x must have rank 2 or more, got shape ${showShape(x.shape)}`);
  checkOffset(op, k);
  const [rows, cols] = x.shape.slice(-2);
  const kept = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) kept[i * cols + j] = Number(lower ? j <= i + k : j >= i + k);
  const mask = new ConcreteTensor(kept, [rows, cols], "bool");
  return bind("select", [mask, x, tensor(0, x.dtype)], {}) as Tensor<S>;
}

/**
 * The lower triangle of the matrices in the last two axes: entries above the `k`-th
 * diagonal set to zero.
 * @example
 * ```ts
 * import { tensor, tril } from "purediff";
 * tril(tensor([[1, 2], [3, 4]])).toArray(); // => [[1, 0], [3, 4]]
 * ```
 */
export function tril<S extends Shape>(x: Tensor<S>, k = 0): Tensor<S> {
  return keep("tril", x, k, true);
}

/**
 * The upper triangle of the matrices in the last two axes: entries below the `k`-th
 * diagonal set to zero.
 * @example
 * ```ts
 * import { tensor, triu } from "purediff";
 * triu(tensor([[1, 2], [3, 4]])).toArray(); // => [[1, 2], [0, 4]]
 * ```
 */
export function triu<S extends Shape>(x: Tensor<S>, k = 0): Tensor<S> {
  return keep("triu", x, k, false);
}
