import { describe, expect, it } from "vitest";
import { add, grad, jit, lax, sum, tanh, tensor, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { gradCheck } from "../../laws";
import { convReference } from "../kernels/conv-reference";
import { rng } from "../kernels/reference";
import { expectClose, values } from "./helpers";

const k = random.key(0);

function randomTensor(shape: readonly number[], seed: number): Tensor {
  const r = rng(seed);
  return tensor(
    Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1),
    "float64",
    shape,
  );
}

/** The channels-last convolution by definition, plus a bias. */
function channelsLast(
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  o: { strides: number[]; padding: [number, number][]; dilation: number[]; groups: number },
): Tensor {
  const d = x.shape.length - 2;
  const spatial = Array.from({ length: d }, (_, j) => j + 1);
  const ref = convReference(values(x), x.shape, values(w), w.shape, {
    lhsSpec: [0, d + 1, ...spatial],
    rhsSpec: [d + 1, d, ...spatial.map((j) => j - 1)],
    outSpec: [0, d + 1, ...spatial],
    windowStrides: o.strides,
    padding: o.padding,
    lhsDilation: new Array<number>(d).fill(1),
    rhsDilation: o.dilation,
    featureGroupCount: o.groups,
    batchGroupCount: 1,
  });
  const bias = b === undefined ? [] : values(b);
  return tensor(
    Float64Array.from(ref.values, (v, i) => v + (bias[i % bias.length] ?? 0)),
    "float64",
    ref.shape,
  );
}

describe("conv2d", () => {
  it("init: NHWC output shape, HWIO kernel with Glorot-uniform over the receptive-field fans, zero bias", () => {
    const [shape, params] = nn.conv2d(6, 5).init(k, [-1, 28, 28, 1]);
    expect(shape).toEqual([-1, 28, 28, 6]);
    expect(params.W.shape).toEqual([5, 5, 1, 6]);
    expect(values(params.b as Tensor)).toEqual([0, 0, 0, 0, 0, 0]);
    // fanIn = 5·5·1 = 25, fanOut = 5·5·6 = 150: limit √(6 / 175) ≈ 0.185
    const limit = Math.sqrt(6 / 175);
    const w = values(params.W);
    expect(w.every((v) => Math.abs(v) < limit)).toBe(true);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.8 * limit);
    expect(nn.conv2d(16, 5, { padding: "VALID" }).init(k, [-1, 14, 14, 6])[0]).toEqual([-1, 10, 10, 16]);
    expect(
      nn
        .conv2d(4, [3, 2], {
          strides: [2, 1],
          padding: [
            [1, 1],
            [0, 0],
          ],
        })
        .init(k, [8, 9, 9, 3])[0],
    ).toEqual([8, 5, 8, 4]);
  });

  it("a 1×1 convolution is a dense layer on every pixel (hand-computed)", () => {
    const layer = nn.conv2d(2, 1);
    const params = {
      W: tensor(
        [
          [
            [
              [1, 2],
              [3, 4],
            ],
          ],
        ],
        "float64",
      ),
      b: tensor([0.5, -1], "float64"),
    };
    // pixels (1, 0) and (0, 2): [1·1 + 0·3, 1·2 + 0·4] + b = [1.5, 1]; [6, 8] − ... = [6.5, 7]
    const x = tensor(
      [
        [
          [
            [1, 0],
            [0, 2],
          ],
        ],
      ],
      "float64",
    ); // [1, 1, 2, 2]
    expectClose(
      layer.apply(params, x),
      [
        [
          [
            [1.5, 1],
            [6.5, 7],
          ],
        ],
      ],
      1e-12,
    );
  });

  it("apply equals the convolution by definition with strides, dilation, groups and explicit padding", () => {
    const options = {
      strides: [2, 1] as number[],
      padding: [
        [1, 0],
        [2, 1],
      ] as [number, number][],
      dilation: [1, 2] as number[],
      groups: 2,
    };
    const layer = nn.conv2d(4, [2, 3], { ...options, dtype: "float64" });
    const [shape, params] = layer.init(k, [-1, 5, 6, 4]);
    const x = randomTensor([2, 5, 6, 4], 1);
    const y = layer.apply(params, x);
    expect(y.shape).toEqual([2, ...shape.slice(1)]);
    expectClose(y, channelsLast(x, params.W, params.b, options), 1e-12);
  });

  it("useBias: false keeps only the kernel", () => {
    const [, params] = nn.conv2d(3, 3, { useBias: false }).init(k, [-1, 4, 4, 2]);
    expect(Object.keys(params)).toEqual(["W"]);
  });

  it("the gradient keeps the names and matches finite differences", () => {
    const layer = nn.conv2d(3, 3, { strides: 2, dtype: "float64" });
    const [, params] = layer.init(k, [-1, 5, 5, 2]);
    const x = randomTensor([2, 5, 5, 2], 2);
    const loss = (p: typeof params): Tensor => sum(tanh(layer.apply(p, x)));
    expect(Object.keys(grad(loss)(params)).sort()).toEqual(["W", "b"]);
    expect(gradCheck(loss, [params]).passed).toBe(true);
  });

  it("composes: conv → relu → conv → flatten → dense, with shapes inferred, under jit", () => {
    const net = nn.serial(nn.conv2d(4, 3), nn.activation(nn.relu), nn.conv2d(2, 3, { padding: "VALID", strides: 2 }), nn.flatten(), nn.dense(3));
    const [shape, params] = net.init(k, [-1, 9, 9, 1]);
    expect(shape).toEqual([-1, 3]);
    const x = randomTensor([2, 9, 9, 1], 3);
    const x32 = tensor(Float32Array.from(values(x)), "float32", x.shape);
    const y = net.apply(params, x32);
    expect(y.shape).toEqual([2, 3]);
    expectClose(jit((p: typeof params, u: Tensor) => net.apply(p, u))(params, x32), y, 1e-6);
  });

  it("errors name the layer and the shapes", () => {
    expect(() => nn.conv2d(4, 3).init(k, [-1, 8, 8, -1])).toThrow(/conv2d\(4\): the channel \(last\) dimension of the input must be known, got \[-1,8,8,-1\]/);
    expect(() => nn.conv2d(4, 3, { groups: 3 }).init(k, [-1, 8, 8, 6])).toThrow(
      /conv2d\(4\): groups 3 must divide the input channels \(6\) and the features \(4\)/,
    );
    expect(() => nn.conv2d(4, 3).init(k, [-1, 8, 8])).toThrow(/conv2d\(4\): expects inputs \[batch, ...2 spatial, channels\], got shape \[-1,8,8\]/);
    expect(() => nn.conv2d(4, 5, { padding: "VALID" }).init(k, [-1, 4, 4, 1])).toThrow(
      /conv2d\(4\): window \[5,5\] .* is larger than the padded input \[-1,4,4,1\]/,
    );
    expect(() => nn.conv2d(4, [3, 3, 3] as unknown as [number, number])).toThrow(
      /conv2d\(4\): kernelSize must be a positive integer or 2 of them, got \[3,3,3\]/,
    );
    expect(() => nn.conv2d(0, 3)).toThrow(/conv2d: features must be a positive integer, got 0/);
    expect(() => nn.depthwiseConv2d(3, { strides: 0 })).toThrow(/depthwiseConv2d\(×1\): strides must be a positive integer or 2 of them, got 0/);
    expect(() => nn.depthwiseConv2d(3).init(k, [-1, 8, 8])).toThrow(
      /depthwiseConv2d\(×1\): expects inputs \[batch, height, width, channels\] with known channels, got shape \[-1,8,8\]/,
    );
    const [, params] = nn.conv2d(4, 3).init(k, [-1, 8, 8, 2]);
    expect(() => nn.conv2d(4, 3).apply(params, randomTensor([1, 8, 8, 3], 4))).toThrow(
      /conv2d\(4\): input of shape \[1,8,8,3\] is not \[batch, ...2 spatial, 2\] as the kernel W \[3,3,2,4\] expects/,
    );
  });
});

describe("conv1d and conv3d", () => {
  it("conv1d over [batch, width, channels] equals the definition", () => {
    const layer = nn.conv1d(3, 3, { dilation: 2, dtype: "float64" });
    const [shape, params] = layer.init(k, [-1, 10, 2]);
    expect(shape).toEqual([-1, 10, 3]);
    const x = randomTensor([2, 10, 2], 5);
    // SAME with a dilated window of span 5: padding [2, 2]
    expectClose(layer.apply(params, x), channelsLast(x, params.W, params.b, { strides: [1], padding: [[2, 2]], dilation: [2], groups: 1 }), 1e-12);
  });

  it("conv3d with strides 2 halves each side and equals the definition", () => {
    const layer = nn.conv3d(2, [2, 3, 2], { strides: 2, dtype: "float64" });
    const [shape, params] = layer.init(k, [-1, 4, 5, 4, 1]);
    expect(shape).toEqual([-1, 2, 3, 2, 2]);
    expect(params.W.shape).toEqual([2, 3, 2, 1, 2]);
    const x = randomTensor([1, 4, 5, 4, 1], 6);
    // SAME, stride 2: depth 4 → 2 (padding (2−1)·2 + 2 − 4 = 0), height 5 → 3 ((3−1)·2 + 3 − 5 = 2: [1, 1]), width 4 → 2 (0)
    const expected = channelsLast(x, params.W, params.b, {
      strides: [2, 2, 2],
      padding: [
        [0, 0],
        [1, 1],
        [0, 0],
      ],
      dilation: [1, 1, 1],
      groups: 1,
    });
    expect(expected.shape).toEqual([1, 2, 3, 2, 2]);
    expectClose(layer.apply(params, x), expected, 1e-12);
  });
});

describe("convTranspose2d and depthwiseConv2d", () => {
  it("convTranspose2d upsamples by the stride and equals lax.convTranspose plus the bias", () => {
    const layer = nn.convTranspose2d(3, 3, { strides: 2, dtype: "float64", biasInit: nn.initializers.constant(0.5) });
    const [shape, params] = layer.init(k, [-1, 4, 5, 2]);
    expect(shape).toEqual([-1, 8, 10, 3]);
    expect(params.W.shape).toEqual([3, 3, 2, 3]);
    const x = randomTensor([2, 4, 5, 2], 7);
    const y = layer.apply(params, x);
    expect(y.shape).toEqual([2, 8, 10, 3]);
    expectClose(y, add(lax.convTranspose(x, params.W, [2, 2], "SAME"), 0.5), 1e-12);
    expect(nn.convTranspose2d(3, 3, { strides: 2, padding: "VALID" }).init(k, [-1, 4, 4, 2])[0]).toEqual([-1, 9, 9, 3]);
  });

  it("depthwiseConv2d filters each channel on its own (hand-computed)", () => {
    const layer = nn.depthwiseConv2d(1, { depthMultiplier: 2 });
    const [shape, params] = layer.init(k, [-1, 2, 2, 2]);
    expect(shape).toEqual([-1, 2, 2, 4]);
    expect(params.W.shape).toEqual([1, 1, 1, 4]);
    // channel 0 → outputs 0, 1 (×1, ×2); channel 1 → outputs 2, 3 (×3, ×4)
    const p = { W: tensor([[[[1, 2, 3, 4]]]], "float64"), b: tensor([0, 0, 0, 1], "float64") };
    const x = tensor(
      [
        [
          [
            [1, 10],
            [2, 20],
          ],
          [
            [3, 30],
            [4, 40],
          ],
        ],
      ],
      "float64",
    );
    expectClose(
      layer.apply(p, x),
      [
        [
          [
            [1, 2, 30, 41],
            [2, 4, 60, 81],
          ],
          [
            [3, 6, 90, 121],
            [4, 8, 120, 161],
          ],
        ],
      ],
      1e-12,
    );
  });

  it("depthwiseConv2d with a 3×3 window equals the grouped convolution by definition", () => {
    const layer = nn.depthwiseConv2d(3, { dtype: "float64", padding: "VALID" });
    const [, params] = layer.init(k, [-1, 5, 5, 3]);
    const x = randomTensor([2, 5, 5, 3], 8);
    const expected = channelsLast(x, params.W, params.b, {
      strides: [1, 1],
      padding: [
        [0, 0],
        [0, 0],
      ],
      dilation: [1, 1],
      groups: 3,
    });
    expect(expected.shape).toEqual([2, 3, 3, 3]);
    expectClose(layer.apply(params, x), expected, 1e-12);
  });
});
