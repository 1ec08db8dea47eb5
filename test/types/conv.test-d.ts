import { expectTypeOf, test } from "vitest";
import { lax, nn, random, zeros, type Tensor } from "../../src/index";

test("2-D output shapes: SAME, VALID, strides, explicit padding, dilation", () => {
  const images = zeros([8, 1, 28, 28]);
  expectTypeOf(lax.conv(images, zeros([6, 1, 5, 5]), [1, 1], "SAME")).toEqualTypeOf<Tensor<[8, 6, 28, 28]>>();
  expectTypeOf(lax.conv(images, zeros([6, 1, 5, 5]), [1, 1], "VALID")).toEqualTypeOf<Tensor<[8, 6, 24, 24]>>();
  // SAME: ⌈28 / 3⌉ = 10, ⌈28 / 2⌉ = 14
  expectTypeOf(lax.conv(images, zeros([6, 1, 5, 5]), [3, 2], "SAME")).toEqualTypeOf<Tensor<[8, 6, 10, 14]>>();
  // VALID: ⌊(28 − 5) / 3⌋ + 1 = 8, ⌊(28 − 5) / 2⌋ + 1 = 12
  expectTypeOf(lax.conv(images, zeros([6, 1, 5, 5]), [3, 2], "VALID")).toEqualTypeOf<Tensor<[8, 6, 8, 12]>>();
  // 28 + 1 + 2 − 5 = 26 → 27;  28 − 5 = 23, / 2 → 11 + 1 = 12
  expectTypeOf(
    lax.convGeneralDilated(
      images,
      zeros([6, 1, 5, 5]),
      [1, 2],
      [
        [1, 2],
        [0, 0],
      ],
    ),
  ).toEqualTypeOf<Tensor<[8, 6, 27, 12]>>();
  // rhs dilation 2: the 3-wide window spans 5
  expectTypeOf(lax.convGeneralDilated(images, zeros([4, 1, 3, 3]), [1, 1], "VALID", { rhsDilation: [2, 1] })).toEqualTypeOf<Tensor<[8, 4, 24, 26]>>();
  // lhs dilation 2: 28 becomes 55
  expectTypeOf(
    lax.convGeneralDilated(
      images,
      zeros([4, 1, 3, 3]),
      [1, 1],
      [
        [2, 2],
        [0, 0],
      ],
      { lhsDilation: [2, 1] },
    ),
  ).toEqualTypeOf<Tensor<[8, 4, 57, 26]>>();
});

test("layouts from dimension numbers, groups, 1-D and 3-D", () => {
  const nhwc = ["NHWC", "HWIO", "NHWC"] as const;
  expectTypeOf(lax.convGeneralDilated(zeros([128, 14, 14, 6]), zeros([5, 5, 6, 16]), [1, 1], "VALID", { dimensionNumbers: nhwc })).toEqualTypeOf<
    Tensor<[128, 10, 10, 16]>
  >();
  // depthwise: 6 channels in 6 groups of 1
  expectTypeOf(
    lax.convGeneralDilated(zeros([2, 9, 9, 6]), zeros([3, 3, 1, 12]), [2, 2], "SAME", { dimensionNumbers: nhwc, featureGroupCount: 6 }),
  ).toEqualTypeOf<Tensor<[2, 5, 5, 12]>>();
  // batch groups: the output batch is 4 / 2
  expectTypeOf(lax.convGeneralDilated(zeros([4, 3, 5]), zeros([2, 3, 2]), [1], "VALID", { batchGroupCount: 2 })).toEqualTypeOf<Tensor<[2, 2, 4]>>();
  expectTypeOf(lax.conv(zeros([2, 3, 10]), zeros([4, 3, 3]), [2], "VALID")).toEqualTypeOf<Tensor<[2, 4, 4]>>();
  expectTypeOf(lax.conv(zeros([1, 2, 6, 7, 8]), zeros([3, 2, 3, 3, 3]), [1, 2, 3], "SAME")).toEqualTypeOf<Tensor<[1, 3, 6, 4, 3]>>();
  // output layout different from the input's
  expectTypeOf(lax.convGeneralDilated(zeros([2, 9, 7, 3]), zeros([4, 3, 3, 3]), [1, 1], "VALID", { dimensionNumbers: ["NHWC", "OIHW", "NCHW"] })).toEqualTypeOf<
    Tensor<[2, 4, 7, 5]>
  >();
});

test("convTranspose output shapes", () => {
  expectTypeOf(lax.convTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 8, 2]), [2, 2], "SAME")).toEqualTypeOf<Tensor<[1, 8, 8, 2]>>();
  // VALID: 4·2 + max(3 − 2, 0) = 9
  expectTypeOf(lax.convTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 8, 2]), [2, 2], "VALID")).toEqualTypeOf<Tensor<[1, 9, 9, 2]>>();
  // transposeKernel not known at compile time: no channel check, no shape
  const flip = (transposeKernel: boolean) => lax.convTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 2, 8]), [1, 1], "SAME", { transposeKernel });
  expectTypeOf(flip).returns.toEqualTypeOf<Tensor<number[]>>();
  // transposeKernel: the kernel's O axis meets the input's channels
  expectTypeOf(lax.convTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 2, 8]), [1, 1], "SAME", { transposeKernel: true })).toEqualTypeOf<Tensor<[1, 4, 4, 2]>>();
});

test("sizes known only at run time stay number", () => {
  const batch = zeros([8, 1, 28, 28]) as Tensor<[number, 1, 28, 28]>;
  expectTypeOf(lax.conv(batch, zeros([6, 1, 5, 5]), [1, 1], "SAME")).toEqualTypeOf<Tensor<[number, 6, 28, 28]>>();
  const strides: number[] = [1, 1];
  expectTypeOf(lax.conv(zeros([8, 1, 28, 28]), zeros([6, 1, 5, 5]), strides, "VALID")).toEqualTypeOf<Tensor<[8, 6, number, number]>>();
  expectTypeOf(lax.conv(zeros([8, 1, 28, 28]) as Tensor<number[]>, zeros([6, 1, 5, 5]), [1, 1], "VALID")).toEqualTypeOf<Tensor<number[]>>();
  // options typed as the interface (not literals): layouts unknown, so no check and no shape
  const options: lax.ConvGeneralDilatedOptions = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] };
  expectTypeOf(lax.convGeneralDilated(zeros([8, 28, 28, 1]), zeros([5, 5, 1, 6]), [1, 1], "SAME", options)).toEqualTypeOf<Tensor<number[]>>();
  const withPadding = (padding: lax.ConvPadding) => lax.conv(zeros([8, 1, 28, 28]), zeros([6, 1, 5, 5]), [1, 1], padding);
  expectTypeOf(withPadding).returns.toEqualTypeOf<Tensor<[8, 6, number, number]>>();
});

test("channel, rank and window errors are compile errors", () => {
  // @ts-expect-error channel mismatch: a 3-channel filter on a 1-channel image
  lax.conv(zeros([8, 1, 28, 28]), zeros([6, 3, 5, 5]), [1, 1], "SAME");
  // @ts-expect-error channel mismatch in NHWC/HWIO
  lax.convGeneralDilated(zeros([8, 28, 28, 1]), zeros([5, 5, 3, 6]), [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
  // @ts-expect-error 6 channels in 2 groups need 3 input features per group, not 2
  lax.convGeneralDilated(zeros([1, 6, 8, 8]), zeros([4, 2, 3, 3]), [1, 1], "VALID", { featureGroupCount: 2 });
  // @ts-expect-error ranks differ
  lax.conv(zeros([8, 1, 28, 28]), zeros([6, 1, 5]), [1, 1], "SAME");
  // @ts-expect-error a 5-wide window on a 4-wide input
  lax.conv(zeros([1, 1, 4, 4]), zeros([1, 1, 5, 5]), [1, 1], "VALID");
  // @ts-expect-error the input layout has no C
  lax.convGeneralDilated(zeros([8, 1, 28, 28]), zeros([6, 1, 5, 5]), [1, 1], "SAME", { dimensionNumbers: ["NXHW", "OIHW", "NCHW"] });
  // @ts-expect-error convTranspose channel mismatch
  lax.convTranspose(zeros([1, 4, 4, 8]), zeros([3, 3, 4, 2]), [2, 2], "SAME");
});

test("convolution layers keep the batch and give the features", () => {
  const [shape, params] = nn.conv2d(6, 5).init(random.key(0), [32, 28, 28, 1]);
  expectTypeOf(shape).toEqualTypeOf<[32, number, number, 6]>();
  expectTypeOf(params.b).toEqualTypeOf<Tensor<[6]> | undefined>();
  expectTypeOf(nn.conv1d(8, 3).init(random.key(0), [-1, 100, 4])[0]).toEqualTypeOf<[-1, number, 8]>();
});
