/**
 * The truncated remainder `rem(a, b) = a − b·trunc(a/b)` (C's fmod, JavaScript's `%`, JAX's
 * `lax.rem`) as a primitive: computed exactly, where `a − b·trunc(a/b)` in floating point is
 * not. The result has the sign of `a`. Integer operands are allowed (x % 0 is 0 there, as
 * NumPy gives).
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import { full } from "../../tensor/create";
import type { Empty, PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { div, greater, neg, where } from "./wrappers";
import { scalarBinaryRule } from "./elementwise-rules";

/** trunc(q): toward zero. */
const trunc = (q: Tensor): Tensor => where(greater(0, q), bind("ceil", [q], {}), bind("floor", [q], {}));

/** The rem primitive: ∂/∂a = 1, ∂/∂b = −trunc(a/b). */
export const remRule: PrimitiveRule<Empty> = scalarBinaryRule(
  "rem",
  (a, b) => a % b,
  { da: (_a, _b, y) => full([], 1, y.dtype), db: (a, b) => neg(trunc(div(a, b))) },
  ([a, b]) => `(${a} % ${b})`,
  false,
);

declare module "../primitive" {
  interface PrimitiveParams {
    rem: Empty;
  }
}
