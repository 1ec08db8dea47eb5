import { Tensor } from "../tensor/tensor";
import { showShape, type Shape } from "../tensor/shape";
import { windowIdentity, type WindowGeometry, type WindowOp } from "../tensor/kernels/reduce-window";
import { bind } from "../core/bind";
import { windowOutShape } from "../core/primitives/reduce-window";
import { add, maximum, minimum } from "../ops/arithmetic";
import { pad, type SameRank } from "./pad";

export type { WindowOp } from "../tensor/kernels/reduce-window";

/**
 * One number per axis of a tensor of shape `S` (a tuple of the same length when S is one).
 * @example
 * ```ts
 * import { lax } from "purediff";
 * const strides: lax.PerAxis<[1, 28, 28, 6]> = [1, 2, 2, 1];
 * ```
 */
export type PerAxis<S extends Shape> = { readonly [K in keyof S]: number };

/**
 * Padding of a windowed operation: `"VALID"` (none), `"SAME"` (the output has ⌈d/stride⌉
 * elements per axis, the padding split evenly, the extra element at the high end) or an
 * explicit `[low, high]` pair per axis.
 * @example
 * ```ts
 * import { lax } from "purediff";
 * const p: lax.WindowPadding<[4, 4]> = [[1, 0], [0, 1]];
 * ```
 */
export type WindowPadding<S extends Shape> = "SAME" | "VALID" | { readonly [K in keyof S]: readonly [number, number] };

/**
 * Options of {@link reduceWindow}: dilations, 1 per axis by default.
 * @example
 * ```ts
 * import { lax, tensor } from "purediff";
 * const x = tensor([1, 2, 3, 4, 5]);
 * // windows of 2 elements 2 apart: x[i] + x[i + 2]
 * lax.reduceWindow(x, 0, "add", [2], [1], "VALID", { windowDilation: [2] } satisfies lax.ReduceWindowOptions<[5]>).toArray(); // => [4, 6, 8]
 * ```
 */
export interface ReduceWindowOptions<S extends Shape> {
  /** Holes between neighbouring input elements (`d − 1` of them), filled with `initValue`. */
  readonly baseDilation?: PerAxis<S>;
  /** Distance between the elements of a window (atrous windows). */
  readonly windowDilation?: PerAxis<S>;
}

/**
 * The explicit `[low, high]` pairs of a padding spec for `shape` (JAX's `padtype_to_pads`:
 * "SAME" pads so that the output has ⌈d/stride⌉ elements, the odd element at the high end).
 * Throws naming `op` for an unknown padding.
 * @example
 * ```ts
 * import { lax } from "purediff";
 * lax.resolvePadding("maxPool", [5], [2], [2], [1], "SAME"); // => [[0, 1]]
 * ```
 */
export function resolvePadding(
  op: string,
  shape: Shape,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  windowDilation: readonly number[],
  padding: "SAME" | "VALID" | readonly (readonly [number, number])[],
): (readonly [number, number])[] {
  if (padding === "VALID") return shape.map(() => [0, 0] as const);
  if (padding === "SAME") {
    return shape.map((d, a) => {
      const span = ((windowDimensions[a] ?? 1) - 1) * (windowDilation[a] ?? 1) + 1;
      const stride = windowStrides[a] ?? 1;
      const total = Math.max(0, (Math.ceil(d / stride) - 1) * stride + span - d);
      return [Math.floor(total / 2), total - Math.floor(total / 2)] as const;
    });
  }
  if (!Array.isArray(padding)) throw new Error(`${op}: padding must be "SAME", "VALID" or [low, high] pairs, got ${JSON.stringify(padding)}`);
  return padding.map((p) => [p[0], p[1]] as const);
}

/**
 * Reduces each window of `x` with `op` (JAX's `lax.reduce_window` for the monoids max,
 * min and add): windows of `windowDimensions` elements move by `windowStrides`; the input
 * is padded by `padding` and dilated by `baseDilation`, the padding and the holes holding
 * `initValue`, which also starts every window's reduction (as XLA does). With the op's
 * identity as `initValue` (−∞ for max, +∞ for min, 0 for add; the int32 extremes for
 * int32) padding never wins and costs nothing.
 *
 * Derivatives flow to `x` (and to `initValue` when it is a tensor), to any order. Max and
 * min send a window's gradient to the element they chose; on ties that is the first in
 * row-major order (the lowest flat index), so a gradient never splits between equal
 * elements. float32, float64 and int32.
 * @example
 * ```ts
 * import { lax, tensor } from "purediff";
 * const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8]]);
 * lax.reduceWindow(x, -Infinity, "max", [2, 2], [1, 2], "VALID").toArray(); // => [[6, 8]]
 * lax.reduceWindow(x, 0, "add", [1, 3], [1, 1], "SAME").toArray(); // => [[3, 6, 9, 7], [11, 18, 21, 15]]
 * ```
 */
export function reduceWindow<S extends Shape>(
  x: Tensor<S>,
  initValue: Tensor<[]> | number,
  op: WindowOp,
  windowDimensions: PerAxis<S>,
  windowStrides: PerAxis<S>,
  padding: WindowPadding<S>,
  options: ReduceWindowOptions<S> = {},
): Tensor<SameRank<S>> {
  const name = "lax.reduceWindow";
  if (op !== "max" && op !== "min" && op !== "add") throw new Error(`${name}: op must be "max", "min" or "add", got ${JSON.stringify(op)}`);
  if (x.dtype !== "float32" && x.dtype !== "float64" && x.dtype !== "int32") {
    throw new Error(`${name}: x must be float32, float64 or int32, got ${x.dtype} (shape ${showShape(x.shape)})`);
  }
  const ones = x.shape.map(() => 1);
  const windowDilation = (options.windowDilation ?? ones) as readonly number[];
  const geometry: WindowGeometry = {
    windowDimensions: windowDimensions as readonly number[],
    windowStrides: windowStrides as readonly number[],
    padding: resolvePadding(
      name,
      x.shape,
      windowDimensions as readonly number[],
      windowStrides as readonly number[],
      windowDilation,
      padding as "SAME" | "VALID" | readonly (readonly [number, number])[],
    ),
    baseDilation: (options.baseDilation ?? ones) as readonly number[],
    windowDilation,
  };
  windowOutShape(name, x.shape, geometry);
  if (initValue instanceof Tensor) {
    if (initValue.shape.length !== 0) throw new Error(`${name}: initValue must be a scalar, got shape ${showShape(initValue.shape)}`);
    if (initValue.dtype !== x.dtype)
      throw new Error(`${name}: initValue has dtype ${initValue.dtype}, x has ${x.dtype} (shape ${showShape(x.shape)}): they must agree`);
  } else if (typeof initValue !== "number") {
    throw new Error(`${name}: initValue must be a number or a scalar tensor, got ${typeof initValue}`);
  } else if (isIdentity(op, initValue, x.dtype)) {
    return bind("reduceWindow", [x], { op, ...geometry }) as Tensor<SameRank<S>>;
  }
  // Another initial value: pad and dilate with it explicitly, then reduce and fold it in.
  const padded = pad(
    x,
    initValue,
    geometry.padding.map(([lo, hi], a) => [lo, hi, geometry.baseDilation[a] - 1] as const),
  );
  const reduced = bind("reduceWindow", [padded], { op, ...geometry, padding: ones.map(() => [0, 0] as const), baseDilation: ones });
  const fold = op === "add" ? add : op === "max" ? maximum : minimum;
  return fold(reduced, initValue) as Tensor<SameRank<S>>;
}

/** True when `value` is `op`'s identity in `dtype` (±∞ count as the int32 extremes). */
function isIdentity(op: WindowOp, value: number, dtype: string): boolean {
  if (op === "add") return value === 0;
  const infinite = op === "max" ? -Infinity : Infinity;
  return value === infinite || value === windowIdentity(op, dtype === "int32" ? "int32" : "float64");
}
