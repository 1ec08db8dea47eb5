/**
 * Sorting as one primitive in the multi-operand form of JAX's `sort_p`: operands of one
 * shape; along `axis`, the last operand is reordered by the stable lexicographic order of
 * the first `numKeys` operands (NumPy's order: NaN last, −0 equal to 0; `descending`
 * reverses the comparison and keeps ties in their original order). `sort(x)` is the
 * primitive on `[x]`; `argsort(x)` on `[x, iota]`. One output: JAX's other outputs are the
 * same primitive with another last operand.
 *
 * Derivatives flow through the permutation: the tangent of the last operand is gathered
 * with the sorting indices (the primitive on `[keys…, iota]`), so rules differentiate
 * again; the keys' own tangents contribute nothing (the order is piecewise constant).
 * @module
 */
import { sortKernel } from "../../tensor/kernels/sort";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { iotaKernel } from "../../tensor/kernels/iota";
import { sameShape, showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { materialize } from "../batching";
import { bind } from "../bind";
import { add, broadcastTo, mul, reshape } from "./wrappers";
import { wrap } from "./common";

type Params = PrimitiveParams["sort"];

/** int32 positions 0…n−1 along `axis`, broadcast to `shape` (JAX's `broadcasted_iota`). */
export function iotaAlong(shape: readonly number[], axis: number): Tensor {
  const n = shape[axis];
  const line = new ConcreteTensor(iotaKernel(0, 1, n, "int32"), [n], "int32");
  return broadcastTo(
    reshape(
      line,
      shape.map((d, i) => (i === axis ? d : 1)),
    ),
    shape,
  );
}

/**
 * Flat int32 indices into a tensor of `shape` that read it in sorted order: entry (…, i, …)
 * is the flat position of (…, perm[…, i, …], …).
 */
function flatSortingIndices(keys: readonly Tensor[], { axis, numKeys, descending }: Params): Tensor {
  const shape = keys[0].shape;
  const perm = bind("sort", [...keys.slice(0, numKeys), iotaAlong(shape, axis)], { axis, numKeys, descending });
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const all = shape.reduce((a, b) => a * b, 1);
  // flat position = offset of the slice + perm · stride of the axis.
  const flat = new ConcreteTensor(iotaKernel(0, 1, all, "int32"), shape, "int32");
  const offset = bind("sub", [flat, mul(iotaAlong(shape, axis), inner)], {});
  return add(offset, mul(perm, inner));
}

/** `t` read at flat `indices` (a gather from its flattened form), in the indices' shape. */
const readFlat = (t: Tensor, indices: Tensor): Tensor => bind("gather", [reshape(t, [t.size]), indices], { axis: 0 });

const sort: PrimitiveRule<Params> = {
  abstractEval(inputs, { axis, numKeys }): Aval {
    if (inputs.length === 0) throw new Error("sort: needs at least one operand");
    const first = inputs[0];
    inputs.forEach((x, i) => {
      if (!sameShape(x.shape, first.shape))
        throw new Error(`sort: operand ${i} has shape ${showShape(x.shape)}, operand 0 has ${showShape(first.shape)}; all operands must share a shape`);
    });
    if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > inputs.length)
      throw new Error(`sort: numKeys ${numKeys} must be between 1 and the ${inputs.length} operand(s)`);
    if (!Number.isInteger(axis) || axis < 0 || axis >= first.shape.length)
      throw new Error(`sort: axis ${axis} is out of range for shape ${showShape(first.shape)}`);
    return inputs[inputs.length - 1];
  },
  impl: (inputs, { axis, numKeys, descending }, out) =>
    wrap(
      sortKernel(
        inputs.map((x) => dataOf(x)),
        out.shape,
        axis,
        numKeys,
        descending,
        out.dtype,
      ),
      out,
    ),
  jvp(primals, tangents, params) {
    const t = tangents[tangents.length - 1];
    return t === null ? null : readFlat(t, flatSortingIndices(primals, params));
  },
  vjp(ct, primals, params) {
    const x = primals[primals.length - 1];
    const back = reshape(bind("scatterAdd", [ct, flatSortingIndices(primals, params)], { axis: 0, shape: [x.size] }), x.shape);
    return primals.map((_, i) => (i === primals.length - 1 ? back : null));
  },
  // Sorting along the unbatched axis of every operand (unbatched ones broadcast along the batch).
  batch: (args, params, size) =>
    bind(
      "sort",
      args.map((a) => materialize(a, size)),
      { ...params, axis: params.axis + 1 },
    ),
};

/** Stable multi-key sorting along an axis. */
export const sortRules = { sort };

declare module "../primitive" {
  interface PrimitiveParams {
    sort: { readonly axis: number; readonly numKeys: number; readonly descending: boolean };
  }
}
