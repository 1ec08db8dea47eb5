import { broadcastShapes, sameShape, showShape, type Shape } from "../tensor/shape";
import type { FloatDType } from "../tensor/dtype";
import { Tensor } from "../tensor/tensor";
import { softmax } from "../ops/softmax";
import { reshape } from "../ops/shape";
import { logGammaSamples } from "./gamma";
import { flatParameter } from "./parameters";
import { type SamplerOptions, type Writable, asSamples, checkSample, samplerOptions } from "./sampling";

/**
 * Dirichlet(alpha) samples: probability vectors along the last axis, as JAX's
 * `random.dirichlet`. `alpha` has the K concentrations on its last axis; `shape` is the
 * batch shape (alpha's leading axes must broadcast to it; by default they are it), and
 * the result has shape [...shape, K]. Normalised gamma samples, computed as a softmax of
 * log-space gamma samples so small concentrations do not underflow. Traceable;
 * differentiable in alpha through the gamma samples' implicit reparameterization (first
 * order).
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * // a uniform point of the 2-simplex, Tensor<[3]>
 * random.dirichlet(random.key(0), tensor([1, 1, 1])).toArray(); // => [0.3573024, 0.2529648, 0.3897328]
 * // Tensor<[100, 2]>
 * random.dirichlet(random.key(0), tensor([0.5, 2]), [100]).shape; // => [100, 2]
 * ```
 */
export function dirichlet<const S extends Shape = []>(
  k: Tensor,
  alpha: Tensor,
  shape?: S,
  dtypeOrOptions: SamplerOptions | FloatDType = {},
): Tensor<[...Writable<S>, number]> {
  const options = samplerOptions(dtypeOrOptions);
  const { dtype = "float32" } = options;
  if (!(alpha instanceof Tensor) || alpha.shape.length === 0) {
    throw new Error(
      `random.dirichlet: alpha must be a tensor with the concentrations on its last axis, got ${alpha instanceof Tensor ? "a scalar" : typeof alpha}`,
    );
  }
  const classes = alpha.shape[alpha.shape.length - 1];
  const batch = alpha.shape.slice(0, -1);
  const s = shape ?? batch;
  if (!sameShape(broadcastShapes("random.dirichlet (alpha vs shape)", batch, s), s)) {
    throw new Error(
      `random.dirichlet: alpha of shape ${showShape(alpha.shape)} does not broadcast to the batch shape ${showShape(s)} (alpha's leading axes must)`,
    );
  }
  const full = [...s, classes];
  checkSample("random.dirichlet", k, full, dtype);
  const logs = logGammaSamples(
    k,
    flatParameter("random.dirichlet", "alpha", alpha, full, () => true, "a tensor"),
  );
  return asSamples(softmax(reshape(logs, full), -1), full, dtype) as unknown as Tensor<[...Writable<S>, number]>;
}
