/**
 * Trigonometric and hyperbolic functions and their inverses as primitives (JAX has each
 * as a primitive: composing them from exp and log loses accuracy near 0 and at the ends
 * of their domains). The kernels are the JavaScript engine's `Math` functions (V8 runs
 * fdlibm's algorithms: under 1 ulp in float64); float32 rounds the float64 value.
 * @module
 */
import type { Tensor } from "../../tensor/tensor";
import type { Empty, PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { add, div, mul, neg, square, sub } from "./wrappers";
import { scalarBinaryRule, scalarUnaryRule, type UnaryDerivative } from "./elementwise-rules";
import { laneMath } from "../compile/lanes";

const sqrt = (x: Tensor): Tensor => bind("sqrt", [x], {});

type MathFunction = "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh";

/** A rule whose kernel and fused form are `Math[fn]` (in wasm, per-lane calls of the same function). */
const mathRule = (fn: MathFunction, derivative: UnaryDerivative<Empty>): PrimitiveRule<Empty> => ({
  ...scalarUnaryRule<Empty>(
    fn,
    () => Math[fn],
    derivative,
    ([a]) => `Math.${fn}(${a})`,
  ),
  vectorElement: laneMath(fn),
});

/** Trigonometric and hyperbolic primitives. */
export const trigonometricRules = {
  tan: mathRule("tan", (_x, y) => add(square(y), 1)),
  asin: mathRule("asin", (x) => div(1, sqrt(sub(1, square(x))))),
  acos: mathRule("acos", (x) => neg(div(1, sqrt(sub(1, square(x)))))),
  atan: mathRule("atan", (x) => div(1, add(square(x), 1))),
  sinh: mathRule("sinh", (x) => bind("cosh", [x], {})),
  cosh: mathRule("cosh", (x) => bind("sinh", [x], {})),
  asinh: mathRule("asinh", (x) => div(1, sqrt(add(square(x), 1)))),
  // 1/(√(x−1)·√(x+1)) rather than 1/√(x²−1), which overflows for large x.
  acosh: mathRule("acosh", (x) => div(1, mul(sqrt(sub(x, 1)), sqrt(add(x, 1))))),
  atanh: mathRule("atanh", (x) => div(1, sub(1, square(x)))),
  // ∂/∂a atan2(a, b) = b/(a² + b²), ∂/∂b = −a/(a² + b²).
  atan2: {
    ...scalarBinaryRule(
      "atan2",
      Math.atan2,
      { da: (a, b) => div(b, add(square(a), square(b))), db: (a, b) => neg(div(a, add(square(a), square(b)))) },
      ([a, b]) => `Math.atan2(${a}, ${b})`,
      true,
    ),
    vectorElement: laneMath("atan2"),
  },
} satisfies Record<string, PrimitiveRule<Empty>>;

declare module "../primitive" {
  interface PrimitiveParams {
    tan: Empty;
    asin: Empty;
    acos: Empty;
    atan: Empty;
    sinh: Empty;
    cosh: Empty;
    asinh: Empty;
    acosh: Empty;
    atanh: Empty;
    atan2: Empty;
  }
}
