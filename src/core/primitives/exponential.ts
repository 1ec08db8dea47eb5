/**
 * Base-2 and base-10 exponentials and logarithms and the cube root as primitives:
 * `log(x)/ln 2` is off by an ulp at powers of two (log2(8) would not be 3), and
 * `pow(x, 1/3)` is NaN for negative x. The kernels are the JavaScript engine's `Math`
 * functions (fdlibm's algorithms in V8: exact at powers of the base, under 1 ulp
 * elsewhere); float32 rounds the float64 value.
 * @module
 */
import type { Empty, PrimitiveRule } from "../primitive";
import { div, mul, square } from "./wrappers";
import { scalarUnaryRule } from "./elementwise-rules";

const exp2 = (x: number): number => Math.pow(2, x);

/** Exponential and logarithm primitives of other bases, and the cube root. */
export const exponentialRules = {
  exp2: scalarUnaryRule<Empty>("exp2", () => exp2, (_x, y) => mul(y, Math.LN2), ([a]) => `Math.pow(2, ${a})`),
  log2: scalarUnaryRule<Empty>("log2", () => Math.log2, (x) => div(1 / Math.LN2, x), ([a]) => `Math.log2(${a})`),
  log10: scalarUnaryRule<Empty>("log10", () => Math.log10, (x) => div(1 / Math.LN10, x), ([a]) => `Math.log10(${a})`),
  cbrt: scalarUnaryRule<Empty>("cbrt", () => Math.cbrt, (_x, y) => div(1 / 3, square(y)), ([a]) => `Math.cbrt(${a})`),
} satisfies Record<string, PrimitiveRule<Empty>>;

declare module "../primitive" {
  interface PrimitiveParams {
    exp2: Empty;
    log2: Empty;
    log10: Empty;
    cbrt: Empty;
  }
}
