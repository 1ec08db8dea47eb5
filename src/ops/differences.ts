import { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import type { Reduce } from "../tensor/shape-types";
import { asFloat, asTensor, convertTo, operandPair, type Operand, type ShapeOfOperand } from "./operands";
import { add, div, mul, sub } from "./arithmetic";
import { notEqual } from "./compare";
import { concat } from "./join";
import { slice } from "./indexing";
import { broadcastTo, reshape } from "./shape";
import { sum } from "./reduce";

/** A shape of the same rank whose dimensions are not known at compile time. */
export type SameRank<S extends Shape> = { -readonly [K in keyof S]: number };

/** `x[start:end]` along `axis` (Python slice bounds: negative counts from the end, null is open). */
export function along(x: Tensor, axis: number, start: number | null, end: number | null = null): Tensor {
  const starts = x.shape.map((_, i) => (i === axis ? start : null));
  const ends = x.shape.map((_, i) => (i === axis ? end : null));
  return slice(x, starts, ends);
}

/** `x` and `values` in one dtype (bool with bool stays bool), `values` as a slab to join `x` along `axis`. */
function withSlab(name: string, x: Tensor, values: Operand, axis: number): [Tensor, Tensor] {
  const [t, v] = x.dtype === "bool" && values instanceof Tensor && values.dtype === "bool" ? [x, values] : operandPair(x, values, false, "diff");
  if (v.shape.length === 0)
    return [
      t,
      broadcastTo(
        v,
        t.shape.map((d, i) => (i === axis ? 1 : d)),
      ),
    ];
  if (v.shape.length !== t.shape.length || v.shape.some((d, i) => i !== axis && d !== t.shape[i])) {
    throw new Error(`diff: ${name} of shape ${showShape(v.shape)} must be a scalar or match x's shape ${showShape(t.shape)} off axis ${axis}`);
  }
  return [t, v];
}

/** Options of {@link diff}. */
export interface DiffOptions {
  /** Values put before x along the axis first (a scalar is repeated across the other axes). */
  readonly prepend?: Operand;
  /** Values put after x along the axis first. */
  readonly append?: Operand;
}

/**
 * The `n`-th discrete difference along `axis` (default the last): out[i] = x[i+1] − x[i],
 * applied `n` times (NumPy's `diff`; bool tensors give x[i+1] ≠ x[i]). The axis shrinks
 * by `n` (to 0 at least).
 * @example
 * ```ts
 * import { diff, tensor } from "purediff";
 * diff(tensor([1, 4, 9, 16])).toArray(); // => [3, 5, 7]
 * ```
 * @example
 * ```ts
 * import { diff, tensor } from "purediff";
 * diff(tensor([1, 4, 9, 16]), 2).toArray(); // => [2, 2]
 * ```
 * @example
 * ```ts
 * import { diff, tensor } from "purediff";
 * diff(tensor([1, 4, 9]), 1, 0, { prepend: 0 }).toArray(); // => [1, 3, 5]
 * ```
 */
export function diff<T extends Operand>(x: T, n = 1, axis = -1, options: DiffOptions = {}): Tensor<SameRank<ShapeOfOperand<T>>> {
  let t = asTensor(x);
  if (t.shape.length === 0) throw new Error("diff: x must have at least one dimension, got a scalar");
  if (!Number.isInteger(n) || n < 0) throw new Error(`diff: the order n must be a non-negative integer, got ${n}`);
  const a = normalizeAxis("diff", axis, t.shape.length);
  let before: Tensor | undefined;
  let after: Tensor | undefined;
  if (options.prepend !== undefined) [t, before] = withSlab("prepend", t, options.prepend, a);
  if (options.append !== undefined) [t, after] = withSlab("append", t, options.append, a);
  if (before !== undefined || after !== undefined) {
    const dtype = t.dtype;
    t = concat([...(before === undefined ? [] : [convertTo(before, dtype)]), t, ...(after === undefined ? [] : [after])], a);
  }
  for (let k = 0; k < n; k++) {
    const later = along(t, a, 1);
    const earlier = along(t, a, 0, Math.max(t.shape[a] - 1, 0));
    t = t.dtype === "bool" ? notEqual(later, earlier) : sub(later, earlier);
  }
  return t as Tensor<SameRank<ShapeOfOperand<T>>>;
}

/** Options of {@link ediff1d}. */
export interface Ediff1dOptions {
  /** Values put after the differences (flattened). */
  readonly toEnd?: Operand;
  /** Values put before the differences (flattened). */
  readonly toBegin?: Operand;
}

/**
 * Differences between consecutive entries of the flattened tensor, with optional values
 * before and after (NumPy's `ediff1d`); bool counts as int32.
 * @example
 * ```ts
 * import { ediff1d, tensor } from "purediff";
 * ediff1d(tensor([[1, 2], [4, 7]]), { toBegin: -1 }).toArray(); // => [-1, 1, 2, 3]
 * ```
 */
export function ediff1d(x: Operand, options: Ediff1dOptions = {}): Tensor<[number]> {
  const given = asTensor(x);
  const t = reshape(given.dtype === "bool" ? convertTo(given, "int32") : given, [given.size]);
  const flat = (v: Operand): Tensor => {
    const u = convertTo(asTensor(v, t.dtype), t.dtype);
    return reshape(u, [u.size]);
  };
  const d = sub(along(t, 0, 1), along(t, 0, 0, Math.max(t.size - 1, 0)));
  const parts = [...(options.toBegin === undefined ? [] : [flat(options.toBegin)]), d, ...(options.toEnd === undefined ? [] : [flat(options.toEnd)])];
  return (parts.length === 1 ? d : concat(parts, 0)) as Tensor<[number]>;
}

/** The spacing along one axis: a step (number or scalar tensor), or the coordinates of the entries (1-D). */
export type Spacing = number | Tensor;

/** Options of {@link gradient}. */
export interface GradientOptions<A extends number | readonly number[] | undefined = number | readonly number[] | undefined> {
  /** The axes to differentiate along (default all). */
  readonly axis?: A;
  /** Accuracy at the two ends: 1 (one-sided first differences, the default) or 2 (second order). */
  readonly edgeOrder?: 1 | 2;
}

/** The result of {@link gradient}: one tensor for one axis, else one per axis. */
export type Gradients<S extends Shape, A> = [A] extends [number]
  ? Tensor<S>
  : [A] extends [readonly [number]]
    ? Tensor<S>
    : [A] extends [undefined]
      ? number extends S["length"]
        ? Tensor<S> | Tensor<S>[]
        : S["length"] extends 1
          ? Tensor<S>
          : Tensor<S>[]
      : Tensor<S>[];

/** `v` (one entry per position along `axis`) shaped to broadcast against a tensor of rank `rank`. */
const alongAxis = (v: Tensor, axis: number, rank: number): Tensor =>
  reshape(
    v,
    Array.from({ length: rank }, (_, i) => (i === axis ? v.size : 1)),
  );

/** The derivative of `f` along `axis` with a uniform step `h`. */
function uniformGradient(f: Tensor, axis: number, h: Tensor, edgeOrder: 1 | 2): Tensor {
  const at = (start: number, end: number | null) => along(f, axis, start, end);
  const interior = div(sub(at(2, null), at(0, -2)), mul(h, 2));
  const [first, last] =
    edgeOrder === 1
      ? [sub(at(1, 2), at(0, 1)), sub(at(-1, null), at(-2, -1))]
      : [add(add(mul(at(0, 1), -1.5), mul(at(1, 2), 2)), mul(at(2, 3), -0.5)), add(add(mul(at(-3, -2), 0.5), mul(at(-2, -1), -2)), mul(at(-1, null), 1.5))];
  return concat([div(first, h), interior, div(last, h)], axis);
}

/** The derivative of `f` along `axis` at the coordinates `x` (1-D, one per entry). */
function coordinateGradient(f: Tensor, axis: number, x: Tensor, edgeOrder: 1 | 2): Tensor {
  const rank = f.shape.length;
  const at = (start: number, end: number | null) => along(f, axis, start, end);
  const dx = sub(along(x, 0, 1), along(x, 0, 0, -1));
  const step = (start: number, end: number | null) => alongAxis(along(dx, 0, start, end), axis, rank);
  const dx1 = step(0, -1);
  const dx2 = step(1, null);
  const total = add(dx1, dx2);
  const interior = add(
    add(mul(at(0, -2), div(neg(dx2), mul(dx1, total))), mul(at(1, -1), div(sub(dx2, dx1), mul(dx1, dx2)))),
    mul(at(2, null), div(dx1, mul(dx2, total))),
  );
  let first: Tensor;
  let last: Tensor;
  if (edgeOrder === 1) {
    first = div(sub(at(1, 2), at(0, 1)), step(0, 1));
    last = div(sub(at(-1, null), at(-2, -1)), step(-1, null));
  } else {
    const [a1, a2] = [step(0, 1), step(1, 2)];
    const aSum = add(a1, a2);
    first = add(
      add(mul(at(0, 1), neg(div(add(mul(a1, 2), a2), mul(a1, aSum)))), mul(at(1, 2), div(aSum, mul(a1, a2)))),
      mul(at(2, 3), neg(div(a1, mul(a2, aSum)))),
    );
    const [b1, b2] = [step(-2, -1), step(-1, null)];
    const bSum = add(b1, b2);
    last = add(
      add(mul(at(-3, -2), div(b2, mul(b1, bSum))), mul(at(-2, -1), neg(div(bSum, mul(b1, b2))))),
      mul(at(-1, null), div(add(mul(b2, 2), b1), mul(b2, bSum))),
    );
  }
  return concat([first, interior, last], axis);
}

const neg = (x: Tensor): Tensor => mul(x, -1);

/**
 * The gradient of `f` sampled on a grid (NumPy's `gradient`): second-order central
 * differences inside, first-order (or, with `edgeOrder: 2`, second-order) one-sided
 * differences at the ends. `spacing` is one step or coordinate array for every axis, or
 * a list of one per axis (a number or scalar tensor is a uniform step, a 1-D tensor the
 * coordinates along that axis; default 1). Returns one tensor per axis, or a single one
 * for one axis. Differentiable in `f` and in the spacing.
 * @example
 * ```ts
 * import { gradient, tensor } from "purediff";
 * gradient(tensor([1, 2, 4, 7, 11])).toArray(); // => [1, 1.5, 2.5, 3.5, 4]
 * ```
 * @example
 * ```ts
 * import { gradient, tensor } from "purediff";
 * gradient(tensor([1, 2, 4, 7]), tensor([0, 1, 3, 4])).toArray(); // => [1, 1, 2.333334, 3]
 * ```
 */
export function gradient<S extends Shape, const A extends number | readonly number[] | undefined = undefined>(
  f: Tensor<S>,
  spacing: Spacing | readonly Spacing[] = 1,
  options: GradientOptions<A> = {},
): Gradients<S, A> {
  const t = asFloat(f);
  // In the order given, as NumPy returns them.
  const given: readonly number[] = options.axis === undefined ? t.shape.map((_, i) => i) : typeof options.axis === "number" ? [options.axis] : options.axis;
  const axes = given.map((a) => normalizeAxis("gradient", a, t.shape.length));
  if (new Set(axes).size !== axes.length) throw new Error(`gradient: repeated axis in [${given.join(",")}]`);
  const edgeOrder = options.edgeOrder ?? 1;
  if (edgeOrder !== 1 && edgeOrder !== 2) throw new Error(`gradient: edgeOrder must be 1 or 2, got ${String(edgeOrder)}`);
  const list = Array.isArray(spacing) ? (spacing as readonly Spacing[]) : [spacing as Spacing];
  if (list.length !== 1 && list.length !== axes.length) throw new Error(`gradient: give one spacing, or one per axis (${axes.length}), got ${list.length}`);
  const out = axes.map((axis, k) => {
    const n = t.shape[axis];
    if (n < edgeOrder + 1) throw new Error(`gradient: axis ${axis} has ${n} entries; edgeOrder ${edgeOrder} needs at least ${edgeOrder + 1}`);
    const s = list.length === 1 ? list[0] : list[k];
    const h = convertTo(asFloat(s), t.dtype);
    if (h.shape.length === 0) return uniformGradient(t, axis, h, edgeOrder);
    if (h.shape.length !== 1 || h.shape[0] !== n)
      throw new Error(`gradient: the coordinates along axis ${axis} must be 1-D of length ${n}, got shape ${showShape(h.shape)}`);
    return coordinateGradient(t, axis, h, edgeOrder);
  });
  return (out.length === 1 ? out[0] : out) as Gradients<S, A>;
}

/** Options of {@link trapezoid}. */
export interface TrapezoidOptions<A extends number = number> {
  /** The step between samples when no coordinates are given (default 1). */
  readonly dx?: number;
  /** The axis to integrate along (default the last). */
  readonly axis?: A;
}

/**
 * The integral of `y` along an axis by the trapezoidal rule (NumPy's `trapezoid`): at the
 * coordinates `x` (1-D along the axis, or broadcasting with `y`) or with a uniform step `dx`.
 * @example
 * ```ts
 * import { tensor, trapezoid } from "purediff";
 * trapezoid(tensor([1, 2, 3])).toArray(); // => 4
 * ```
 * @example
 * ```ts
 * import { tensor, trapezoid } from "purediff";
 * trapezoid(tensor([1, 2, 3]), tensor([0, 1, 3])).toArray(); // => 6.5
 * ```
 */
export function trapezoid<T extends Operand, const A extends number = -1>(
  y: T,
  x?: Operand,
  options: TrapezoidOptions<A> = {},
): Tensor<Reduce<ShapeOfOperand<T>, A>> {
  const t = asFloat(y);
  const axis = normalizeAxis("trapezoid", options.axis ?? -1, t.shape.length);
  let d: Tensor;
  if (x === undefined) d = asTensor(options.dx ?? 1, t.dtype);
  else {
    const c = convertTo(asFloat(x), t.dtype);
    if (c.shape.length === 1) {
      if (c.shape[0] !== t.shape[axis]) throw new Error(`trapezoid: x has ${c.shape[0]} coordinates but y has ${t.shape[axis]} entries along axis ${axis}`);
      d = alongAxis(diff(c), axis, t.shape.length);
    } else d = diff(c, 1, axis - t.shape.length);
  }
  const n = t.shape[axis];
  const sides = add(along(t, axis, 1), along(t, axis, 0, Math.max(n - 1, 0)));
  return sum(div(mul(d, sides), 2), axis) as Tensor<Reduce<ShapeOfOperand<T>, A>>;
}
