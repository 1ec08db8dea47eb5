/**
 * The law table of the primitive battery: for every primitive of the rule table, how to
 * reach it through public ops, the input domain (positive for log and sqrt, away from
 * kinks and ties for abs, max, sign, ...), the shapes (broadcasting for binary ops), and
 * which family of laws applies. `primitives.test.ts` runs the battery from this table;
 * a primitive without an entry here fails to compile and fails the suite.
 */
import fc from "fast-check";
import {
  abs,
  add,
  argmax,
  argmin,
  astype,
  bitwiseAnd,
  bitwiseNot,
  bitwiseOr,
  bitwiseXor,
  broadcastTo,
  concat,
  cos,
  div,
  equal,
  erf,
  exp,
  expm1,
  grad,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  log1p,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  prod,
  reshape,
  rotateLeft,
  shiftLeft,
  shiftRightArithmetic,
  shiftRightLogical,
  sigmoid,
  sign,
  sin,
  slice,
  sqrt,
  stopGradient,
  sub,
  sum,
  take,
  tanh,
  tensor,
  transpose,
  where,
  zeros,
  type Tensor,
  random,
  stack,
} from "../../src/index";
import type { PrimitiveName } from "../../src/core/primitive";
import { layoutExtraSpecs } from "./specs/layout-extra";
import {
  anywhere,
  binaryCase,
  broadcastShape,
  broadcastValues,
  expectValues,
  lawsOf,
  nonScalarShapes,
  separatedCase,
  shapes,
  show,
  strides,
  unaryCase,
  values,
  type Fn,
  type LawCase,
  type LawSpec,
  type Sample,
} from "./specs/kit";

export { lawsOf, type DerivativeKind, type LawCase, type LawKey, type LawSpec, type Sample } from "./specs/kit";
import { cumulativeSpecs } from "./specs/cumulative";
import { linalgSpecs, triangularSolveVariants, type LinalgLawSpec } from "../linalg/linalg-specs";
import { sortSpecs } from "./specs/sort";
import { reduceWindowSpecs } from "./specs/reduce-window";
import { convSpecs } from "./specs/conv";
import { decompositionLaws } from "./specs/linalg-decompositions";
import { mathSpecs } from "./specs/math";
import {
  arbAxes,
  arbBroadcastablePair,
  arbBroadcastableShapes,
  arbPermutation,
  arbShape,
  arbTensor,
  failed,
  passed,
  type LawResult,
  type TensorOptions,
} from "../../laws/index";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/** erf at points of each branch of the kernel, from CPython's math.erf. */
const erfKnown: readonly (readonly [number, number])[] = [
  [0, 0],
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [-0.5, -0.5204998778130465],
  [0.8, 0.7421009647076605],
  [1, 0.8427007929497149],
  [1.2, 0.9103139782296353],
  [1.5, 0.9661051464753108],
  [-2, -0.9953222650189527],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [5.5, 0.9999999999999927],
  [7, 1],
];

/** Threefry-2x32 of one counter pair, written plainly from the specification (Random123), for the value law. */
function threefryReference(key: readonly [number, number], c0: number, c1: number): [number, number] {
  const rotations = [13, 15, 26, 6, 17, 29, 16, 24];
  const ks = [key[0], key[1], (key[0] ^ key[1] ^ 0x1bd11bda) >>> 0];
  const x = [(c0 + ks[0]) >>> 0, (c1 + ks[1]) >>> 0];
  for (let round = 0; round < 20; round++) {
    const r = rotations[round % 8];
    x[0] = (x[0] + x[1]) >>> 0;
    x[1] = (((x[1] << r) | (x[1] >>> (32 - r))) ^ x[0]) >>> 0;
    if (round % 4 === 3) {
      const s = (round + 1) / 4;
      x[0] = (x[0] + ks[s % 3]) >>> 0;
      x[1] = (x[1] + ks[(s + 1) % 3] + s) >>> 0;
    }
  }
  return [x[0], x[1]];
}

/** A comparison through its public op, as a float64 0/1 tensor so the laws can differentiate it. */
function comparisonCase(name: string, op: (a: Tensor, b: Tensor) => Tensor, reference: (a: number, b: number) => boolean, ties: boolean): LawCase {
  const fn: Fn = (a, b) => astype(op(a, b), "float64");
  const value = ({ args: [a, b] }: Sample): LawResult => {
    const shape = broadcastShape(a.shape, b.shape);
    const va = broadcastValues(a, shape);
    const vb = broadcastValues(b, shape);
    return expectValues(
      `${name} equals the JavaScript comparison`,
      op(a, b),
      shape,
      va.map((x, i) => (reference(x, vb[i]) ? 1 : 0)),
    );
  };
  if (!ties) return separatedCase(name, fn, { value });
  // Small integers, so that ties happen; the function is constant off the tie itself.
  const ints: TensorOptions = { min: -2, max: 2 };
  return {
    name: `${name} with ties`,
    sample: arbBroadcastablePair()
      .chain(([sa, sb]) => fc.tuple(arbTensor(sa, { ...ints, dtype: "int32" }), arbTensor(sb, { ...ints, dtype: "int32" })))
      .map(([x, y]) => ({ args: [astype(x, "float64"), astype(y, "float64")], fn, note: `shapes ${show(x.shape)}, ${show(y.shape)}` })),
    value,
  };
}

/** Integers of [−40, 40] (so shift counts reach past 32) as float64 values kept off the integers. */
const bitsDomain: TensorOptions = { min: -40, max: 40, avoid: Array.from({ length: 81 }, (_, i) => i - 40) };

/**
 * A bitwise op on int32 operands truncated from float64 (piecewise constant, so the zero
 * laws apply), and its value law against a JavaScript reference on int32 and on uint32 bits.
 */
function bitwiseCase(name: string, op: (a: Tensor, b: Tensor) => Tensor, reference: (a: number, b: number) => number): LawCase {
  const value = ({ args: [a, b] }: Sample): LawResult => {
    const shape = broadcastShape(a.shape, b.shape);
    const [ia, ib] = [a, b].map((t) => (t.dtype === "uint32" ? t : astype(t, "int32")));
    const va = broadcastValues(ia, shape);
    const vb = broadcastValues(ib, shape);
    const store = a.dtype === "uint32" ? (v: number) => v >>> 0 : (v: number) => v | 0;
    return expectValues(
      `${name} equals the JavaScript reference`,
      op(ia, ib),
      shape,
      va.map((x, i) => store(reference(x, vb[i]))),
    );
  };
  return {
    name,
    sample: arbBroadcastablePair()
      .chain(([sa, sb]) => fc.tuple(arbTensor(sa, bitsDomain), arbTensor(sb, bitsDomain)))
      .map(([x, y]) => ({
        args: [x, y],
        fn: (a: Tensor, b: Tensor) => astype(op(astype(a, "int32"), astype(b, "int32")), "float64"),
        note: `shapes ${show(x.shape)}, ${show(y.shape)}`,
      })),
    value,
  };
}

/** The uint32 counterpart of a {@link bitwiseCase}: the value law alone, on any 32 bits. */
function bitwiseUintCase(c: LawCase, op: (a: Tensor, b: Tensor) => Tensor): LawCase {
  const bits: TensorOptions = { dtype: "uint32", min: 0, max: 0xffffffff };
  return {
    ...c,
    name: `${c.name} on uint32`,
    sample: arbBroadcastablePair()
      .chain(([sa, sb]) => fc.tuple(arbTensor(sa, bits), arbTensor(sb, { ...bits, max: 40 })))
      .map(([x, y]) => ({ args: [x, y], fn: op, note: `shapes ${show(x.shape)}, ${show(y.shape)}` })),
    laws: [],
  };
}

/** JavaScript arg-reduction along `axis`. */
function argReference(t: Tensor, axis: number, better: (a: number, b: number) => boolean): number[] {
  const v = values(t);
  const shape = t.shape;
  const st = strides(shape);
  const outShape = shape.filter((_, i) => i !== axis);
  const size = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let base = 0;
    for (let axisOut = outShape.length - 1; axisOut >= 0; axisOut--) {
      const i = rest % outShape[axisOut];
      rest = Math.floor(rest / outShape[axisOut]);
      const own = axisOut >= axis ? axisOut + 1 : axisOut;
      base += i * st[own];
    }
    let best = 0;
    for (let k = 1; k < shape[axis]; k++) if (better(v[base + k * st[axis]], v[base + best * st[axis]])) best = k;
    out.push(best);
  }
  return out;
}

/** The shape of a strided window. */
function windowShape(start: readonly number[], end: readonly number[], step: readonly number[]): number[] {
  return start.map((s, i) => Math.ceil((end[i] - s) / step[i]));
}

/** A non-empty strided window of every axis of `shape`. */
function arbWindow(shape: readonly number[]): fc.Arbitrary<{ start: number[]; end: number[]; step: number[] }> {
  return fc
    .tuple(
      ...shape.map((d) =>
        fc.integer({ min: 0, max: d - 1 }).chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: s + 1, max: d }), fc.integer({ min: 1, max: 2 }))),
      ),
    )
    .map((axes) => ({ start: axes.map((a) => a[0]), end: axes.map((a) => a[1]), step: axes.map((a) => a[2]) }));
}

/** Indices for take along an axis of size `dim`, negative ones included, repeats likely; of rank 1–2 (or 0). */
function arbIndices(dim: number, rank: { readonly min: number; readonly max: number } = { min: 1, max: 2 }): fc.Arbitrary<Tensor> {
  return arbShape({ minRank: rank.min, maxRank: rank.max, maxDim: 3 }).chain((s) => arbTensor(s, { dtype: "int32", min: -dim, max: dim - 1 }));
}

/** A rank-0 index. */
const scalarIndex = { min: 0, max: 0 } as const;

/** Values with exact zeros mixed in (for prod's exact gradient at zeros). */
function arbWithZeros(shape: readonly number[]): fc.Arbitrary<Tensor> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: -0.5, noNaN: true })), {
      minLength: n,
      maxLength: n,
    })
    .map((v) => tensor(new Float64Array(v), "float64", [...shape]));
}

/**
 * A linear-algebra primitive from the linalg suite's own specs (test/linalg/linalg-specs.ts):
 * its seeded sampler of well-conditioned float64 arguments, as a fast-check arbitrary of seeds.
 */
function linalgCase(name: string, spec: LinalgLawSpec): LawCase {
  return {
    name,
    sample: fc.integer({ min: 0, max: 1_000_000 }).map((seed) => ({ args: spec.sample(seed), fn: spec.op, note: `sampler seed ${seed}` })),
    derivative: spec.differentiable ? "smooth" : "zero",
    laws: spec.differentiable && !spec.secondOrder ? lawsOf.smooth.filter((l) => l !== "second-order") : undefined,
  };
}

/** The spec of a linear-algebra primitive. */
function linalgLaw(name: keyof typeof linalgSpecs, via: string, extra: readonly LawCase[] = []): LawSpec {
  const spec = linalgSpecs[name];
  return {
    via,
    domain: spec.domain,
    derivative: spec.differentiable ? "smooth" : "zero",
    cases: [linalgCase(`${name} [${spec.shapes.map(show).join(", ")}]`, spec), ...extra],
  };
}

// ---------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------

/** Every primitive of `rules`, with the laws it must satisfy. */
export const primitiveLaws: Record<PrimitiveName, LawSpec> = {
  neg: { via: "neg", domain: "ℝ", derivative: "smooth", cases: [unaryCase("neg(x)", (x) => neg(x), anywhere)] },
  exp: { via: "exp", domain: "[−2, 2]", derivative: "smooth", cases: [unaryCase("exp(x)", (x) => exp(x), { min: -2, max: 2 })] },
  log: { via: "log", domain: "x > 0: [0.2, 3]", derivative: "smooth", cases: [unaryCase("log(x)", (x) => log(x), { min: 0.2, max: 3 })] },
  log1p: { via: "log1p", domain: "x > −1: [−0.5, 3]", derivative: "smooth", cases: [unaryCase("log1p(x)", (x) => log1p(x), { min: -0.5, max: 3 })] },
  expm1: { via: "expm1", domain: "[−2, 2]", derivative: "smooth", cases: [unaryCase("expm1(x)", (x) => expm1(x), { min: -2, max: 2 })] },
  sqrt: { via: "sqrt", domain: "x > 0: [0.2, 3]", derivative: "smooth", cases: [unaryCase("sqrt(x)", (x) => sqrt(x), { min: 0.2, max: 3 })] },
  abs: { via: "abs", domain: "ℝ away from the kink at 0", derivative: "smooth", cases: [unaryCase("abs(x)", (x) => abs(x), { ...anywhere, avoid: [0] })] },
  sign: {
    via: "sign",
    domain: "ℝ away from the jump at 0",
    derivative: "zero",
    cases: [
      {
        ...unaryCase("sign(x)", (x) => sign(x), { ...anywhere, avoid: [0] }),
        value: ({ args: [x] }) => expectValues("sign equals Math.sign", sign(x), x.shape, values(x).map(Math.sign)),
      },
    ],
  },
  sin: { via: "sin", domain: "[−3, 3]", derivative: "smooth", cases: [unaryCase("sin(x)", (x) => sin(x), anywhere)] },
  cos: { via: "cos", domain: "[−3, 3]", derivative: "smooth", cases: [unaryCase("cos(x)", (x) => cos(x), anywhere)] },
  tanh: { via: "tanh", domain: "[−2, 2]", derivative: "smooth", cases: [unaryCase("tanh(x)", (x) => tanh(x), { min: -2, max: 2 })] },
  erf: {
    via: "erf",
    domain: "[−3, 3]",
    derivative: "smooth",
    cases: [
      unaryCase("erf(x)", (x) => erf(x), { min: -3, max: 3 }),
      {
        // Reference values of erf (correctly rounded float64), through 6 where erf rounds to 1.
        name: "erf at known values",
        sample: fc.constant({
          args: [
            tensor(
              erfKnown.map(([x]) => x),
              "float64",
            ),
          ],
          fn: (x: Tensor) => erf(x),
        }),
        laws: [],
        value: ({ args: [x] }) => {
          const got = values(erf(x));
          const i = erfKnown.findIndex(([, e], j) => Math.abs(got[j] - e) > 2e-16 * Math.abs(e));
          return i < 0 ? passed : failed("erf equals reference values", `erf(${erfKnown[i][0]}) = ${got[i]}, expected ${erfKnown[i][1]}`);
        },
      },
    ],
  },
  sigmoid: { via: "sigmoid", domain: "[−3, 3]", derivative: "smooth", cases: [unaryCase("sigmoid(x)", (x) => sigmoid(x), anywhere)] },

  add: {
    via: "add (tensors and numbers)",
    domain: "ℝ, broadcasting",
    derivative: "smooth",
    cases: [binaryCase("add(a, b)", (a, b) => add(a, b)), unaryCase("add(x, 2.5)", (x) => add(x, 2.5), anywhere)],
  },
  sub: {
    via: "sub",
    domain: "ℝ, broadcasting",
    derivative: "smooth",
    cases: [binaryCase("sub(a, b)", (a, b) => sub(a, b)), unaryCase("sub(1, x)", (x) => sub(1, x), anywhere)],
  },
  mul: {
    via: "mul",
    domain: "ℝ, broadcasting",
    derivative: "smooth",
    cases: [binaryCase("mul(a, b)", (a, b) => mul(a, b)), unaryCase("mul(x, x)", (x) => mul(x, x), anywhere)],
  },
  div: {
    via: "div",
    domain: "denominator away from 0: |b| ≥ 0.5",
    derivative: "smooth",
    cases: [
      binaryCase("div(a, b)", (a, b) => div(a, b), {}, { min: -2, max: 2, avoid: [0], margin: 0.5 }),
      unaryCase("div(1, x)", (x) => div(1, x), { min: -2, max: 2, avoid: [0], margin: 0.5 }),
    ],
  },
  pow: {
    via: "pow",
    domain: "base > 0: [0.3, 2.5], exponent [−2, 2]; integer exponents on any base",
    derivative: "smooth",
    cases: [
      binaryCase("pow(a, b)", (a, b) => pow(a, b), { min: 0.3, max: 2.5 }, { min: -2, max: 2 }),
      unaryCase("pow(x, 3) on any sign", (x) => pow(x, 3), { min: -2, max: 2 }),
      unaryCase("pow(2, x)", (x) => pow(2, x), { min: -2, max: 2 }),
    ],
  },
  max: {
    via: "maximum, relu-like maximum(x, 0)",
    domain: "no ties: entries of a and b at least 0.1 apart; x away from 0",
    derivative: "smooth",
    cases: [separatedCase("maximum(a, b)", (a, b) => maximum(a, b)), unaryCase("maximum(x, 0)", (x) => maximum(x, 0), { ...anywhere, avoid: [0] })],
  },
  min: {
    via: "minimum",
    domain: "no ties: entries of a and b at least 0.1 apart; x away from 1",
    derivative: "smooth",
    cases: [separatedCase("minimum(a, b)", (a, b) => minimum(a, b)), unaryCase("minimum(x, 1)", (x) => minimum(x, 1), { ...anywhere, avoid: [1] })],
  },
  compare: {
    via: "greater, less, equal, notEqual, greaterEqual, lessEqual (as float64 0/1 via astype)",
    domain: "separated operands (no ties) or small integers (ties)",
    derivative: "zero",
    cases: [
      comparisonCase(
        "greater(a, b)",
        (a, b) => greater(a, b),
        (a, b) => a > b,
        false,
      ),
      comparisonCase(
        "less(a, b)",
        (a, b) => less(a, b),
        (a, b) => a < b,
        false,
      ),
      comparisonCase(
        "greaterEqual(a, b)",
        (a, b) => greaterEqual(a, b),
        (a, b) => a >= b,
        false,
      ),
      comparisonCase(
        "lessEqual(a, b)",
        (a, b) => lessEqual(a, b),
        (a, b) => a <= b,
        false,
      ),
      // lessEqual and greaterEqual jump at a tie: finite differences there see the jump, so ties get the value law only.
      {
        ...comparisonCase(
          "lessEqual(a, b)",
          (a, b) => lessEqual(a, b),
          (a, b) => a <= b,
          true,
        ),
        laws: [],
      },
      {
        ...comparisonCase(
          "greaterEqual(a, b)",
          (a, b) => greaterEqual(a, b),
          (a, b) => a >= b,
          true,
        ),
        laws: [],
      },
      comparisonCase(
        "equal(a, b)",
        (a, b) => equal(a, b),
        (a, b) => a === b,
        true,
      ),
      comparisonCase(
        "notEqual(a, b)",
        (a, b) => notEqual(a, b),
        (a, b) => a !== b,
        true,
      ),
    ],
  },
  select: {
    via: "where(greater(c, 0), a, b)",
    domain: "c away from 0 (the choice never flips), broadcasting of all three",
    derivative: "smooth",
    cases: [
      {
        name: "where(c > 0, a, b)",
        sample: arbBroadcastableShapes(3)
          .chain(([sc, sa, sb]) => fc.tuple(arbTensor(sc, { avoid: [0] }), arbTensor(sa), arbTensor(sb)))
          .map(([c, a, b]) => ({
            args: [c, a, b],
            fn: (c0: Tensor, a0: Tensor, b0: Tensor) => where(greater(c0, 0), a0, b0),
            note: `shapes ${show(c.shape)}, ${show(a.shape)}, ${show(b.shape)}`,
          })),
        value: ({ args: [c, a, b] }) => {
          const shape = broadcastShape(c.shape, broadcastShape(a.shape, b.shape));
          const vc = broadcastValues(c, shape);
          const va = broadcastValues(a, shape);
          const vb = broadcastValues(b, shape);
          return expectValues(
            "where picks a where c > 0, else b",
            where(greater(c, 0), a, b),
            shape,
            vc.map((x, i) => (x > 0 ? va[i] : vb[i])),
          );
        },
      },
      unaryCase("where(x > 0, x, 0.1·x) (leaky relu)", (x) => where(greater(x, 0), x, mul(x, 0.1)), { ...anywhere, avoid: [0] }),
    ],
  },
  convert: {
    via: "astype between float32 and float64 (and to int32: piecewise constant)",
    domain: "[−3, 3]; away from integers for int32",
    derivative: "smooth",
    cases: [
      {
        name: "astype(x: float32, float64)",
        sample: shapes.chain((s) => arbTensor(s, { dtype: "float32" })).map((x) => ({ args: [x], fn: (u: Tensor) => astype(u, "float64") })),
        fd: { eps: 1e-2, atol: 1e-4, rtol: 1e-3 },
        value: ({ args: [x] }) => expectValues("float32 → float64 is exact", astype(x, "float64"), x.shape, values(x)),
      },
      {
        name: "astype(x: float64, float32)",
        sample: shapes.chain((s) => arbTensor(s)).map((x) => ({ args: [x], fn: (u: Tensor) => astype(u, "float32") })),
        fd: { eps: 1e-2, atol: 1e-4, rtol: 1e-3 },
        algebraic: { atol: 1e-6, rtol: 1e-6 },
        laws: ["vjp-fd", "jvp-fd", "duality", "linearity", "purity"],
        value: ({ args: [x] }) => expectValues("float64 → float32 rounds like Math.fround", astype(x, "float32"), x.shape, values(x).map(Math.fround)),
      },
      {
        name: "astype(astype(x, int32), float64) (truncation: piecewise constant)",
        sample: shapes
          .chain((s) => arbTensor(s, { avoid: [-3, -2, -1, 0, 1, 2, 3] }))
          .map((x) => ({ args: [x], fn: (u: Tensor) => astype(astype(u, "int32"), "float64") })),
        derivative: "zero",
        value: ({ args: [x] }) => expectValues("float → int32 truncates toward zero", astype(x, "int32"), x.shape, values(x).map(Math.trunc)),
      },
    ],
  },
  bitwise: {
    via: "bitwiseAnd, bitwiseOr, bitwiseXor, shiftLeft, shiftRightLogical, shiftRightArithmetic, rotateLeft (int32 from float64 by truncation, as float64 via astype; and uint32 bits)",
    domain: "float64 in [−40, 40] away from integers (piecewise constant), and any uint32",
    derivative: "zero",
    cases: (
      [
        ["bitwiseAnd(a, b)", (a, b) => bitwiseAnd(a, b), (a, b) => a & b],
        ["bitwiseOr(a, b)", (a, b) => bitwiseOr(a, b), (a, b) => a | b],
        ["bitwiseXor(a, b)", (a, b) => bitwiseXor(a, b), (a, b) => a ^ b],
        ["shiftLeft(a, b)", (a, b) => shiftLeft(a, b), (a, b) => (b >>> 0 < 32 ? a << b : 0)],
        ["shiftRightLogical(a, b)", (a, b) => shiftRightLogical(a, b), (a, b) => (b >>> 0 < 32 ? a >>> b : 0)],
        ["shiftRightArithmetic(a, b)", (a, b) => shiftRightArithmetic(a, b), (a, b) => a >> Math.min(b >>> 0, 31)],
        ["rotateLeft(a, b)", (a, b) => rotateLeft(a, b), (a, b) => (a << (b & 31)) | (a >>> (32 - (b & 31)))],
      ] as const satisfies readonly (readonly [string, (a: Tensor, b: Tensor) => Tensor, (a: number, b: number) => number])[]
    ).flatMap(([name, op, reference]) => {
      const c = bitwiseCase(name, op, reference);
      return [c, bitwiseUintCase(c, op)];
    }),
  },
  bitwiseNot: {
    via: "bitwiseNot (int32 from float64 by truncation, as float64 via astype; and uint32 bits)",
    domain: "float64 in [−40, 40] away from integers (piecewise constant), and any uint32",
    derivative: "zero",
    cases: [
      {
        name: "bitwiseNot(astype(x, int32))",
        sample: shapes.chain((s) => arbTensor(s, bitsDomain)).map((x) => ({ args: [x], fn: (u: Tensor) => astype(bitwiseNot(astype(u, "int32")), "float64") })),
        value: ({ args: [x] }) =>
          expectValues(
            "bitwiseNot equals ~x",
            bitwiseNot(astype(x, "int32")),
            x.shape,
            values(x).map((v) => ~Math.trunc(v)),
          ),
      },
      {
        name: "bitwiseNot(x: uint32)",
        sample: shapes.chain((s) => arbTensor(s, { dtype: "uint32", min: 0, max: 0xffffffff })).map((x) => ({ args: [x], fn: (u: Tensor) => bitwiseNot(u) })),
        laws: [],
        value: ({ args: [x] }) =>
          expectValues(
            "bitwiseNot equals ~x >>> 0",
            bitwiseNot(x),
            x.shape,
            values(x).map((v) => ~v >>> 0),
          ),
      },
    ],
  },
  threefry2x32: {
    via: "random.threefry2x32 (and every sampler)",
    domain: "any uint32 key and counters",
    derivative: "zero",
    cases: [
      {
        name: "threefry2x32(key, x0, x1) stacked",
        sample: fc.tuple(nonScalarShapes, fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })).chain(([s, hi, lo]) =>
          fc.tuple(arbTensor(s, { dtype: "uint32", min: 0, max: 0xffffffff }), arbTensor(s, { dtype: "uint32", min: 0, max: 0xffffffff })).map(([x0, x1]) => ({
            args: [tensor([hi, lo], "uint32"), x0, x1],
            fn: (k: Tensor, a: Tensor, b: Tensor) => stack(random.threefry2x32(k, a, b)),
          })),
        ),
        laws: [],
        value: ({ args: [k, x0, x1] }) => {
          const key = values(k) as [number, number];
          const a = values(x0);
          const b = values(x1);
          const pairs = a.map((c, i) => threefryReference(key, c, b[i]));
          return expectValues(
            "threefry2x32 equals the reference",
            stack(random.threefry2x32(k, x0, x1)),
            [2, ...x0.shape],
            [...pairs.map((p) => p[0]), ...pairs.map((p) => p[1])],
          );
        },
      },
    ],
  },
  stopGradient: {
    via: "stopGradient",
    domain: "ℝ",
    derivative: "barrier",
    cases: [
      {
        ...unaryCase("stopGradient(x)", (x) => stopGradient(x), anywhere),
        value: ({ args: [x] }) => expectValues("stopGradient is the identity on values", stopGradient(x), x.shape, values(x)),
      },
      {
        ...unaryCase("x · stopGradient(x)", (x) => mul(x, stopGradient(x)), anywhere),
        // Its derivative is sg(x), not 2x: finite differences disagree by design; the rules stay consistent.
        laws: ["duality", "linearity", "purity"],
        value: ({ args: [x] }) =>
          expectValues("grad of sum(x · stopGradient(x)) is x, not 2x", grad((u: Tensor) => sum(mul(u, stopGradient(u))))(x), x.shape, values(x)),
      },
    ],
  },

  reduceSum: {
    via: "sum (all axes, some axes, keepDims), mean",
    domain: "ℝ",
    derivative: "smooth",
    cases: [
      unaryCase("sum(x)", (x) => sum(x), anywhere),
      {
        name: "sum(x, axes, keepDims)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s), arbAxes(s.length), fc.boolean()))
          .map(([x, axes, keepDims]) => ({ args: [x], fn: (u: Tensor) => sum(u, axes, { keepDims }), note: `axes [${axes}], keepDims ${keepDims}` })),
      },
      {
        name: "mean(x, axes)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s), arbAxes(s.length)))
          .map(([x, axes]) => ({ args: [x], fn: (u: Tensor) => mean(u, axes), note: `axes [${axes}]` })),
      },
    ],
  },
  reduceMax: {
    via: "max (all axes, some axes, keepDims)",
    domain: "distinct entries (≥ 0.05 apart): no ties",
    derivative: "smooth",
    cases: [
      unaryCase("max(x)", (x) => max(x), { separation: 0.05 }),
      {
        name: "max(x, axes, keepDims)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s, { separation: 0.05 }), arbAxes(s.length), fc.boolean()))
          .map(([x, axes, keepDims]) => ({ args: [x], fn: (u: Tensor) => max(u, axes, { keepDims }), note: `axes [${axes}], keepDims ${keepDims}` })),
      },
      {
        name: "max with ties shares the gradient",
        sample: fc.constant<Sample>({ args: [tensor([1, 3, 3, 2], "float64")], fn: (u: Tensor) => max(u) }),
        laws: [],
        value: ({ args: [x] }) => expectValues("grad of max([1, 3, 3, 2]) is [0, 0.5, 0.5, 0]", grad((u: Tensor) => max(u))(x), x.shape, [0, 0.5, 0.5, 0]),
      },
    ],
  },
  reduceMin: {
    via: "min (all axes, some axes)",
    domain: "distinct entries (≥ 0.05 apart): no ties",
    derivative: "smooth",
    cases: [
      unaryCase("min(x)", (x) => min(x), { separation: 0.05 }),
      {
        name: "min(x, axes)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s, { separation: 0.05 }), arbAxes(s.length)))
          .map(([x, axes]) => ({ args: [x], fn: (u: Tensor) => min(u, axes), note: `axes [${axes}]` })),
      },
    ],
  },
  reduceProd: {
    via: "prod (all axes, some axes), with exact zeros",
    domain: "|x| in [0.5, 1.5], and exact zeros (prod is multilinear, so finite differences are exact there)",
    derivative: "smooth",
    cases: [
      unaryCase("prod(x)", (x) => prod(x), { min: -1.5, max: 1.5, avoid: [0], margin: 0.5 }),
      {
        name: "prod(x, axes)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s, { min: -1.5, max: 1.5, avoid: [0], margin: 0.5 }), arbAxes(s.length)))
          .map(([x, axes]) => ({ args: [x], fn: (u: Tensor) => prod(u, axes), note: `axes [${axes}]` })),
      },
      {
        name: "prod(x, axes) with exact zeros",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbWithZeros(s), arbAxes(s.length)))
          .map(([x, axes]) => ({ args: [x], fn: (u: Tensor) => prod(u, axes), note: `axes [${axes}]` })),
        laws: lawsOf.smooth.filter((l) => l !== "second-order"),
      },
      {
        // Once wrong: hessian(prod)([0, 2, 3]) must be [[0,3,2],[3,0,0],[2,0,0]], which needs
        // the products of the other entries built as smooth functions, not constant branches.
        name: "regression: second derivatives of prod at exact zeros (symmetric Hessian, grad∘grad = finite differences of grad)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbWithZeros(s), arbAxes(s.length)))
          .map(([x, axes]) => ({ args: [x], fn: (u: Tensor) => prod(u, axes), note: `axes [${axes}]` })),
        laws: ["second-order"],
      },
    ],
  },
  argReduce: {
    via: "argmax / argmin along an axis (as float64 via astype)",
    domain: "distinct entries (no ties)",
    derivative: "zero",
    cases: (["argmax", "argmin"] as const).map((op) => ({
      name: `${op}(x, axis)`,
      sample: nonScalarShapes
        .chain((s) => fc.tuple(arbTensor(s, { separation: 0.05 }), fc.integer({ min: 0, max: s.length - 1 })))
        .map(
          ([x, axis]): Sample => ({
            args: [x],
            fn: (u: Tensor) => astype(op === "argmax" ? argmax(u, axis) : argmin(u, axis), "float64"),
            note: `axis ${axis}`,
          }),
        ),
      value: ({ args: [x], note }: Sample): LawResult => {
        const axis = Number((note ?? "axis 0").split(" ")[1]);
        const out = op === "argmax" ? argmax(x, axis) : argmin(x, axis);
        return expectValues(
          `${op} equals the JavaScript reference`,
          out,
          x.shape.filter((_, i) => i !== axis),
          argReference(x, axis, op === "argmax" ? (a, b) => a > b : (a, b) => a < b),
        );
      },
    })),
  },

  reshape: {
    via: "reshape (flatten, reversed dims, −1)",
    domain: "ℝ",
    derivative: "smooth",
    cases: [
      {
        name: "reshape(x, [size])",
        sample: shapes.chain((s) => arbTensor(s)).map((x) => ({ args: [x], fn: (u: Tensor) => reshape(u, [u.size]) })),
      },
      {
        name: "reshape(x, reversed dims)",
        sample: nonScalarShapes.chain((s) => arbTensor(s)).map((x) => ({ args: [x], fn: (u: Tensor) => reshape(u, [...u.shape].reverse()) })),
      },
      {
        name: "reshape(x, [-1, 1])",
        sample: shapes.chain((s) => arbTensor(s)).map((x) => ({ args: [x], fn: (u: Tensor) => reshape(u, [-1, 1]) })),
      },
    ],
  },
  broadcastTo: {
    via: "broadcastTo",
    domain: "ℝ; new leading axes and size-1 axes",
    derivative: "smooth",
    cases: [
      {
        name: "broadcastTo(x, shape)",
        sample: arbBroadcastablePair().chain(([sa, sb]) => {
          const target = broadcastShape(sa, sb);
          return arbTensor(sa).map((x) => ({ args: [x], fn: (u: Tensor) => broadcastTo(u, target), note: `to ${show(target)}` }));
        }),
      },
    ],
  },
  transpose: {
    via: "transpose (default reversal and explicit permutations)",
    domain: "ℝ",
    derivative: "smooth",
    cases: [
      { name: "transpose(x)", sample: shapes.chain((s) => arbTensor(s)).map((x) => ({ args: [x], fn: (u: Tensor) => transpose(u) })) },
      {
        name: "transpose(x, perm)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s), arbPermutation(s.length)))
          .map(([x, perm]) => ({ args: [x], fn: (u: Tensor) => transpose(u, perm), note: `perm [${perm}]` })),
      },
    ],
  },
  slice: {
    via: "slice with starts, ends and steps",
    domain: "ℝ; non-empty windows",
    derivative: "smooth",
    cases: [
      {
        name: "slice(x, start, end, step)",
        sample: nonScalarShapes
          .chain((s) => fc.tuple(arbTensor(s), arbWindow(s)))
          .map(([x, w]) => ({ args: [x], fn: (u: Tensor) => slice(u, w.start, w.end, w.step), note: `start [${w.start}], end [${w.end}], step [${w.step}]` })),
      },
    ],
  },
  pad: {
    via: "the gradient of slice: u ↦ grad(x ↦ sum(slice(x) · u))(0) = pad(u)",
    domain: "ℝ; non-empty windows",
    derivative: "smooth",
    cases: [
      {
        name: "pad(u) as the gradient of slice",
        sample: nonScalarShapes
          .chain((s) => arbWindow(s).chain((w) => arbTensor(windowShape(w.start, w.end, w.step)).map((u) => ({ s, w, u }))))
          .map(({ s, w, u }) => {
            const x0 = zeros(s, "float64");
            return {
              args: [u],
              fn: (c: Tensor) => grad((x: Tensor) => sum(mul(slice(x, w.start, w.end, w.step), c)))(x0),
              note: `into ${show(s)}: start [${w.start}], end [${w.end}], step [${w.step}]`,
            };
          }),
      },
    ],
  },
  concat: {
    via: "concat of two or three tensors along an axis",
    domain: "ℝ",
    derivative: "smooth",
    cases: [
      {
        name: "concat(xs, axis)",
        sample: nonScalarShapes
          .chain((s) =>
            fc
              .tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 3 }))
              .chain(([axis, sizes]) => fc.tuple(...sizes.map((d) => arbTensor(s.map((x, i) => (i === axis ? d : x))))).map((xs) => ({ xs, axis }))),
          )
          .map(({ xs, axis }) => ({ args: xs, fn: (...us: Tensor[]) => concat(us, axis), note: `axis ${axis}` })),
      },
    ],
  },
  gather: {
    via: "take (with an axis, negative and repeated indices; and flattened without an axis)",
    domain: "ℝ; valid int32 indices",
    derivative: "smooth",
    cases: [
      {
        name: "take(x, indices, axis)",
        sample: nonScalarShapes
          .chain((s) => fc.integer({ min: 0, max: s.length - 1 }).chain((axis) => fc.tuple(arbTensor(s), arbIndices(s[axis]), fc.constant(axis))))
          .map(([x, idx, axis]) => ({
            args: [x],
            fn: (u: Tensor) => take(u, idx, axis),
            note: `axis ${axis}, indices ${values(idx).join(",")} (shape ${show(idx.shape)})`,
          })),
      },
      {
        name: "regression: take(x, i, axis) with a rank-0 index i differentiates (its vjp is a scatterAdd)",
        sample: nonScalarShapes
          .chain((s) => fc.integer({ min: 0, max: s.length - 1 }).chain((axis) => fc.tuple(arbTensor(s), arbIndices(s[axis], scalarIndex), fc.constant(axis))))
          .map(([x, idx, axis]) => ({ args: [x], fn: (u: Tensor) => take(u, idx, axis), note: `axis ${axis}, index ${values(idx).join(",")} (rank 0)` })),
        laws: ["vjp-fd"],
      },
      {
        name: "take(x, indices) flattened",
        sample: nonScalarShapes
          .chain((s) => arbTensor(s).chain((x) => arbIndices(x.size).map((idx) => ({ x, idx }))))
          .map(({ x, idx }) => ({ args: [x], fn: (u: Tensor) => take(u, idx), note: `indices ${values(idx).join(",")} (shape ${show(idx.shape)})` })),
      },
    ],
  },
  scatterAdd: {
    via: "the gradient of take: u ↦ grad(x ↦ sum(take(x, idx, axis) · u))(0) = scatterAdd(u)",
    domain: "ℝ; repeated indices accumulate",
    derivative: "smooth",
    cases: [
      {
        name: "scatterAdd(u) as the gradient of take",
        sample: nonScalarShapes
          .chain((s) =>
            fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
              arbIndices(s[axis]).chain((idx) => {
                const outShape = [...s.slice(0, axis), ...idx.shape, ...s.slice(axis + 1)];
                return arbTensor(outShape).map((u) => ({ s, axis, idx, u }));
              }),
            ),
          )
          .map(({ s, axis, idx, u }) => {
            const x0 = zeros(s, "float64");
            return {
              args: [u],
              fn: (c: Tensor) => grad((x: Tensor) => sum(mul(take(x, idx, axis), c)))(x0),
              note: `into ${show(s)} along axis ${axis}, indices ${values(idx).join(",")} (shape ${show(idx.shape)})`,
            };
          }),
      },
      {
        name: "regression: scatterAdd as the gradient of take with a rank-0 index",
        sample: nonScalarShapes
          .chain((s) =>
            fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
              arbIndices(s[axis], scalarIndex).chain((idx) => {
                const outShape = [...s.slice(0, axis), ...idx.shape, ...s.slice(axis + 1)];
                return arbTensor(outShape).map((u) => ({ s, axis, idx, u }));
              }),
            ),
          )
          .map(({ s, axis, idx, u }) => {
            const x0 = zeros(s, "float64");
            return {
              args: [u],
              fn: (c: Tensor) => grad((x: Tensor) => sum(mul(take(x, idx, axis), c)))(x0),
              note: `into ${show(s)} along axis ${axis}, indices ${values(idx).join(",")} (shape ${show(idx.shape)})`,
            };
          }),
        laws: ["jvp-fd"],
      },
    ],
  },
  matmul: {
    via: "matmul / transpose combos: matrix, vector, batched and broadcast-batched operands; transposed operands",
    domain: "[−2, 2]",
    derivative: "smooth",
    cases: [
      ...(
        [
          [
            "[m,k] × [k,n]",
            (m: number, k: number, n: number) => [
              [m, k],
              [k, n],
            ],
          ],
          ["[k] × [k,n]", (_m: number, k: number, n: number) => [[k], [k, n]]],
          ["[m,k] × [k]", (m: number, k: number) => [[m, k], [k]]],
          ["[k] · [k]", (_m: number, k: number) => [[k], [k]]],
          [
            "[2,m,k] × [k,n]",
            (m: number, k: number, n: number) => [
              [2, m, k],
              [k, n],
            ],
          ],
          [
            "[2,m,k] × [2,k,n]",
            (m: number, k: number, n: number) => [
              [2, m, k],
              [2, k, n],
            ],
          ],
          [
            "[2,1,m,k] × [3,k,n] (broadcast batch)",
            (m: number, k: number, n: number) => [
              [2, 1, m, k],
              [3, k, n],
            ],
          ],
        ] as const
      ).map(([name, dims]) => ({
        name: `matmul ${name}`,
        sample: fc
          .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
          .chain(([m, k, n]) => {
            const [sa, sb] = dims(m, k, n);
            return fc.tuple(arbTensor(sa, { min: -2, max: 2 }), arbTensor(sb, { min: -2, max: 2 }));
          })
          .map(([a, b]) => ({ args: [a, b], fn: (x: Tensor, y: Tensor) => matmul(x, y), note: `shapes ${show(a.shape)}, ${show(b.shape)}` })),
      })),
      {
        name: "matmul(transpose(a), b) and matmul(a, transpose(b))",
        sample: fc
          .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
          .chain(([m, k, n]) => fc.tuple(arbTensor([k, m], { min: -2, max: 2 }), arbTensor([n, k], { min: -2, max: 2 })))
          .map(([a, b]) => ({
            args: [a, b],
            fn: (x: Tensor, y: Tensor) => add(matmul(transpose(x), transpose(y)), transpose(matmul(y, x))),
            note: `shapes ${show(a.shape)}, ${show(b.shape)}`,
          })),
      },
    ],
  },

  cholesky: linalgLaw("cholesky", "cholesky (src/ops/linalg-solve)"),
  triangularSolve: linalgLaw(
    "triangularSolve",
    "triangularSolve with every combination of lower / transposeA / leftSide / unitDiagonal",
    Object.entries(triangularSolveVariants)
      .filter(([key]) => key !== "lower,noTranspose,left,nonUnit")
      .map(([key, spec]) => linalgCase(`triangularSolve {${key}}`, spec)),
  ),
  solve: linalgLaw("solve", "solve (src/ops/linalg-solve)"),
  logAbsDet: linalgLaw("logAbsDet", "slogdet(a).logAbsDet"),
  detSign: linalgLaw("detSign", "slogdet(a).sign"),
  ...sortSpecs,
  ...layoutExtraSpecs,
  ...reduceWindowSpecs,
  ...cumulativeSpecs,
  ...convSpecs,
  ...decompositionLaws,
  ...mathSpecs,
};
