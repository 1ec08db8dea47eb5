/**
 * What every entry of the primitive law table is made of: the shape of a law case and a
 * spec, and the helpers that build the common cases (elementwise, broadcasting, value
 * laws). Families of primitives keep their specs in files beside this one
 * (`specs/<family>.ts`) and the table in `primitive-specs.ts` spreads them in.
 */
import type fc from "fast-check";
import type { Tensor } from "../../../src/index";
import {
  arbBroadcastablePair,
  arbSeparatedPair,
  arbShape,
  arbTensor,
  arbTensorPair,
  failed,
  passed,
  type LawResult,
  type TensorOptions,
} from "../../../laws/index";

/** One input of a law: the arguments and the function (closing over constants: axes, indices, windows). */
export interface Sample {
  readonly args: Tensor[];
  readonly fn: (...args: Tensor[]) => Tensor;
  /** Constants the function closes over, for failure messages. */
  readonly note?: string;
}

/**
 * Which derivative laws apply:
 * - "smooth": finite differences (vjp, jvp), duality, linearity, purity, second derivatives;
 * - "zero": piecewise constant: the derivative is exactly zero (and equals finite differences
 *   away from the jumps), plus duality, linearity, purity;
 * - "barrier": stopGradient: zero derivative by decree (finite differences disagree on
 *   purpose), plus duality, linearity, purity.
 */
export type DerivativeKind = "smooth" | "zero" | "barrier";

/** The laws the battery can run on a case. */
export type LawKey = "vjp-fd" | "jvp-fd" | "duality" | "linearity" | "purity" | "zero" | "second-order";

/** The laws each kind of derivative gets. */
export const lawsOf: Readonly<Record<DerivativeKind, readonly LawKey[]>> = {
  smooth: ["vjp-fd", "jvp-fd", "duality", "linearity", "purity", "second-order"],
  zero: ["vjp-fd", "jvp-fd", "zero", "duality", "linearity", "purity"],
  barrier: ["zero", "duality", "linearity", "purity"],
};

/** One way of exercising a primitive. */
export interface LawCase {
  readonly name: string;
  readonly sample: fc.Arbitrary<Sample>;
  /** Overrides the spec's kind for this case. */
  readonly derivative?: DerivativeKind;
  /** Finite-difference step and tolerance overrides (for float32 cases). */
  readonly fd?: { readonly eps?: number; readonly atol?: number; readonly rtol?: number };
  /** Algebraic tolerance overrides (for float32 cases). */
  readonly algebraic?: { readonly atol?: number; readonly rtol?: number };
  /** The laws to run, when not those of the kind (e.g. only the value law). */
  readonly laws?: readonly LawKey[];
  /** A value law against a plain-JavaScript reference. */
  readonly value?: (sample: Sample) => LawResult;
}

/** How a primitive is checked. */
export interface LawSpec {
  /** The public ops that reach it. */
  readonly via: string;
  /** Its input domain, in words. */
  readonly domain: string;
  readonly derivative: DerivativeKind;
  readonly cases: readonly LawCase[];
}

/** A function of tensors, as the law cases exercise it. */
export type Fn = (...args: Tensor[]) => Tensor;

/** Shapes of rank 0–3 with small dimensions. */
export const shapes = arbShape({ minRank: 0, maxRank: 3, maxDim: 3 });
/** Shapes of rank 1–3 with small dimensions. */
export const nonScalarShapes = arbShape({ minRank: 1, maxRank: 3, maxDim: 3 });
/** A shape as `[2,3]`. */
export const show = (s: readonly number[]): string => `[${s.join(",")}]`;
/** A tensor's values as numbers. */
export const values = (t: Tensor): number[] => Array.from(t.data(), Number);
/** Values of [−3, 3]. */
export const anywhere: TensorOptions = { min: -3, max: 3 };

/** An elementwise op of one tensor over shapes of rank 0–3. */
export function unaryCase(name: string, fn: Fn, options: TensorOptions): LawCase {
  return { name, sample: shapes.chain((s) => arbTensor(s, options)).map((x) => ({ args: [x], fn })) };
}

/** A broadcasting op of two tensors. */
export function binaryCase(name: string, fn: Fn, a: TensorOptions = {}, b: TensorOptions = {}): LawCase {
  return { name, sample: arbTensorPair({ a, b }).map(([x, y]) => ({ args: [x, y], fn, note: `shapes ${show(x.shape)}, ${show(y.shape)}` })) };
}

/** A broadcasting op of two tensors that must never tie (maximum, minimum, comparisons). */
export function separatedCase(name: string, fn: Fn, extra: Partial<LawCase> = {}): LawCase {
  return {
    name,
    sample: arbBroadcastablePair()
      .chain(([sa, sb]) => arbSeparatedPair(sa, sb))
      .map(([x, y]) => ({ args: [x, y], fn, note: `shapes ${show(x.shape)}, ${show(y.shape)}` })),
    ...extra,
  };
}

/** Row-major strides. */
export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/** The values of `t` broadcast to `shape` (NumPy rules), in plain JavaScript. */
export function broadcastValues(t: Tensor, shape: readonly number[]): number[] {
  const v = values(t);
  const lead = shape.length - t.shape.length;
  const st = strides(t.shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let src = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const i = rest % shape[axis];
      rest = Math.floor(rest / shape[axis]);
      const own = axis - lead;
      if (own >= 0 && t.shape[own] !== 1) src += i * st[own];
    }
    out.push(v[src]);
  }
  return out;
}

/** The broadcast of two shapes. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    return x === 1 ? y : x;
  });
}

/** A value law: the output equals `expected` exactly (shape and values). */
export function expectValues(law: string, out: Tensor, shape: readonly number[], expected: readonly number[]): LawResult {
  if (show(out.shape) !== show(shape)) return failed(law, `shape ${show(out.shape)}, expected ${show(shape)}`);
  const got = values(out);
  const i = got.findIndex((v, k) => !Object.is(v, expected[k]) && v !== expected[k]);
  return i < 0 ? passed : failed(law, `at flat index ${i}: ${got[i]}, expected ${expected[i]}`, { index: i, got: got[i], expected: expected[i] });
}
