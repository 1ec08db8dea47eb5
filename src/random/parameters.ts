/**
 * Distribution parameters (a shape, a rate, degrees of freedom) given as a number or a
 * tensor, checked and laid out as float64 values against the sample shape. Internal.
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { broadcastShapes, sameShape, showShape, type Shape } from "../tensor/shape";
import { scalar } from "../tensor/create";
import { astype } from "../ops/gradient-control";
import { broadcastTo, reshape } from "../ops/shape";

/**
 * The sample shape of a sampler with parameter `p`: `shape` when given (p must broadcast
 * to it), else p's shape (a number's is []).
 * @example sampleShape("random.gamma", "a", tensor([1, 2]), undefined) // [2]
 */
export function sampleShape(op: string, name: string, p: number | Tensor, shape: Shape | undefined): Shape {
  const own = p instanceof Tensor ? p.shape : [];
  if (shape === undefined) return own;
  if (!sameShape(broadcastShapes(`${op} (${name} vs shape)`, own, shape), shape)) {
    throw new Error(`${op}: ${name} of shape ${showShape(own)} does not broadcast to the sample shape ${showShape(shape)}`);
  }
  return shape;
}

/**
 * A parameter as float64 values of shape [n] for the `n` samples of `shape` (gradients
 * flow back through the conversion and the broadcast). A number must satisfy
 * `valid`, else the error names `op` and `name`; tensors are not checked (their invalid
 * entries give NaN samples, as in JAX).
 * @example flatParameter("random.gamma", "a", 2, [3], (a) => a > 0, "positive") // [2, 2, 2]
 */
export function flatParameter(op: string, name: string, p: number | Tensor, shape: Shape, valid: (v: number) => boolean, what: string): Tensor {
  if (typeof p === "number") {
    if (!valid(p)) throw new Error(`${op}: ${name} must be ${what}, got ${p}`);
  } else if (!(p instanceof Tensor) || p.dtype === "bool") {
    throw new Error(
      `${op}: ${name} must be a number or a numeric tensor, got ${p instanceof Tensor ? `a bool tensor of shape ${showShape(p.shape)}` : typeof p}`,
    );
  }
  const t = p instanceof Tensor ? astype(p, "float64") : scalar(p, "float64");
  return reshape(broadcastTo(t, shape as number[]), [-1]);
}
