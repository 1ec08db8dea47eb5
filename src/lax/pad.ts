import { Tensor } from "../tensor/tensor";
import { full } from "../tensor/create";
import type { Shape } from "../tensor/shape";
import { showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import { checkPadConfig, generalPad, type PadTriple } from "../core/primitives/general-pad";

export type { PadTriple } from "../core/primitives/general-pad";

/**
 * A shape of the same rank as `S` whose dimensions are not tracked at the type level.
 * @example
 * ```ts
 * import { lax } from "purediff";
 * type R = lax.SameRank<[2, 3]> // [number, number]
 * ```
 */
export type SameRank<S extends Shape> = { -readonly [K in keyof S]: number };

/**
 * Pads `x` with `paddingValue` (JAX's `lax.pad`): `config` holds one `[low, high, interior]`
 * triple per axis: `low` and `high` elements before and after (negative values crop that
 * many from the edge), `interior` elements between each pair of neighbours (≥ 0). An axis
 * of size d becomes `low + high + d + max(d − 1, 0)·interior`. Differentiable in `x` and in
 * `paddingValue` (a number taken in x's dtype, or a scalar tensor of x's dtype): the
 * gradient of the padding value is the sum of the cotangent over the padded positions.
 * @example
 * ```ts
 * import { lax, tensor } from "purediff";
 * lax.pad(tensor([1, 2, 3]), 0, [[1, 2, 1]]).toArray(); // => [0, 1, 0, 2, 0, 3, 0, 0]
 * lax.pad(tensor([1, 2, 3]), -1, [[-1, 1, 0]]).toArray(); // => [2, 3, -1]
 * ```
 */
export function pad<S extends Shape>(x: Tensor<S>, paddingValue: Tensor<[]> | number, config: readonly PadTriple[]): Tensor<SameRank<S>> {
  checkPadConfig("lax.pad", x.shape, config);
  if (paddingValue instanceof Tensor) {
    if (paddingValue.shape.length !== 0) throw new Error(`lax.pad: paddingValue must be a scalar, got shape ${showShape(paddingValue.shape)}`);
    if (paddingValue.dtype !== x.dtype)
      throw new Error(`lax.pad: paddingValue has dtype ${paddingValue.dtype}, x has ${x.dtype} (shape ${showShape(x.shape)}): they must agree`);
  } else if (typeof paddingValue !== "number") {
    throw new Error(`lax.pad: paddingValue must be a number or a scalar tensor, got ${typeof paddingValue}`);
  }
  const padded = generalPad(x, config);
  const addsPositions = config.some(([lo, hi, interior]) => lo > 0 || hi > 0 || interior > 0);
  if (!addsPositions || paddingValue === 0) return padded as Tensor<SameRank<S>>;
  // Where the elements of x landed: x's positions padded the same way with `false`.
  const inside = generalPad(full(x.shape, 1, "bool"), config);
  const value = paddingValue instanceof Tensor ? paddingValue : full([], paddingValue, x.dtype);
  return bind("select", [inside, padded, value], {}) as Tensor<SameRank<S>>;
}
