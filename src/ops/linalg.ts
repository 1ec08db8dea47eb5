import type { Tensor } from "../tensor/tensor";
import { broadcastShapes, showShape, type Shape } from "../tensor/shape";
import type { CheckMatMul, MatMul } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { operandPair } from "./operands";
import { broadcastTo } from "./shape";
import { mul } from "./arithmetic";

/**
 * Matrix product with NumPy's rules: 2-D × 2-D, vectors on either side (a 1-D left
 * operand is a row, a 1-D right operand a column, and that axis is dropped), and
 * batches with broadcast leading dimensions.
 * @example
 * ```ts
 * import { matmul, ones } from "purediff";
 * matmul(ones([2, 3]), ones([3, 4])).shape; // => [2, 4]
 * ```
 */
export function matmul<A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B> & CheckMatMul<A, B>): Tensor<MatMul<A, B>> {
  return matmulImpl(a, b, false, false) as Tensor<MatMul<A, B>>;
}

/** Matrix product of op(a)·op(b) where op transposes the last two axes when asked. Internal. */
export function matmulImpl(a0: Tensor, b0: Tensor, transA: boolean, transB: boolean): Tensor {
  if (a0.shape.length === 0 || b0.shape.length === 0) {
    throw new Error(`matmul: operands must have at least one axis, got shapes ${showShape(a0.shape)} and ${showShape(b0.shape)}; use mul for scalars`);
  }
  let [a, b] = operandPair(a0, b0, true);
  const vecA = a.shape.length === 1;
  const vecB = b.shape.length === 1;
  if (vecA) a = bind("reshape", [a], { shape: [1, a.shape[0]] });
  if (vecB) b = bind("reshape", [b], { shape: [b.shape[0], 1] });
  const ka = a.shape[a.shape.length - (transA ? 2 : 1)];
  const kb = b.shape[b.shape.length - (transB ? 1 : 2)];
  if (ka !== kb) {
    throw new Error(`matmul: inner dimensions differ: a has shape ${showShape(a0.shape)} (k=${ka}), b has shape ${showShape(b0.shape)} (k=${kb})`);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes("matmul (batch dimensions)", batchA, batchB);
  a = alignBatch(a, batchA, batch);
  b = alignBatch(b, batchB, batch);
  let out = bind("matmul", [a, b], { transA, transB });
  if (vecA || vecB) {
    const s = out.shape.slice();
    if (vecB) s.splice(s.length - 1, 1);
    if (vecA) s.splice(s.length - (vecB ? 1 : 2), 1);
    out = bind("reshape", [out], { shape: s });
  }
  return out;
}

/** Leaves an operand whose batch is all ones unbatched (shared); broadcasts a partial one. */
function alignBatch(x: Tensor, own: Shape, batch: Shape): Tensor {
  if (own.length === batch.length && own.every((d, i) => d === batch[i])) return x;
  const matrix = x.shape.slice(-2);
  if (own.every((d) => d === 1)) return own.length === 0 ? x : bind("reshape", [x], { shape: matrix });
  return broadcastTo(x, [...batch, ...matrix]);
}

/**
 * Inner product of vectors, or matmul for higher ranks.
 * @example
 * ```ts
 * import { dot, tensor } from "purediff";
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])).toArray(); // => 32
 * ```
 */
export function dot<A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B> & CheckMatMul<A, B>): Tensor<MatMul<A, B>> {
  return matmulImpl(a, b, false, false) as Tensor<MatMul<A, B>>;
}

/**
 * Outer product of two vectors: out[i, j] = a[i] · b[j].
 * @example
 * ```ts
 * import { outer, tensor } from "purediff";
 * outer(tensor([1, 2]), tensor([3, 4])).toArray(); // => [[3, 4], [6, 8]]
 * ```
 */
export function outer<N extends number, M extends number>(a: Tensor<[N]>, b: Tensor<[M]>): Tensor<[N, M]> {
  if (a.shape.length !== 1 || b.shape.length !== 1) {
    throw new Error(`outer: both arguments must be vectors, got shapes ${showShape(a.shape)} and ${showShape(b.shape)}`);
  }
  const col = bind("reshape", [a], { shape: [a.shape[0], 1] });
  const row = bind("reshape", [b], { shape: [1, b.shape[0]] });
  return mul(col, row) as Tensor<[N, M]>;
}
