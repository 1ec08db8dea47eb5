import type { DType, TypedArray } from "./dtype";
import { sizeOf, stridesOf, type Shape } from "./shape";

/** Options for {@link formatTensor}. */
export interface FormatOptions {
  /** Tensors with more elements than this are elided with `...` (default 1000). */
  maxElements?: number;
  /** Items kept at each end of an elided axis (default 3). */
  edgeItems?: number;
  /** Significant digits of floats (default 6 for float32, 8 for float64). */
  precision?: number;
}

/**
 * Renders a tensor NumPy-style: a `Tensor<[shape], dtype>` header, then nested brackets with
 * right-aligned columns; tensors larger than `maxElements` show only `edgeItems` at each end
 * of every long axis, with `...` between. Scalars print on the header line.
 * @example
 * formatTensor(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], "float32")
 * // "Tensor<[2,3], float32>\n[[1, 2, 3],\n [4, 5, 6]]"
 */
export function formatTensor(data: TypedArray, shape: Shape, dtype: DType, options: FormatOptions = {}): string {
  const header = `Tensor<[${shape.join(",")}], ${dtype}>`;
  const precision = options.precision ?? (dtype === "float64" ? 8 : 6);
  const show = (v: number): string => formatElement(v, dtype, precision);
  if (shape.length === 0) return `${header} ${show(data[0])}`;
  const edge = options.edgeItems ?? 3;
  const elide = sizeOf(shape) > (options.maxElements ?? 1000);
  const strides = stridesOf(shape);
  const rank = shape.length;
  // The indices shown along each axis; -1 marks the `...` gap.
  const shown = shape.map((d) => (elide && d > 2 * edge ? [...range(0, edge), -1, ...range(d - edge, d)] : range(0, d)));

  // First pass: format the visible elements to find the common column width.
  const texts = new Map<number, string>();
  let width = 0;
  const collect = (axis: number, offset: number): void => {
    for (const i of shown[axis]) {
      if (i < 0) continue;
      const at = offset + i * strides[axis];
      if (axis === rank - 1) {
        const t = show(data[at]);
        texts.set(at, t);
        if (t.length > width) width = t.length;
      } else {
        collect(axis + 1, at);
      }
    }
  };
  collect(0, 0);

  const render = (axis: number, offset: number): string => {
    if (shape[axis] === 0) return "[]";
    if (axis === rank - 1) {
      const items = shown[axis].map((i) => (i < 0 ? "..." : (texts.get(offset + i * strides[axis]) ?? "").padStart(width)));
      return `[${items.join(", ")}]`;
    }
    const indent = " ".repeat(axis + 1);
    const separator = `,${"\n".repeat(rank - axis - 1)}${indent}`;
    const items = shown[axis].map((i) => (i < 0 ? "..." : render(axis + 1, offset + i * strides[axis])));
    return `[${items.join(separator)}]`;
  };
  return `${header}\n${render(0, 0)}`;
}

function range(from: number, to: number): number[] {
  const r: number[] = [];
  for (let i = from; i < to; i++) r.push(i);
  return r;
}

/** One element as text: true/false for bools, integers as-is, floats to `precision` significant digits. */
function formatElement(v: number, dtype: DType, precision: number): string {
  if (dtype === "bool") return v ? "true" : "false";
  if (dtype === "int32" || dtype === "uint32") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 10 ** precision || abs < 1e-4)) {
    // Scientific notation with trailing zeros of the mantissa trimmed: 1.5e-7, 1.23457e+8.
    const [mantissa, exponent] = v.toExponential(precision - 1).split("e");
    return `${trimZeros(mantissa)}e${exponent}`;
  }
  return String(Number(v.toPrecision(precision)));
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}
