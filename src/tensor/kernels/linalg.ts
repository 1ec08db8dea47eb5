import { allocate } from "../dtype";
import { showShape, type Shape } from "../shape";

/** Storage of a float tensor. */
export type FloatArray = Float32Array | Float64Array;

/** The float dtypes the linear-algebra kernels produce. */
export type FloatKind = "float32" | "float64";

/** Unit roundoff of each float dtype. */
const EPSILON: Record<FloatKind, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** Where in a batch of matrices of shape `shape` the matrix `index` sits, for messages. */
function whichMatrix(shape: Shape, index: number): string {
  return shape.length > 2 ? `matrix ${index} of the batch ${showShape(shape)}` : `matrix ${showShape(shape)}`;
}

function showValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/** How a {@link LinalgError} describes the failing matrix and what it suggests. */
export interface LinalgErrorText {
  /** Replaces "matrix [n,n]" (or "matrix i of the batch [...]"). */
  readonly subject?: string;
  /** Appended to the message. */
  readonly hint?: string;
}

/**
 * A factorisation met a pivot it cannot use. `op` is the op that failed, `shape` the shape of
 * the (batch of) matrices, `index` the matrix within the batch, `pivot` the row/column
 * counted from 0 and `value` the pivot found there.
 */
export class LinalgError extends Error {
  readonly op: string;
  readonly kind: "singular" | "not positive definite";
  readonly shape: Shape;
  readonly index: number;
  readonly pivot: number;
  readonly value: number;

  constructor(op: string, kind: "singular" | "not positive definite", shape: Shape, index: number, pivot: number, value: number, text: LinalgErrorText = {}) {
    const precision = value > 0 || (value < 0 && kind === "singular") ? " to working precision" : "";
    const subject = text.subject ?? whichMatrix(shape, index);
    super(`${op}: ${subject} is ${kind}${precision} (pivot ${pivot} is ${showValue(value)})${text.hint ?? ""}`);
    this.name = "LinalgError";
    this.op = op;
    this.kind = kind;
    this.shape = shape;
    this.index = index;
    this.pivot = pivot;
    this.value = value;
  }

  /** The same failure reported under another op's name, for ops built on a primitive. */
  renamed(op: string, text: LinalgErrorText = {}): LinalgError {
    return new LinalgError(op, this.kind, this.shape, this.index, this.pivot, this.value, text);
  }
}

/** Largest absolute value of the n×n matrix at `off`. */
function maxAbs(a: ArrayLike<number>, off: number, count: number): number {
  let m = 0;
  for (let i = 0; i < count; i++) {
    const v = Math.abs(a[off + i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/**
 * Cholesky factors of a batch of symmetric positive-definite n×n matrices: the lower
 * triangular L with S = L·Lᵀ, where S = (A + Aᵀ)/2 is the symmetric part of each input
 * (so the result depends on A only through S). `shape` is the full input shape, used in
 * messages. Throws a {@link LinalgError} naming the pivot when S is not positive definite
 * to working precision (a pivot at most n·ε·max|diag S|). A matrix holding NaN or ±∞ gives NaN.
 * @example
 * choleskyKernel(Float64Array.of(4, 2, 2, 5), [2, 2], "float64") // Float64Array [2, 0, 1, 2]
 */
export function choleskyKernel(a: FloatArray, shape: Shape, dtype: FloatKind, op = "cholesky"): FloatArray {
  const n = shape[shape.length - 1];
  const plane = n * n;
  const batch = plane === 0 ? 0 : a.length / plane;
  const out = allocate(dtype, a.length);
  const l = new Float64Array(plane);
  for (let t = 0; t < batch; t++) {
    const off = t * plane;
    l.fill(0);
    if (!Number.isFinite(maxAbs(a, off, plane))) {
      out.fill(NaN, off, off + plane);
      continue;
    }
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[off + i * n + i]));
    const tol = n * EPSILON[dtype] * scale;
    for (let j = 0; j < n; j++) {
      let d = a[off + j * n + j];
      for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > tol)) throw new LinalgError(op, "not positive definite", shape, t, j, d);
      const ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = 0.5 * (a[off + i * n + j] + a[off + j * n + i]);
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / ljj;
      }
    }
    out.set(l, off);
  }
  return out;
}

/** Flags of a triangular solve. */
export interface TriangularSolveFlags {
  /** A is lower triangular (else upper); the other triangle is never read. */
  readonly lower: boolean;
  /** Solve with Aᵀ instead of A. */
  readonly transposeA: boolean;
  /** Solve op(A)·X = B (true) or X·op(A) = B (false). */
  readonly leftSide: boolean;
  /** Take the diagonal of A as ones (it is never read). */
  readonly unitDiagonal: boolean;
}

/**
 * Solves op(A)·X = B (or X·op(A) = B) for a batch of triangular n×n matrices A and
 * matrices B ([n, k] on the left side, [k, n] on the right), in doubles. `aShape` is A's
 * full shape, for messages. Throws a {@link LinalgError} at a zero diagonal entry.
 * @example
 * const flags = { lower: true, transposeA: false, leftSide: true, unitDiagonal: false };
 * triangularSolveKernel(Float64Array.of(2, 0, 1, 1), Float64Array.of(2, 3), [2, 2], [2, 1], flags, "float64") // [1, 2]
 */
export function triangularSolveKernel(a: FloatArray, b: FloatArray, aShape: Shape, bShape: Shape, flags: TriangularSolveFlags, dtype: FloatKind): FloatArray {
  const n = aShape[aShape.length - 1];
  const rows = bShape[bShape.length - 2];
  const cols = bShape[bShape.length - 1];
  const plane = n * n;
  const bPlane = rows * cols;
  const batch = bPlane === 0 ? 0 : b.length / bPlane;
  const out = allocate(dtype, b.length);
  // Reduce everything to T·Y = C with T lower or upper: on the right side, X·op(A) = B is
  // op(A)ᵀ·Xᵀ = Bᵀ. T[i][j] reads A at (i, j) or (j, i).
  const transT = flags.transposeA !== !flags.leftSide;
  const tLower = flags.lower !== transT;
  const k = flags.leftSide ? cols : rows;
  const t = new Float64Array(plane);
  const y = new Float64Array(n * k);
  for (let s = 0; s < batch; s++) {
    const aOff = s * plane;
    const bOff = s * bPlane;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const inTriangle = flags.lower ? (transT ? j >= i : i >= j) : transT ? j <= i : i <= j;
        t[i * n + j] = inTriangle ? a[aOff + (transT ? j * n + i : i * n + j)] : 0;
      }
      if (flags.unitDiagonal) t[i * n + i] = 1;
      else if (t[i * n + i] === 0) throw new LinalgError("triangularSolve", "singular", aShape, s, i, t[i * n + i]);
    }
    // y is C laid out [n, k].
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) y[i * k + c] = flags.leftSide ? b[bOff + i * cols + c] : b[bOff + c * cols + i];
    }
    for (let step = 0; step < n; step++) {
      const i = tLower ? step : n - 1 - step;
      const lo = tLower ? 0 : i + 1;
      const hi = tLower ? i : n;
      const d = t[i * n + i];
      for (let c = 0; c < k; c++) {
        let v = y[i * k + c];
        for (let j = lo; j < hi; j++) v -= t[i * n + j] * y[j * k + c];
        y[i * k + c] = v / d;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        if (flags.leftSide) out[bOff + i * cols + c] = y[i * k + c];
        else out[bOff + c * cols + i] = y[i * k + c];
      }
    }
  }
  return out;
}

/**
 * LU factorisation with partial pivoting of the n×n matrix of `a` at `off`, in place on `lu`
 * (doubles). Returns the row permutation's sign, and the index and value of the first
 * pivot whose magnitude is at most `tol` (index −1 when none is).
 */
function luFactor(
  a: ArrayLike<number>,
  off: number,
  n: number,
  lu: Float64Array,
  perm: Int32Array,
  tol: number,
): { sign: number; bad: number; badValue: number } {
  for (let i = 0; i < n * n; i++) lu[i] = a[off + i];
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  for (let j = 0; j < n; j++) {
    let p = j;
    let best = Math.abs(lu[j * n + j]);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + j]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > tol)) return { sign, bad: j, badValue: lu[p * n + j] };
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const tmp = lu[j * n + c];
        lu[j * n + c] = lu[p * n + c];
        lu[p * n + c] = tmp;
      }
      const tp = perm[j];
      perm[j] = perm[p];
      perm[p] = tp;
      sign = -sign;
    }
    const d = lu[j * n + j];
    for (let i = j + 1; i < n; i++) {
      const f = lu[i * n + j] / d;
      if (f === 0) continue;
      lu[i * n + j] = f;
      for (let c = j + 1; c < n; c++) lu[i * n + c] -= f * lu[j * n + c];
    }
  }
  return { sign, bad: -1, badValue: 0 };
}

/**
 * Solves A·X = B for a batch of general n×n matrices A and n×k right-hand sides B by
 * Gaussian elimination with partial pivoting, in doubles. Throws a {@link LinalgError}
 * when A is singular to working precision (a pivot at most n·ε·max|A|). A matrix holding
 * NaN or ±∞ gives NaN.
 * @example
 * solveKernel(Float64Array.of(0, 1, 1, 0), Float64Array.of(2, 3), [2, 2], [2, 1], "float64") // [3, 2]
 */
export function solveKernel(a: FloatArray, b: FloatArray, aShape: Shape, bShape: Shape, dtype: FloatKind, op = "solve"): FloatArray {
  const n = aShape[aShape.length - 1];
  const k = bShape[bShape.length - 1];
  const plane = n * n;
  const bPlane = n * k;
  const batch = bPlane === 0 ? (plane === 0 ? 0 : a.length / plane) : b.length / bPlane;
  const out = allocate(dtype, b.length);
  const lu = new Float64Array(plane);
  const perm = new Int32Array(n);
  const y = new Float64Array(bPlane);
  for (let s = 0; s < batch; s++) {
    const aOff = s * plane;
    const bOff = s * bPlane;
    const scale = maxAbs(a, aOff, plane);
    if (!Number.isFinite(scale)) {
      out.fill(NaN, bOff, bOff + bPlane);
      continue;
    }
    const tol = n * EPSILON[dtype] * scale;
    const { bad, badValue } = luFactor(a, aOff, n, lu, perm, tol);
    if (bad >= 0) throw new LinalgError(op, "singular", aShape, s, bad, badValue);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) y[i * k + c] = b[bOff + perm[i] * k + c];
    // Forward: L (unit lower) then backward: U.
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const f = lu[i * n + j];
        if (f === 0) continue;
        for (let c = 0; c < k; c++) y[i * k + c] -= f * y[j * k + c];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const d = lu[i * n + i];
      for (let c = 0; c < k; c++) {
        let v = y[i * k + c];
        for (let j = i + 1; j < n; j++) v -= lu[i * n + j] * y[j * k + c];
        y[i * k + c] = v / d;
      }
    }
    for (let i = 0; i < bPlane; i++) out[bOff + i] = y[i];
  }
  return out;
}

/**
 * Sign and log-magnitude of the determinants of a batch of n×n matrices, by LU with
 * partial pivoting in doubles: `sign` is −1, 0 or 1 and `logAbsDet` is −∞ for an exactly
 * singular matrix, both NaN for a matrix holding NaN or ±∞. Never throws.
 * @example
 * slogdetKernel(Float64Array.of(0, 2, 3, 0), [2, 2], "float64") // { sign: [-1], logAbsDet: [log 6] }
 */
export function slogdetKernel(a: FloatArray, shape: Shape, dtype: FloatKind): { sign: FloatArray; logAbsDet: FloatArray } {
  const n = shape[shape.length - 1];
  const plane = n * n;
  const batch = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const sign = allocate(dtype, batch);
  const logAbsDet = allocate(dtype, batch);
  const lu = new Float64Array(plane);
  const perm = new Int32Array(n);
  for (let s = 0; s < batch; s++) {
    if (!Number.isFinite(maxAbs(a, s * plane, plane))) {
      sign[s] = NaN;
      logAbsDet[s] = NaN;
      continue;
    }
    const r = luFactor(a, s * plane, n, lu, perm, 0);
    if (r.bad >= 0) {
      // An exactly zero pivot column: the determinant is 0.
      sign[s] = 0;
      logAbsDet[s] = -Infinity;
      continue;
    }
    let sg = r.sign;
    let la = 0;
    for (let i = 0; i < n; i++) {
      const d = lu[i * n + i];
      if (d < 0) sg = -sg;
      la += Math.log(Math.abs(d));
    }
    sign[s] = sg;
    logAbsDet[s] = la;
  }
  return { sign, logAbsDet };
}
