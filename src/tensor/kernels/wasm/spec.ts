/**
 * The shape of a (batched) matrix product, as the matmul kernels take it. Per batch element,
 * A is [m, k] (stored [k, m] when `transA`) and B is [k, n] (stored [n, k] when `transB`);
 * operand batch element `i` starts at `i * aBatchStride` (resp. `bBatchStride`) elements, so a
 * stride of 0 broadcasts that operand. The output is a fresh contiguous [batch, m, n] array.
 */
export interface MatmulSpec {
  batch: number;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  aBatchStride: number;
  bBatchStride: number;
}
