/**
 * `reduceWindow` (pooling) as ONNX operators. ONNX pools `[N, C, spatial...]` tensors, so
 * the axes the window moves along (the spatial ones) are transposed last and the passive
 * axes (window 1, stride 1, no padding) folded into N, with C = 1; the result is unfolded
 * and transposed back. Max is `MaxPool` (its padding holds −∞, the identity of max); min
 * is a `MaxPool` of the negation (a `MaxPool` of the NaN mask makes both propagate NaN, as
 * purediff's do); add is a `Conv` with a window of ones (an exact windowed
 * sum, padding holding 0), so average pooling (`avgPool`, a windowed sum then a division)
 * exports exactly. ONNX Runtime runs those operators on float32 only (Conv) or floats
 * only (MaxPool), so other dtypes (float64, int32) take a formulation without them: the
 * input padded with the reduction's identity, one strided `Slice` per window offset, and
 * the slices combined by `Max`, `Min` or `Add`.
 * @module
 */
import type { Aval, PrimitiveParams } from "../core/primitive";
import { showShape } from "../tensor/shape";
import { onnxElementType, type GraphBuilder } from "./graph-builder";

type Params = PrimitiveParams["reduceWindow"];

/** The inverse of a permutation. */
const inverse = (perm: readonly number[]): number[] => {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
};

/** The identity of each windowed reduction, per dtype: what padding holds. */
const identity = (op: Params["op"], dtype: Aval["dtype"]): number =>
  op === "add" ? 0 : dtype === "int32" ? (op === "max" ? -2147483648 : 2147483647) : op === "max" ? -Infinity : Infinity;

/** `reduceWindow` without pooling operators: the padded input sliced once per window offset, the slices combined. */
function slicedReduceWindow(b: GraphBuilder, x: string, p: Params, xAval: Aval, out: Aval): string {
  const rank = xAval.shape.length;
  const pads = [...p.padding.map(([lo]) => lo), ...p.padding.map(([, hi]) => hi)];
  const padded = pads.every((q) => q === 0)
    ? x
    : b.node("Pad", [x, b.int64(pads), b.filled(identity(p.op, xAval.dtype), [], xAval.dtype)], { mode: "constant" });
  const axes = b.int64(Array.from({ length: rank }, (_, a) => a));
  const steps = b.int64(p.windowStrides);
  const combine = { add: "Add", max: "Max", min: "Min" }[p.op];
  let result: string | undefined;
  // Every window offset, as a mixed-radix counter over the window's dimensions.
  const offset = new Array<number>(rank).fill(0);
  for (let k = 0, total = p.windowDimensions.reduce((n, w) => n * w, 1); k < total; k++) {
    const starts = offset.map((o, a) => o * p.windowDilation[a]);
    const ends = starts.map((s, a) => s + (out.shape[a] - 1) * p.windowStrides[a] + 1);
    const slice = b.node("Slice", [padded, b.int64(starts), b.int64(ends), axes, steps]);
    result = result === undefined ? slice : b.node(combine, [result, slice]);
    for (let a = rank - 1; a >= 0 && ++offset[a] === p.windowDimensions[a]; a--) offset[a] = 0;
  }
  return result as string;
}

/**
 * Adds the nodes of `reduceWindow` applied to the value `x` (of abstract value `xAval`,
 * giving `out`) and returns the result's name; throws on geometry ONNX has no form for.
 * @example
 * reduceWindowToOnnx(builder, "x", params, { shape: [1, 4, 4, 2], dtype: "float32" }, { shape: [1, 2, 2, 2], dtype: "float32" });
 */
export function reduceWindowToOnnx(b: GraphBuilder, x: string, p: Params, xAval: Aval, out: Aval): string {
  const where = `reduceWindow[op=${p.op}] on ${xAval.dtype}${showShape(xAval.shape)}`;
  if (p.baseDilation.some((d) => d !== 1)) throw new Error(`exportOnnx: ${where}: baseDilation [${p.baseDilation.join(",")}] has no ONNX form (only 1s)`);
  if (xAval.dtype !== "float32" || p.padding.some(([lo, hi]) => lo < 0 || hi < 0)) return slicedReduceWindow(b, x, p, xAval, out);
  const rank = xAval.shape.length;
  const axes = Array.from({ length: rank }, (_, a) => a);
  const moves = (a: number) => p.windowDimensions[a] !== 1 || p.windowStrides[a] !== 1 || p.padding[a][0] !== 0 || p.padding[a][1] !== 0;
  const spatial = axes.filter(moves);
  if (spatial.length === 0) return b.node("Identity", [x]);
  if (spatial.length > 3) throw new Error(`exportOnnx: ${where}: the window moves along ${spatial.length} axes; ONNX Runtime pools at most 3`);
  const passive = axes.filter((a) => !moves(a));
  const perm = [...passive, ...spatial];
  const folded = passive.reduce((n, a) => n * xAval.shape[a], 1);
  const transposed = b.node("Transpose", [x], { perm });
  const nc = b.node("Reshape", [transposed, b.int64([folded, 1, ...spatial.map((a) => xAval.shape[a])])], { allowzero: 1 });
  const geometry = {
    kernel_shape: spatial.map((a) => p.windowDimensions[a]),
    strides: spatial.map((a) => p.windowStrides[a]),
    pads: [...spatial.map((a) => p.padding[a][0]), ...spatial.map((a) => p.padding[a][1])],
    dilations: spatial.map((a) => p.windowDilation[a]),
  };
  let pooled: string;
  if (p.op === "add") pooled = b.node("Conv", [nc, b.filled(1, [1, 1, ...geometry.kernel_shape], xAval.dtype)], geometry);
  else {
    const extreme = p.op === "max" ? b.node("MaxPool", [nc], geometry) : b.node("Neg", [b.node("MaxPool", [b.node("Neg", [nc])], geometry)]);
    // MaxPool skips NaNs; purediff's max and min propagate them: a window holding one gives NaN.
    const hasNaN = b.node("MaxPool", [b.node("Cast", [b.node("IsNaN", [nc])], { to: onnxElementType(xAval.dtype) })], geometry);
    pooled = b.node("Where", [b.node("Cast", [hasNaN], { to: onnxElementType("bool") }), b.filled(NaN, [], xAval.dtype), extreme]);
  }
  const unfolded = b.node("Reshape", [pooled, b.int64(perm.map((a) => out.shape[a]))], { allowzero: 1 });
  return b.node("Transpose", [unfolded], { perm: inverse(perm) });
}
