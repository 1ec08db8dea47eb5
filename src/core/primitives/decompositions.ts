/**
 * The matrix decompositions as primitives: `eigh`, `svd`, `qr`, `lu` and `luPivots`.
 *
 * A first-order primitive has one output, so each decomposition packs its factors into
 * one tensor (the public ops in `src/ops/decompositions.ts` slice them apart):
 * - `eigh`: [..., n + 1, n], row 0 the ascending eigenvalues, rows 1..n the eigenvectors V;
 * - `svd`: [..., m + 1 + n, k], the m×k U, the row of descending singular values, the n×k V;
 * - `qr`: [..., kq, m + n], Qᵀ (kq×m) beside R (kq×n);
 * - `lu`: [..., m, n], LAPACK's packed L\U; `luPivots` gives the int32 row permutation.
 * A cotangent or tangent of the packed tensor is the factors' cotangents or tangents packed
 * the same way, so slicing in the op is all the transforms need (slice's transpose pads
 * zeros back). Every rule is written with primitives, so derivatives of any order follow
 * where they exist.
 *
 * The derivatives of eigenvectors (Giles 2008; Seeger et al. 2017) and of singular vectors
 * (Townsend 2016) divide by gaps λⱼ − λᵢ and σⱼ² − σᵢ²: they are unbounded as two
 * eigenvalues (singular values) approach each other. At an exact tie the rules take the
 * 1/gap term as 0, so functions of the spectrum alone (or of the invariant subspaces)
 * still differentiate correctly there, while a function of the individual vectors has
 * no derivative.
 * @module
 */
import { eighKernel, luKernel, qrKernel, svdKernel } from "../../tensor/kernels/decompositions";
import type { FloatArray, FloatKind } from "../../tensor/kernels/linalg";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, Empty, PrimitiveParams, PrimitiveRule } from "../primitive";
import type { BatchRule } from "../batching";
import { bind } from "../bind";
import { add, convertTo, div, equal, mul, neg, reshape, sub, where } from "./wrappers";
import { arity, requireFloat, wrap } from "./common";
import { constMatrix, mm, mT, trsm } from "./matrix";

type TriParams = PrimitiveParams["triangularSolve"];

// ---------------------------------------------------------------------------------------
// Helpers, all written with primitives so that every rule differentiates again.

/** Entries [start, end) of axis `axis` counted from the end (−2 rows, −1 columns). */
function part(x: Tensor, axis: -2 | -1, start: number, end: number): Tensor {
  const r = x.shape.length;
  const at = r + axis;
  return bind("slice", [x], {
    start: x.shape.map((_, i) => (i === at ? start : 0)),
    end: x.shape.map((d, i) => (i === at ? end : d)),
    step: x.shape.map(() => 1),
  });
}

/** Joins along axis −2 (rows) or −1 (columns), skipping empty parts. */
function join(parts: readonly Tensor[], axis: -2 | -1): Tensor {
  const nonEmpty = parts.filter((p) => p.shape[p.shape.length + axis] > 0);
  if (nonEmpty.length === 1) return nonEmpty[0];
  return bind("concat", nonEmpty.length > 0 ? nonEmpty : [parts[0]], { axis: parts[0].shape.length + axis });
}

const dtypeOf = (x: Tensor): FloatKind => x.dtype as FloatKind;

/** x restricted to entries with j − i ≥ `from` (triu) or j − i ≤ `from` (tril). */
function triangle(x: Tensor, which: "lower" | "upper", from: number): Tensor {
  const [rows, cols] = x.shape.slice(-2);
  return mul(
    x,
    constMatrix(rows, cols, dtypeOf(x), (i, j) => ((which === "lower" ? j - i <= from : j - i >= from) ? 1 : 0)),
  );
}

/** Zeros of `x`'s batch axes and the given matrix shape. */
function zerosMatrix(like: Tensor, rows: number, cols: number): Tensor {
  const zero = constMatrix(rows, cols, dtypeOf(like), () => 0);
  return bind("broadcastTo", [zero], { shape: [...like.shape.slice(0, -2), rows, cols] });
}

/** The diagonal of each (square) matrix as a row, shape [..., 1, n]. */
function diagonalRow(x: Tensor): Tensor {
  const n = x.shape[x.shape.length - 1];
  const r = x.shape.length;
  const masked = mul(
    x,
    constMatrix(n, n, dtypeOf(x), (i, j) => (i === j ? 1 : 0)),
  );
  return reshape(bind("reduceSum", [masked], { axes: [r - 2] }), [...x.shape.slice(0, -2), 1, n]);
}

/** A row [..., 1, n] as the diagonal matrix [..., n, n]. */
function diagonalMatrix(row: Tensor): Tensor {
  const n = row.shape[row.shape.length - 1];
  return mul(
    row,
    constMatrix(n, n, dtypeOf(row), (i, j) => (i === j ? 1 : 0)),
  );
}

/** The symmetric part (x + xᵀ)/2. */
const symmetric = (x: Tensor): Tensor => mul(add(x, mT(x)), 0.5);

/**
 * F with F[i][j] = 1/(v[j] − v[i]) from a row v [..., 1, n], and 0 where v[j] = v[i]
 * (the diagonal, and exact ties: see the module comment).
 */
function inverseGaps(v: Tensor): Tensor {
  const gaps = sub(v, mT(v));
  const tie = equal(gaps, 0);
  return where(tie, 0, div(1, where(tie, 1, gaps)));
}

/** 1/x elementwise, 0 where x = 0. */
function safeReciprocal(x: Tensor): Tensor {
  const zero = equal(x, 0);
  return where(zero, 0, div(1, where(zero, 1, x)));
}

const floatData = (t: ConcreteTensor): FloatArray => dataOf(t) as FloatArray;

/** The decompositions apply to leading batch axes as they are: a batch is one more of them. */
const leadingBatch: BatchRule<object> = (args, params, _size, name) => bind(name, [args[0].value], params as never);

/** Checks one float input of rank ≥ 2, returning its matrix dimensions. */
function matrixInput(name: string, inputs: readonly Aval[], square: boolean): [number, number] {
  arity(name, inputs, 1);
  const x = inputs[0];
  requireFloat(name, x, "a");
  const r = x.shape.length;
  if (r < 2) throw new Error(`${name}: a must be a matrix or a batch of them (shape [..., m, n]), got ${showShape(x.shape)}`);
  const [m, n] = x.shape.slice(-2);
  if (square && m !== n) throw new Error(`${name}: a must be a square matrix or a batch of them (shape [..., n, n]), got ${showShape(x.shape)}`);
  return [m, n];
}

// ---------------------------------------------------------------------------------------
// eigh

/** The eigenvalue row w [..., 1, n] and eigenvector matrix V [..., n, n] of a packed eigh output. */
function eighParts(out: Tensor): [Tensor, Tensor] {
  const n = out.shape[out.shape.length - 1];
  return [part(out, -2, 0, 1), part(out, -2, 1, n + 1)];
}

/**
 * eigh(A): the eigen-decomposition of the symmetric part S = (A + Aᵀ)/2, packed as
 * [w; V] with S = V·diag(w)·Vᵀ, w ascending. JVP with M = Vᵀ·dS·V: dw = diag(M),
 * dV = V·(F ∘ M), F[i][j] = 1/(w[j] − w[i]).
 */
const eigh: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    const [n] = matrixInput("eigh", inputs, true);
    return { shape: [...inputs[0].shape.slice(0, -2), n + 1, n], dtype: inputs[0].dtype };
  },
  impl: ([a], _p, out) => wrap(eighKernel(floatData(a), a.shape, dtypeOf(a)), out),
  jvp(_primals, [t], _p, out) {
    if (t === null) return null;
    const [w, v] = eighParts(out);
    const m = mm(mm(v, symmetric(t), true, false), v);
    return join([diagonalRow(m), mm(v, mul(inverseGaps(w), m))], -2);
  },
  vjp(ct, _primals, _p, out) {
    const [w, v] = eighParts(out);
    const [wBar, vBar] = eighParts(ct);
    const inner = add(diagonalMatrix(wBar), mul(inverseGaps(w), mm(v, vBar, true, false)));
    return [symmetric(mm(mm(v, inner), v, false, true))];
  },
  batch: leadingBatch,
};

// ---------------------------------------------------------------------------------------
// svd

interface SvdParts {
  readonly u: Tensor;
  /** The singular values as a row [..., 1, k]. */
  readonly s: Tensor;
  readonly v: Tensor;
}

function svdParts(packed: Tensor, m: number, n: number): SvdParts {
  return { u: part(packed, -2, 0, m), s: part(packed, -2, m, m + 1), v: part(packed, -2, m + 1, m + 1 + n) };
}

/**
 * svd(A): the thin singular value decomposition A = U·diag(s)·Vᵀ, packed as [U; s; V].
 * JVP (Townsend 2016) with dP = Uᵀ·dA·V, F[i][j] = 1/(s[j]² − s[i]²):
 * ds = diag(dP), dU = U·(F ∘ (dP·S + S·dPᵀ)) + (I − U·Uᵀ)·dA·V·S⁻¹,
 * dV = V·(F ∘ (S·dP + dPᵀ·S)) + (I − V·Vᵀ)·dAᵀ·U·S⁻¹ (the last terms only for non-square A).
 */
const svd: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    const [m, n] = matrixInput("svd", inputs, false);
    return { shape: [...inputs[0].shape.slice(0, -2), m + 1 + n, Math.min(m, n)], dtype: inputs[0].dtype };
  },
  impl: ([a], _p, out) => wrap(svdKernel(floatData(a), a.shape, dtypeOf(a)), out),
  jvp([a], [t], _p, out) {
    if (t === null) return null;
    const [m, n] = a.shape.slice(-2);
    const k = Math.min(m, n);
    const { u, s, v } = svdParts(out, m, n);
    const f = inverseGaps(mul(s, s));
    const sInv = safeReciprocal(s);
    const tv = mm(t, v);
    const dp = mm(u, tv, true, false);
    const dpS = mul(dp, s);
    const sDp = mul(mT(s), dp);
    let du = mm(u, mul(f, add(dpS, mT(dpS))));
    if (m > k) du = add(du, mul(sub(tv, mm(u, dp)), sInv));
    let dv = mm(v, mul(f, add(sDp, mT(sDp))));
    if (n > k) dv = add(dv, mul(sub(mm(t, u, true, false), mm(v, dp, false, true)), sInv));
    return join([du, diagonalRow(dp), dv], -2);
  },
  vjp(ct, [a], _p, out) {
    const [m, n] = a.shape.slice(-2);
    const k = Math.min(m, n);
    const { u, s, v } = svdParts(out, m, n);
    const bar = svdParts(ct, m, n);
    const f = inverseGaps(mul(s, s));
    const sInv = safeReciprocal(s);
    const j = mul(f, mm(u, bar.u, true, false));
    const kk = mul(f, mm(v, bar.v, true, false));
    const pBar = add(add(diagonalMatrix(bar.s), mul(add(j, mT(j)), s)), mul(mT(s), add(kk, mT(kk))));
    let aBar = mm(mm(u, pBar), v, false, true);
    if (m > k) {
      const us = mul(bar.u, sInv);
      aBar = add(aBar, mm(sub(us, mm(u, mm(u, us, true, false))), v, false, true));
    }
    if (n > k) {
      const vs = mul(bar.v, sInv);
      aBar = add(aBar, mm(u, sub(vs, mm(v, mm(v, vs, true, false))), false, true));
    }
    return [aBar];
  },
  batch: leadingBatch,
};

// ---------------------------------------------------------------------------------------
// qr

/** Q [..., m, kq] and R [..., kq, n] of a packed qr output. */
function qrParts(packed: Tensor, m: number, n: number): [Tensor, Tensor] {
  return [mT(part(packed, -1, 0, m)), part(packed, -1, m, m + n)];
}

const rightUpper: TriParams = { lower: false, transposeA: false, leftSide: false, unitDiagonal: false };
const rightUpperT: TriParams = { lower: false, transposeA: true, leftSide: false, unitDiagonal: false };

/** Tangents of Q (m×m) and R (m×m) of a square-or-tall QR X = Q·R with R invertible. */
function qrTangentTall(q: Tensor, r: Tensor, dx: Tensor): [Tensor, Tensor] {
  const dxRinv = trsm(r, dx, rightUpper);
  const c = mm(q, dxRinv, true, false);
  const lower = triangle(c, "lower", -1);
  const omega = sub(lower, mT(lower));
  return [add(mm(q, sub(omega, c)), dxRinv), mm(sub(c, omega), r)];
}

/** The adjoint of {@link qrTangentTall}: X̄ = (Q̄ + Q·(tril(G − Gᵀ, −1) − G))·R⁻ᵀ, G = Qᵀ·Q̄ − R̄·Rᵀ. */
function qrCotangentTall(q: Tensor, r: Tensor, qBar: Tensor, rBar: Tensor): Tensor {
  const g = sub(mm(q, qBar, true, false), mm(rBar, r, false, true));
  const h = sub(triangle(sub(g, mT(g)), "lower", -1), g);
  return trsm(r, add(qBar, mm(q, h)), rightUpperT);
}

/**
 * qr(A) = Q·R by Householder reflections, packed as [Qᵀ | R]; reduced (Q m×k, R k×n,
 * k = min(m, n)) or complete (Q m×m, R m×n). Derivatives need R's leading k×k block
 * invertible (A of full rank). For wide A = [X | Y], X = Q·U and the rest of R is
 * Qᵀ·Y. The complete Q's extra columns Q₂ (m > n) span the complement of A's column
 * space, fixed only up to a rotation: their tangent is taken as −Q₁·dQ₁ᵀ·Q₂ (no rotation
 * within the complement), which is exact for every function of that subspace.
 */
const qr: PrimitiveRule<PrimitiveParams["qr"]> = {
  abstractEval(inputs, { complete }) {
    const [m, n] = matrixInput("qr", inputs, false);
    return { shape: [...inputs[0].shape.slice(0, -2), complete ? m : Math.min(m, n), m + n], dtype: inputs[0].dtype };
  },
  impl: ([a], { complete }, out) => wrap(qrKernel(floatData(a), a.shape, dtypeOf(a), complete), out),
  jvp([a], [t], { complete }, out) {
    if (t === null) return null;
    const [m, n] = a.shape.slice(-2);
    const k = Math.min(m, n);
    const [q, r] = qrParts(out, m, n);
    const q1 = part(q, -1, 0, k);
    let dq1: Tensor;
    let dr: Tensor;
    if (m >= n) {
      [dq1, dr] = qrTangentTall(q1, part(r, -2, 0, n), t);
    } else {
      const [dq, du] = qrTangentTall(q1, part(r, -1, 0, m), part(t, -1, 0, m));
      dq1 = dq;
      const dyPart = add(mm(dq, part(a, -1, m, n), true, false), mm(q1, part(t, -1, m, n), true, false));
      dr = join([du, dyPart], -1);
    }
    if (complete && m > n) {
      const q2 = part(q, -1, n, m);
      dq1 = join([dq1, neg(mm(q1, mm(dq1, q2, true, false)))], -1);
      dr = join([dr, zerosMatrix(dr, m - n, n)], -2);
    }
    return join([mT(dq1), dr], -1);
  },
  vjp(ct, [a], { complete }, out) {
    const [m, n] = a.shape.slice(-2);
    const k = Math.min(m, n);
    const [q, r] = qrParts(out, m, n);
    const [qBarAll, rBarAll] = qrParts(ct, m, n);
    const q1 = part(q, -1, 0, k);
    let qBar = part(qBarAll, -1, 0, k);
    const rBar = part(rBarAll, -2, 0, k);
    if (complete && m > n) {
      const q2 = part(q, -1, n, m);
      qBar = sub(qBar, mm(q2, mm(part(qBarAll, -1, n, m), q1, true, false)));
    }
    if (m >= n) return [qrCotangentTall(q1, part(r, -2, 0, n), qBar, rBar)];
    const y = part(a, -1, m, n);
    const vBar = part(rBar, -1, m, n);
    const xBar = qrCotangentTall(q1, part(r, -1, 0, m), add(qBar, mm(y, vBar, false, true)), part(rBar, -1, 0, m));
    return [join([xBar, mm(q1, vBar)], -1)];
  },
  batch: leadingBatch,
};

// ---------------------------------------------------------------------------------------
// lu

/** The permutation matrices P [..., m, m] with (P·A)[i] = A[perm[i]], from int32 perm [..., m]. */
function permutationMatrix(perm: Tensor, dtype: FloatKind): Tensor {
  const m = perm.shape[perm.shape.length - 1];
  const columns = new ConcreteTensor(
    Int32Array.from({ length: m }, (_, j) => j),
    [m],
    "int32",
  );
  return convertTo(equal(reshape(perm, [...perm.shape, 1]), columns), dtype);
}

/**
 * The unit lower-triangular L, extended to m×m by the identity, and the upper-triangular
 * U, extended to n×n by the identity, of a packed m×n L\U.
 */
function luFactors(lu: Tensor): [Tensor, Tensor] {
  const [m, n] = lu.shape.slice(-2);
  const k = Math.min(m, n);
  const dtype = dtypeOf(lu);
  const l = add(
    join([triangle(part(lu, -1, 0, k), "lower", -1), zerosMatrix(lu, m, m - k)], -1),
    constMatrix(m, m, dtype, (i, j) => (i === j ? 1 : 0)),
  );
  const u = add(
    join([triangle(part(lu, -2, 0, k), "upper", 0), zerosMatrix(lu, n - k, n)], -2),
    constMatrix(n, n, dtype, (i, j) => (i === j && i >= k ? 1 : 0)),
  );
  return [l, u];
}

const lowerUnit: TriParams = { lower: true, transposeA: false, leftSide: true, unitDiagonal: true };

/**
 * lu(A): LU with partial pivoting, P·A = L·U, packed as LAPACK's L\U. With the
 * permutation held fixed (it is piecewise constant), F = L⁻¹·P·dA·U⁻¹ and
 * dL\dU = L·tril(F, −1) + triu(F)·U (as in JAX). Needs the pivots non-zero (A of full rank).
 */
const lu: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    matrixInput("lu", inputs, false);
    return { shape: inputs[0].shape, dtype: inputs[0].dtype };
  },
  impl: ([a], _p, out) => wrap(luKernel(floatData(a), a.shape, dtypeOf(a)).lu, out),
  jvp([a], [t], _p, out) {
    if (t === null) return null;
    const [l, u] = luFactors(out);
    const p = permutationMatrix(bind("luPivots", [a], {}), dtypeOf(a));
    const f = trsm(u, trsm(l, mm(p, t), lowerUnit), rightUpper);
    return add(mm(l, triangle(f, "lower", -1)), mm(triangle(f, "upper", 0), u));
  },
  vjp(ct, [a], _p, out) {
    const [l, u] = luFactors(out);
    const p = permutationMatrix(bind("luPivots", [a], {}), dtypeOf(a));
    const fBar = add(triangle(mm(l, ct, true, false), "lower", -1), triangle(mm(ct, u, false, true), "upper", 0));
    const xBar = trsm(l, trsm(u, fBar, rightUpperT), { ...lowerUnit, transposeA: true });
    return [mm(p, xBar, true, false)];
  },
  batch: leadingBatch,
};

/** The row permutation of `lu`, int32 [..., m]: row i of P·A is row perm[i] of A. Piecewise constant. */
const luPivots: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    const [m] = matrixInput("luPivots", inputs, false);
    return { shape: [...inputs[0].shape.slice(0, -2), m], dtype: "int32" };
  },
  impl: ([a], _p, out) => wrap(luKernel(floatData(a), a.shape, dtypeOf(a)).perm, out),
  jvp: () => null,
  vjp: () => [null],
  batch: leadingBatch,
};

/** The matrix decompositions. */
export const decompositionRules = { eigh, svd, qr, lu, luPivots };

declare module "../primitive" {
  interface PrimitiveParams {
    eigh: Empty;
    svd: Empty;
    qr: { readonly complete: boolean };
    lu: Empty;
    luPivots: Empty;
  }
}
