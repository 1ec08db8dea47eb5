import { expectTypeOf, test } from "vitest";
import { average, cummax, cumsum, diff, gradient, logsumexp, median, quantile, std, trapezoid, variance, zeros, type Tensor } from "../../src/index";

test("cumulative ops keep the shape along an axis and flatten without one", () => {
  expectTypeOf(cumsum(zeros([2, 3]), 1)).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(cummax(zeros([2, 3]))).toEqualTypeOf<Tensor<[6]>>();
});

test("statistics reduce like sum", () => {
  expectTypeOf(variance(zeros([2, 3]), 0)).toEqualTypeOf<Tensor<[3]>>();
  expectTypeOf(std(zeros([2, 3]), 1, { keepDims: true, ddof: 1 })).toEqualTypeOf<Tensor<[2, 1]>>();
  expectTypeOf(median(zeros([4, 5]), -1)).toEqualTypeOf<Tensor<[4]>>();
  expectTypeOf(quantile(zeros([4, 5]), 0.3, 0)).toEqualTypeOf<Tensor<[5]>>();
  expectTypeOf(trapezoid(zeros([4, 5]))).toEqualTypeOf<Tensor<[4]>>();
});

test("returned and returnSign give pairs", () => {
  expectTypeOf(average(zeros([2, 3]), 1, { returned: true })).toEqualTypeOf<[Tensor<[2]>, Tensor<[2]>]>();
  expectTypeOf(logsumexp(zeros([2, 3]), 1, { returnSign: true })).toEqualTypeOf<[Tensor<[2]>, Tensor<[2]>]>();
  expectTypeOf(logsumexp(zeros([2, 3]), 1)).toEqualTypeOf<Tensor<[2]>>();
});

test("diff keeps the rank; gradient gives one tensor per axis", () => {
  expectTypeOf(diff(zeros([2, 3]))).toEqualTypeOf<Tensor<[number, number]>>();
  expectTypeOf(gradient(zeros([5]))).toEqualTypeOf<Tensor<[5]>>();
  expectTypeOf(gradient(zeros([2, 3]))).toEqualTypeOf<Tensor<[2, 3]>[]>();
  expectTypeOf(gradient(zeros([2, 3]), 1, { axis: 1 })).toEqualTypeOf<Tensor<[2, 3]>>();
});
