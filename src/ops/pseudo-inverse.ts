import type { Tensor } from "../tensor/tensor";
import { eye, scalar } from "../tensor/create";
import type { Shape } from "../tensor/shape";
import { customJvp } from "../core/custom-jvp";
import { bind } from "../core/bind";
import { add, div, mul, neg, sub } from "./arithmetic";
import { greater, where } from "./compare";
import { astype } from "./gradient-control";
import { max, sum } from "./reduce";
import { matmulImpl } from "./linalg";
import { matrixOperand, matrixTranspose, svd } from "./decompositions";
import type { MatrixBatch } from "./linalg-solve";

/** [..., m, n] → [..., n, m]. */
export type PinvShape<S extends Shape> = S extends readonly [...infer B extends number[], infer M extends number, infer N extends number]
  ? [...B, N, M]
  : number[];

/** The machine epsilon of a float tensor's dtype. */
const epsilonOf = (x: Tensor): number => (x.dtype === "float64" ? 2 ** -52 : 2 ** -23);

const mm = (a: Tensor, b: Tensor): Tensor => matmulImpl(a, b, false, false);

/** A row vector [..., k] as [..., 1, k]. */
const asRow = (v: Tensor): Tensor => bind("reshape", [v], { shape: [...v.shape.slice(0, -1), 1, v.shape[v.shape.length - 1]] });

/** V·diag(1/s)·Uᵀ over the singular values above `rtol`·σ_max (the others count as 0). */
function pseudoInverse(a: Tensor, rtol: Tensor): Tensor {
  const { U, S, Vh } = svd(a, { fullMatrices: false });
  const cutoff = mul(max(S, -1, { keepDims: true }), rtol);
  const kept = greater(S, cutoff);
  const inverse = where(kept, div(1, where(kept, S, 1)), 0);
  return matmulImpl(mul(matrixTranspose(Vh), asRow(inverse)), U, false, true);
}

/**
 * The pseudo-inverse with the derivative of Golub and Pereyra (valid where the rank is
 * locally constant): dA⁺ = −A⁺·dA·A⁺ + A⁺·A⁺ᵀ·dAᵀ·(I − A·A⁺) + (I − A⁺·A)·dAᵀ·A⁺ᵀ·A⁺.
 * Unlike the SVD's rule it is finite for repeated singular values. `rtol` is a constant.
 */
const pinvWithRule: (a: Tensor, rtol: Tensor) => Tensor = customJvp(
  (a: Tensor, rtol: Tensor) => pseudoInverse(a, rtol),
  ([a, rtol], [da]) => {
    const p: Tensor = pinvWithRule(a, rtol);
    const [m, n] = a.shape.slice(-2);
    const dat = matrixTranspose(da);
    const pt = matrixTranspose(p);
    const first = neg(mm(mm(p, da), p));
    const second = mm(mm(mm(p, pt), dat), sub(eye(m, m, a.dtype), mm(a, p)));
    const third = mm(mm(sub(eye(n, n, a.dtype), mm(p, a)), dat), mm(pt, p));
    return [p, add(add(first, second), third)] as const;
  },
);

/** Options of {@link pinv}. */
export interface PinvOptions {
  /**
   * Singular values at most `rtol`·σ_max count as zero (default 10·max(m, n)·ε of the
   * dtype, as JAX). NumPy's `rcond` is the same cutoff.
   */
  readonly rtol?: number;
}

/**
 * The Moore–Penrose pseudo-inverse of a matrix (or of each in a batch), as
 * `jnp.linalg.pinv`: V·diag(1/σ)·Uᵀ from the SVD, with singular values at most
 * `rtol`·σ_max taken as zero. Its derivative (Golub–Pereyra) holds where the rank is
 * locally constant, repeated singular values included.
 * @example
 * ```ts
 * import { pinv, tensor } from "purediff";
 * pinv(tensor([[1, 0], [0, 2], [0, 0]])).toArray(); // => [[1, 0, 0], [0, 0.5, 0]]
 * ```
 */
export function pinv<S extends Shape>(a: Tensor<S>, options: PinvOptions = {}): Tensor<PinvShape<S>> {
  const { x, m, n } = matrixOperand("pinv", a, false);
  const rtol = options.rtol ?? 10 * Math.max(m, n) * epsilonOf(x);
  if (!(rtol >= 0 && Number.isFinite(rtol))) throw new Error(`pinv: rtol must be a finite number >= 0, got ${rtol}`);
  return pinvWithRule(x, scalar(rtol, x.dtype)) as Tensor<PinvShape<S>>;
}

/** Options of {@link matrixRank}. */
export interface MatrixRankOptions {
  /** Absolute threshold: singular values above it count. Overrides `rtol`. */
  readonly tol?: number;
  /** Relative threshold: singular values above `rtol`·σ_max count (default max(m, n)·ε of the dtype, as NumPy). */
  readonly rtol?: number;
}

/**
 * The rank of a matrix (or of each in a batch), as `numpy.linalg.matrix_rank`: the
 * number of singular values above the threshold (`tol`, or `rtol`·σ_max). int32; not
 * differentiable.
 * @example
 * ```ts
 * import { matrixRank, tensor } from "purediff";
 * matrixRank(tensor([[1, 2], [2, 4]])).toArray(); // => 1
 * ```
 */
export function matrixRank<S extends Shape>(a: Tensor<S>, options: MatrixRankOptions = {}): Tensor<MatrixBatch<S>> {
  const { x, m, n } = matrixOperand("matrixRank", a, false);
  for (const key of ["tol", "rtol"] as const) {
    const v = options[key];
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) throw new Error(`matrixRank: ${key} must be a finite number >= 0, got ${v}`);
  }
  const s = svd(x, { computeUv: false });
  const threshold = options.tol ?? mul(max(s, -1, { keepDims: true }), options.rtol ?? Math.max(m, n) * epsilonOf(x));
  return sum(astype(greater(s, threshold), "int32"), -1) as Tensor<MatrixBatch<S>>;
}
