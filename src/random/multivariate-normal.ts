import type { FloatDType } from "../tensor/dtype";
import { broadcastShapes, sameShape, showShape, type Shape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { add, maximum, mul } from "../ops/arithmetic";
import { eigh, svd } from "../ops/decompositions";
import { sqrt } from "../ops/math";
import { astype } from "../ops/gradient-control";
import { cholesky } from "../ops/linalg-solve";
import { sum } from "../ops/reduce";
import { expandDims } from "../ops/shape";
import { normal } from "./normal";
import type { Writable } from "./sampling";

/**
 * Options of {@link multivariateNormal}.
 * @example
 * ```ts
 * import { eye, random, zeros } from "purediff";
 * random.multivariateNormal(random.key(0), zeros([2]), eye(2), [100], { dtype: "float64" }).shape; // => [100, 2]
 * ```
 */
export interface MultivariateNormalOptions {
  /** float32 (default) or float64. */
  readonly dtype?: FloatDType;
  /**
   * How the covariance is factored into F with F·Fᵀ = cov (as JAX): "cholesky" (default;
   * cov positive definite), "eigh" (F = V·√max(Λ, 0)) or "svd" (F = U·√S); the last two
   * accept singular (positive semi-definite) covariances.
   */
  readonly method?: "cholesky" | "eigh" | "svd";
}

/**
 * Samples of N(mean, cov), as JAX's `random.multivariateNormal`: mean + F·z with F·Fᵀ = cov
 * (the Cholesky factor by default, see `method`) and z standard normal. `mean` is [..., n] and `cov` [..., n, n]
 * (positive definite; batch axes broadcast); `shape` is the batch shape of the samples
 * (default: the broadcast batch axes of mean and cov, which must broadcast to it); the
 * result is [...shape, n]. Traceable, and differentiable with respect to `mean` and `cov`
 * (the reparameterization trick).
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * const cov = tensor([[1, 0.5], [0.5, 2]]);
 * // Tensor<[1000, 2]>
 * random.multivariateNormal(random.key(0), tensor([0, 1]), cov, [1000]).shape; // => [1000, 2]
 * ```
 */
export function multivariateNormal<const S extends Shape = []>(
  k: Tensor,
  mean: Tensor,
  cov: Tensor,
  shape?: S,
  options: MultivariateNormalOptions = {},
): Tensor<[...Writable<S>, number]> {
  const { dtype = "float32", method = "cholesky" } = options;
  if (method !== "cholesky" && method !== "eigh" && method !== "svd") {
    throw new Error(`random.multivariateNormal: method must be "cholesky", "eigh" or "svd", got ${JSON.stringify(method)}`);
  }
  if (!(mean instanceof Tensor) || mean.shape.length < 1)
    throw new Error(`random.multivariateNormal: mean must be a tensor [..., n], got ${mean instanceof Tensor ? "a scalar" : typeof mean}`);
  const n = mean.shape[mean.shape.length - 1];
  if (!(cov instanceof Tensor) || cov.shape.length < 2 || cov.shape[cov.shape.length - 1] !== n || cov.shape[cov.shape.length - 2] !== n) {
    throw new Error(
      `random.multivariateNormal: cov must be [..., ${n}, ${n}] for mean of shape ${showShape(mean.shape)}, got ${cov instanceof Tensor ? showShape(cov.shape) : typeof cov}`,
    );
  }
  const batch = broadcastShapes("random.multivariateNormal (mean vs cov batch axes)", mean.shape.slice(0, -1), cov.shape.slice(0, -2));
  const s = shape ?? batch;
  if (!sameShape(broadcastShapes("random.multivariateNormal (batch vs shape)", batch, s), s)) {
    throw new Error(`random.multivariateNormal: the batch axes ${showShape(batch)} of mean and cov do not broadcast to the sample shape ${showShape(s)}`);
  }
  const factor = factorOf(astype(cov, dtype), method);
  const z = normal(k, [...s, n], { dtype });
  // L·z for each sample: sum_j L[i, j] z[j].
  return add(astype(mean, dtype), sum(mul(factor, expandDims(z, -2)), -1)) as unknown as Tensor<[...Writable<S>, number]>;
}

/** F with F·Fᵀ = cov: the Cholesky factor, or the eigenvectors or left singular vectors scaled by the square roots. */
function factorOf(cov: Tensor, method: "cholesky" | "eigh" | "svd"): Tensor {
  if (method === "cholesky") return cholesky(cov);
  if (method === "eigh") {
    const { eigenvalues, eigenvectors } = eigh(cov);
    return mul(eigenvectors, expandDims(sqrt(maximum(eigenvalues, 0)), -2)) as Tensor;
  }
  const { U, S } = svd(cov, { fullMatrices: false });
  return mul(U, expandDims(sqrt(S), -2)) as Tensor;
}
