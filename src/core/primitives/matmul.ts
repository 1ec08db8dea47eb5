import { matmul as matmulKernel } from "../../tensor/kernels/dispatch";
import { dataOf } from "../../tensor/concrete";
import { isFloat } from "../../tensor/dtype";
import { showShape, sizeOf } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import type { Aval, PrimitiveParams, PrimitiveRule } from "../primitive";
import { add, sumToShape } from "./wrappers";
import { arity, sameDType, wrap } from "./common";
import { bind } from "../bind";
import { logical, type BatchArg, type BatchRule } from "../batching";
import { broadcastShapes } from "../../tensor/shape";

type Params = PrimitiveParams["matmul"];

/** Dimensions of op(a)·op(b): batch (the longer leading shape), m, k, n. */
function dims(a: Aval, b: Aval, { transA, transB }: Params) {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, ka] = transA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kb, n] = transB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = batchA.length >= batchB.length ? batchA : batchB;
  return { m, ka, kb, n, batchA, batchB, batch };
}

/** Batched matrix product: the batch axis joins the matrix batch dimensions; a shared unbatched matrix stays shared. */
const matmulBatch: BatchRule<Params> = (args, params, size) => {
  const [a, b] = args;
  const la = logical(a);
  const lb = logical(b);
  const batch = broadcastShapes("matmul (batch dimensions)", la.slice(0, -2), lb.slice(0, -2));
  const full = (x: BatchArg, l: readonly number[]): Tensor => {
    const matrix = l.slice(-2);
    const aligned = x.batched ? bind("reshape", [x.value], { shape: [size, ...new Array<number>(batch.length - (l.length - 2)).fill(1), ...l] }) : x.value;
    return bind("broadcastTo", [aligned], { shape: [size, ...batch, ...matrix] });
  };
  const aFull = full(a, la);
  const bFull = !b.batched && lb.length === 2 && batch.length === 0 ? b.value : full(b, lb);
  return bind("matmul", [aFull, bFull], params);
};

const mm = (a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor => bind("matmul", [a, b], { transA, transB });

/** Batched matrix product of op(a)·op(b); an operand without batch axes is shared across the batch. */
export const matmulRule: PrimitiveRule<Params> = {
  abstractEval(inputs, params) {
    arity("matmul", inputs, 2);
    const [a, b] = inputs;
    sameDType("matmul", a, b);
    if (!isFloat(a.dtype)) throw new Error(`matmul: operands must be float32 or float64, got ${a.dtype}`);
    if (a.shape.length < 2 || b.shape.length < 2)
      throw new Error(`matmul: primitive operands need rank >= 2, got ${showShape(a.shape)} and ${showShape(b.shape)}`);
    const { m, ka, kb, n, batchA, batchB, batch } = dims(a, b, params);
    const ok = (s: readonly number[]) => s.length === 0 || (s.length === batch.length && s.every((d, i) => d === batch[i]));
    if (ka !== kb || !ok(batchA) || !ok(batchB)) {
      throw new Error(
        `matmul: shapes ${showShape(a.shape)}${params.transA ? "ᵀ" : ""} and ${showShape(b.shape)}${params.transB ? "ᵀ" : ""} do not multiply (k=${ka} vs ${kb})`,
      );
    }
    return { shape: [...batch, m, n], dtype: a.dtype };
  },
  impl([a, b], params, out) {
    const { m, ka: k, n, batchA, batchB, batch } = dims(a, b, params);
    const spec = {
      batch: sizeOf(batch),
      m,
      k,
      n,
      transA: params.transA,
      transB: params.transB,
      aBatchStride: batchA.length === 0 ? 0 : m * k,
      bBatchStride: batchB.length === 0 ? 0 : k * n,
    };
    return wrap(
      matmulKernel(dataOf(a) as Float32Array | Float64Array, dataOf(b) as Float32Array | Float64Array, spec, out.dtype as "float32" | "float64"),
      out,
    );
  },
  jvp([a, b], [ta, tb], { transA, transB }) {
    const fa = ta === null ? null : mm(ta, b, transA, transB);
    const fb = tb === null ? null : mm(a, tb, transA, transB);
    if (fa === null) return fb;
    return fb === null ? fa : add(fa, fb);
  },
  vjp(ct, [a, b], { transA, transB }, _out, wanted) {
    // C = op(A)·op(B). Each cotangent is a product of ct with the other operand, laid out
    // as the operand is stored; operands shared across the batch sum over it.
    const da = (): Tensor => {
      if (!transA) return transB ? mm(ct, b, false, false) : mm(ct, b, false, true);
      return transB ? mm(b, ct, true, true) : mm(b, ct, false, true);
    };
    const db = (): Tensor => {
      if (!transB) return transA ? mm(a, ct, false, false) : mm(a, ct, true, false);
      return transA ? mm(ct, a, true, true) : mm(ct, a, true, false);
    };
    return [wanted[0] ? sumToShape(da(), a.shape) : null, wanted[1] ? sumToShape(db(), b.shape) : null];
  },
  batch: matmulBatch,
};

declare module "../primitive" {
  interface PrimitiveParams {
    matmul: { readonly transA: boolean; readonly transB: boolean };
  }
}
