/**
 * NumPy's pad. "constant" is the `pad` primitive (zeros around `x`) and, for non-zero
 * values, one select against a constant border. The other modes read each padded
 * position from a position of `x` (clamped for "edge", mirrored for "reflect" and
 * "symmetric", cyclic for "wrap") and are one gather per padded axis: exact for widths
 * past the axis length (where NumPy's results are periodic), and differentiable (the
 * gradient adds up the copies).
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { allocate } from "../tensor/dtype";
import { ConcreteTensor } from "../tensor/concrete";
import { tensor } from "../tensor/create";
import { showShape, sizeOf, stridesOf, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";

/** How `pad` fills the border. */
export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap";

/**
 * Amounts before and after each axis, as NumPy accepts them: one number for all,
 * `[before, after]` for all, or one `[before, after]` pair per axis.
 */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

/** Options of {@link pad}. */
export interface PadOptions {
  /** How the border is filled (default "constant"). */
  readonly mode?: PadMode;
  /** The border values in mode "constant", in the same forms as the widths (default 0). */
  readonly constantValues?: PadWidth;
}

/** One `[before, after]` pair per axis from any of the accepted forms. */
function pairs(what: string, spec: PadWidth, rank: number, shape: Shape): [number, number][] {
  const bad = (): Error =>
    new Error(`pad: ${what} ${JSON.stringify(spec)} must be a number, [before, after], or one [before, after] pair per axis of shape ${showShape(shape)}`);
  const pair = (p: number | readonly number[]): [number, number] => {
    if (typeof p === "number") return [p, p];
    if (p.length === 1 && typeof p[0] === "number") return [p[0], p[0]];
    if (p.length === 2 && typeof p[0] === "number" && typeof p[1] === "number") return [p[0], p[1]];
    throw bad();
  };
  const forEveryAxis = (p: number | readonly number[]): [number, number][] => Array.from({ length: rank }, () => pair(p));
  if (typeof spec === "number") return forEveryAxis(spec);
  if (spec.every((p) => typeof p === "number")) return forEveryAxis(spec as readonly number[]);
  if (spec.some((p) => typeof p === "number")) throw bad();
  const list = spec as readonly (readonly number[])[];
  if (list.length === 1) return forEveryAxis(list[0]);
  if (list.length !== rank) throw bad();
  return list.map(pair);
}

/** The position of `x` (along an axis of length n) that padded position `p` (−before ≤ p) copies. */
const sources: Readonly<Record<Exclude<PadMode, "constant">, (p: number, n: number) => number>> = {
  edge: (p, n) => Math.min(Math.max(p, 0), n - 1),
  wrap: (p, n) => ((p % n) + n) % n,
  symmetric: (p, n) => {
    const q = ((p % (2 * n)) + 2 * n) % (2 * n);
    return q < n ? q : 2 * n - 1 - q;
  },
  reflect: (p, n) => {
    if (n === 1) return 0;
    const period = 2 * (n - 1);
    const q = ((p % period) + period) % period;
    return q < n ? q : period - q;
  },
};

/**
 * `x` with a border of `padWidth` entries before and after each axis (NumPy's pad):
 * "constant" fills it with `constantValues` (the corners take the value of the later
 * axis, as NumPy's axis-by-axis filling gives), "edge" repeats the edge entries,
 * "reflect" mirrors without repeating the edge, "symmetric" mirrors repeating it, "wrap"
 * continues cyclically. Widths are non-negative integers. Differentiable in `x`.
 * @example
 * ```ts
 * import { pad, tensor } from "purediff";
 * pad(tensor([1, 2, 3]), [2, 1]).toArray(); // => [0, 0, 1, 2, 3, 0]
 * ```
 * @example
 * ```ts
 * import { pad, tensor } from "purediff";
 * pad(tensor([1, 2, 3]), 2, { mode: "reflect" }).toArray(); // => [3, 2, 1, 2, 3, 2, 1]
 * ```
 */
export function pad(x: Tensor, padWidth: PadWidth, options: PadOptions = {}): Tensor<number[]> {
  const mode = options.mode ?? "constant";
  const rank = x.shape.length;
  const widths = pairs("padWidth", padWidth, rank, x.shape);
  widths.forEach(([b, a], i) => {
    if (!Number.isInteger(b) || !Number.isInteger(a) || b < 0 || a < 0) {
      throw new Error(`pad: widths [${b}, ${a}] for axis ${i} must be non-negative integers (x shape ${showShape(x.shape)})`);
    }
  });
  const outShape = x.shape.map((d, i) => d + widths[i][0] + widths[i][1]);
  if (mode === "constant") return padConstant(x, widths, outShape, pairs("constantValues", options.constantValues ?? 0, rank, x.shape));
  if (options.constantValues !== undefined) throw new Error(`pad: constantValues apply only to mode "constant", not "${mode}"`);
  const source = sources[mode];
  if (source === undefined) throw new Error(`pad: mode must be one of constant, edge, reflect, symmetric, wrap; got ${String(mode)}`);
  return widths.reduce<Tensor>((acc, [b, a], axis) => {
    if (b === 0 && a === 0) return acc;
    const n = x.shape[axis];
    if (n === 0) throw new Error(`pad: cannot extend the empty axis ${axis} of shape ${showShape(x.shape)} in mode "${mode}"`);
    const positions = Array.from({ length: n + b + a }, (_, i) => source(i - b, n));
    return bind("gather", [acc, tensor(positions, "int32")], { axis });
  }, x) as Tensor<number[]>;
}

/** Zeros around `x` by the `pad` primitive, then the non-zero border values by one select. */
function padConstant(x: Tensor, widths: readonly [number, number][], outShape: number[], values: readonly [number, number][]): Tensor<number[]> {
  const zeroPadded = widths.every(([b, a]) => b === 0 && a === 0)
    ? x
    : bind("pad", [x], { before: widths.map(([b]) => b), shape: outShape, step: outShape.map(() => 1) });
  if (values.every(([b, a]) => b === 0 && a === 0)) return zeroPadded as Tensor<number[]>;
  const size = sizeOf(outShape);
  const inside = new Uint8Array(size);
  const border = allocate(x.dtype, size);
  const strides = stridesOf(outShape);
  for (let flat = 0; flat < size; flat++) {
    let isInside = 1;
    outShape.forEach((d, axis) => {
      const i = Math.floor(flat / strides[axis]) % d;
      const [b] = widths[axis];
      if (i < b) border[flat] = values[axis][0];
      else if (i >= b + x.shape[axis]) border[flat] = values[axis][1];
      else return;
      isInside = 0;
    });
    inside[flat] = isInside;
  }
  const mask = new ConcreteTensor(inside, outShape, "bool");
  return bind("select", [mask, zeroPadded, new ConcreteTensor(border, outShape, x.dtype)], {}) as Tensor<number[]>;
}
