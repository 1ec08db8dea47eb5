/**
 * The ONNX form of the general dilated convolution (for the `convGeneralDilated`
 * primitive): a graph of just that form runs in ONNX Runtime to NumPy's values.
 */
import { InferenceSession, Tensor as OrtTensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { encodeOnnxModel } from "../../src/onnx/onnx-schema";
import { GraphBuilder } from "../../src/onnx/graph-builder";
import { convToOnnx } from "../../src/onnx/conv-to-onnx";
import type { ConvParams } from "../../src/core/primitives/conv-dimensions";

const nhwc: ConvParams["dimensionNumbers"] = { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] };
const geometry: ConvParams = {
  windowStrides: [2, 1],
  padding: [
    [1, 1],
    [0, 1],
  ],
  lhsDilation: [1, 1],
  rhsDilation: [1, 2],
  dimensionNumbers: nhwc,
  featureGroupCount: 2,
  batchGroupCount: 1,
};

/** A model computing `convToOnnx` of inputs `x` [1, 5, 4, 2] (NHWC) and `w` [3, 2, 1, 4] (HWIO). */
function convModel(p: ConvParams): Uint8Array {
  const b = new GraphBuilder();
  const y = convToOnnx(b, "x", "w", p, { shape: [1, 5, 4, 2], dtype: "float32" }, { shape: [3, 2, 1, 4], dtype: "float32" });
  b.node("Identity", [y], {}, "y");
  const info = (name: string, dim: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dim.map((d) => ({ dimValue: d })) } } } });
  return encodeOnnxModel({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 18 }],
    producerName: "test",
    graph: {
      name: "conv",
      node: b.nodes,
      initializer: b.initializers,
      input: [info("x", [1, 5, 4, 2]), info("w", [3, 2, 1, 4])],
      output: [info("y", [1, 3, 3, 4])],
    },
  });
}

describe("convToOnnx", () => {
  it("runs an NHWC/HWIO convolution with strides, padding, kernel dilation and feature groups as NumPy computes it", async () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => ((i % 7) - 3) / 2);
    const w = Float32Array.from({ length: 24 }, (_, i) => (i % 5) - 2);
    const session = await InferenceSession.create(convModel(geometry));
    const { y } = await session.run({ x: new OrtTensor("float32", x, [1, 5, 4, 2]), w: new OrtTensor("float32", w, [3, 2, 1, 4]) });
    expect(y.dims).toEqual([1, 3, 3, 4]);
    // NumPy 2.4: the same inputs padded with np.pad, each output the sum over its dilated window and its group's channel.
    const expected = [
      -2.5, -3.5, 3.5, -0.5, 2.5, 2.0, -2.5, 3.0, -0.5, 1.0, -0.5, 2.0, 6.5, 1.0, -4.0, 2.5, -2.5, 3.5, -0.5, 3.5, 1.0, 2.0, 2.0, 1.0, -2.5, 3.0, -2.0, 0.5,
      -1.5, 3.0, 4.0, 2.0, 2.0, -0.5, 1.0, -0.5,
    ];
    Array.from(y.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it("refuses what ONNX Conv cannot express, naming it", () => {
    const b = new GraphBuilder();
    const x = { shape: [1, 5, 4, 2], dtype: "float32" } as const;
    const w = { shape: [3, 2, 1, 4], dtype: "float32" } as const;
    expect(() => convToOnnx(b, "x", "w", { ...geometry, lhsDilation: [2, 1] }, x, w)).toThrow(
      "exportOnnx: convGeneralDilated of float32[1,5,4,2] by float32[3,2,1,4]: lhsDilation [2,1] (a transposed convolution) has no ONNX Conv form (only 1s)",
    );
    expect(() => convToOnnx(b, "x", "w", { ...geometry, batchGroupCount: 2 }, x, w)).toThrow("batchGroupCount 2 has no ONNX Conv form");
    expect(() =>
      convToOnnx(
        b,
        "x",
        "w",
        {
          ...geometry,
          padding: [
            [-1, 0],
            [0, 0],
          ],
        },
        x,
        w,
      ),
    ).toThrow("negative padding has no ONNX Conv form");
  });
});
