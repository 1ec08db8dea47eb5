import { Tensor } from "../tensor/tensor";
import { eye } from "../tensor/create";
import { broadcastShapes, showShape, type Shape } from "../tensor/shape";
import type { Broadcast } from "../tensor/shape-types";
import { LinalgError } from "../tensor/kernels/linalg";
import { bind } from "../core/bind";
import { asFloat, convertTo, operandPair } from "./operands";
import { add, mul } from "./arithmetic";
import { exp, log } from "./math";
import { broadcastTo } from "./shape";
import { matmulImpl } from "./linalg";

export { LinalgError } from "../tensor/kernels/linalg";

// ---------------------------------------------------------------------------------------
// Shapes at the type level.

/** The batch axes of a (batch of) matrices: all but the last two. */
export type MatrixBatch<S extends Shape> = S extends readonly [...infer B extends number[], number, number] ? B : number[];

/**
 * The shape of `solve(a, b)`: `b`'s matrix (or vector) under the broadcast batch axes.
 * @example
 * ```ts
 * import type { SolveShape } from "purediff";
 * const shape: SolveShape<[3, 3], [3, 2]> = [3, 2];
 * ```
 * @example
 * ```ts
 * import type { SolveShape } from "purediff";
 * const shape: SolveShape<[8, 3, 3], [3]> = [8, 3];
 * ```
 */
export type SolveShape<A extends Shape, B extends Shape> = A extends readonly [number, number]
  ? B
  : A extends readonly [...infer AB extends number[], number, number]
    ? B extends readonly [infer N extends number]
      ? [...AB, N]
      : B extends readonly [...infer BB extends number[], infer R extends number, infer K extends number]
        ? Broadcast<AB, BB> extends infer Batch extends number[]
          ? [...Batch, R, K]
          : number[]
        : number[]
    : number[];

/**
 * The shape of `lstsq(x, y)`: one coefficient per column of `x` (per column of `y`).
 * @example
 * ```ts
 * import type { LstsqShape } from "purediff";
 * const shape: LstsqShape<[100, 3], [100]> = [3];
 * ```
 * @example
 * ```ts
 * import type { LstsqShape } from "purediff";
 * const shape: LstsqShape<[100, 3], [100, 2]> = [3, 2];
 * ```
 */
export type LstsqShape<X extends Shape, Y extends Shape> = X extends readonly [number, infer N extends number]
  ? Y extends readonly [number]
    ? [N]
    : Y extends readonly [number, infer K extends number]
      ? [N, K]
      : number[]
  : number[];

// ---------------------------------------------------------------------------------------
// Helpers.

/** Checks a (batch of) square matrices, returning n. */
function checkSquare(op: string, a: Tensor, name = "a"): number {
  const r = a.shape.length;
  if (r < 2 || a.shape[r - 1] !== a.shape[r - 2]) {
    throw new Error(`${op}: ${name} must be a square matrix or a batch of them (shape [..., n, n]), got ${showShape(a.shape)}`);
  }
  return a.shape[r - 1];
}

/** Runs `f`, reporting a factorisation failure under `op`'s name. */
function reportingAs<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof LinalgError && e.op !== op) throw e.renamed(op);
    throw e;
  }
}

/**
 * Prepares a matrix `a` and a right-hand side `b` for a solve primitive: float, one dtype,
 * a 1-D `b` as a column (or as a row on the right side), batch axes broadcast. Returns the
 * operands and how to shape the result back.
 */
function prepareSolve(op: string, a0: Tensor, b0: Tensor, leftSide: boolean): { a: Tensor; b: Tensor; finish: (x: Tensor) => Tensor } {
  const n = checkSquare(op, a0);
  let [a, b] = operandPair(a0, b0, true);
  const vector = b.shape.length === 1;
  if (b.shape.length === 0) throw new Error(`${op}: b must be a vector or a matrix, got a scalar (shape [])`);
  if (vector) b = bind("reshape", [b], { shape: leftSide ? [b.shape[0], 1] : [1, b.shape[0]] });
  const rb = b.shape.length;
  const matched = leftSide ? b.shape[rb - 2] : b.shape[rb - 1];
  if (matched !== n) {
    const what = vector ? `b of length ${b0.shape[0]}` : `b of shape ${showShape(b0.shape)} (${leftSide ? "rows" : "columns"}: ${matched})`;
    throw new Error(`${op}: ${what} does not match a of shape ${showShape(a0.shape)} (n=${n})`);
  }
  const batch = broadcastShapes(`${op} (batch axes)`, a.shape.slice(0, -2), b.shape.slice(0, -2));
  a = broadcastTo(a, [...batch, n, n]);
  b = broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
  const finish = (x: Tensor): Tensor => (vector ? bind("reshape", [x], { shape: [...batch, n] }) : x);
  return { a, b, finish };
}

// ---------------------------------------------------------------------------------------
// Ops.

/**
 * The Cholesky factor of a symmetric positive-definite matrix (or of each in a batch): the
 * lower-triangular L with L·Lᵀ = A. It reads the symmetric part (A + Aᵀ)/2, so gradients
 * are symmetric. Throws naming the failing pivot (counted from 0) when A is not positive
 * definite to working precision.
 * @example
 * ```ts
 * import { cholesky, tensor } from "purediff";
 * cholesky(tensor([[4, 2], [2, 5]])).toArray(); // => [[2, 0], [1, 2]]
 * ```
 */
export function cholesky<S extends Shape>(a: Tensor<S>): Tensor<S> {
  const x = asFloat(a);
  checkSquare("cholesky", x);
  return bind("cholesky", [x], {}) as Tensor<S>;
}

/** Options of {@link triangularSolve}. */
export interface TriangularSolveOptions {
  /** `a` is lower triangular (default true); the other triangle is never read. */
  readonly lower?: boolean;
  /** Solve with aᵀ instead of a (default false). */
  readonly transposeA?: boolean;
  /** Solve op(a)·x = b (true, the default) or x·op(a) = b (false). */
  readonly leftSide?: boolean;
  /** Take a's diagonal as ones, without reading it (default false). */
  readonly unitDiagonal?: boolean;
}

/**
 * Solves op(a)·x = b (or x·op(a) = b) for triangular `a` by substitution, where op(a) is
 * `a` or aᵀ. Only the triangle named by `lower` is read. `b` is a vector or a matrix (or
 * a batch); batch axes broadcast. Throws when a diagonal entry is 0.
 * @example
 * ```ts
 * import { tensor, triangularSolve } from "purediff";
 * const l = tensor([[2, 0], [1, 1]]);
 * triangularSolve(l, tensor([2, 3])).toArray(); // => [1, 2]
 * triangularSolve(l, tensor([2, 3]), { transposeA: true }).toArray(); // => [-0.5, 3]
 * ```
 */
export function triangularSolve<A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B>, options: TriangularSolveOptions = {}): Tensor<SolveShape<A, B>> {
  const params = {
    lower: options.lower ?? true,
    transposeA: options.transposeA ?? false,
    leftSide: options.leftSide ?? true,
    unitDiagonal: options.unitDiagonal ?? false,
  };
  const p = prepareSolve("triangularSolve", a, b, params.leftSide);
  return p.finish(bind("triangularSolve", [p.a, p.b], params)) as Tensor<SolveShape<A, B>>;
}

/**
 * Solves a·x = b for a general square matrix `a` (Gaussian elimination with partial
 * pivoting). `b` is a vector or a matrix of right-hand sides (or a batch); batch axes
 * broadcast. Differentiable in both arguments to any order. Throws naming the pivot when
 * `a` is singular to working precision.
 * @example
 * ```ts
 * import { solve, tensor } from "purediff";
 * solve(tensor([[2, 1], [1, 3]]), tensor([3, 5])).toArray(); // => [0.8, 1.4]
 * ```
 */
export function solve<A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B>): Tensor<SolveShape<A, B>> {
  const p = prepareSolve("solve", a, b, true);
  return p.finish(bind("solve", [p.a, p.b], {})) as Tensor<SolveShape<A, B>>;
}

/**
 * The inverse of a square matrix (or of each in a batch). Prefer {@link solve} to
 * multiplying by an inverse. Throws when `a` is singular to working precision.
 * @example
 * ```ts
 * import { inv, tensor } from "purediff";
 * inv(tensor([[2, 0], [0, 4]])).toArray(); // => [[0.5, 0], [0, 0.25]]
 * ```
 */
export function inv<S extends Shape>(a: Tensor<S>): Tensor<S> {
  const x = asFloat(a);
  const n = checkSquare("inv", x);
  const identity = broadcastTo(eye(n, n, x.dtype), x.shape);
  return reportingAs("inv", () => bind("solve", [x, identity], {})) as Tensor<S>;
}

/**
 * The sign (−1, 0 or 1) and the natural log of the absolute value of the determinant, per
 * matrix: accurate where `det` over- or underflows. `logAbsDet` is −∞ for an exactly
 * singular matrix; its gradient is a⁻ᵀ.
 * @example
 * ```ts
 * import { slogdet, tensor } from "purediff";
 * const { sign, logAbsDet } = slogdet(tensor([[0, 2], [3, 0]])); // sign -1, logAbsDet log 6
 * ```
 */
export function slogdet<S extends Shape>(a: Tensor<S>): { sign: Tensor<MatrixBatch<S>>; logAbsDet: Tensor<MatrixBatch<S>> } {
  const x = asFloat(a);
  checkSquare("slogdet", x);
  return {
    sign: bind("detSign", [x], {}) as Tensor<MatrixBatch<S>>,
    logAbsDet: bind("logAbsDet", [x], {}) as Tensor<MatrixBatch<S>>,
  };
}

/**
 * The determinant of a square matrix (or of each in a batch), as sign·exp(log|det|) from
 * an LU factorisation. Its gradient det(a)·a⁻ᵀ needs an invertible `a`.
 * @example
 * ```ts
 * import { det, tensor } from "purediff";
 * det(tensor([[1, 2], [3, 4]])).toArray(); // => -2
 * ```
 */
export function det<S extends Shape>(a: Tensor<S>): Tensor<MatrixBatch<S>> {
  const x = asFloat(a);
  checkSquare("det", x);
  const { sign, logAbsDet } = slogdet(x);
  return mul(sign, exp(logAbsDet)) as Tensor<MatrixBatch<S>>;
}

/**
 * The natural log of the determinant, per matrix: −∞ when it is 0 and NaN when it is
 * negative (see {@link slogdet} for the sign-aware form). Its gradient is a⁻ᵀ. For a
 * symmetric positive-definite matrix, 2·sum(log(diag(cholesky(a)))) is the same value.
 * @example
 * ```ts
 * import { logdet, tensor } from "purediff";
 * // log 6
 * logdet(tensor([[2, 0], [0, 3]])).toArray(); // => 1.791759
 * ```
 */
export function logdet<S extends Shape>(a: Tensor<S>): Tensor<MatrixBatch<S>> {
  const x = asFloat(a);
  checkSquare("logdet", x);
  const { sign, logAbsDet } = slogdet(x);
  return add(logAbsDet, log(sign)) as Tensor<MatrixBatch<S>>;
}

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /** The ridge penalty λ ≥ 0 (default 0): minimises |x·w − y|² + λ·|w|². A scalar tensor is differentiable. */
  readonly ridge?: number | Tensor<[]>;
}

/**
 * Least squares by the normal equations: the w minimising |x·w − y|² + λ·|w|², that is
 * w = (xᵀx + λI)⁻¹·xᵀy, solved with a Cholesky factorisation. `x` is [m, n] (one row per
 * sample), `y` is [m] or [m, k]. With λ = 0 and m ≥ n the columns of `x` must be
 * independent (a rank-deficient `x` throws); any λ > 0 makes the system solvable. An
 * under-determined system (m < n, λ = 0) has many exact solutions: this returns the one
 * of minimum norm, w = xᵀ·(x·xᵀ)⁻¹·y, as NumPy's `lstsq` does (the rows of `x` must be
 * independent).
 * @example
 * ```ts
 * import { lstsq, tensor } from "purediff";
 * const x = tensor([[1, 0], [1, 1], [1, 2]]);
 * // intercept 1, slope 2
 * lstsq(x, tensor([1, 3, 5])).toArray(); // => [1, 2]
 * // the smallest w with w₀ + w₁ = 2
 * lstsq(tensor([[1, 1]]), tensor([2])).toArray(); // => [1, 1]
 * ```
 */
export function lstsq<X extends Shape, Y extends Shape>(x: Tensor<X>, y: Tensor<Y>, options: LstsqOptions = {}): Tensor<LstsqShape<X, Y>> {
  const [xf, yf] = operandPair(x, y, true);
  if (xf.shape.length !== 2) throw new Error(`lstsq: x must be a matrix [samples, features], got shape ${showShape(x.shape)}`);
  const [m, n] = xf.shape;
  if ((yf.shape.length !== 1 && yf.shape.length !== 2) || yf.shape[0] !== m) {
    throw new Error(`lstsq: y must be [${m}] or [${m}, k] to match x of shape ${showShape(x.shape)}, got ${showShape(y.shape)}`);
  }
  const lambda = options.ridge ?? 0;
  if (typeof lambda === "number" && !(lambda >= 0 && Number.isFinite(lambda))) {
    throw new Error(`lstsq: ridge must be a finite number >= 0, got ${lambda}`);
  }
  if (lambda instanceof Tensor && lambda.shape.length !== 0) {
    throw new Error(`lstsq: ridge must be a scalar, got a tensor of shape ${showShape(lambda.shape)}`);
  }
  const vector = yf.shape.length === 1;
  const y2 = vector ? bind("reshape", [yf], { shape: [m, 1] }) : yf;
  if (m < n && typeof lambda === "number" && lambda === 0) {
    const w = minimumNormSolution(xf, y2, x.shape);
    return (vector ? bind("reshape", [w], { shape: [n] }) : w) as Tensor<LstsqShape<X, Y>>;
  }
  const rhs = matmulImpl(xf, y2, true, false);
  let gram = matmulImpl(xf, xf, true, false);
  if (lambda instanceof Tensor) gram = add(gram, mul(eye(n, n, xf.dtype), convertTo(lambda, xf.dtype)));
  else if (lambda > 0) gram = add(gram, mul(eye(n, n, xf.dtype), lambda));
  let l: Tensor;
  try {
    l = bind("cholesky", [gram], {});
  } catch (e) {
    if (!(e instanceof LinalgError)) throw e;
    const hint =
      typeof lambda === "number" && lambda === 0
        ? `: x of shape ${showShape(x.shape)} is rank-deficient (its columns are not independent); pass { ridge: λ } with λ > 0`
        : "";
    throw e.renamed("lstsq", { subject: `xᵀx${typeof lambda === "number" && lambda === 0 ? "" : " + λI"} (${n}×${n})`, hint });
  }
  const z = bind("triangularSolve", [l, rhs], { lower: true, transposeA: false, leftSide: true, unitDiagonal: false });
  const w = bind("triangularSolve", [l, z], { lower: true, transposeA: true, leftSide: true, unitDiagonal: false });
  return (vector ? bind("reshape", [w], { shape: [n] }) : w) as Tensor<LstsqShape<X, Y>>;
}

/** The minimum-norm solution xᵀ·(x·xᵀ)⁻¹·y of an under-determined x·w = y (x [m, n], m < n, y [m, k]). */
function minimumNormSolution(x: Tensor, y: Tensor, shown: Shape): Tensor {
  const m = x.shape[0];
  let l: Tensor;
  try {
    l = bind("cholesky", [matmulImpl(x, x, false, true)], {});
  } catch (e) {
    if (!(e instanceof LinalgError)) throw e;
    const hint = `: x of shape ${showShape(shown)} is under-determined with dependent rows (no exact solution of minimum norm this way); pass { ridge: λ } with λ > 0`;
    throw e.renamed("lstsq", { subject: `x·xᵀ (${m}×${m})`, hint });
  }
  const z = bind("triangularSolve", [l, y], { lower: true, transposeA: false, leftSide: true, unitDiagonal: false });
  const c = bind("triangularSolve", [l, z], { lower: true, transposeA: true, leftSide: true, unitDiagonal: false });
  return matmulImpl(x, c, true, false);
}

/**
 * Ridge regression: the w minimising |x·w − y|² + λ·|w|², i.e. `lstsq(x, y, { ridge: λ })`.
 * Solvable for any λ > 0, even when the columns of `x` are dependent; differentiable in
 * `x`, `y` and (as a scalar tensor) λ.
 * @example
 * ```ts
 * import { ridge, tensor } from "purediff";
 * ridge(tensor([[1, 1], [2, 2]]), tensor([2, 4]), 0.1).toArray(); // => [0.9900975, 0.9901005]
 * ```
 */
export function ridge<X extends Shape, Y extends Shape>(x: Tensor<X>, y: Tensor<Y>, lambda: number | Tensor<[]>): Tensor<LstsqShape<X, Y>> {
  return lstsq(x, y, { ridge: lambda });
}
