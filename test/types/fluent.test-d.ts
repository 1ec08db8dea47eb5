import { expectTypeOf, test } from "vitest";
import {
  abs,
  add,
  argmax,
  astype,
  div,
  equal,
  exp,
  expandDims,
  greater,
  less,
  log,
  matmul,
  max,
  mean,
  min,
  mul,
  neg,
  ones,
  pow,
  ravel,
  relu,
  reshape,
  sigmoid,
  slice,
  sqrt,
  squeeze,
  sub,
  sum,
  take,
  tanh,
  tensor,
  transpose,
  zeros,
  type Shape,
  type Tensor,
  type Transpose,
} from "../../src/index";
import type { ReversedAxes } from "../../src/tensor/fluent";

test("shapes are inferred as the functions infer them", () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  expectTypeOf(x.T).toEqualTypeOf<Tensor<[2, 2]>>();
  expectTypeOf(x.sum(1)).toEqualTypeOf<Tensor<[2]>>();
  expectTypeOf(x.reshape([4])).toEqualTypeOf<Tensor<[4]>>();
  expectTypeOf(zeros([2, 3]).T).toEqualTypeOf<Tensor<[3, 2]>>();
  expectTypeOf(zeros([2, 3, 4]).T).toEqualTypeOf<Tensor<[4, 3, 2]>>();
  expectTypeOf(zeros([2, 6]).reshape([3, -1])).toEqualTypeOf<Tensor<[3, 4]>>();
  expectTypeOf(zeros([2, 3]).sum()).toEqualTypeOf<Tensor<[]>>();
  expectTypeOf(zeros([2, 3]).sum(0, { keepDims: true })).toEqualTypeOf<Tensor<[1, 3]>>();
  expectTypeOf(zeros([128, 784]).matmul(zeros([784, 10]))).toEqualTypeOf<Tensor<[128, 10]>>();
  expectTypeOf(zeros([2, 3]).add(zeros([3]))).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(zeros([2, 1]).mul(zeros([1, 5]))).toEqualTypeOf<Tensor<[2, 5]>>();
  expectTypeOf(zeros([2, 3]).add(1).exp().sum(1)).toEqualTypeOf<Tensor<[2]>>();
  expectTypeOf(zeros([1, 3, 1]).squeeze()).toEqualTypeOf<Tensor<[3]>>();
  expectTypeOf(zeros([2, 3]).expandDims(0)).toEqualTypeOf<Tensor<[1, 2, 3]>>();
  expectTypeOf(zeros([2, 3]).flatten()).toEqualTypeOf<Tensor<[6]>>();
  expectTypeOf(zeros([2, 3]).transpose([1, 0])).toEqualTypeOf<Tensor<[3, 2]>>();
  expectTypeOf(zeros([2, 3]).argmax(1)).toEqualTypeOf<Tensor<[2]>>();
});

test("each method's type is its function's", () => {
  const x = zeros([2, 3]);
  const y = ones([3]);
  expectTypeOf(x.add(y)).toEqualTypeOf(add(x, y));
  expectTypeOf(x.sub(2)).toEqualTypeOf(sub(x, 2));
  expectTypeOf(x.mul(y)).toEqualTypeOf(mul(x, y));
  expectTypeOf(x.div(y)).toEqualTypeOf(div(x, y));
  expectTypeOf(x.pow(2)).toEqualTypeOf(pow(x, 2));
  expectTypeOf(x.neg()).toEqualTypeOf(neg(x));
  expectTypeOf(x.exp()).toEqualTypeOf(exp(x));
  expectTypeOf(x.log()).toEqualTypeOf(log(x));
  expectTypeOf(x.sqrt()).toEqualTypeOf(sqrt(x));
  expectTypeOf(x.abs()).toEqualTypeOf(abs(x));
  expectTypeOf(x.tanh()).toEqualTypeOf(tanh(x));
  expectTypeOf(x.sigmoid()).toEqualTypeOf(sigmoid(x));
  expectTypeOf(x.relu()).toEqualTypeOf(relu(x));
  expectTypeOf(x.sum([0, 1])).toEqualTypeOf(sum(x, [0, 1]));
  expectTypeOf(x.mean(-1, { keepDims: true })).toEqualTypeOf(mean(x, -1, { keepDims: true }));
  expectTypeOf(x.max(0)).toEqualTypeOf(max(x, 0));
  expectTypeOf(x.min()).toEqualTypeOf(min(x));
  expectTypeOf(x.argmax()).toEqualTypeOf(argmax(x));
  expectTypeOf(x.reshape([3, 2])).toEqualTypeOf(reshape(x, [3, 2]));
  expectTypeOf(x.transpose()).toEqualTypeOf(transpose(x));
  expectTypeOf(x.T).toEqualTypeOf(transpose(x));
  expectTypeOf(x.matmul(ones([3, 4]))).toEqualTypeOf(matmul(x, ones([3, 4])));
  expectTypeOf(x.astype("int32")).toEqualTypeOf(astype(x, "int32"));
  expectTypeOf(x.squeeze()).toEqualTypeOf(squeeze(x));
  expectTypeOf(x.expandDims(-1)).toEqualTypeOf(expandDims(x, -1));
  expectTypeOf(x.expandDims([0, 1])).toEqualTypeOf(expandDims(x, [0, 1]));
  expectTypeOf(x.slice([0], [1])).toEqualTypeOf(slice(x, [0], [1]));
  expectTypeOf(x.take([1, 0], 1)).toEqualTypeOf(take(x, [1, 0], 1));
  expectTypeOf(x.flatten()).toEqualTypeOf(ravel(x));
  expectTypeOf(x.equal(y)).toEqualTypeOf(equal(x, y));
  expectTypeOf(x.greater(0)).toEqualTypeOf(greater(x, 0));
  expectTypeOf(x.less(y)).toEqualTypeOf(less(x, y));
});

test("runtime-sized dimensions stay number", () => {
  const batch = zeros([7, 784]) as Tensor<[number, 784]>;
  expectTypeOf(batch.matmul(zeros([784, 10]))).toEqualTypeOf<Tensor<[number, 10]>>();
  expectTypeOf(batch.T).toEqualTypeOf<Tensor<[784, number]>>();
  expectTypeOf(batch.sum(1)).toEqualTypeOf<Tensor<[number]>>();
  const any: Tensor = batch;
  expectTypeOf(any.T).toEqualTypeOf<Tensor<number[]>>();
  expectTypeOf(any.add(1)).toEqualTypeOf(add(any, 1));
});

test("x.T agrees with Transpose<S> on tuples, runtime-sized and rest shapes", () => {
  expectTypeOf<ReversedAxes<[]>>().toEqualTypeOf<Transpose<[]>>();
  expectTypeOf<ReversedAxes<[5]>>().toEqualTypeOf<Transpose<[5]>>();
  expectTypeOf<ReversedAxes<[2, number, 4]>>().toEqualTypeOf<Transpose<[2, number, 4]>>();
  expectTypeOf<ReversedAxes<readonly [2, 3]>>().toEqualTypeOf<Transpose<readonly [2, 3]>>();
  expectTypeOf<ReversedAxes<number[]>>().toEqualTypeOf<Transpose<number[]>>();
  expectTypeOf<ReversedAxes<Shape>>().toEqualTypeOf<Transpose<Shape>>();
  expectTypeOf<ReversedAxes<[number, ...number[]]>>().toEqualTypeOf<Transpose<[number, ...number[]]>>();
});

test("a shaped tensor is still a Tensor (the methods keep Tensor covariant in its shape)", () => {
  expectTypeOf<Tensor<[2, 3]>>().toMatchTypeOf<Tensor>();
  expectTypeOf<Tensor<[2, 3]>>().toMatchTypeOf<Tensor<[number, 3]>>();
  expectTypeOf<Tensor<[2, 3]>>().not.toMatchTypeOf<Tensor<[3, 2]>>();
});

test("shape mismatches are compile errors, as with the functions", () => {
  // @ts-expect-error inner dimensions differ
  zeros([2, 3]).matmul(zeros([4, 5]));
  // @ts-expect-error [2,3] and [4] do not broadcast
  zeros([2, 3]).add(zeros([4]));
  // @ts-expect-error 6 elements cannot become 8
  zeros([2, 3]).reshape([2, 4]);
  // @ts-expect-error [2, 3].T is [3, 2], which does not broadcast with [3]
  zeros([2, 3]).T.sub(zeros([3]));
  // @ts-expect-error a string is not an operand
  zeros([2]).mul("1");
});
