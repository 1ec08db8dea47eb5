import { expectTypeOf, test } from "vitest";
import { List } from "immutable";
import { add, grad, matmul, mul, ones, reshape, sum, tensor, transpose, zeros, concat, type Tensor } from "../../src/index";

test("tensor infers literal shapes", () => {
  expectTypeOf(
    tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]),
  ).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(zeros([4, 5])).toEqualTypeOf<Tensor<[4, 5]>>();
});

test("matmul, add, transpose, reshape, sum and concat compute result shapes", () => {
  const x = zeros([128, 784]);
  const w = zeros([784, 256]);
  expectTypeOf(matmul(x, w)).toEqualTypeOf<Tensor<[128, 256]>>();
  expectTypeOf(add(matmul(x, w), zeros([256]))).toEqualTypeOf<Tensor<[128, 256]>>();
  expectTypeOf(add(zeros([2, 3]), 1)).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(transpose(w)).toEqualTypeOf<Tensor<[256, 784]>>();
  expectTypeOf(reshape(zeros([2, 6]), [3, -1])).toEqualTypeOf<Tensor<[3, 4]>>();
  expectTypeOf(sum(zeros([2, 3]), 0)).toEqualTypeOf<Tensor<[3]>>();
  expectTypeOf(sum(zeros([2, 3]), 1, { keepDims: true })).toEqualTypeOf<Tensor<[2, 1]>>();
  expectTypeOf(concat([zeros([2, 3]), zeros([2, 5])], 1)).toEqualTypeOf<Tensor<[2, 8]>>();
});

test("runtime-sized dimensions stay number", () => {
  const batch = zeros([7, 784]) as Tensor<[number, 784]>;
  expectTypeOf(matmul(batch, zeros([784, 10]))).toEqualTypeOf<Tensor<[number, 10]>>();
});

test("shape mismatches are compile errors", () => {
  // @ts-expect-error inner dimensions differ
  matmul(zeros([2, 3]), zeros([4, 5]));
  // @ts-expect-error [2,3] and [4] do not broadcast
  add(zeros([2, 3]), zeros([4]));
  // @ts-expect-error 6 elements cannot become 8
  reshape(zeros([2, 3]), [2, 4]);
});

test("grad returns the parameters' own type", () => {
  const params = { W: ones([3, 2]), b: ones([2]), extra: List([ones([1])]) };
  const g = grad((p: typeof params) => sum(mul(p.W, 2)))(params);
  expectTypeOf(g).toEqualTypeOf<typeof params>();
  expectTypeOf(grad((x: Tensor<[3]>) => sum(x))).returns.toEqualTypeOf<Tensor<[3]>>();
});
