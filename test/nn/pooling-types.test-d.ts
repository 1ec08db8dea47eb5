import { expectTypeOf, test } from "vitest";
import { lax, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";

declare const images: Tensor<[32, 28, 28, 6]>;
const k = random.key(0);

test("lax.reduceWindow and lax.pad keep the rank; per-axis arguments have the input's rank", () => {
  expectTypeOf(lax.reduceWindow(images, -Infinity, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID")).toEqualTypeOf<Tensor<[number, number, number, number]>>();
  expectTypeOf(
    lax.pad(images, 0, [
      [0, 0, 0],
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]),
  ).toEqualTypeOf<Tensor<[number, number, number, number]>>();
  // @ts-expect-error: three window dimensions for a rank-4 input
  lax.reduceWindow(images, 0, "add", [2, 2, 1], [1, 1, 1, 1], "SAME");
  // @ts-expect-error: an unknown op
  lax.reduceWindow(images, 0, "mean", [1, 2, 2, 1], [1, 1, 1, 1], "SAME");
});

test("pooling keeps the feature axis, global pooling gives [batch, features]", () => {
  expectTypeOf(nn.maxPool(images, [2, 2], { strides: [2, 2] })).toEqualTypeOf<Tensor<[number, number, number, 6]>>();
  expectTypeOf(nn.avgPool(images, [2, 2])).toEqualTypeOf<Tensor<[number, number, number, 6]>>();
  expectTypeOf(nn.globalAvgPool(images)).toEqualTypeOf<Tensor<[32, 6]>>();
  expectTypeOf(nn.maxPoolLayer([2, 2]).init(k, [-1, 28, 28, 6])[0]).toEqualTypeOf<[number, number, number, 6]>();
  expectTypeOf(nn.globalAvgPoolLayer().init(k, [-1, 7, 7, 16])[0]).toEqualTypeOf<[-1, 16]>();
});

test("augmentations keep the image type", () => {
  expectTypeOf(nn.randomRotate(k, images, 0.1)).toEqualTypeOf<Tensor<[32, 28, 28, 6]>>();
  expectTypeOf(nn.randomFlipLeftRight(k, images)).toEqualTypeOf<Tensor<[32, 28, 28, 6]>>();
  expectTypeOf(nn.randomCrop(k, images, [24, 24])).toEqualTypeOf<Tensor<[number, number, number, number]>>();
});
