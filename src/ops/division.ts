/**
 * Division with integral quotients, as `jax.numpy`: `fmod` (C's remainder, the sign of the
 * dividend), `remainder` (Python's `%`, the sign of the divisor), `floorDivide` (Python's
 * `//`) and `divmod` (both at once). Integer operands keep their dtype (a zero divisor
 * gives 0, as NumPy does after its warning); bools count as int32. Float results are
 * JAX's: the remainder is computed exactly (`rem`), the quotient is (a − remainder)/b
 * rounded to the integer it approximates.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import { bind } from "../core/bind";
import { convertTo, operandPair, type Operand, type Out, type Second } from "./operands";
import { add, div, sub } from "./arithmetic";
import { equal, less, notEqual, where } from "./compare";
import { floor, rint } from "./rounding";
import { logicalAnd } from "./logic";

/**
 * Elementwise remainder of a/b truncated toward zero: a − b·trunc(a/b), with the sign of
 * `a`, computed exactly (C's fmod, JavaScript's `%`). Gradient 1 for a, −trunc(a/b) for b.
 * @example
 * ```ts
 * import { fmod, tensor } from "purediff";
 * fmod(tensor([-7, 7]), 3).toArray(); // => [-1, 1]
 * ```
 */
export function fmod<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "fmod">): Out<A, B> {
  return bind("rem", operandPair(a, b, false, "fmod"), {}) as Out<A, B>;
}

/**
 * The floor quotient and the remainder with the divisor's sign, of operands of one dtype,
 * as JAX computes them: the truncated remainder moves to the divisor's sign where the
 * signs differ, and the float quotient (a − remainder)/b, one less with it, is rounded to
 * the integer it approximates.
 */
function floorDivmod(x: Tensor, y: Tensor): [Tensor, Tensor] {
  const truncated = bind("rem", [x, y], {});
  const moved = logicalAnd(notEqual(truncated, 0), notEqual(less(truncated, 0), less(y, 0)));
  const mod = where(moved, add(truncated, y), truncated);
  if (!isFloat(x.dtype)) {
    // The float64 quotient of two 32-bit integers is never so close to an integer that its floor is wrong.
    const q = floor(div(convertTo(x, "float64"), convertTo(y, "float64")));
    return [convertTo(where(equal(y, 0), 0, q), x.dtype), mod];
  }
  const rough = div(sub(x, truncated), y);
  return [rint(where(moved, sub(rough, 1), rough)), mod];
}

/**
 * Elementwise remainder of floor division, with the sign of the divisor (Python's `%`,
 * `np.remainder`, `np.mod`): a − b·⌊a/b⌋.
 * @example
 * ```ts
 * import { remainder, tensor } from "purediff";
 * remainder(tensor([-7, 7]), 3).toArray(); // => [2, 1]
 * ```
 */
export function remainder<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "remainder">): Out<A, B> {
  const [x, y] = operandPair(a, b, false, "remainder");
  return floorDivmod(x, y)[1] as Out<A, B>;
}

/**
 * Elementwise ⌊a/b⌋ (Python's `//`): integers stay integers, floats give integral floats.
 * @example
 * ```ts
 * import { floorDivide, tensor } from "purediff";
 * // int32 [-4, 3]
 * floorDivide(tensor([-7, 7], "int32"), 2).toArray(); // => [-4, 3]
 * ```
 */
export function floorDivide<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "floorDivide">): Out<A, B> {
  const [x, y] = operandPair(a, b, false, "floorDivide");
  return floorDivmod(x, y)[0] as Out<A, B>;
}

/**
 * `[floorDivide(a, b), remainder(a, b)]` at once (Python's `divmod`): a = b·q + r.
 * @example
 * ```ts
 * import { divmod, tensor } from "purediff";
 * divmod(tensor([-7, 7]), 3); // => [[-3, 2], [2, 1]]
 * ```
 */
export function divmod<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "divmod">): [Out<A, B>, Out<A, B>] {
  const [x, y] = operandPair(a, b, false, "divmod");
  return floorDivmod(x, y) as [Out<A, B>, Out<A, B>];
}
