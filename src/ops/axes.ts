import { normalizeAxis, type Shape } from "../tensor/shape";

/** Which axes a reduction runs over: one, several, or all (undefined). */
export type Axes = number | readonly number[] | undefined;

/** Options shared by reductions. */
export interface ReduceOptions<K extends boolean = boolean> {
  /** Keep reduced axes as size 1 (default false). */
  readonly keepDims?: K;
}

/** Sorted, unique, non-negative axes for `shape`, or an error naming the op. */
export function normalizeAxes(op: string, axes: Axes, shape: Shape): number[] {
  if (axes === undefined) return shape.map((_, i) => i);
  if (typeof axes !== "number" && !(Array.isArray(axes) && axes.every((a) => typeof a === "number"))) {
    const got =
      typeof axes === "object" && axes !== null && !Array.isArray(axes)
        ? `an object ${JSON.stringify(axes)}; options come after the axes, e.g. ${op}(x, 1, { keepDims: true })`
        : (JSON.stringify(axes) ?? String(axes));
    throw new Error(`${op}: axes must be an axis number or an array of them, got ${got}`);
  }
  const list = typeof axes === "number" ? [axes] : axes;
  const out = [...new Set(list.map((a) => normalizeAxis(op, a, shape.length)))].sort((a, b) => a - b);
  if (out.length !== list.length) throw new Error(`${op}: repeated axis in [${list.join(",")}]`);
  return out;
}

/** The shape after reducing `axes`, keeping them as 1 or removing them. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  return keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}
