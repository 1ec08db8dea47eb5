/**
 * `reduceWindow` (pooling) as ONNX operators. ONNX pools `[N, C, spatial...]` tensors, so
 * the axes the window moves along (the spatial ones) are transposed last and the passive
 * axes (window 1, stride 1, no padding) folded into N, with C = 1; the result is unfolded
 * and transposed back. Max is `MaxPool` (its padding holds −∞, the identity of max); min
 * is a `MaxPool` of the negation; add is a `Conv` with a window of ones (an exact windowed
 * sum, padding holding 0), so average pooling (`avgPool`, a windowed sum then a division)
 * exports exactly.
 * @module
 */
import type { Aval, PrimitiveParams } from "../core/primitive";
import { showShape } from "../tensor/shape";
import type { GraphBuilder } from "./graph-builder";

type Params = PrimitiveParams["reduceWindow"];

/** The inverse of a permutation. */
const inverse = (perm: readonly number[]): number[] => {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
};

/**
 * Adds the nodes of `reduceWindow` applied to the value `x` (of abstract value `xAval`,
 * giving `out`) and returns the result's name; throws on geometry ONNX has no form for.
 * @example
 * reduceWindowToOnnx(builder, "x", params, { shape: [1, 4, 4, 2], dtype: "float32" }, { shape: [1, 2, 2, 2], dtype: "float32" });
 */
export function reduceWindowToOnnx(b: GraphBuilder, x: string, p: Params, xAval: Aval, out: Aval): string {
  const where = `reduceWindow[op=${p.op}] on ${xAval.dtype}${showShape(xAval.shape)}`;
  if (xAval.dtype !== "float32" && xAval.dtype !== "float64") throw new Error(`exportOnnx: ${where}: ONNX pooling takes float tensors only`);
  if (p.baseDilation.some((d) => d !== 1)) throw new Error(`exportOnnx: ${where}: baseDilation [${p.baseDilation.join(",")}] has no ONNX form (only 1s)`);
  if (p.padding.some(([lo, hi]) => lo < 0 || hi < 0)) throw new Error(`exportOnnx: ${where}: negative padding has no ONNX form`);
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
  if (p.op === "max") pooled = b.node("MaxPool", [nc], geometry);
  else if (p.op === "min") pooled = b.node("Neg", [b.node("MaxPool", [b.node("Neg", [nc])], geometry)]);
  else {
    pooled = b.node("Conv", [nc, b.filled(1, [1, 1, ...geometry.kernel_shape], xAval.dtype)], geometry);
  }
  const unfolded = b.node("Reshape", [pooled, b.int64(perm.map((a) => out.shape[a]))], { allowzero: 1 });
  return b.node("Transpose", [unfolded], { perm: inverse(perm) });
}
