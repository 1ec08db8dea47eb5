/**
 * Rounding to integral values as primitives: `floor`, `ceil` and `round` (to the nearest
 * integer, halves to even, as NumPy's `rint` and IEEE 754's default). They are exact in
 * both float dtypes and piecewise constant: their derivative is zero.
 * @module
 */
import type { Empty, PrimitiveRule } from "../primitive";
import { floatUnaryRule, scalarUnaryRule } from "./elementwise-rules";
import { unaryKernel } from "../../tensor/kernels/unary";
import { laneOp } from "../compile/lanes";

/**
 * x rounded to the nearest integer, halves to the even neighbour (−0 stays −0).
 * `Math.round` rounds halves up; where it did so to an odd integer, step back by one.
 * @example roundHalfEven(2.5) // 2
 * @example roundHalfEven(-1.5) // -2
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Elementwise rounding primitives. */
export const roundingRules = {
  floor: {
    ...floatUnaryRule<Empty>(
      "floor",
      (x, dtype) => unaryKernel("floor", x, dtype),
      null,
      ([a]) => `Math.floor(${a})`,
    ),
    vectorElement: laneOp("floor"),
  },
  ceil: {
    ...floatUnaryRule<Empty>(
      "ceil",
      (x, dtype) => unaryKernel("ceil", x, dtype),
      null,
      ([a]) => `Math.ceil(${a})`,
    ),
    vectorElement: laneOp("ceil"),
  },
  // The same test as roundHalfEven, inline (a fused loop sees only its own variables and Math).
  round: {
    ...scalarUnaryRule<Empty>(
      "round",
      () => roundHalfEven,
      null,
      ([a]) => `(Math.round(${a}) - ${a} === 0.5 && Math.round(${a}) % 2 !== 0 ? Math.round(${a}) - 1 : Math.round(${a}))`,
    ),
    // IEEE 754 roundTiesToEven, which is what `nearest` computes.
    vectorElement: laneOp("nearest"),
  },
} satisfies Record<string, PrimitiveRule<Empty>>;

declare module "../primitive" {
  interface PrimitiveParams {
    floor: Empty;
    ceil: Empty;
    round: Empty;
  }
}
