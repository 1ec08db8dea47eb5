import { describe, expect, it } from "vitest";
import { grad, jit, mul, reshape, sum, tanh, tensor, vmap, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads } from "../../laws";
import { expectClose } from "./helpers";

// One 4×4 single-channel image, NHWC.
const image = reshape(tensor([1, 5, 2, 0, 3, 4, 8, 6, 7, 0, 1, 2, 9, 3, 4, 5], "float64"), [1, 4, 4, 1]);
const k = random.key(0);

describe("maxPool and avgPool", () => {
  it("2×2 windows with stride 2 (by hand)", () => {
    expect(nn.maxPool(image, [2, 2], { strides: [2, 2] }).toArray()).toEqual([
      [
        [[5], [8]],
        [[9], [5]],
      ],
    ]);
    expect(nn.avgPool(image, [2, 2], { strides: [2, 2] }).toArray()).toEqual([
      [
        [[13 / 4], [16 / 4]],
        [[19 / 4], [12 / 4]],
      ],
    ]);
  });

  it("strides default to 1, padding to VALID (as Flax)", () => {
    expect(nn.maxPool(image, [2, 2]).shape).toEqual([1, 3, 3, 1]);
    expect(nn.maxPool(image, [2, 2]).toArray()).toEqual([
      [
        [[5], [8], [8]],
        [[7], [8], [8]],
        [[9], [4], [5]],
      ],
    ]);
  });

  it("SAME padding, with and without counting the padding (NumPy reference)", () => {
    // Reference: NumPy, sums of 3×3 windows of the zero-padded image over 9 or over the inside count.
    expectClose(
      nn.avgPool(image, [3, 3], { padding: "SAME" }),
      reshape(
        tensor(
          [
            1.4444444444444444, 2.5555555555555554, 2.7777777777777777, 1.7777777777777777, 2.2222222222222223, 3.4444444444444446, 3.111111111111111,
            2.111111111111111, 2.888888888888889, 4.333333333333333, 3.6666666666666665, 2.888888888888889, 2.111111111111111, 2.6666666666666665,
            1.6666666666666667, 1.3333333333333333,
          ],
          "float64",
        ),
        [1, 4, 4, 1],
      ),
      1e-14,
    );
    expectClose(
      nn.avgPool(image, [3, 3], { padding: "SAME", countIncludePad: false }),
      reshape(
        tensor(
          [
            3.25, 3.8333333333333335, 4.166666666666667, 4.0, 3.3333333333333335, 3.4444444444444446, 3.111111111111111, 3.1666666666666665, 4.333333333333333,
            4.333333333333333, 3.6666666666666665, 4.333333333333333, 4.75, 4.0, 2.5, 3.0,
          ],
          "float64",
        ),
        [1, 4, 4, 1],
      ),
      1e-14,
    );
    expect(
      nn
        .maxPool(image, [2, 2], {
          strides: [2, 2],
          padding: [
            [1, 1],
            [0, 0],
          ],
        })
        .toArray(),
    ).toEqual([
      [
        [[5], [2]],
        [[7], [8]],
        [[9], [5]],
      ],
    ]);
  });

  it("pools each channel and each example separately; unbatched input works", () => {
    const two = tensor(
      [
        [
          [
            [1, -1],
            [2, -2],
          ],
          [
            [3, -3],
            [4, -4],
          ],
        ],
        [
          [
            [0, 9],
            [0, 8],
          ],
          [
            [0, 7],
            [0, 6],
          ],
        ],
      ],
      "float64",
    ); // [2, 2, 2, 2]
    expect(nn.maxPool(two, [2, 2]).toArray()).toEqual([[[[4, -1]]], [[[0, 9]]]]);
    expect(nn.maxPool(reshape(image, [4, 4, 1]), [2, 2], { strides: [2, 2] }).toArray()).toEqual([
      [[5], [8]],
      [[9], [5]],
    ]);
    expect(nn.globalAvgPool(two).toArray()).toEqual([
      [2.5, -2.5],
      [0, 7.5],
    ]);
  });

  it("gradients: max pooling's to the first arg-max, average pooling's spread; second order", () => {
    const g = grad((x: Tensor) => sum(nn.maxPool(x, [2, 2], { strides: [2, 2] })))(image);
    expect(reshape(g, [16]).toArray()).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
    const ties = grad((x: Tensor) => sum(nn.maxPool(x, [2, 2])))(reshape(tensor([1, 1, 1, 1], "float64"), [1, 2, 2, 1]));
    expect(reshape(ties, [4]).toArray()).toEqual([1, 0, 0, 0]);
    const a = grad((x: Tensor) => sum(nn.avgPool(x, [2, 2], { strides: [2, 2] })))(image);
    expect(reshape(a, [16]).toArray()).toEqual(new Array(16).fill(0.25));
    const x = random.normal(random.key(3), [2, 3, 4, 2], { dtype: "float64" });
    checkGrads(
      (u: Tensor) => sum(mul(nn.maxPool(tanh(u), [2, 2], { padding: "SAME" }), nn.avgPool(u, [2, 2], { padding: "SAME", countIncludePad: false }))),
      [x],
      { order: 2 },
    );
    checkGrads((u: Tensor) => nn.globalAvgPool(mul(u, u)), [x], { order: 2 });
  });

  it("jit and vmap agree with eager", () => {
    const f = (x: Tensor) => nn.avgPool(nn.maxPool(x, [2, 2], { padding: "SAME" }), [2, 2], { strides: [2, 2] });
    const x = random.normal(random.key(1), [3, 4, 6, 2], { dtype: "float64" });
    expect(jit(f)(x).toArray()).toEqual(f(x).toArray());
    // vmap over the batch with unbatched [H, W, C] examples equals the batched call.
    expectClose(vmap(f)(x), f(x), 1e-15);
    const loss = (u: Tensor) => sum(mul(f(u), f(u)));
    expectClose(jit(grad(loss))(x), grad(loss)(x), 1e-12);
    expectClose(vmap(grad(loss))(x), grad(loss)(x), 1e-12); // the examples are independent
  });

  it("errors name the op, the argument and the shapes", () => {
    expect(() =>
      nn.maxPool(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        [2, 2],
      ),
    ).toThrow("maxPool: windowShape [2,2] needs x of rank ≥ 3 ([batch..., 2 spatial, features]), got shape [2,2]");
    expect(() => nn.maxPool(image, [2, 2], { strides: [2] })).toThrow("maxPool: strides [2] has 1 entries, windowShape [2,2] has 2");
    expect(() => nn.avgPool(image, [5, 1])).toThrow(
      "avgPool: the window [1,5,1,1] (spanning [1,5,1,1] with windowDilation [1,1,1,1]) is larger than x of shape [1,4,4,1]",
    );
    expect(() => nn.maxPool(image, [2, 2], { strides: [0, 1] })).toThrow("maxPool: windowStrides [1,0,1,1] must hold positive integers");
    expect(() => nn.globalAvgPool(tensor([[1, 2]]))).toThrow("globalAvgPool: needs x of rank ≥ 3");
  });
});

describe("pooling layers", () => {
  it("infer output shapes at init, unknown dimensions included", () => {
    expect(nn.maxPoolLayer([2, 2], { strides: [2, 2] }).init(k, [-1, 28, 28, 6])[0]).toEqual([-1, 14, 14, 6]);
    expect(nn.avgPoolLayer([2, 2], { strides: [2, 2], padding: "SAME" }).init(k, [-1, 7, -1, 3])[0]).toEqual([-1, 4, -1, 3]);
    expect(nn.globalAvgPoolLayer().init(k, [-1, 7, 7, 16])[0]).toEqual([-1, 16]);
    expect(() => nn.maxPoolLayer([5, 5]).init(k, [-1, 4, 4, 1])).toThrow("maxPool([5,5]): the window [1,5,5,1]");
  });

  it("apply equals the functions, and composes in serial", () => {
    const net = nn.serial(nn.maxPoolLayer([2, 2], { strides: [2, 2] }), nn.avgPoolLayer([2, 2]), nn.globalAvgPoolLayer());
    const [shape, params] = net.init(k, [-1, 4, 4, 1]);
    expect(shape).toEqual([-1, 1]);
    expect(net.apply(params, image).toArray()).toEqual([[(5 + 8 + 9 + 5) / 4]]);
    expect(nn.avgPoolLayer([2, 2]).apply({}, image).toArray()).toEqual(nn.avgPool(image, [2, 2]).toArray());
  });
});
