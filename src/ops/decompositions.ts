import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor } from "../tensor/concrete";
import { allocate } from "../tensor/dtype";
import { showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { asFloat } from "./operands";
import { add, mul } from "./arithmetic";
import { equal } from "./compare";
import { astype } from "./gradient-control";
import { concat } from "./join";

// ---------------------------------------------------------------------------------------
// Shapes at the type level.

/** The per-matrix vector of a batch of square matrices: [..., n, n] → [..., n]. */
export type MatrixDiagonal<S extends Shape> = S extends readonly [...infer B extends number[], number, infer N extends number] ? [...B, N] : number[];

/** A batch of m×n matrices [..., m, n] as [..., rows, cols]. */
export type MatrixOfShape<S extends Shape, Rows extends number, Cols extends number> = S extends readonly [...infer B extends number[], number, number]
  ? [...B, Rows, Cols]
  : number[];

/** The batch axes of a batch of matrices with one vector per matrix: [..., m, n] → [..., number]. */
export type BatchVector<S extends Shape> = S extends readonly [...infer B extends number[], number, number] ? [...B, number] : number[];

/** One index per row of each matrix: [..., m, n] → [..., m]. */
export type PermutationShape<S extends Shape> = S extends readonly [...infer B extends number[], infer M extends number, number] ? [...B, M] : number[];

/** The number of rows of a batch of matrices. */
export type RowsOf<S extends Shape> = S extends readonly [...number[], infer M extends number, number] ? M : number;
/** The number of columns of a batch of matrices. */
export type ColumnsOf<S extends Shape> = S extends readonly [...number[], infer N extends number] ? N : number;

// ---------------------------------------------------------------------------------------
// Helpers.

/** `x` as float, checked to be a (batch of) matrices, square when asked; returns its m, n. Internal. */
export function matrixOperand(op: string, a: Tensor, square: boolean): { x: Tensor; m: number; n: number } {
  const x = asFloat(a);
  const r = x.shape.length;
  if (r < 2) throw new Error(`${op}: a must be a matrix or a batch of them (shape [..., m, n]), got ${showShape(a.shape)}`);
  const [m, n] = x.shape.slice(-2);
  if (square && m !== n) throw new Error(`${op}: a must be a square matrix or a batch of them (shape [..., n, n]), got ${showShape(a.shape)}`);
  return { x, m, n };
}

/** Rows [start, end) (axis −2) or columns (axis −1) of a batch of matrices. */
function part(x: Tensor, axis: -2 | -1, start: number, end: number): Tensor {
  const at = x.shape.length + axis;
  return bind("slice", [x], {
    start: x.shape.map((_, i) => (i === at ? start : 0)),
    end: x.shape.map((d, i) => (i === at ? end : d)),
    step: x.shape.map(() => 1),
  });
}

/** Swaps the last two axes. Internal. */
export function matrixTranspose(x: Tensor): Tensor {
  const r = x.shape.length;
  return bind("transpose", [x], { perm: x.shape.map((_, i) => (i < r - 2 ? i : i === r - 2 ? r - 1 : r - 2)) });
}

/** A row [..., 1, n] as a vector [..., n]. */
const rowToVector = (row: Tensor): Tensor => bind("reshape", [row], { shape: [...row.shape.slice(0, -2), row.shape[row.shape.length - 1]] });

/** A constant rows×cols mask with 1 where `keep(i, j)`. */
function mask(rows: number, cols: number, dtype: "float32" | "float64", keep: (i: number, j: number) => boolean): Tensor {
  const data = allocate(dtype, rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = keep(i, j) ? 1 : 0;
  return new ConcreteTensor(data, [rows, cols], dtype);
}

const floatKind = (x: Tensor): "float32" | "float64" => (x.dtype === "float64" ? "float64" : "float32");

// ---------------------------------------------------------------------------------------
// Symmetric eigen-decomposition.

/** Options of {@link eigh} and {@link eigvalsh}. */
export interface EighOptions {
  /** Which triangle of `a` to read, as NumPy: "L" (lower, the default) or "U" (upper); the other is ignored. */
  readonly UPLO?: "L" | "U";
}

/** The result of {@link eigh}: `a = eigenvectors · diag(eigenvalues) · eigenvectorsᵀ`. */
export interface EighResult<S extends Shape> {
  /** The eigenvalues in ascending order, [..., n]. */
  readonly eigenvalues: Tensor<MatrixDiagonal<S>>;
  /** The orthonormal eigenvectors as columns, [..., n, n]: column j belongs to eigenvalue j. */
  readonly eigenvectors: Tensor<S>;
}

/** The symmetric matrix a reads: its UPLO triangle mirrored into the other. */
function symmetricFromTriangle(x: Tensor, n: number, uplo: "L" | "U"): Tensor {
  const dtype = floatKind(x);
  const lower = uplo === "L";
  const kept = mul(
    x,
    mask(n, n, dtype, (i, j) => (lower ? i >= j : i <= j)),
  );
  const strict = mul(
    x,
    mask(n, n, dtype, (i, j) => (lower ? i > j : i < j)),
  );
  return add(kept, matrixTranspose(strict));
}

function eighPacked(op: string, a: Tensor, options: EighOptions): { packed: Tensor; n: number } {
  const { x, n } = matrixOperand(op, a, true);
  const uplo = options.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") throw new Error(`${op}: UPLO must be "L" or "U", got ${JSON.stringify(uplo)}`);
  return { packed: bind("eigh", [symmetricFromTriangle(x, n, uplo)], {}), n };
}

/**
 * The eigen-decomposition of a real symmetric matrix (or of each in a batch), as
 * `numpy.linalg.eigh`: eigenvalues in ascending order and orthonormal eigenvectors as
 * columns, with a = V·diag(w)·Vᵀ. Only the triangle named by `UPLO` is read (lower by
 * default), so derivatives flow to that triangle. Computed by the cyclic Jacobi method in
 * doubles. Each eigenvector's sign is arbitrary. Gradients (Giles; Seeger et al.) are
 * exact for the eigenvalues; those of the eigenvectors contain 1/(λⱼ − λᵢ) and are
 * unbounded as eigenvalues approach each other: with repeated eigenvalues the
 * eigenvectors are not unique and have no derivative (the rule then takes the term as 0,
 * which is right for functions of the eigenvalues or of whole eigenspaces).
 * @example
 * ```ts
 * import { eigh, tensor } from "purediff";
 * const { eigenvalues, eigenvectors } = eigh(tensor([[2, 1], [1, 2]]));
 * // eigenvalues [1, 3]; eigenvectors [[0.707, 0.707], [-0.707, 0.707]] (each column up to sign)
 * ```
 */
export function eigh<S extends Shape>(a: Tensor<S>, options: EighOptions = {}): EighResult<S> {
  const { packed, n } = eighPacked("eigh", a, options);
  return {
    eigenvalues: rowToVector(part(packed, -2, 0, 1)) as Tensor<MatrixDiagonal<S>>,
    eigenvectors: part(packed, -2, 1, n + 1) as Tensor<S>,
  };
}

/**
 * The eigenvalues of a real symmetric matrix (or of each in a batch) in ascending order,
 * as `numpy.linalg.eigvalsh` (see {@link eigh}; `UPLO` names the triangle read). Their
 * gradient V·diag(w̄)·Vᵀ is well defined even for repeated eigenvalues.
 * @example
 * ```ts
 * import { eigvalsh, tensor } from "purediff";
 * eigvalsh(tensor([[2, 1], [1, 2]])).toArray(); // => [1, 3]
 * ```
 */
export function eigvalsh<S extends Shape>(a: Tensor<S>, options: EighOptions = {}): Tensor<MatrixDiagonal<S>> {
  const { packed } = eighPacked("eigvalsh", a, options);
  return rowToVector(part(packed, -2, 0, 1)) as Tensor<MatrixDiagonal<S>>;
}

// ---------------------------------------------------------------------------------------
// Singular value decomposition.

/** Options of {@link svd}. */
export interface SvdOptions<Full extends boolean = boolean, Uv extends boolean = boolean> {
  /** Square U (m×m) and Vh (n×n) when true (the default, as NumPy); otherwise the thin m×k and k×n, k = min(m, n). */
  readonly fullMatrices?: Full;
  /** Return U, S and Vh (true, the default) or only the singular values S. */
  readonly computeUv?: Uv;
}

/** The result of {@link svd}: `a = U · diag(S) · Vh`. */
export interface SvdResult<S extends Shape, Full extends boolean> {
  /** Left singular vectors as columns: [..., m, m] (full) or [..., m, k]. */
  readonly U: Tensor<MatrixOfShape<S, RowsOf<S>, Full extends true ? RowsOf<S> : number>>;
  /** Singular values in descending order, [..., k]. */
  readonly S: Tensor<BatchVector<S>>;
  /** Right singular vectors as rows: [..., n, n] (full) or [..., k, n]. */
  readonly Vh: Tensor<MatrixOfShape<S, Full extends true ? ColumnsOf<S> : number, ColumnsOf<S>>>;
}

/**
 * Extends the orthonormal columns of q ([..., r, k]) to an orthonormal basis [..., r, r]:
 * the extra columns span the orthogonal complement, from a complete QR of q (their
 * derivative turns no rotation within the complement; see the `qr` primitive).
 */
function completeBasis(q: Tensor): Tensor {
  const [r, k] = q.shape.slice(-2);
  if (r === k) return q;
  const packed = bind("qr", [q], { complete: true });
  const extra = matrixTranspose(part(part(packed, -1, 0, r), -2, k, r));
  return concat([q, extra], q.shape.length - 1);
}

/**
 * The singular value decomposition of a matrix (or of each in a batch), as
 * `numpy.linalg.svd`: a = U·diag(S)·Vh with the singular values S in descending order.
 * With `fullMatrices` (the default) U and Vh are square; otherwise thin. With
 * `computeUv: false` only S is returned. Computed by the one-sided Jacobi method in
 * doubles, accurate even for small singular values. Signs of singular vector pairs are
 * arbitrary. Gradients follow Townsend (2016): exact for S (the gradient U·diag(S̄)·Vh
 * exists even for repeated singular values); those of U and Vh contain 1/(σⱼ² − σᵢ²) and
 * 1/σ, unbounded as singular values approach each other or 0, and undefined at
 * repeated ones. The extra columns of full U (rows of full Vh) are fixed only up to a
 * rotation of the complement, so only functions of the complement as a subspace have
 * meaningful derivatives.
 * @example
 * ```ts
 * import { svd, tensor } from "purediff";
 * const { U, S, Vh } = svd(tensor([[3, 0], [0, -2]]));
 * // S [3, 2]; U·diag(S)·Vh reconstructs a
 * svd(tensor([[3, 0], [0, -2]]), { computeUv: false }).toArray(); // => [3, 2]
 * ```
 */
export function svd<S extends Shape, Full extends boolean = true>(
  a: Tensor<S>,
  options: SvdOptions<Full, false> & { readonly computeUv: false },
): Tensor<BatchVector<S>>;
export function svd<S extends Shape, Full extends boolean = true>(a: Tensor<S>, options?: SvdOptions<Full, true>): SvdResult<S, Full>;
export function svd<S extends Shape>(a: Tensor<S>, options: SvdOptions = {}): SvdResult<S, boolean> | Tensor {
  const { x, m, n } = matrixOperand("svd", a, false);
  const packed = bind("svd", [x], {});
  const singular = rowToVector(part(packed, -2, m, m + 1));
  if (options.computeUv === false) return singular;
  let u = part(packed, -2, 0, m);
  let v = part(packed, -2, m + 1, m + 1 + n);
  if (options.fullMatrices ?? true) {
    u = completeBasis(u);
    v = completeBasis(v);
  }
  return { U: u, S: singular, Vh: matrixTranspose(v) } as unknown as SvdResult<S, boolean>;
}

// ---------------------------------------------------------------------------------------
// QR.

/** Which factors {@link qr} returns, as NumPy's `mode`. */
export type QrMode = "reduced" | "complete" | "r";

/** The result of {@link qr}: `a = Q · R` (k = min(m, n)). */
export interface QrResult<S extends Shape = Shape, Complete extends boolean = false> {
  /** Orthonormal columns: [..., m, k] (reduced) or [..., m, m] (complete). */
  readonly Q: Tensor<MatrixOfShape<S, RowsOf<S>, Complete extends true ? RowsOf<S> : number>>;
  /** Upper triangular: [..., k, n] (reduced) or [..., m, n] (complete). */
  readonly R: Tensor<MatrixOfShape<S, Complete extends true ? RowsOf<S> : number, ColumnsOf<S>>>;
}

/**
 * The QR decomposition of a matrix (or of each in a batch), as `numpy.linalg.qr`, by
 * Householder reflections (R's diagonal has LAPACK's signs): `mode` "reduced" (the
 * default: Q m×k, R k×n, k = min(m, n)), "complete" (Q m×m, R m×n) or "r" (R alone,
 * k×n). Differentiable where R's leading k×k block is invertible (a of full rank), for
 * tall, square and wide a; complete Q's extra columns (m > n) are fixed only up to a
 * rotation, so only functions of their span have meaningful derivatives.
 * @example
 * ```ts
 * import { qr, tensor } from "purediff";
 * const { Q, R } = qr(tensor([[3, 1], [4, 2]])); // R [[-5, -2.2], [0, 0.4]], Q·R = a
 * qr(tensor([[3, 1], [4, 2]]), "r").toArray(); // => [[-5, -2.2], [0, 0.4]]
 * ```
 */
export function qr<S extends Shape>(a: Tensor<S>, mode: "r"): Tensor<MatrixOfShape<S, number, ColumnsOf<S>>>;
export function qr<S extends Shape>(a: Tensor<S>, mode: "complete"): QrResult<S, true>;
export function qr<S extends Shape>(a: Tensor<S>, mode?: "reduced"): QrResult<S, false>;
export function qr<S extends Shape>(a: Tensor<S>, mode: QrMode = "reduced"): QrResult<S, boolean> | Tensor {
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") throw new Error(`qr: mode must be "reduced", "complete" or "r", got ${JSON.stringify(mode)}`);
  const { x, m, n } = matrixOperand("qr", a, false);
  const packed = bind("qr", [x], { complete: mode === "complete" });
  const r = part(packed, -1, m, m + n);
  return mode === "r" ? r : ({ Q: matrixTranspose(part(packed, -1, 0, m)), R: r } as QrResult<S, boolean>);
}

// ---------------------------------------------------------------------------------------
// LU.

/** The result of {@link lu}: `a = p · l · u` (k = min(m, n)). */
export interface LuResult<S extends Shape = Shape> {
  /** The permutation matrix, [..., m, m] (a's dtype). */
  readonly p: Tensor<MatrixOfShape<S, RowsOf<S>, RowsOf<S>>>;
  /** Unit lower triangular, [..., m, k]. */
  readonly l: Tensor<MatrixOfShape<S, RowsOf<S>, number>>;
  /** Upper triangular, [..., k, n]. */
  readonly u: Tensor<MatrixOfShape<S, number, ColumnsOf<S>>>;
  /** The permutation as indices, int32 [..., m]: row i of pᵀ·a is row `permutation[i]` of a. */
  readonly permutation: Tensor<PermutationShape<S>>;
}

/**
 * The LU decomposition with partial pivoting of a matrix (or of each in a batch), as
 * `jax.scipy.linalg.lu` (and SciPy's): a = p·l·u with p a permutation matrix, l unit
 * lower triangular (m×k) and u upper triangular (k×n), k = min(m, n). Also returns the
 * permutation as indices (JAX's `lax.linalg.lu` form: a[permutation] = l·u).
 * Differentiable in l and u where the pivots are non-zero (the permutation is piecewise
 * constant), as JAX's rule.
 * @example
 * ```ts
 * import { lu, tensor } from "purediff";
 * const { p, l, u } = lu(tensor([[1, 2], [3, 4]]));
 * // p [[0, 1], [1, 0]], l [[1, 0], [1/3, 1]], u [[3, 4], [0, 2/3]]
 * ```
 */
export function lu<S extends Shape>(a: Tensor<S>): LuResult<S> {
  const { x, m, n } = matrixOperand("lu", a, false);
  const k = Math.min(m, n);
  const dtype = floatKind(x);
  const packed = bind("lu", [x], {});
  const permutation = bind("luPivots", [x], {});
  const l = add(
    mul(
      part(packed, -1, 0, k),
      mask(m, k, dtype, (i, j) => i > j),
    ),
    mask(m, k, dtype, (i, j) => i === j),
  );
  const u = mul(
    part(packed, -2, 0, k),
    mask(k, n, dtype, (i, j) => i <= j),
  );
  const indices = new ConcreteTensor(
    Int32Array.from({ length: m }, (_, i) => i),
    [m],
    "int32",
  );
  // P[j][i] = 1 where i = permutation[j], so that (P·a)[j] = a[permutation[j]]; p = Pᵀ.
  const rowPermutation = equal(bind("reshape", [permutation], { shape: [...permutation.shape, 1] }), indices);
  return { p: matrixTranspose(astype(rowPermutation, dtype)), l, u, permutation } as LuResult<S>;
}
