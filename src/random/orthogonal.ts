import type { Shape } from "../tensor/shape";
import { eye } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { add, mul } from "../ops/arithmetic";
import { astype } from "../ops/gradient-control";
import { cholesky, triangularSolve } from "../ops/linalg-solve";
import { matmulImpl } from "../ops/linalg";
import { sum } from "../ops/reduce";
import { normal } from "./normal";
import { type SamplerOptions, type Writable, checkSample } from "./sampling";

/** Unit roundoff of float64. */
const ROUNDOFF = 2 ** -53;

/** Q of a = Q·R with R = Lᵀ, L the Cholesky factor of aᵀa + shift·I. */
function choleskyQrStep(a: Tensor, shift: Tensor | number, n: number): Tensor {
  const gram = matmulImpl(a, a, true, false);
  const l = cholesky(shift === 0 ? gram : add(gram, mul(eye(n, n, "float64"), shift)));
  // Q·Lᵀ = a.
  return triangularSolve(l, a, { lower: true, transposeA: true, leftSide: false });
}

/**
 * Random orthogonal n×n matrices, uniformly (Haar) distributed, as JAX's
 * `random.orthogonal`: the Q of the QR decomposition of a standard Gaussian matrix, with
 * R's diagonal positive. The QR is shifted CholeskyQR3 (Fukaya et al., "Shifted
 * Cholesky QR for computing the QR factorization of ill-conditioned matrices", SIAM J.
 * Sci. Comput. 2020) in float64, built from matmul, cholesky and triangularSolve, so it
 * works under `jit` and `vmap` and stays orthogonal to rounding for any Gaussian draw.
 * The result has shape [...shape, n, n].
 * @example
 * const q = orthogonal(key(0), 3); // qᵀq ≈ I
 * orthogonal(key(0), 4, [10]); // ten 4×4 rotations or reflections
 */
export function orthogonal<const N extends number, const S extends Shape = []>(
  k: Tensor,
  n: N,
  shape?: S,
  options: SamplerOptions = {},
): Tensor<[...Writable<S>, N, N]> {
  const s = (shape ?? []) as S;
  const { dtype = "float32" } = options;
  if (!Number.isInteger(n) || n < 0) throw new Error(`random.orthogonal: n must be a non-negative integer, got ${n}`);
  checkSample("random.orthogonal", k, [...s, n, n], dtype);
  const a = normal(k, [...s, n, n], { dtype: "float64" });
  // The shift 11(mn + n(n+1))·u·‖a‖²_F makes the first Gram matrix safely positive definite.
  const shift = mul(sum(mul(a, a), [-2, -1], { keepDims: true }), 11 * (2 * n * n + n) * ROUNDOFF);
  const q = choleskyQrStep(choleskyQrStep(choleskyQrStep(a, shift, n), 0, n), 0, n);
  return astype(q, dtype) as unknown as Tensor<[...Writable<S>, N, N]>;
}
