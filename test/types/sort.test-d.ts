import { expectTypeOf, test } from "vitest";
import { argsort, lax, matrixPower, partition, searchsorted, sort, unique, zeros, type Tensor } from "../../src/index";

test("sorting keeps the shape; axis null flattens", () => {
  const x = zeros([4, 5]);
  expectTypeOf(sort(x)).toEqualTypeOf<Tensor<[4, 5]>>();
  expectTypeOf(sort(x, null)).toEqualTypeOf<Tensor<[number]>>();
  expectTypeOf(argsort(x, 0, { descending: true })).toEqualTypeOf<Tensor<[4, 5]>>();
  expectTypeOf(partition(x, 2)).toEqualTypeOf<Tensor<[4, 5]>>();
  expectTypeOf(matrixPower(zeros([3, 2, 2]), 3)).toEqualTypeOf<Tensor<[3, 2, 2]>>();
});

test("lax.topK replaces the last dimension by k", () => {
  expectTypeOf(lax.topK(zeros([4, 5]), 2)).toEqualTypeOf<[Tensor<[4, 2]>, Tensor<[4, 2]>]>();
});

test("searchsorted has the shape of the values", () => {
  expectTypeOf(searchsorted(zeros([10]), zeros([2, 3]))).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(searchsorted(zeros([10]), 1)).toEqualTypeOf<Tensor<[]>>();
});

test("unique returns the values alone, or the asked-for results in NumPy's order", () => {
  const x = zeros([2, 3]);
  expectTypeOf(unique(x)).toEqualTypeOf<Tensor<[number]>>();
  expectTypeOf(unique(x, { returnCounts: true })).toEqualTypeOf<[Tensor<[number]>, Tensor<[number]>]>();
  expectTypeOf(unique(x, { returnIndex: true, returnInverse: true, returnCounts: true })).toEqualTypeOf<
    [Tensor<[number]>, Tensor<[number]>, Tensor<[2, 3]>, Tensor<[number]>]
  >();
  expectTypeOf(unique(x, { returnInverse: false })).toEqualTypeOf<Tensor<[number]>>();
});
