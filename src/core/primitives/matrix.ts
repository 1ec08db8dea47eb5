/**
 * Matrix helpers for the rules of the linear-algebra primitives, written with primitives
 * so that every rule using them differentiates again.
 * @module
 */
import { ConcreteTensor } from "../../tensor/concrete";
import { allocate } from "../../tensor/dtype";
import type { FloatKind } from "../../tensor/kernels/linalg";
import type { Tensor } from "../../tensor/tensor";
import type { PrimitiveParams } from "../primitive";
import { bind } from "../bind";

/** Swaps the last two axes. */
export function mT(x: Tensor): Tensor {
  const r = x.shape.length;
  const perm = x.shape.map((_, i) => (i < r - 2 ? i : i === r - 2 ? r - 1 : r - 2));
  return bind("transpose", [x], { perm });
}

/** op(a)·op(b) on operands with the same batch axes. */
export function mm(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  return bind("matmul", [a, b], { transA, transB });
}

/** The triangular solve primitive. */
export function trsm(a: Tensor, b: Tensor, params: PrimitiveParams["triangularSolve"]): Tensor {
  return bind("triangularSolve", [a, b], params);
}

/** A constant rows×cols matrix with entry f(i, j). */
export function constMatrix(rows: number, cols: number, dtype: FloatKind, f: (i: number, j: number) => number): Tensor {
  const data = allocate(dtype, rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return new ConcreteTensor(data, [rows, cols], dtype);
}
