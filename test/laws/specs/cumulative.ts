/**
 * Law specs of the cumulative primitives (`cumsum`, `cumprod`, `cummax`, `cummin`): along
 * every axis, in both directions, with scan axes long enough for several doubling rounds
 * of the derivative recurrences, and a value law against a plain JavaScript loop.
 */
import fc from "fast-check";
import { cummax, cummin, cumprod, cumsum, tensor, type Tensor } from "../../../src/index";
import { arbTensor, type LawResult, type TensorOptions } from "../../../laws/index";
import { expectValues, lawsOf, show, strides, values, type LawCase, type LawSpec, type Sample } from "./kit";

type Op = "sum" | "prod" | "max" | "min";
const publicOp = { sum: cumsum, prod: cumprod, max: cummax, min: cummin } as const;

/** A shape of rank 1–3 whose axis `axis` has 1–9 entries (the others 1–3), with the axis and a direction. */
const arbScan = fc
  .integer({ min: 1, max: 3 })
  .chain((rank) =>
    fc.tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank }),
      fc.integer({ min: 0, max: rank - 1 }),
      fc.integer({ min: 1, max: 9 }),
      fc.boolean(),
    ),
  )
  .map(([shape, axis, length, reverse]) => ({ shape: shape.map((d, i) => (i === axis ? length : d)), axis, reverse }));

/** The running `op` of `x` along `axis`, in plain JavaScript. */
function reference(op: Op, x: Tensor, axis: number, reverse: boolean): number[] {
  const v = values(x);
  const out = v.slice();
  const st = strides(x.shape);
  const n = x.shape[axis];
  const combine = { sum: (a: number, b: number) => a + b, prod: (a: number, b: number) => a * b, max: Math.max, min: Math.min }[op];
  for (let flat = 0; flat < v.length; flat++) {
    const k = Math.floor(flat / st[axis]) % n;
    if (k !== (reverse ? n - 1 : 0)) continue;
    for (let j = 1; j < n; j++) {
      const at = flat + (reverse ? -j : j) * st[axis];
      out[at] = combine(out[at - (reverse ? -1 : 1) * st[axis]], v[at]);
    }
  }
  return out;
}

function scanCase(op: Op, name: string, options: TensorOptions, extra: Partial<LawCase> = {}): LawCase {
  return {
    name,
    sample: arbScan.chain(({ shape, axis, reverse }) =>
      arbTensor(shape, options).map(
        (x): Sample => ({ args: [x], fn: (u: Tensor) => publicOp[op](u, axis, { reverse }), note: `axis ${axis}, reverse ${reverse}, shape ${show(shape)}` }),
      ),
    ),
    value: ({ args: [x], fn, note }: Sample): LawResult => {
      const [axis, reverse] = /axis (\d+), reverse (\w+)/.exec(note ?? "")!.slice(1);
      return expectValues(`cum${op} equals a JavaScript loop`, fn(x), x.shape, reference(op, x, Number(axis), reverse === "true"));
    },
    ...extra,
  };
}

/** Entries of ±[0.5, 1.5] and exact zeros. */
function arbWithZeros(shape: readonly number[]): fc.Arbitrary<Tensor> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: -0.5, noNaN: true })), {
      minLength: n,
      maxLength: n,
    })
    .map((v) => tensor(new Float64Array(v), "float64", [...shape]));
}

const flatCase = (op: Op, options: TensorOptions): LawCase => ({
  name: `cum${op}(x) over the flattened tensor`,
  sample: fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
    .chain((shape) => arbTensor(shape, options))
    .map((x) => ({ args: [x], fn: (u: Tensor) => publicOp[op](u), note: `shape ${show(x.shape)}` })),
});

const noTies: TensorOptions = { min: -30, max: 30, separation: 0.05 };

/** The cumulative primitives' law specs, spread into the primitive law table. */
export const cumulativeSpecs: Record<"cumsum" | "cumprod" | "cummax" | "cummin", LawSpec> = {
  cumsum: {
    via: "cumsum along an axis (both directions) and flattened",
    domain: "ℝ",
    derivative: "smooth",
    cases: [scanCase("sum", "cumsum(x, axis, { reverse })", {}), flatCase("sum", {})],
  },
  cumprod: {
    via: "cumprod along an axis (both directions) and flattened, with exact zeros",
    domain: "|x| in [0.5, 1.5], and exact zeros (cumprod is multilinear, so finite differences are exact there)",
    derivative: "smooth",
    cases: [
      scanCase("prod", "cumprod(x, axis, { reverse })", { min: -1.5, max: 1.5, avoid: [0], margin: 0.5 }),
      flatCase("prod", { min: -1.5, max: 1.5, avoid: [0], margin: 0.5 }),
      {
        name: "cumprod(x, axis, { reverse }) with exact zeros, to second order",
        sample: arbScan.chain(({ shape, axis, reverse }) =>
          arbWithZeros(shape).map((x): Sample => ({ args: [x], fn: (u: Tensor) => cumprod(u, axis, { reverse }), note: `axis ${axis}, reverse ${reverse}` })),
        ),
        laws: lawsOf.smooth,
      },
    ],
  },
  cummax: {
    via: "cummax along an axis (both directions) and flattened",
    domain: "distinct entries (no ties), where it is piecewise linear",
    derivative: "smooth",
    cases: [scanCase("max", "cummax(x, axis, { reverse })", noTies), flatCase("max", noTies)],
  },
  cummin: {
    via: "cummin along an axis (both directions) and flattened",
    domain: "distinct entries (no ties), where it is piecewise linear",
    derivative: "smooth",
    cases: [scanCase("min", "cummin(x, axis, { reverse })", noTies), flatCase("min", noTies)],
  },
};
