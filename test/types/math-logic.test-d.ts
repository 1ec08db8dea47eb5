import { expectTypeOf, test } from "vitest";
import {
  all,
  any,
  arctan2,
  clip,
  countNonzero,
  divmod,
  floor,
  hypot,
  isclose,
  logaddexp,
  nonzero,
  round,
  where,
  xlogy,
  zeros,
  type Tensor,
} from "../../src/index";

test("elementwise math keeps or broadcasts shapes", () => {
  expectTypeOf(floor(zeros([2, 3]))).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(round(zeros([4]), 2)).toEqualTypeOf<Tensor<[4]>>();
  expectTypeOf(arctan2(zeros([2, 1]), zeros([3]))).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(hypot(zeros([5]), 1)).toEqualTypeOf<Tensor<[5]>>();
  expectTypeOf(logaddexp(zeros([2, 3]), zeros([3]))).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(xlogy(zeros([3]), zeros([1, 3]))).toEqualTypeOf<Tensor<[1, 3]>>();
  expectTypeOf(divmod(zeros([2]), 3)).toEqualTypeOf<[Tensor<[2]>, Tensor<[2]>]>();
  expectTypeOf(clip(zeros([2, 3]), 0, 1)).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(clip(zeros([3]), zeros([2, 1]))).toEqualTypeOf<Tensor<[2, 3]>>();
});

test("logic reductions compute shapes, and where has its two forms", () => {
  expectTypeOf(any(zeros([2, 3]), 1)).toEqualTypeOf<Tensor<[2]>>();
  expectTypeOf(all(zeros([2, 3]), 0, { keepDims: true })).toEqualTypeOf<Tensor<[1, 3]>>();
  expectTypeOf(countNonzero(zeros([2, 3]))).toEqualTypeOf<Tensor<[]>>();
  expectTypeOf(isclose(zeros([2, 3]), zeros([3]))).toEqualTypeOf<Tensor<[2, 3]>>();
  expectTypeOf(nonzero(zeros([2, 3]))).toEqualTypeOf<Tensor<[number]>[]>();
  expectTypeOf(where(zeros([2, 3]))).toEqualTypeOf<Tensor<[number]>[]>();
  expectTypeOf(where(zeros([2, 3]), { size: 4 })).toEqualTypeOf<Tensor<[number]>[]>();
  expectTypeOf(where(zeros([2, 3]), zeros([3]), 0)).toEqualTypeOf<Tensor<[2, 3]>>();
});

test("shape mismatches are compile errors", () => {
  // @ts-expect-error 4 and 3 do not broadcast
  arctan2(zeros([4]), zeros([3]));
  // @ts-expect-error 4 and 3 do not broadcast
  logaddexp(zeros([4]), zeros([3]));
});
