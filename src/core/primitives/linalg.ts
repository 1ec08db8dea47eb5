import { choleskyKernel, slogdetKernel, solveKernel, triangularSolveKernel, type FloatArray, type FloatKind } from "../../tensor/kernels/linalg";
import { type ConcreteTensor, dataOf } from "../../tensor/concrete";
import { sameShape, showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, Empty, PrimitiveParams, PrimitiveRule } from "../primitive";
import { add, mul, neg, sub } from "./wrappers";
import { arity, requireFloat, sameDType, wrap } from "./common";
import { bind } from "../bind";
import { constMatrix, mm, mT, trsm } from "./matrix";
import { loop } from "../batching";

type TriParams = PrimitiveParams["triangularSolve"];

// ---------------------------------------------------------------------------------------
// Helpers, all written with primitives so that every rule differentiates again.

function solveP(a: Tensor, b: Tensor): Tensor {
  return bind("solve", [a, b], {});
}

/** The entries of a triangular operand that a triangular solve reads: its triangle, without the diagonal when unit. */
function triangleMask(n: number, dtype: FloatKind, { lower, unitDiagonal }: TriParams): Tensor {
  return constMatrix(n, n, dtype, (i, j) => (i === j ? (unitDiagonal ? 0 : 1) : (lower ? i > j : i < j) ? 1 : 0));
}

/** Φ: the lower triangle with the diagonal halved, as a mask. */
function phiMask(n: number, dtype: FloatKind): Tensor {
  return constMatrix(n, n, dtype, (i, j) => (i === j ? 0.5 : i > j ? 1 : 0));
}

/** The identity with a's batch axes. */
function identityLike(a: Tensor): Tensor {
  const n = a.shape[a.shape.length - 1];
  const eye = constMatrix(n, n, a.dtype as FloatKind, (i, j) => (i === j ? 1 : 0));
  return a.shape.length === 2 ? eye : bind("broadcastTo", [eye], { shape: a.shape });
}

/** The batch of inverses of a, as a differentiable solve. */
function inverse(a: Tensor): Tensor {
  return solveP(a, identityLike(a));
}

/** Puts two size-1 axes at the end, so a per-matrix value multiplies its matrix. */
function perMatrix(x: Tensor): Tensor {
  return bind("reshape", [x], { shape: [...x.shape, 1, 1] });
}

/** Sums the last two axes: with a matrix `product` of A⁻ᵀ and dA, the trace of A⁻¹·dA. */
function sumMatrix(x: Tensor): Tensor {
  const r = x.shape.length;
  return bind("reduceSum", [x], { axes: [r - 2, r - 1] });
}

const floatData = (t: ConcreteTensor): FloatArray => dataOf(t) as FloatArray;

// ---------------------------------------------------------------------------------------
// Shape checks.

/** Checks a (batch of) square matrices and returns n. */
function squareMatrix(name: string, x: Aval, argName: string): number {
  requireFloat(name, x, argName);
  const r = x.shape.length;
  if (r < 2 || x.shape[r - 1] !== x.shape[r - 2]) {
    throw new Error(`${name}: ${argName} must be a square matrix or a batch of them (shape [..., n, n]), got ${showShape(x.shape)}`);
  }
  return x.shape[r - 1];
}

/** Checks the right-hand side of a solve against the matrix: rank >= 2, same batch, same dtype. */
function rightHandSide(name: string, a: Aval, b: Aval, n: number, axisFromEnd: 1 | 2): void {
  sameDType(name, a, b);
  const rb = b.shape.length;
  if (rb < 2) throw new Error(`${name}: b must be a matrix or a batch of them, got shape ${showShape(b.shape)}`);
  if (!sameShape(a.shape.slice(0, -2), b.shape.slice(0, -2))) {
    throw new Error(`${name}: batch axes differ: a has shape ${showShape(a.shape)}, b has shape ${showShape(b.shape)}`);
  }
  if (b.shape[rb - axisFromEnd] !== n) {
    const which = axisFromEnd === 2 ? "rows" : "columns";
    throw new Error(`${name}: b of shape ${showShape(b.shape)} must have ${n} ${which} to match a of shape ${showShape(a.shape)}`);
  }
}

// ---------------------------------------------------------------------------------------
// Rules.

/**
 * cholesky(A) = L, lower triangular with L·Lᵀ = (A + Aᵀ)/2: the primitive reads the
 * symmetric part, so it is a smooth function of any A whose symmetric part is positive
 * definite, and its derivatives account for that.
 */
const cholesky: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    arity("cholesky", inputs, 1);
    squareMatrix("cholesky", inputs[0], "a");
    return { shape: inputs[0].shape, dtype: inputs[0].dtype };
  },
  impl: ([a], _p, out) => wrap(choleskyKernel(floatData(a), a.shape, out.dtype as FloatKind), out),
  // dL = L·Φ(L⁻¹·dS·L⁻ᵀ) with dS = (dA + dAᵀ)/2 (Murray 2016).
  jvp([a], [t], _p, l) {
    if (t === null) return null;
    const n = a.shape[a.shape.length - 1];
    const lower: TriParams = { lower: true, transposeA: false, leftSide: true, unitDiagonal: false };
    const ds = mul(add(t, mT(t)), 0.5);
    const x = trsm(l, ds, lower); // L⁻¹·dS
    const s = trsm(l, mT(x), lower); // L⁻¹·(L⁻¹·dS)ᵀ = L⁻¹·dS·L⁻ᵀ, as dS is symmetric
    return mm(l, mul(s, phiMask(n, a.dtype as FloatKind)));
  },
  // The adjoint of the JVP: Ā = sym(L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹), sym(Q) = (Q + Qᵀ)/2.
  vjp(ct, [a], _p, l) {
    const n = a.shape[a.shape.length - 1];
    const lowerT: TriParams = { lower: true, transposeA: true, leftSide: true, unitDiagonal: false };
    const p = mul(mm(l, ct, true, false), phiMask(n, a.dtype as FloatKind)); // Φ(Lᵀ·L̄)
    const y = trsm(l, p, lowerT); // L⁻ᵀ·P
    const z = trsm(l, mT(y), lowerT); // L⁻ᵀ·Pᵀ·L⁻¹ = Qᵀ
    return [mul(add(z, mT(z)), 0.5)];
  },
  batch: loop,
};

/**
 * triangularSolve(A, B) = X with op(A)·X = B (leftSide) or X·op(A) = B, op(A) = A or Aᵀ.
 * Only the triangle of A named by `lower` is read (without its diagonal when
 * `unitDiagonal`), so derivatives with respect to A live on that triangle.
 */
const triangularSolve: PrimitiveRule<TriParams> = {
  abstractEval(inputs, params) {
    arity("triangularSolve", inputs, 2);
    const [a, b] = inputs;
    const n = squareMatrix("triangularSolve", a, "a");
    rightHandSide("triangularSolve", a, b, n, params.leftSide ? 2 : 1);
    return { shape: b.shape, dtype: b.dtype };
  },
  impl: ([a, b], params, out) => wrap(triangularSolveKernel(floatData(a), floatData(b), a.shape, b.shape, params, out.dtype as FloatKind), out),
  jvp([a], [ta, tb], params, x) {
    let out = tb === null ? null : trsm(a, tb, params);
    if (ta !== null) {
      const n = a.shape[a.shape.length - 1];
      const da = mul(ta, triangleMask(n, a.dtype as FloatKind, params));
      // Left: dX = −op(A)⁻¹·op(dA)·X. Right: dX = −X·op(dA)·op(A)⁻¹.
      const inner = params.leftSide ? mm(da, x, params.transposeA, false) : mm(x, da, false, params.transposeA);
      const term = neg(trsm(a, inner, params));
      out = out === null ? term : add(out, term);
    }
    return out;
  },
  vjp(ct, [a], params, x, wanted) {
    const n = a.shape[a.shape.length - 1];
    const bbar = trsm(a, ct, { ...params, transposeA: !params.transposeA });
    if (!wanted[0]) return [null, bbar];
    let abar: Tensor;
    if (params.leftSide) abar = params.transposeA ? mm(x, bbar, false, true) : mm(bbar, x, false, true);
    else abar = params.transposeA ? mm(bbar, x, true, false) : mm(x, bbar, true, false);
    return [neg(mul(abar, triangleMask(n, a.dtype as FloatKind, params))), wanted[1] ? bbar : null];
  },
  batch: loop,
};

/** solve(A, B) = A⁻¹·B for general square A, by Gaussian elimination with partial pivoting. */
const solve: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    arity("solve", inputs, 2);
    const [a, b] = inputs;
    const n = squareMatrix("solve", a, "a");
    rightHandSide("solve", a, b, n, 2);
    return { shape: b.shape, dtype: b.dtype };
  },
  impl: ([a, b], _p, out) => wrap(solveKernel(floatData(a), floatData(b), a.shape, b.shape, out.dtype as FloatKind), out),
  // dX = A⁻¹·(dB − dA·X)
  jvp([a], [ta, tb], _p, x) {
    if (ta === null && tb === null) return null;
    const rhs = ta === null ? (tb as Tensor) : tb === null ? neg(mm(ta, x)) : sub(tb, mm(ta, x));
    return solveP(a, rhs);
  },
  // B̄ = A⁻ᵀ·X̄, Ā = −B̄·Xᵀ
  vjp(ct, [a], _p, x, wanted) {
    const bbar = solveP(mT(a), ct);
    return [wanted[0] ? neg(mm(bbar, x, false, true)) : null, wanted[1] ? bbar : null];
  },
  batch: loop,
};

function abstractDeterminant(name: string) {
  return (inputs: readonly Aval[]): Aval => {
    arity(name, inputs, 1);
    squareMatrix(name, inputs[0], "a");
    return { shape: inputs[0].shape.slice(0, -2), dtype: inputs[0].dtype };
  };
}

/** log|det A| per matrix (−∞ when A is exactly singular). d log|det A| = tr(A⁻¹·dA), gradient A⁻ᵀ. */
const logAbsDet: PrimitiveRule<Empty> = {
  abstractEval: abstractDeterminant("logAbsDet"),
  impl: ([a], _p, out) => wrap(slogdetKernel(floatData(a), a.shape, out.dtype as FloatKind).logAbsDet, out),
  jvp: ([a], [t]) => (t === null ? null : sumMatrix(mul(mT(inverse(a)), t))),
  vjp: (ct, [a]) => [mul(perMatrix(ct), mT(inverse(a)))],
  batch: loop,
};

/** The sign of det A per matrix: −1, 0 or 1, piecewise constant (zero derivative). */
const detSign: PrimitiveRule<Empty> = {
  abstractEval: abstractDeterminant("detSign"),
  impl: ([a], _p, out) => wrap(slogdetKernel(floatData(a), a.shape, out.dtype as FloatKind).sign, out),
  jvp: () => null,
  vjp: () => [null],
  batch: loop,
};

/** Linear-algebra primitives: factorisations, solves and determinants. */
export const linalgRules = { cholesky, triangularSolve, solve, logAbsDet, detSign };

declare module "../primitive" {
  interface PrimitiveParams {
    cholesky: Empty;
    triangularSolve: { readonly lower: boolean; readonly transposeA: boolean; readonly leftSide: boolean; readonly unitDiagonal: boolean };
    solve: Empty;
    logAbsDet: Empty;
    detSign: Empty;
  }
}
