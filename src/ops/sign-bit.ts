/**
 * The sign bit of floats, as `jax.numpy`: `signbit` (true for −0 as for negatives) and
 * `copysign`. JavaScript cannot read the sign of a NaN, so NaNs count as positive.
 * @module
 */
import { isFloat } from "../tensor/dtype";
import { asTensor, operandPair, type Operand, type Same, type Out, type Second } from "./operands";
import { abs } from "./math";
import { div, neg } from "./arithmetic";
import { equal, less, where } from "./compare";
import { logicalAnd, logicalOr } from "./logic";

/**
 * Elementwise test of the sign bit: true for negative numbers and −0 (1/−0 is −∞).
 * @example
 * ```ts
 * import { signbit, tensor } from "purediff";
 * signbit(tensor([-1, -0, 0, 2])).toArray(); // => [true, true, false, false]
 * ```
 */
export function signbit<T extends Operand>(x: T): Same<T> {
  const t = asTensor(x);
  if (!isFloat(t.dtype)) return less(t, 0) as Same<T>;
  return logicalOr(less(t, 0), logicalAnd(equal(t, 0), less(div(1, t), 0))) as Same<T>;
}

/**
 * Elementwise |a| with the sign of b (−0 counts as negative). The gradient for `a` is
 * ±sign(a), 0 at a = 0, as JAX's.
 * @example
 * ```ts
 * import { copysign, tensor } from "purediff";
 * copysign(tensor([1, -2, 3]), tensor([-1, 1, -0])).toArray(); // => [-1, 2, -3]
 * ```
 */
export function copysign<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "copysign">): Out<A, B> {
  const [x, y] = operandPair(a, b, true, "copysign");
  const magnitude = abs(x);
  return where(signbit(y), neg(magnitude), magnitude) as Out<A, B>;
}
