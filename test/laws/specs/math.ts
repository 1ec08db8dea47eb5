/**
 * Law specs of the math family's primitives: rounding (piecewise constant: "zero"
 * derivative, sampled away from the jumps), trigonometric and hyperbolic functions and
 * their inverses (inside their domains, away from branch points), base-2/10 exponentials
 * and logarithms, the cube root (away from 0), the truncated remainder (away from its
 * jumps), erfc, erfinv, lgamma and polygamma (away from the poles).
 */
import {
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctan2,
  arctanh,
  cbrt,
  ceil,
  cosh,
  digamma,
  erfc,
  erfinv,
  exp2,
  floor,
  fmod,
  lgamma,
  log10,
  log2,
  polygamma,
  rint,
  sinh,
  tan,
} from "../../../src/index";
import type { PrimitiveName } from "../../../src/core/primitive";
import { binaryCase, expectValues, unaryCase, values, type LawSpec } from "./kit";

/** Integers of [−3, 3], where floor and ceil jump. */
const integers = [-3, -2, -1, 0, 1, 2, 3];
/** Halves of [−3, 3], where round jumps. */
const halves = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];

type MathPrimitive =
  | "floor"
  | "ceil"
  | "round"
  | "tan"
  | "asin"
  | "acos"
  | "atan"
  | "sinh"
  | "cosh"
  | "asinh"
  | "acosh"
  | "atanh"
  | "atan2"
  | "exp2"
  | "log2"
  | "log10"
  | "cbrt"
  | "rem"
  | "erfc"
  | "erfInv"
  | "lgamma"
  | "polygamma";

/** The math family's entries of the law table. */
export const mathSpecs: Record<MathPrimitive & PrimitiveName, LawSpec> = {
  floor: {
    via: "floor",
    domain: "[−3, 3] away from the integers",
    derivative: "zero",
    cases: [
      {
        ...unaryCase("floor(x)", (x) => floor(x), { min: -3, max: 3, avoid: integers }),
        value: ({ args: [x] }) => expectValues("floor equals Math.floor", floor(x), x.shape, values(x).map(Math.floor)),
      },
    ],
  },
  ceil: {
    via: "ceil",
    domain: "[−3, 3] away from the integers",
    derivative: "zero",
    cases: [
      {
        ...unaryCase("ceil(x)", (x) => ceil(x), { min: -3, max: 3, avoid: integers }),
        value: ({ args: [x] }) => expectValues("ceil equals Math.ceil", ceil(x), x.shape, values(x).map(Math.ceil)),
      },
    ],
  },
  round: {
    via: "rint, round",
    domain: "[−3, 3] away from the halves",
    derivative: "zero",
    cases: [
      {
        ...unaryCase("rint(x)", (x) => rint(x), { min: -3, max: 3, avoid: halves }),
        value: ({ args: [x] }) => expectValues("rint equals Math.round off the halves", rint(x), x.shape, values(x).map(Math.round)),
      },
    ],
  },
  tan: { via: "tan", domain: "(−1.3, 1.3), inside (−π/2, π/2)", derivative: "smooth", cases: [unaryCase("tan(x)", (x) => tan(x), { min: -1.3, max: 1.3 })] },
  asin: { via: "arcsin", domain: "(−0.9, 0.9)", derivative: "smooth", cases: [unaryCase("arcsin(x)", (x) => arcsin(x), { min: -0.9, max: 0.9 })] },
  acos: { via: "arccos", domain: "(−0.9, 0.9)", derivative: "smooth", cases: [unaryCase("arccos(x)", (x) => arccos(x), { min: -0.9, max: 0.9 })] },
  atan: { via: "arctan", domain: "[−3, 3]", derivative: "smooth", cases: [unaryCase("arctan(x)", (x) => arctan(x), { min: -3, max: 3 })] },
  sinh: { via: "sinh", domain: "[−2, 2]", derivative: "smooth", cases: [unaryCase("sinh(x)", (x) => sinh(x), { min: -2, max: 2 })] },
  cosh: { via: "cosh", domain: "[−2, 2]", derivative: "smooth", cases: [unaryCase("cosh(x)", (x) => cosh(x), { min: -2, max: 2 })] },
  asinh: { via: "arcsinh", domain: "[−3, 3]", derivative: "smooth", cases: [unaryCase("arcsinh(x)", (x) => arcsinh(x), { min: -3, max: 3 })] },
  acosh: {
    via: "arccosh",
    domain: "[1.2, 3], above the branch point at 1",
    derivative: "smooth",
    cases: [unaryCase("arccosh(x)", (x) => arccosh(x), { min: 1.2, max: 3 })],
  },
  atanh: { via: "arctanh", domain: "(−0.9, 0.9)", derivative: "smooth", cases: [unaryCase("arctanh(x)", (x) => arctanh(x), { min: -0.9, max: 0.9 })] },
  atan2: {
    via: "arctan2",
    domain: "a away from 0 (the branch cut is a = 0, b < 0)",
    derivative: "smooth",
    cases: [binaryCase("arctan2(a, b)", (a, b) => arctan2(a, b), { min: -2, max: 2, avoid: [0], margin: 0.3 }, { min: -2, max: 2 })],
  },
  exp2: { via: "exp2", domain: "[−2, 2]", derivative: "smooth", cases: [unaryCase("exp2(x)", (x) => exp2(x), { min: -2, max: 2 })] },
  log2: { via: "log2", domain: "x > 0: [0.2, 3]", derivative: "smooth", cases: [unaryCase("log2(x)", (x) => log2(x), { min: 0.2, max: 3 })] },
  log10: { via: "log10", domain: "x > 0: [0.2, 3]", derivative: "smooth", cases: [unaryCase("log10(x)", (x) => log10(x), { min: 0.2, max: 3 })] },
  cbrt: {
    via: "cbrt",
    domain: "[−3, 3] away from 0",
    derivative: "smooth",
    cases: [unaryCase("cbrt(x)", (x) => cbrt(x), { min: -3, max: 3, avoid: [0], margin: 0.3 })],
  },
  rem: {
    via: "fmod (and remainder, floorDivide, divmod)",
    domain: "a/b away from the integers, where rem jumps",
    derivative: "smooth",
    cases: [
      binaryCase("fmod(a, b), a/b in (0, 1)", (a, b) => fmod(a, b), { min: 0.1, max: 0.9 }, { min: 1.1, max: 2 }),
      binaryCase("fmod(a, b), a/b in (2, 3)", (a, b) => fmod(a, b), { min: 2.2, max: 2.8 }, { min: 1, max: 1.05 }),
      binaryCase("fmod(a, b), a/b in (−3, −2)", (a, b) => fmod(a, b), { min: -2.8, max: -2.2 }, { min: 1, max: 1.05 }),
    ],
  },
  erfc: { via: "erfc", domain: "[−3, 3]", derivative: "smooth", cases: [unaryCase("erfc(x)", (x) => erfc(x), { min: -3, max: 3 })] },
  erfInv: { via: "erfinv", domain: "(−0.9, 0.9)", derivative: "smooth", cases: [unaryCase("erfinv(x)", (x) => erfinv(x), { min: -0.9, max: 0.9 })] },
  lgamma: {
    via: "lgamma",
    domain: "[0.3, 4] and (−2.8, −2.2), away from the poles",
    derivative: "smooth",
    cases: [unaryCase("lgamma(x)", (x) => lgamma(x), { min: 0.3, max: 4 }), unaryCase("lgamma(x), x < 0", (x) => lgamma(x), { min: -2.8, max: -2.2 })],
  },
  polygamma: {
    via: "digamma, polygamma",
    domain: "[0.5, 4] and (−1.8, −1.2), away from the poles",
    derivative: "smooth",
    cases: [
      unaryCase("digamma(x)", (x) => digamma(x), { min: 0.5, max: 4 }),
      unaryCase("digamma(x), x < 0", (x) => digamma(x), { min: -1.8, max: -1.2 }),
      unaryCase("polygamma(2, x)", (x) => polygamma(2, x), { min: 0.5, max: 4 }),
    ],
  },
};
