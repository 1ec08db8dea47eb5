/**
 * Rounding to integral values, as `jax.numpy`: `floor`, `ceil`, `trunc`, `rint` and `round`
 * (halves to even, with `decimals`). Integer and bool tensors are already integral and
 * pass through unchanged (NumPy and JAX keep their dtype). The gradient is zero: the
 * functions are piecewise constant.
 * @module
 */
import { isFloat } from "../tensor/dtype";
import { bind } from "../core/bind";
import { asTensor, convertTo, type Operand, type Same } from "./operands";
import { div, mul } from "./arithmetic";
import { less, where } from "./compare";

function rounded<T extends Operand>(name: "floor" | "ceil" | "round", x: T): Same<T> {
  const t = asTensor(x);
  return (isFloat(t.dtype) ? bind(name, [t], {}) : t) as Same<T>;
}

/**
 * Elementwise ⌊x⌋, the largest integer not above x.
 * @example
 * ```ts
 * import { floor, tensor } from "purediff";
 * floor(tensor([-1.5, 1.5])).toArray(); // => [-2, 1]
 * ```
 */
export const floor = <T extends Operand>(x: T): Same<T> => rounded("floor", x);
/**
 * Elementwise ⌈x⌉, the smallest integer not below x.
 * @example
 * ```ts
 * import { ceil, tensor } from "purediff";
 * ceil(tensor([-1.5, 1.5])).toArray(); // => [-1, 2]
 * ```
 */
export const ceil = <T extends Operand>(x: T): Same<T> => rounded("ceil", x);
/**
 * Elementwise nearest integer, halves to even (NumPy's `rint`).
 * @example
 * ```ts
 * import { rint, tensor } from "purediff";
 * rint(tensor([0.5, 1.5, 2.5])).toArray(); // => [0, 2, 2]
 * ```
 */
export const rint = <T extends Operand>(x: T): Same<T> => rounded("round", x);

/**
 * Elementwise rounding toward zero.
 * @example
 * ```ts
 * import { tensor, trunc } from "purediff";
 * trunc(tensor([-1.7, 1.7])).toArray(); // => [-1, 1]
 * ```
 */
export function trunc<T extends Operand>(x: T): Same<T> {
  const t = asTensor(x);
  if (!isFloat(t.dtype)) return t as Same<T>;
  return where(less(t, 0), ceil(t), floor(t)) as Same<T>;
}

/**
 * Elementwise rounding to `decimals` decimal places (negative: to tens, hundreds...),
 * halves to even, as `np.round`: x·10ᵈ (or x/10⁻ᵈ) is rounded and scaled back, so
 * results are those of NumPy, including its rounding of the scaled value. Integers are
 * rounded only for negative `decimals`, in float64, and keep their dtype.
 * @example
 * ```ts
 * import { round, tensor } from "purediff";
 * round(tensor([2.5, 3.5, 0.125]), 0).toArray(); // => [2, 4, 0]
 * ```
 * @example
 * ```ts
 * import { round, tensor } from "purediff";
 * round(tensor([1.2345]), 2).toArray(); // => [1.23]
 * ```
 * @example
 * ```ts
 * import { round, tensor } from "purediff";
 * round(tensor([1250], "int32"), -2).toArray(); // => [1200]
 * ```
 */
export function round<T extends Operand>(x: T, decimals = 0): Same<T> {
  if (!Number.isInteger(decimals)) throw new Error(`round: decimals must be an integer, got ${decimals}`);
  const t = asTensor(x);
  if (!isFloat(t.dtype)) {
    if (decimals >= 0) return t as Same<T>;
    return convertTo(round(convertTo(t, "float64"), decimals), t.dtype === "bool" ? "int32" : t.dtype) as Same<T>;
  }
  if (decimals === 0) return rint(t) as Same<T>;
  const scale = 10 ** Math.abs(decimals);
  return (decimals > 0 ? div(rint(mul(t, scale)), scale) : mul(rint(div(t, scale)), scale)) as Same<T>;
}
