/**
 * The arithmetic of convolutions shared by the primitive, its rules and the public op:
 * dimension numbers (from JAX's strings such as `["NHWC", "HWIO", "NHWC"]` to axis
 * permutations), padding ("SAME", "VALID" or explicit pairs) and the output shape.
 * @module
 */
import { showShape, type Shape } from "../../tensor/shape";

/**
 * Where each logical dimension of a convolution's operands lives, as JAX's
 * `ConvDimensionNumbers`: `lhs` is `[batch axis, feature axis, ...spatial axes]`, `rhs` is
 * `[output-feature axis, input-feature axis, ...spatial axes]`, `out` is
 * `[batch axis, feature axis, ...spatial axes]`; the spatial axes of all three are listed in
 * the order of the kernel's spatial axes.
 */
export interface ConvDimensionNumbers {
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly out: readonly number[];
}

/** Dimension numbers as strings, one letter per axis, e.g. `["NCHW", "OIHW", "NCHW"]`. */
export type ConvDimensionStrings = readonly [lhs: string, rhs: string, out: string];

/** One `[low, high]` padding pair per spatial axis (negative values crop). */
export type PaddingPairs = readonly (readonly [number, number])[];

/** Padding as the public op takes it. */
export type ConvPadding = "SAME" | "VALID" | PaddingPairs;

/** The parameters of the `convGeneralDilated` primitive, resolved (padding as pairs, layouts as permutations). */
export interface ConvParams {
  readonly windowStrides: readonly number[];
  readonly padding: PaddingPairs;
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly dimensionNumbers: ConvDimensionNumbers;
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

/**
 * The identity dimension numbers of a rank: `NCHW`, `OIHW`, `NCHW` for rank 4.
 * @example defaultDimensionNumbers(4) // { lhs: [0, 1, 2, 3], rhs: [0, 1, 2, 3], out: [0, 1, 2, 3] }
 */
export function defaultDimensionNumbers(rank: number): ConvDimensionNumbers {
  const iota = Array.from({ length: rank }, (_, i) => i);
  return { lhs: iota, rhs: iota, out: iota };
}

/**
 * Dimension-number strings as axis permutations (JAX's `conv_general_permutations`): the
 * spatial letters of `lhs` and `out` are ordered as they appear in `rhs`.
 * @example parseDimensionNumbers("conv", ["NHWC", "HWIO", "NHWC"], 4) // { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }
 */
export function parseDimensionNumbers(op: string, spec: ConvDimensionStrings, rank: number): ConvDimensionNumbers {
  const pairs = [
    ["N", "C"],
    ["O", "I"],
    ["N", "C"],
  ] as const;
  const names = ["lhs", "rhs", "out"] as const;
  const shown = `[${spec.map((s) => `"${s}"`).join(", ")}]`;
  spec.forEach((s, i) => {
    if (s.length !== rank)
      throw new Error(`${op}: dimensionNumbers ${shown}: the ${names[i]} string "${s}" has ${s.length} letters, the operands have rank ${rank}`);
    const [a, b] = pairs[i];
    if (count(s, a) !== 1 || count(s, b) !== 1)
      throw new Error(`${op}: dimensionNumbers ${shown}: the ${names[i]} string "${s}" must contain "${a}" and "${b}" exactly once`);
    if (new Set(s).size !== s.length) throw new Error(`${op}: dimensionNumbers ${shown}: the ${names[i]} string "${s}" repeats a letter`);
  });
  const spatial = spec.map((s, i) =>
    [...s]
      .filter((c) => !pairs[i].includes(c as never))
      .sort()
      .join(""),
  );
  if (spatial[0] !== spatial[1] || spatial[1] !== spatial[2]) {
    throw new Error(`${op}: dimensionNumbers ${shown}: lhs, rhs and out must name the same spatial letters`);
  }
  const rhs = spec[1];
  const permutation = (s: string, [a, b]: readonly [string, string]): number[] => {
    const spatialAxes = [...rhs].filter((c) => c !== "O" && c !== "I").map((c) => s.indexOf(c));
    return [s.indexOf(a), s.indexOf(b), ...spatialAxes];
  };
  return { lhs: permutation(spec[0], pairs[0]), rhs: permutation(rhs, pairs[1]), out: permutation(spec[2], pairs[2]) };
}

const count = (s: string, c: string): number => [...s].filter((x) => x === c).length;

/**
 * The size of a dimension of `d` elements with `r - 1` zeros put between neighbours.
 * @example dilateDim(5, 2) // 9
 */
export const dilateDim = (d: number, r: number): number => (d === 0 ? 0 : 1 + r * (d - 1));

/** `shape` taken at the axes of `perm`, in that order. */
export const takeAxes = (shape: Shape, perm: readonly number[]): number[] => perm.map((p) => shape[p]);

/** `[i, j, ...rest]` as `[j, i, ...rest]`: the other operand's role in a transposed convolution. */
export const swapFirstTwo = (spec: readonly number[]): number[] => [spec[1], spec[0], ...spec.slice(2)];

/**
 * Throws unless `values` holds `n` positive integers.
 * @example checkPositive("conv", "windowStrides", [1, 0], 2) // throws: ... windowStrides [1,0] ...
 */
export function checkPositive(op: string, option: string, values: readonly number[], n: number): void {
  if (values.length !== n) throw new Error(`${op}: ${option} ${showShape(values)} must have one entry per spatial axis (${n})`);
  if (!values.every((v) => Number.isInteger(v) && v >= 1)) throw new Error(`${op}: ${option} ${showShape(values)} must be positive integers`);
}

/**
 * Padding as `[low, high]` pairs: "VALID" is none; "SAME" pads so that the output has
 * `ceil(input / stride)` positions, the odd unit at the end (as JAX's `padtype_to_pads`).
 * `window` is the dilated window size.
 * @example resolvePadding("conv", "SAME", [28, 28], [5, 5], [1, 1]) // [[2, 2], [2, 2]]
 */
export function resolvePadding(
  op: string,
  padding: ConvPadding,
  input: readonly number[],
  window: readonly number[],
  strides: readonly number[],
): PaddingPairs {
  if (padding === "VALID") return input.map(() => [0, 0] as const);
  if (padding === "SAME") {
    return input.map((d, i) => {
      const out = Math.ceil(d / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + window[i] - d);
      return [Math.floor(total / 2), total - Math.floor(total / 2)] as const;
    });
  }
  if (!Array.isArray(padding) || padding.length !== input.length || !padding.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isInteger))) {
    throw new Error(
      `${op}: padding must be "SAME", "VALID" or one [low, high] pair of integers per spatial axis (${input.length}), got ${JSON.stringify(padding)}`,
    );
  }
  return padding;
}

/**
 * The output shape of a convolution (in the output's layout), or an Error naming the op,
 * the shapes and the option at fault.
 */
export function convOutputShape(op: string, lhs: Shape, rhs: Shape, p: ConvParams): number[] {
  const shapes = `lhs ${showShape(lhs)}, rhs ${showShape(rhs)}`;
  if (lhs.length !== rhs.length || lhs.length < 3 || lhs.length > 5) {
    throw new Error(`${op}: lhs and rhs must have the same rank, 3, 4 or 5 (1-D, 2-D or 3-D convolution), got ${shapes}`);
  }
  const rank = lhs.length;
  const d = rank - 2;
  const dn = p.dimensionNumbers;
  for (const [name, perm] of [
    ["lhs", dn.lhs],
    ["rhs", dn.rhs],
    ["out", dn.out],
  ] as const) {
    if (perm.length !== rank || new Set(perm).size !== rank || !perm.every((a) => Number.isInteger(a) && a >= 0 && a < rank)) {
      throw new Error(`${op}: dimension numbers for ${name} ${showShape(perm)} are not a permutation of the ${rank} axes (${shapes})`);
    }
  }
  checkPositive(op, "windowStrides", p.windowStrides, d);
  checkPositive(op, "lhsDilation", p.lhsDilation, d);
  checkPositive(op, "rhsDilation", p.rhsDilation, d);
  if (p.padding.length !== d) throw new Error(`${op}: padding needs one [low, high] pair per spatial axis (${d}), got ${p.padding.length} (${shapes})`);
  const [n, c, ...inSpatial] = takeAxes(lhs, dn.lhs);
  const [o, i, ...window] = takeAxes(rhs, dn.rhs);
  const { featureGroupCount: g, batchGroupCount: b } = p;
  if (!Number.isInteger(g) || g < 1) throw new Error(`${op}: featureGroupCount must be a positive integer, got ${g} (${shapes})`);
  if (!Number.isInteger(b) || b < 1) throw new Error(`${op}: batchGroupCount must be a positive integer, got ${b} (${shapes})`);
  if (g > 1 && b > 1) throw new Error(`${op}: at most one of featureGroupCount (${g}) and batchGroupCount (${b}) may exceed 1`);
  if (c % g !== 0) throw new Error(`${op}: featureGroupCount ${g} does not divide the lhs features (${c}); ${shapes}`);
  if (c / g !== i) {
    const groups = g > 1 ? ` / featureGroupCount ${g} = ${c / g}` : "";
    throw new Error(`${op}: channel mismatch: rhs input features (${i}) must equal lhs features (${c})${groups}; ${shapes}`);
  }
  if (o % g !== 0) throw new Error(`${op}: featureGroupCount ${g} does not divide the rhs output features (${o}); ${shapes}`);
  if (n % b !== 0) throw new Error(`${op}: batchGroupCount ${b} does not divide the lhs batch (${n}); ${shapes}`);
  if (o % b !== 0) throw new Error(`${op}: batchGroupCount ${b} does not divide the rhs output features (${o}); ${shapes}`);
  const outSpatial = inSpatial.map((size, j) => {
    const padded = dilateDim(size, p.lhsDilation[j]) + p.padding[j][0] + p.padding[j][1];
    const span = dilateDim(window[j], p.rhsDilation[j]);
    if (padded < span) {
      throw new Error(
        `${op}: window larger than the padded input on spatial axis ${j}: window ${window[j]} (dilated ${span}) over input ${size} ` +
          `(dilated and padded by [${p.padding[j].join(", ")}]: ${padded}); ${shapes}`,
      );
    }
    return Math.floor((padded - span) / p.windowStrides[j]) + 1;
  });
  const canonical = [n / b, o, ...outSpatial];
  const out = new Array<number>(rank);
  dn.out.forEach((axis, k) => (out[axis] = canonical[k]));
  return out;
}
