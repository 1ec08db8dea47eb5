/**
 * Internal helpers of the laws: reading a tensor's values as doubles, building tensors
 * from doubles, inner products, multi-indices. Everything here copies; nothing mutates.
 */
import { tensor, type DType, type Shape, type Tensor } from "../../src/index";

/** The values of `t` as a fresh Float64Array (bool becomes 0/1). */
export function valuesOf(t: Tensor): Float64Array {
  return Float64Array.from(t.data());
}

/** A new tensor of `shape` and `dtype` holding `values` (rounded to the dtype). */
export function fromValues(values: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i];
  return tensor(data, dtype, [...shape]);
}

/** A tensor like `t` (shape and dtype) holding `values`. */
export function like(t: Tensor, values: ArrayLike<number>): Tensor {
  return fromValues(values, t.shape, t.dtype);
}

/** The number of elements of a shape. */
export function sizeOfShape(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The multi-index of flat (row-major) position `flat` in `shape`. */
export function unravel(flat: number, shape: Shape): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis];
    index[axis] = d === 0 ? 0 : rest % d;
    rest = d === 0 ? 0 : Math.floor(rest / d);
  }
  return index;
}

/** ⟨a, b⟩ = Σ aᵢbᵢ over same-sized value arrays, with Σ|aᵢbᵢ| (the scale of its rounding error). */
export function innerWithScale(a: ArrayLike<number>, b: ArrayLike<number>): { readonly value: number; readonly scale: number } {
  if (a.length !== b.length) throw new Error(`inner product of ${a.length} and ${b.length} values`);
  let value = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] * b[i];
    value += p;
    scale += Math.abs(p);
  }
  return { value, scale };
}

/** True when two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `[2,3]` */
export function showShapeText(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** A number, short: 6 significant digits. */
export function showNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const abs = Math.abs(x);
  return abs >= 1e-4 && abs < 1e6 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
}
