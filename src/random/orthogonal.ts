import type { Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import type { Tensor } from "../tensor/tensor";
import { astype } from "../ops/gradient-control";
import { normal } from "./normal";
import { orthonormalColumns } from "./orthonormal-columns";
import { type SamplerOptions, type Writable, checkSample, samplerOptions } from "./sampling";

/**
 * Random orthogonal n×n matrices, uniformly (Haar) distributed, as JAX's
 * `random.orthogonal`: the Q of the QR decomposition of a standard Gaussian matrix, with
 * R's diagonal positive, computed in float64 by shifted CholeskyQR3 (matmul, cholesky and
 * triangularSolve), so it works under `jit` and `vmap` and stays orthogonal to rounding
 * for any Gaussian draw.
 * The result has shape [...shape, n, n].
 * @example
 * ```ts
 * import { random } from "purediff";
 * const q = random.orthogonal(random.key(0), 3); // qᵀq ≈ I
 * // ten 4×4 rotations or reflections
 * random.orthogonal(random.key(0), 4, [10]).shape; // => [10, 4, 4]
 * ```
 */
export function orthogonal<const N extends number, const S extends Shape = []>(
  k: Tensor,
  n: N,
  shape?: S,
  dtypeOrOptions: SamplerOptions | FloatDType = {},
): Tensor<[...Writable<S>, N, N]> {
  const options = samplerOptions(dtypeOrOptions);
  const s = (shape ?? []) as S;
  const { dtype = "float32" } = options;
  if (!Number.isInteger(n) || n < 0) throw new Error(`random.orthogonal: n must be a non-negative integer, got ${n}`);
  checkSample("random.orthogonal", k, [...s, n, n], dtype);
  const q = orthonormalColumns(normal(k, [...s, n, n], { dtype: "float64" }));
  return astype(q, dtype) as unknown as Tensor<[...Writable<S>, N, N]>;
}
