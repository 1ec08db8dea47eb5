/**
 * Law specs of the windowed reductions (`reduceWindow`, `argReduceWindow`), with a plain
 * JavaScript reference of XLA's ReduceWindow (explicit dilation and padding) that the
 * value laws and `test/lax/reduce-window.test.ts` compare the kernels with.
 */
import fc from "fast-check";
import { astype, grad, lax, mul, sum, tensor, type Tensor } from "../../../src/index";
import { bind } from "../../../src/core/bind";
import { arbTensor } from "../../../laws/index";
import type { WindowGeometry, WindowOp } from "../../../src/tensor/kernels/reduce-window";
import { expectValues, nonScalarShapes, show, values, type LawCase, type LawSpec, type Sample } from "./kit";

/** What the reference computes per window: the value and the chosen flat index (−1: none). */
export interface WindowReference {
  readonly shape: number[];
  readonly values: number[];
  readonly indices: number[];
  /** Real (not padding, not hole) elements per window. */
  readonly counts: number[];
}

/**
 * XLA's ReduceWindow by definition: for every output position and every window offset
 * (both row-major) the position in the dilated, padded input, and the element there if it
 * is one of x's. Max/min choose the first of equal values; the identity starts each window.
 */
export function windowReference(x: readonly number[], shape: readonly number[], g: WindowGeometry, op: WindowOp, init?: number): WindowReference {
  const rank = shape.length;
  const outShape = shape.map((d, a) => {
    const padded = (d - 1) * g.baseDilation[a] + 1 + g.padding[a][0] + g.padding[a][1];
    return Math.floor((padded - ((g.windowDimensions[a] - 1) * g.windowDilation[a] + 1)) / g.windowStrides[a]) + 1;
  });
  const identity = init ?? (op === "add" ? 0 : op === "max" ? -Infinity : Infinity);
  const decode = (flat: number, dims: readonly number[]): number[] => {
    const idx = new Array<number>(dims.length).fill(0);
    for (let a = dims.length - 1; a >= 0; a--) {
      idx[a] = flat % dims[a];
      flat = Math.floor(flat / dims[a]);
    }
    return idx;
  };
  const size = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);
  const out: WindowReference = { shape: outShape, values: [], indices: [], counts: [] };
  for (let o = 0; o < size(outShape); o++) {
    const oi = decode(o, outShape);
    let acc = identity;
    let chosen = -1;
    let count = 0;
    for (let k = 0; k < size(g.windowDimensions); k++) {
      const ki = decode(k, g.windowDimensions);
      let flat = 0;
      let real = true;
      for (let a = 0; a < rank; a++) {
        const p = oi[a] * g.windowStrides[a] + ki[a] * g.windowDilation[a] - g.padding[a][0];
        if (p < 0 || p > (shape[a] - 1) * g.baseDilation[a] || p % g.baseDilation[a] !== 0) real = false;
        flat = flat * shape[a] + p / g.baseDilation[a];
      }
      const v = real ? x[flat] : identity;
      if (real) count++;
      if (op === "add") acc += v;
      else if (op === "max" ? v > acc : v < acc) acc = v;
      if (real && op !== "add" && (chosen < 0 || (op === "max" ? v > x[chosen] : v < x[chosen]))) chosen = flat;
    }
    out.values.push(acc);
    out.indices.push(chosen);
    out.counts.push(count);
  }
  return out;
}

/** One axis of a geometry that fits an axis of size d. */
function arbAxis(d: number): fc.Arbitrary<{ w: number; stride: number; lo: number; hi: number; bd: number; wd: number }> {
  return fc
    .record({
      stride: fc.integer({ min: 1, max: 2 }),
      lo: fc.integer({ min: -1, max: 1 }),
      hi: fc.integer({ min: -1, max: 1 }),
      bd: fc.integer({ min: 1, max: 2 }),
      wd: fc.integer({ min: 1, max: 2 }),
    })
    .chain((r) => {
      const fits = (d - 1) * r.bd + 1 + r.lo + r.hi >= 1;
      const [lo, hi] = fits ? [r.lo, r.hi] : [0, 0];
      const padded = (d - 1) * r.bd + 1 + lo + hi;
      const maxW = Math.min(3, Math.floor((padded - 1) / r.wd) + 1);
      return fc.integer({ min: 1, max: maxW }).map((w) => ({ ...r, lo, hi, w }));
    });
}

/** A shape (rank 1–3, dims ≤ 3) and a window geometry that fits it. */
export const arbShapeAndGeometry: fc.Arbitrary<{ s: number[]; g: WindowGeometry }> = nonScalarShapes.chain((s) =>
  fc.tuple(...s.map(arbAxis)).map((axes) => ({
    s,
    g: {
      windowDimensions: axes.map((a) => a.w),
      windowStrides: axes.map((a) => a.stride),
      padding: axes.map((a) => [a.lo, a.hi] as const),
      baseDilation: axes.map((a) => a.bd),
      windowDilation: axes.map((a) => a.wd),
    },
  })),
);

/** Geometries where every window holds an element of x (so max and min stay finite). */
const arbFullWindows = arbShapeAndGeometry.filter(({ s, g }) =>
  windowReference(new Array<number>(s.reduce((p, d) => p * d, 1)).fill(0), s, g, "add").counts.every((c) => c > 0),
);

/** A geometry for messages. */
const showGeometry = (g: WindowGeometry): string =>
  `window ${show(g.windowDimensions)}, strides ${show(g.windowStrides)}, padding [${g.padding.map((p) => show(p)).join(",")}], baseDilation ${show(g.baseDilation)}, windowDilation ${show(g.windowDilation)}`;

/** `lax.reduceWindow` with a geometry. */
const reduceWith = (u: Tensor, init: Tensor<[]> | number, op: WindowOp, g: WindowGeometry): Tensor =>
  lax.reduceWindow(u, init, op, g.windowDimensions, g.windowStrides, g.padding, { baseDilation: g.baseDilation, windowDilation: g.windowDilation });

function opCase(op: WindowOp): LawCase {
  const arbGeometry = op === "add" ? arbShapeAndGeometry : arbFullWindows;
  return {
    name: `reduceWindow(x, ${op}) with strides, padding (negative too) and dilations`,
    sample: arbGeometry.chain(({ s, g }) =>
      arbTensor(s, op === "add" ? {} : { separation: 0.05 }).map(
        (x): Sample => withGeometry({ args: [x], fn: (u: Tensor) => reduceWith(u, identityOf(op), op, g), note: showGeometry(g) }, g),
      ),
    ),
    value: ({ args: [x], fn }) => {
      const g = geometryOf(fn);
      const ref = windowReference(values(x), x.shape, g, op);
      return expectValuesClose(`reduceWindow(${op}) equals the JavaScript reference`, fn(x), ref.shape, ref.values);
    },
  };
}

/** The identity of a reduction. */
const identityOf = (op: WindowOp): number => (op === "add" ? 0 : op === "max" ? -Infinity : Infinity);

/** The geometry each sample's function closes over, for the value laws. */
const geometries = new WeakMap<(...args: Tensor[]) => Tensor, WindowGeometry>();
function geometryOf(fn: (...args: Tensor[]) => Tensor): WindowGeometry {
  const g = geometries.get(fn);
  if (g === undefined) throw new Error("reduce-window law: sample without a geometry");
  return g;
}
function withGeometry(sample: Sample, g: WindowGeometry): Sample {
  geometries.set(sample.fn, g);
  return sample;
}

/** A value law for sums (rounding differs from the reference's order only in the last bits). */
function expectValuesClose(law: string, out: Tensor, shape: readonly number[], expected: readonly number[]) {
  const got = values(out);
  const rounded = got.map((v, i) => (Math.abs(v - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])) ? expected[i] : v));
  return expectValues(law, tensor(Float64Array.from(rounded), "float64", out.shape), shape, expected);
}

/** The law specs of this family. */
export const reduceWindowSpecs: Record<"reduceWindow" | "argReduceWindow", LawSpec> = {
  reduceWindow: {
    via: "lax.reduceWindow with max, min and add (the identity or another initial value), any geometry",
    domain: "ℝ; for max and min entries ≥ 0.05 apart (no ties) and no window of padding only",
    derivative: "smooth",
    cases: [
      opCase("add"),
      opCase("max"),
      opCase("min"),
      {
        name: "reduceWindow(x, v, add) with a tensor initial value (it pads and starts each window)",
        sample: arbShapeAndGeometry.chain(({ s, g }) =>
          fc
            .tuple(arbTensor(s), arbTensor([]))
            .map(([x, v]): Sample => ({ args: [x, v], fn: (u: Tensor, w: Tensor) => reduceWith(u, w as Tensor<[]>, "add", g), note: showGeometry(g) })),
        ),
      },
      {
        name: "reduceWindow(x, 0.5, max): a non-identity initial value",
        sample: arbFullWindows.chain(({ s, g }) =>
          arbTensor(s, { separation: 0.05, avoid: [0.5] }).map(
            (x): Sample => ({ args: [x], fn: (u: Tensor) => reduceWith(u, 0.5, "max", g), note: showGeometry(g) }),
          ),
        ),
      },
    ],
  },
  argReduceWindow: {
    via: "the gradient of max pooling in its cotangent (a scatter-add at the arg indices); the primitive itself as float64",
    domain: "entries ≥ 0.05 apart (no ties); every window holds an element",
    derivative: "smooth",
    cases: (["max", "min"] as const).flatMap((op): LawCase[] => [
      {
        name: `c ↦ grad(x ↦ Σ reduceWindow(x, ${op}) · c) at a fixed x`,
        sample: arbFullWindows.chain(({ s, g }) =>
          arbTensor(s, { separation: 0.05 }).chain((x0) =>
            arbTensor(windowReference(values(x0), s, g, op).shape).map(
              (c): Sample =>
                withGeometry(
                  {
                    args: [c],
                    fn: (w: Tensor) => grad((u: Tensor) => sum(mul(reduceWith(u, identityOf(op), op, g), w)))(x0),
                    note: `x ${values(x0).join(",")}; ${showGeometry(g)}`,
                  },
                  g,
                ),
            ),
          ),
        ),
      },
      {
        name: `argReduceWindow(x, ${op}) as float64 (piecewise constant)`,
        derivative: "zero",
        sample: arbFullWindows.chain(({ s, g }) =>
          arbTensor(s, { separation: 0.05 }).map(
            (x): Sample =>
              withGeometry(
                { args: [x], fn: (u: Tensor) => astype(bind("argReduceWindow", [u], { ...g, op, batchDims: 0 }), "float64"), note: showGeometry(g) },
                g,
              ),
          ),
        ),
        value: ({ args: [x], fn }) => {
          const ref = windowReference(values(x), x.shape, geometryOf(fn), op);
          return expectValues(`argReduceWindow(${op}) equals the JavaScript reference (first of ties)`, fn(x), ref.shape, ref.indices);
        },
      },
    ]),
  },
};
