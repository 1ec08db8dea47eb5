import { expectTypeOf, test } from "vitest";
import { eigh, eigvalsh, lu, matrixRank, norm, pinv, qr, svd, zeros, type Tensor } from "../../src/index";

test("decompositions keep batch axes and the dimensions known at compile time", () => {
  const a = zeros([5, 3, 3]);
  expectTypeOf(eigh(a).eigenvalues).toEqualTypeOf<Tensor<[5, 3]>>();
  expectTypeOf(eigh(a).eigenvectors).toEqualTypeOf<Tensor<[5, 3, 3]>>();
  expectTypeOf(eigvalsh(a)).toEqualTypeOf<Tensor<[5, 3]>>();
  const m = zeros([4, 2]);
  expectTypeOf(svd(m).U).toEqualTypeOf<Tensor<[4, 4]>>();
  expectTypeOf(svd(m).Vh).toEqualTypeOf<Tensor<[2, 2]>>();
  expectTypeOf(svd(m, { fullMatrices: false }).U).toEqualTypeOf<Tensor<[4, number]>>();
  expectTypeOf(svd(m, { computeUv: false })).toEqualTypeOf<Tensor<[number]>>();
  expectTypeOf(qr(m).Q).toEqualTypeOf<Tensor<[4, number]>>();
  expectTypeOf(qr(m, "complete").Q).toEqualTypeOf<Tensor<[4, 4]>>();
  expectTypeOf(qr(m, "r")).toEqualTypeOf<Tensor<[number, 2]>>();
  expectTypeOf(lu(m).p).toEqualTypeOf<Tensor<[4, 4]>>();
  expectTypeOf(lu(m).permutation).toEqualTypeOf<Tensor<[4]>>();
  expectTypeOf(pinv(m)).toEqualTypeOf<Tensor<[2, 4]>>();
  expectTypeOf(matrixRank(a)).toEqualTypeOf<Tensor<[5]>>();
  expectTypeOf(norm(a, "nuc", [1, 2])).toEqualTypeOf<Tensor<[5]>>();
  expectTypeOf(norm(a, 1, 0, { keepDims: true })).toEqualTypeOf<Tensor<[1, 3, 3]>>();
});
