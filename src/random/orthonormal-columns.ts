/**
 * The Q factor of a thin QR decomposition built from traceable ops, for the random
 * orthogonal matrices (`random.orthogonal`, the orthogonal initializer). Internal.
 * @module
 */
import { eye } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { add, mul } from "../ops/arithmetic";
import { cholesky, triangularSolve } from "../ops/linalg-solve";
import { matmulImpl } from "../ops/linalg";
import { sum } from "../ops/reduce";

/** Unit roundoff of float64. */
const ROUNDOFF = 2 ** -53;

/** Q of a = Q·R with R = Lᵀ, L the Cholesky factor of aᵀa (+ shift·I). */
function choleskyQrStep(a: Tensor, k: number, shift?: Tensor): Tensor {
  const gram = matmulImpl(a, a, true, false);
  const l = cholesky(shift === undefined ? gram : add(gram, mul(eye(k, k, "float64"), shift)));
  // Q·Lᵀ = a.
  return triangularSolve(l, a, { lower: true, transposeA: true, leftSide: false });
}

/**
 * The Q of a = Q·R (R upper triangular with a positive diagonal) for float64 matrices `a`
 * of shape [..., m, k], m ≥ k, full column rank: shifted CholeskyQR3 (Fukaya, Kannan,
 * Nakatsukasa, Yamamoto and Yanagisawa, "Shifted Cholesky QR for computing the QR
 * factorization of ill-conditioned matrices", SIAM J. Sci. Comput. 2020): one Cholesky
 * QR of aᵀa + s·I with s = 11(mk + k(k + 1))·u·‖a‖²_F, safely positive definite for any
 * condition number below 1/u, then two plain Cholesky QRs that restore orthogonality to
 * rounding. Each R factor has a positive diagonal, so Q is the one Gram–Schmidt gives;
 * built from matmul, cholesky and triangularSolve, it works under `jit` and `vmap`.
 * @example orthonormalColumns(normal(key(0), [5, 3], { dtype: "float64" })) // QᵀQ ≈ I₃
 */
export function orthonormalColumns(a: Tensor): Tensor {
  const [m, k] = a.shape.slice(-2);
  const shift = mul(sum(mul(a, a), [-2, -1], { keepDims: true }), 11 * (m * k + k * (k + 1)) * ROUNDOFF);
  return choleskyQrStep(choleskyQrStep(choleskyQrStep(a, k, shift), k), k);
}
