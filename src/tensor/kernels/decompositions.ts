// Kernels of the matrix decompositions: symmetric eigen-decomposition (cyclic Jacobi),
// singular value decomposition (one-sided Jacobi), QR (Householder) and LU (partial
// pivoting). Each works in doubles on a batch of matrices stored row-major one after the
// other, and writes its factors packed into one array (the layouts below), so that a
// decomposition is one single-output primitive.
import { allocate } from "../dtype";
import type { Shape } from "../shape";
import type { FloatArray, FloatKind } from "./linalg";

/** Most Jacobi sweeps before giving up (convergence is quadratic: 6–12 sweeps in practice). */
const MAX_SWEEPS = 100;

/** How many matrices of `rows`×`cols` a buffer of `length` holds. */
function batchCount(length: number, rows: number, cols: number, shape: Shape): number {
  const plane = rows * cols;
  return plane === 0 ? shape.slice(0, -2).reduce((p, d) => p * d, 1) : length / plane;
}

/** True when the `count` values from `off` are all finite. */
function allFinite(a: ArrayLike<number>, off: number, count: number): boolean {
  for (let i = 0; i < count; i++) if (!Number.isFinite(a[off + i])) return false;
  return true;
}

/**
 * Eigen-decomposition of the symmetric parts (A + Aᵀ)/2 of a batch of n×n matrices, by
 * the cyclic Jacobi method (accurate to a few ulps of the largest eigenvalue). Packed
 * output per matrix, shape [n + 1, n]: row 0 the eigenvalues in ascending order, rows
 * 1..n the orthogonal matrix V whose column j is the eigenvector of eigenvalue j. A
 * matrix holding NaN or ±∞ gives NaN.
 * @example
 * eighKernel(Float64Array.of(2, 1, 1, 2), [2, 2], "float64") // [1, 3, 0.707, 0.707, -0.707, 0.707]
 */
export function eighKernel(a: FloatArray, shape: Shape, dtype: FloatKind): FloatArray {
  const n = shape[shape.length - 1];
  const batch = batchCount(a.length, n, n, shape);
  const out = allocate(dtype, batch * (n + 1) * n);
  const s = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  for (let t = 0; t < batch; t++) {
    const off = t * n * n;
    const outOff = t * (n + 1) * n;
    if (!allFinite(a, off, n * n)) {
      out.fill(NaN, outOff, outOff + (n + 1) * n);
      continue;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = 0.5 * (a[off + i * n + j] + a[off + j * n + i]);
    v.fill(0);
    for (let i = 0; i < n; i++) v[i * n + i] = 1;
    jacobiEigen(s, v, n);
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[i * n + i] - s[j * n + j]);
    for (let j = 0; j < n; j++) {
      const src = order[j];
      out[outOff + j] = s[src * n + src];
      for (let i = 0; i < n; i++) out[outOff + (i + 1) * n + j] = v[i * n + src];
    }
  }
  return out;
}

/** Diagonalises the symmetric n×n `s` in place by Jacobi rotations, accumulating them into `v`. */
function jacobiEigen(s: Float64Array, v: Float64Array, n: number): void {
  let total = 0;
  for (let i = 0; i < n * n; i++) total += s[i] * s[i];
  const tiny = (Number.EPSILON * Number.EPSILON * total) / 4;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += s[p * n + q] * s[p * n + q];
    if (off <= tiny) return;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q];
        if (apq === 0) continue;
        const theta = (s[q * n + q] - s[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        rotateColumns(s, n, n, p, q, c, sn);
        rotateRows(s, n, p, q, c, sn);
        s[p * n + q] = 0;
        s[q * n + p] = 0;
        rotateColumns(v, n, n, p, q, c, sn);
      }
    }
  }
}

/** Columns p, q of the rows×cols `m` become c·m_p − s·m_q and s·m_p + c·m_q. */
function rotateColumns(m: Float64Array, rows: number, cols: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < rows; k++) {
    const mp = m[k * cols + p];
    const mq = m[k * cols + q];
    m[k * cols + p] = c * mp - s * mq;
    m[k * cols + q] = s * mp + c * mq;
  }
}

/** Rows p, q of the n×n `m` become c·m_p − s·m_q and s·m_p + c·m_q. */
function rotateRows(m: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const mp = m[p * n + k];
    const mq = m[q * n + k];
    m[p * n + k] = c * mp - s * mq;
    m[q * n + k] = s * mp + c * mq;
  }
}

/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ of a batch of m×n matrices, by the
 * one-sided Jacobi method (Hestenes), which computes even small singular values to high
 * relative accuracy. With k = min(m, n), the packed output per matrix has shape
 * [m + 1 + n, k]: rows 0..m−1 the m×k U, row m the singular values in descending order,
 * rows m+1..m+n the n×k V. Columns of U for zero singular values are completed to an
 * orthonormal set. A matrix holding NaN or ±∞ gives NaN.
 * @example
 * svdKernel(Float64Array.of(3, 0, 0, -2), [2, 2], "float64") // U [[1, 0], [0, -1]], s [3, 2], V [[1, 0], [0, 1]]
 */
export function svdKernel(a: FloatArray, shape: Shape, dtype: FloatKind): FloatArray {
  const m = shape[shape.length - 2];
  const n = shape[shape.length - 1];
  const k = Math.min(m, n);
  const batch = batchCount(a.length, m, n, shape);
  const rowsOut = m + 1 + n;
  const out = allocate(dtype, batch * rowsOut * k);
  // Work on W = A (m ≥ n) or W = Aᵀ (m < n), a tall r×k matrix whose columns are orthogonalised.
  const tall = m >= n;
  const r = tall ? m : n;
  const w = new Float64Array(r * k);
  const rot = new Float64Array(k * k);
  for (let t = 0; t < batch; t++) {
    const off = t * m * n;
    const outOff = t * rowsOut * k;
    if (!allFinite(a, off, m * n)) {
      out.fill(NaN, outOff, outOff + rowsOut * k);
      continue;
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[tall ? i * k + j : j * k + i] = a[off + i * n + j];
    rot.fill(0);
    for (let i = 0; i < k; i++) rot[i * k + i] = 1;
    oneSidedJacobi(w, rot, r, k);
    const norms = Array.from({ length: k }, (_, j) => columnNorm(w, r, k, j));
    const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => norms[j] - norms[i]);
    const left = new Float64Array(r * k); // the normalised columns of W, in order
    const cutoff = Number.EPSILON * r * (norms[order[0]] ?? 0);
    const zero: number[] = [];
    for (let j = 0; j < k; j++) {
      const src = order[j];
      const sj = norms[src];
      if (sj > cutoff && sj > 0) for (let i = 0; i < r; i++) left[i * k + j] = w[i * k + src] / sj;
      else zero.push(j);
    }
    completeOrthonormal(left, r, k, zero);
    // Pack: for tall A, U = left and V = rot; for wide A (Aᵀ = left·S·rotᵀ), U = rot and V = left.
    const u = tall ? left : rot;
    const uCols = tall ? order.map((_, j) => j) : order;
    const vMat = tall ? rot : left;
    const vCols = tall ? order : order.map((_, j) => j);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) out[outOff + i * k + j] = u[i * k + uCols[j]];
    for (let j = 0; j < k; j++) out[outOff + m * k + j] = norms[order[j]];
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[outOff + (m + 1 + i) * k + j] = vMat[i * k + vCols[j]];
  }
  return out;
}

/** Euclidean norm of column j of the rows×cols `w`. */
function columnNorm(w: Float64Array, rows: number, cols: number, j: number): number {
  let s = 0;
  for (let i = 0; i < rows; i++) s += w[i * cols + j] * w[i * cols + j];
  return Math.sqrt(s);
}

/** Rotates pairs of columns of the r×k `w` until they are orthogonal to working precision, accumulating the rotations into `rot`. */
function oneSidedJacobi(w: Float64Array, rot: Float64Array, r: number, k: number): void {
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < r; i++) {
          const wp = w[i * k + p];
          const wq = w[i * k + q];
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rotateColumns(w, r, k, p, q, c, c * t);
        rotateColumns(rot, k, k, p, q, c, c * t);
      }
    }
    if (!rotated) return;
  }
}

/** Fills the columns `missing` of the r×k `q` (whose other columns are orthonormal) so that all are, by Gram–Schmidt on unit vectors. */
function completeOrthonormal(q: Float64Array, r: number, k: number, missing: readonly number[]): void {
  let candidate = 0;
  for (const j of missing) {
    for (; candidate < r; candidate++) {
      const x = new Float64Array(r);
      x[candidate] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let c = 0; c < k; c++) {
          if (c === j) continue; // columns still missing are zero and project nothing away
          let d = 0;
          for (let i = 0; i < r; i++) d += q[i * k + c] * x[i];
          for (let i = 0; i < r; i++) x[i] -= d * q[i * k + c];
        }
      }
      let nx = 0;
      for (let i = 0; i < r; i++) nx += x[i] * x[i];
      nx = Math.sqrt(nx);
      if (nx > 0.5) {
        for (let i = 0; i < r; i++) q[i * k + j] = x[i] / nx;
        candidate++;
        break;
      }
    }
  }
}

/**
 * QR decompositions of a batch of m×n matrices by Householder reflections (LAPACK's sign
 * convention: R's diagonal is −sign(pivot)·norm). With kq = m when `complete`, else
 * min(m, n), the packed output per matrix has shape [kq, m + n]: columns 0..m−1 hold Qᵀ
 * (so row i is column i of Q), columns m..m+n−1 hold the kq×n upper-triangular R.
 * @example
 * qrKernel(Float64Array.of(3, 4), [2, 1], "float64", false) // Qᵀ [-0.6, -0.8], R [-5]
 */
export function qrKernel(a: FloatArray, shape: Shape, dtype: FloatKind, complete: boolean): FloatArray {
  const m = shape[shape.length - 2];
  const n = shape[shape.length - 1];
  const kq = complete ? m : Math.min(m, n);
  const batch = batchCount(a.length, m, n, shape);
  const width = m + n;
  const out = allocate(dtype, batch * kq * width);
  const r = new Float64Array(m * n);
  const q = new Float64Array(m * m);
  const v = new Float64Array(m);
  for (let t = 0; t < batch; t++) {
    const off = t * m * n;
    const outOff = t * kq * width;
    if (!allFinite(a, off, m * n)) {
      out.fill(NaN, outOff, outOff + kq * width);
      continue;
    }
    for (let i = 0; i < m * n; i++) r[i] = a[off + i];
    q.fill(0);
    for (let i = 0; i < m; i++) q[i * m + i] = 1;
    for (let j = 0; j < Math.min(m - 1, n); j++) {
      let norm = 0;
      for (let i = j; i < m; i++) norm += r[i * n + j] * r[i * n + j];
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      const x0 = r[j * n + j];
      const alpha = x0 >= 0 ? -norm : norm;
      let vv = 0;
      for (let i = j; i < m; i++) {
        v[i] = r[i * n + j] - (i === j ? alpha : 0);
        vv += v[i] * v[i];
      }
      if (vv === 0) continue;
      // R ← H·R on rows j.., columns j..; Q ← Q·H on columns j...
      for (let c = j; c < n; c++) {
        let d = 0;
        for (let i = j; i < m; i++) d += v[i] * r[i * n + c];
        const f = (2 * d) / vv;
        for (let i = j; i < m; i++) r[i * n + c] -= f * v[i];
      }
      for (let row = 0; row < m; row++) {
        let d = 0;
        for (let i = j; i < m; i++) d += q[row * m + i] * v[i];
        const f = (2 * d) / vv;
        for (let i = j; i < m; i++) q[row * m + i] -= f * v[i];
      }
      r[j * n + j] = alpha;
      for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
    }
    for (let i = 0; i < kq; i++) {
      for (let c = 0; c < m; c++) out[outOff + i * width + c] = q[c * m + i];
      for (let c = 0; c < n; c++) out[outOff + i * width + m + c] = c >= i ? r[i * n + c] : 0;
    }
  }
  return out;
}

/**
 * LU decompositions with partial pivoting of a batch of m×n matrices: P·A = L·U with L
 * unit lower triangular (m×k) and U upper triangular (k×n), k = min(m, n). Returns the
 * packed factors in LAPACK's form (L below the diagonal, U on and above it, shape
 * [..., m, n]) and the row permutation (shape [..., m]: row i of P·A is row perm[i] of A).
 * A zero pivot leaves its column uneliminated, as LAPACK does; NaN propagates.
 * @example
 * luKernel(Float64Array.of(1, 2, 3, 4), [2, 2], "float64") // lu [3, 4, 1/3, 2/3], perm [1, 0]
 */
export function luKernel(a: FloatArray, shape: Shape, dtype: FloatKind): { lu: FloatArray; perm: Int32Array } {
  const m = shape[shape.length - 2];
  const n = shape[shape.length - 1];
  const k = Math.min(m, n);
  const batch = batchCount(a.length, m, n, shape);
  const lu = allocate(dtype, batch * m * n);
  const perm = new Int32Array(batch * m);
  const w = new Float64Array(m * n);
  const p = new Int32Array(m);
  for (let t = 0; t < batch; t++) {
    const off = t * m * n;
    for (let i = 0; i < m * n; i++) w[i] = a[off + i];
    for (let i = 0; i < m; i++) p[i] = i;
    for (let j = 0; j < k; j++) {
      let pivot = j;
      let best = Math.abs(w[j * n + j]);
      for (let i = j + 1; i < m; i++) {
        const v = Math.abs(w[i * n + j]);
        if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          pivot = i;
        }
      }
      if (pivot !== j) {
        for (let c = 0; c < n; c++) {
          const tmp = w[j * n + c];
          w[j * n + c] = w[pivot * n + c];
          w[pivot * n + c] = tmp;
        }
        const tp = p[j];
        p[j] = p[pivot];
        p[pivot] = tp;
      }
      const d = w[j * n + j];
      if (d === 0) continue;
      for (let i = j + 1; i < m; i++) {
        const l = w[i * n + j] / d;
        w[i * n + j] = l;
        for (let c = j + 1; c < n; c++) w[i * n + c] -= l * w[j * n + c];
      }
    }
    lu.set(w, off);
    perm.set(p, t * m);
  }
  return { lu, perm };
}
