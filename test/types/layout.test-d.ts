import { expectTypeOf, test } from "vitest";
import {
  atleast1d,
  atleast2d,
  atleast3d,
  expandDims,
  flip,
  fullLike,
  identity,
  indexAdd,
  ravel,
  roll,
  scalar,
  swapaxes,
  tensor,
  tri,
  tril,
  zeros,
  type Tensor,
} from "../../src/index";

test("layout ops keep or compute the shape type where it is cheap", () => {
  const x = zeros([2, 3, 4]);
  expectTypeOf(flip(x, 0)).toEqualTypeOf<Tensor<[2, 3, 4]>>();
  expectTypeOf(roll(x, 1)).toEqualTypeOf<Tensor<[2, 3, 4]>>();
  expectTypeOf(tril(x)).toEqualTypeOf<Tensor<[2, 3, 4]>>();
  expectTypeOf(indexAdd(x, [0], 1)).toEqualTypeOf<Tensor<[2, 3, 4]>>();
  expectTypeOf(swapaxes(x, 0, 2)).toEqualTypeOf<Tensor<[4, 3, 2]>>();
  expectTypeOf(swapaxes(x, 0, -1)).toEqualTypeOf<Tensor<number[]>>();
  expectTypeOf(ravel(x)).toEqualTypeOf<Tensor<[24]>>();
  expectTypeOf(expandDims(x, 1)).toEqualTypeOf<Tensor<[2, 1, 3, 4]>>();
  expectTypeOf(expandDims(x, [0, 1])).toEqualTypeOf<Tensor<number[]>>();
  expectTypeOf(atleast1d(scalar(1))).toEqualTypeOf<Tensor<[1]>>();
  expectTypeOf(atleast2d(tensor([1, 2]))).toEqualTypeOf<Tensor<[1, 2]>>();
  expectTypeOf(atleast3d(zeros([2, 3]))).toEqualTypeOf<Tensor<[2, 3, 1]>>();
  expectTypeOf(tri(3, 4)).toEqualTypeOf<Tensor<[3, 4]>>();
  expectTypeOf(identity(5)).toEqualTypeOf<Tensor<[5, 5]>>();
  expectTypeOf(fullLike(x, 2)).toEqualTypeOf<Tensor<[2, 3, 4]>>();
});
