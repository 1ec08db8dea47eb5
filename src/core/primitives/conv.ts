/**
 * The general dilated convolution as a primitive, with XLA's (and JAX's) semantics: every
 * layout through dimension numbers, window strides, explicit padding, input (lhs) dilation
 * for transposed convolutions, kernel (rhs) dilation for atrous ones, feature groups and
 * batch groups. It is bilinear; both cotangents are convolutions again (the transposed and
 * the filter-gradient convolutions, as JAX's `_conv_general_dilated_transpose_lhs/rhs`), so
 * derivatives of any order are convolutions. Batching folds a batched input into the
 * batch axis and a batched kernel into a grouped convolution.
 * @module
 */
import { convKernel } from "../../tensor/kernels/conv";
import { dataOf } from "../../tensor/concrete";
import { tensor, full } from "../../tensor/create";
import { sizeOf, type Shape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { PrimitiveRule } from "../primitive";
import { bind } from "../bind";
import { moveAxis, type BatchRule } from "../batching";
import { add, reshape } from "./wrappers";
import { arity, requireFloat, sameDType, wrap } from "./common";
import { convOutputShape, dilateDim, swapFirstTwo, takeAxes, type ConvParams, type PaddingPairs } from "./conv-dimensions";

const op = "convGeneralDilated";

/** Binds the primitive. */
const conv = (lhs: Tensor, rhs: Tensor, params: ConvParams): Tensor => bind("convGeneralDilated", [lhs, rhs], params);

/** `x` with axis `src` merged into axis `dst` (numbered without `src`), `src` the major part (JAX's `_reshape_axis_into`). */
function mergeAxis(src: number, dst: number, x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] *= x.shape[src];
  return reshape(perm.every((p, i) => p === i) ? x : bind("transpose", [x], { perm }), shape);
}

/** `x` with axis `src` split into `[size, rest]` (JAX's `_reshape_axis_out_of`). */
function splitAxis(src: number, size: number, x: Tensor): Tensor {
  const shape = [...x.shape];
  shape.splice(src, 1, size, x.shape[src] / size);
  return reshape(x, shape);
}

/** `x` reversed along `axes` (gathers of reversed indices, so it differentiates and batches). */
export function reverseAxes(x: Tensor, axes: readonly number[]): Tensor {
  return axes.reduce((y, axis) => {
    const n = y.shape[axis];
    if (n <= 1) return y;
    const indices = tensor(
      Int32Array.from({ length: n }, (_, i) => n - 1 - i),
      "int32",
      [n],
    );
    return bind("gather", [y, indices], { axis });
  }, x);
}

/** The cotangent of the input: a convolution of the output cotangent by the reversed kernel, input-dilated by the strides. */
function transposeLhs(ct: Tensor, lhsShape: Shape, rhs: Tensor, p: ConvParams): Tensor {
  const dn = p.dimensionNumbers;
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  // The groups move from the kernel's output features into its input features.
  const kernel = groups > 1 ? mergeAxis(dn.rhs[0], dn.rhs[1], splitAxis(dn.rhs[0], groups, rhs)) : rhs;
  const inSpatial = takeAxes(lhsShape, dn.lhs.slice(2));
  const window = takeAxes(rhs.shape, dn.rhs.slice(2));
  const outSpatial = takeAxes(ct.shape, dn.out.slice(2));
  const padding: PaddingPairs = inSpatial.map((size, j) => {
    const span = dilateDim(window[j], p.rhsDilation[j]);
    const before = span - p.padding[j][0] - 1;
    const after = dilateDim(size, p.lhsDilation[j]) + span - 1 - dilateDim(outSpatial[j], p.windowStrides[j]) - before;
    return [before, after] as const;
  });
  const out = conv(ct, reverseAxes(kernel, dn.rhs.slice(2)), {
    windowStrides: p.lhsDilation,
    padding,
    lhsDilation: p.windowStrides,
    rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhs: dn.out, rhs: swapFirstTwo(dn.rhs), out: dn.lhs },
    featureGroupCount: groups,
    batchGroupCount: 1,
  });
  // With batch groups the groups came out as features: they go back to the batch.
  return p.batchGroupCount > 1 ? mergeAxis(dn.lhs[1], dn.lhs[0], splitAxis(dn.lhs[1], p.batchGroupCount, out)) : out;
}

/** The cotangent of the kernel: the filter-gradient convolution of the input by the output cotangent. */
function transposeRhs(ct: Tensor, lhs: Tensor, rhsShape: Shape, p: ConvParams): Tensor {
  if (sizeOf(ct.shape) === 0) return full(rhsShape, 0, ct.dtype);
  const dn = p.dimensionNumbers;
  const inSpatial = takeAxes(lhs.shape, dn.lhs.slice(2));
  const window = takeAxes(rhsShape, dn.rhs.slice(2));
  const outSpatial = takeAxes(ct.shape, dn.out.slice(2));
  const padding: PaddingPairs = inSpatial.map((size, j) => {
    const low = p.padding[j][0];
    const high = dilateDim(outSpatial[j], p.windowStrides[j]) - dilateDim(size, p.lhsDilation[j]) + dilateDim(window[j], p.rhsDilation[j]) - low - 1;
    return [low, high] as const;
  });
  return conv(lhs, ct, {
    windowStrides: p.rhsDilation,
    padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhs: swapFirstTwo(dn.lhs), rhs: swapFirstTwo(dn.out), out: swapFirstTwo(dn.rhs) },
    // Feature groups become batch groups and the other way round.
    featureGroupCount: p.batchGroupCount,
    batchGroupCount: p.featureGroupCount,
  });
}

/**
 * Batching (as JAX's `_conv_general_dilated_batch_rule`): a batched input folds into its
 * batch axis (or, with batch groups, into each batch group); a batched kernel folds into its
 * output features, as more groups when the convolution is grouped; both batched is a
 * grouped convolution with one group per example.
 */
const convBatch: BatchRule<ConvParams> = ([lhs, rhs], p, size) => {
  const dn = p.dimensionNumbers;
  const [ls, rs, os] = [dn.lhs, dn.rhs, dn.out];
  if (lhs.batched && rhs.batched) {
    const grouped =
      p.batchGroupCount > 1
        ? { lhs: mergeAxis(0, ls[0], lhs.value), params: { ...p, batchGroupCount: p.batchGroupCount * size } }
        : { lhs: mergeAxis(0, ls[1], lhs.value), params: { ...p, featureGroupCount: p.featureGroupCount * size } };
    const out = conv(grouped.lhs, mergeAxis(0, rs[0], rhs.value), grouped.params);
    return moveAxis(splitAxis(os[1], size, out), os[1], 0);
  }
  if (lhs.batched) {
    const folded =
      p.batchGroupCount === 1
        ? mergeAxis(0, ls[0], lhs.value)
        : mergeAxis(ls[0], ls[0], mergeAxis(0, ls[0] + 1, splitAxis(ls[0] + 1, p.batchGroupCount, lhs.value)));
    return moveAxis(splitAxis(os[0], size, conv(folded, rhs.value, p)), os[0], 0);
  }
  if (!rhs.batched) return conv(lhs.value, rhs.value, p);
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  if (groups === 1) return moveAxis(splitAxis(os[1], size, conv(lhs.value, mergeAxis(0, rs[0], rhs.value), p)), os[1], 0);
  // Groups stay outermost in the output features: [groups, size, O/groups].
  const kernel = mergeAxis(rs[0], rs[0], mergeAxis(0, rs[0] + 1, splitAxis(rs[0] + 1, groups, rhs.value)));
  const out = splitAxis(os[1] + 1, size, splitAxis(os[1], groups, conv(lhs.value, kernel, p)));
  return moveAxis(mergeAxis(os[1], os[1] + 1, out), os[1], 0);
};

/** The general dilated convolution. */
export const convRule: PrimitiveRule<ConvParams> = {
  abstractEval(inputs, params) {
    arity(op, inputs, 2);
    const [lhs, rhs] = inputs;
    requireFloat(op, lhs, "lhs");
    requireFloat(op, rhs, "rhs");
    sameDType(op, lhs, rhs);
    return { shape: convOutputShape(op, lhs.shape, rhs.shape, params), dtype: lhs.dtype };
  },
  impl([lhs, rhs], p, out) {
    const dn = p.dimensionNumbers;
    const spec = { ...p, lhsSpec: dn.lhs, rhsSpec: dn.rhs, outSpec: dn.out };
    const dtype = out.dtype === "float64" ? "float64" : "float32";
    return wrap(
      convKernel(dataOf(lhs) as Float32Array | Float64Array, lhs.shape, dataOf(rhs) as Float32Array | Float64Array, rhs.shape, spec, out.shape, dtype),
      out,
    );
  },
  jvp([lhs, rhs], [tl, tr], p) {
    const fromLhs = tl === null ? null : conv(tl, rhs, p);
    const fromRhs = tr === null ? null : conv(lhs, tr, p);
    if (fromLhs === null) return fromRhs;
    return fromRhs === null ? fromLhs : add(fromLhs, fromRhs);
  },
  vjp: (ct, [lhs, rhs], p, _out, wanted) => [wanted[0] ? transposeLhs(ct, lhs.shape, rhs, p) : null, wanted[1] ? transposeRhs(ct, lhs, rhs.shape, p) : null],
  batch: convBatch,
};

declare module "../primitive" {
  interface PrimitiveParams {
    convGeneralDilated: ConvParams;
  }
}
