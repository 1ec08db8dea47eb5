/**
 * The general dilated convolution (XLA's ConvGeneralDilated, the `convGeneralDilated`
 * primitive) as an ONNX `Conv`: the input is transposed to `[N, C, spatial...]` and the
 * kernel to `[O, I, spatial...]` by their dimension numbers, and the result back to the
 * output's layout. Both compute cross-correlations; kernel dilation, strides, feature
 * groups and non-negative padding carry over; input dilation (transposed convolutions),
 * batch groups (filter gradients) and negative padding have no `Conv` form and are errors.
 * @module
 */
import type { Aval } from "../core/primitive";
import type { ConvParams } from "../core/primitives/conv-dimensions";
import { showShape } from "../tensor/shape";
import type { GraphBuilder } from "./graph-builder";

/** The inverse of a permutation. */
const inverse = (perm: readonly number[]): number[] => {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
};

/** True for the permutation that moves nothing. */
const isIdentity = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

/**
 * Adds the nodes of a convolution of `lhs` by `rhs` (abstract values `lhsAval`, `rhsAval`)
 * and returns the result's name; throws on geometry `Conv` has no form for.
 * @example
 * convToOnnx(builder, "x", "w", { windowStrides: [1, 1], padding: [[0, 0], [0, 0]], lhsDilation: [1, 1], rhsDilation: [1, 1],
 *   dimensionNumbers: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }, featureGroupCount: 1, batchGroupCount: 1 }, xAval, wAval);
 */
export function convToOnnx(b: GraphBuilder, lhs: string, rhs: string, p: ConvParams, lhsAval: Aval, rhsAval: Aval): string {
  const where = `convGeneralDilated of ${lhsAval.dtype}${showShape(lhsAval.shape)} by ${rhsAval.dtype}${showShape(rhsAval.shape)}`;
  if (p.lhsDilation.some((d) => d !== 1))
    throw new Error(`exportOnnx: ${where}: lhsDilation [${p.lhsDilation.join(",")}] (a transposed convolution) has no ONNX Conv form (only 1s)`);
  if (p.batchGroupCount !== 1) throw new Error(`exportOnnx: ${where}: batchGroupCount ${p.batchGroupCount} has no ONNX Conv form (only 1)`);
  if (p.padding.some(([lo, hi]) => lo < 0 || hi < 0)) throw new Error(`exportOnnx: ${where}: negative padding has no ONNX Conv form`);
  const dn = p.dimensionNumbers;
  const x = isIdentity(dn.lhs) ? lhs : b.node("Transpose", [lhs], { perm: dn.lhs });
  const w = isIdentity(dn.rhs) ? rhs : b.node("Transpose", [rhs], { perm: dn.rhs });
  const y = b.node("Conv", [x, w], {
    kernel_shape: dn.rhs.slice(2).map((a) => rhsAval.shape[a]),
    strides: p.windowStrides,
    pads: [...p.padding.map(([lo]) => lo), ...p.padding.map(([, hi]) => hi)],
    dilations: p.rhsDilation,
    group: p.featureGroupCount,
  });
  return isIdentity(dn.out) ? y : b.node("Transpose", [y], { perm: inverse(dn.out) });
}
