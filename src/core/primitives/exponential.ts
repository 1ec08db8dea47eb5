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
import { laneMath, type VectorElement } from "../compile/lanes";

const exp2 = (x: number): number => 2 ** x;

/** exp2 per lane as `Math.pow(2, x)`. */
const exp2Lanes: VectorElement = (lanes, _p, { out }) => {
  lanes.arg(0);
  lanes.perLane(out, 1, ({ code, args: [x], math }) => {
    code.f64Const(2).localGet(x);
    math("pow");
  });
  return true;
};

/** Exponential and logarithm primitives of other bases, and the cube root. */
export const exponentialRules = {
  exp2: {
    ...scalarUnaryRule<Empty>(
      "exp2",
      () => exp2,
      (_x, y) => mul(y, Math.LN2),
      ([a]) => `Math.pow(2, ${a})`,
    ),
    vectorElement: exp2Lanes,
  },
  log2: {
    ...scalarUnaryRule<Empty>(
      "log2",
      () => Math.log2,
      (x) => div(1 / Math.LN2, x),
      ([a]) => `Math.log2(${a})`,
    ),
    vectorElement: laneMath("log2"),
  },
  log10: {
    ...scalarUnaryRule<Empty>(
      "log10",
      () => Math.log10,
      (x) => div(1 / Math.LN10, x),
      ([a]) => `Math.log10(${a})`,
    ),
    vectorElement: laneMath("log10"),
  },
  cbrt: {
    ...scalarUnaryRule<Empty>(
      "cbrt",
      () => Math.cbrt,
      (_x, y) => div(1 / 3, square(y)),
      ([a]) => `Math.cbrt(${a})`,
    ),
    vectorElement: laneMath("cbrt"),
  },
} satisfies Record<string, PrimitiveRule<Empty>>;

declare module "../primitive" {
  interface PrimitiveParams {
    exp2: Empty;
    log2: Empty;
    log10: Empty;
    cbrt: Empty;
  }
}
