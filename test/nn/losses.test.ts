import { describe, expect, it } from "vitest";
import { grad, mul, oneHot, sigmoid, softmax, sub, tensor, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import { checkGrads, gradCheck } from "../../laws";
import { expectClose, expectFinite, values } from "./helpers";

const f64 = (v: number[] | number[][]) => tensor(v as number[][], "float64");

describe("regression losses", () => {
  const yHat = f64([
    [1, 2],
    [3, 5],
  ]);
  const y = f64([
    [1, 4],
    [2, 2],
  ]);
  // squared errors per element: [[0, 4], [1, 9]]

  it("mse averages over features and batch", () => {
    expectClose(nn.mse(yHat, y), (0 + 4 + 1 + 9) / 4, 1e-12);
    expectClose(nn.mse(yHat, y, { reduction: "none" }), [2, 5], 1e-12);
    expectClose(nn.mse(yHat, y, { reduction: "sum" }), 7, 1e-12);
  });

  it("squaredError sums over features; euclidean is half of it", () => {
    expectClose(nn.squaredError(yHat, y, { reduction: "none" }), [4, 10], 1e-12);
    expectClose(nn.squaredError(yHat, y, { reduction: "sum" }), 14, 1e-12);
    expectClose(nn.euclidean(yHat, y, { reduction: "none" }), [2, 5], 1e-12);
    expectClose(nn.euclidean(yHat, y), 3.5, 1e-12);
  });

  it("euclidean's gradient is yHat - y (summed loss), mse's is 2(yHat - y)/n", () => {
    expectClose(grad((p: Tensor) => nn.euclidean(p, y, { reduction: "sum" }))(yHat), sub(yHat, y), 1e-12);
    expectClose(grad((p: Tensor) => nn.mse(p, y))(yHat), mul(sub(yHat, y), 2 / 4), 1e-12);
  });

  it("treats a vector as a batch of scalars and a scalar as one example", () => {
    expectClose(nn.mse(f64([1, 2, 3]), f64([1, 1, 1]), { reduction: "none" }), [0, 1, 4], 1e-12);
    expectClose(nn.mse(tensor(3, "float64"), tensor(1, "float64")), 4, 1e-12);
  });
});

describe("binary cross-entropy", () => {
  it("matches -[y log p + (1 - y) log(1 - p)]", () => {
    const p = f64([0.9, 0.2, 0.6]);
    const y = f64([1, 0, 1]);
    const expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3;
    expectClose(nn.binaryCrossEntropy(p, y), expected, 1e-12);
    expectClose(nn.binaryCrossEntropy(p, y, { reduction: "none" }), [-Math.log(0.9), -Math.log(0.8), -Math.log(0.6)], 1e-12);
  });

  it("clips probabilities to [eps, 1 - eps] so 0 and 1 stay finite", () => {
    const l = nn.binaryCrossEntropy(f64([0, 1]), f64([1, 0]), { reduction: "none" });
    expectClose(l, [-Math.log(1e-7), -Math.log(1e-7)], 1e-6);
    expect(() => nn.binaryCrossEntropy(f64([0.5]), f64([1]), { epsilon: 0 })).toThrow(/binaryCrossEntropy: epsilon must be in \(0, 0.5\)/);
  });

  it("with logits: equals BCE of sigmoid(z), gradient sigma(z) - y, and averages multi-label rows", () => {
    const z = f64([
      [-3, 0.5],
      [2, -0.1],
    ]);
    const y = f64([
      [0, 1],
      [1, 1],
    ]);
    expectClose(nn.binaryCrossEntropyWithLogits(z, y), nn.binaryCrossEntropy(sigmoid(z), y), 1e-9);
    // per element σ(z) − y; each example averages its 2 labels, "mean" also averages the 2 examples
    expectClose(grad((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, y, { reduction: "sum" }))(z), mul(sub(sigmoid(z), y), 1 / 2), 1e-12);
    expectClose(grad((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, y))(z), mul(sub(sigmoid(z), y), 1 / 4), 1e-12);
    const z1 = f64([-3, 0.5, 2]);
    const y1 = f64([0, 1, 1]);
    expectClose(grad((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, y1, { reduction: "sum" }))(z1), sub(sigmoid(z1), y1), 1e-12);
    expect(nn.binaryCrossEntropyWithLogits(z, y, { reduction: "none" }).shape).toEqual([2]);
  });

  it("with logits: the gradient is exactly sigma(z) - y at z = 0 too (no kink)", () => {
    const z = f64([0, 0]);
    const y = f64([1, 0]);
    expectClose(grad((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, y, { reduction: "sum" }))(z), [-0.5, 0.5], 1e-15);
    expectClose(grad((v: Tensor) => nn.logisticLoss(v, f64([1, -1]), { reduction: "sum" }))(z), [-0.5, 0.5], 1e-15);
  });

  it("with logits: finite loss and gradient at ±1000", () => {
    const z = f64([1000, -1000, 1000, -1000]);
    const y = f64([1, 0, 0, 1]);
    const l = nn.binaryCrossEntropyWithLogits(z, y, { reduction: "none" });
    expectClose(l, [0, 0, 1000, 1000], 1e-12);
    const g = grad((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, y, { reduction: "sum" }))(z);
    expectFinite(g);
    expectClose(g, [0, 0, 1, -1], 1e-12);
    const z32 = tensor([1000, -1000]);
    expectFinite(nn.binaryCrossEntropyWithLogits(z32, tensor([0, 1])));
    expectFinite(grad((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, tensor([0, 1])))(z32));
  });
});

describe("categorical cross-entropy", () => {
  const z = f64([
    [2, 1, 0.1],
    [0.5, 2.5, -1],
  ]);
  const labels = tensor([0, 1], "int32");
  const y = oneHot(labels, 3, "float64");

  it("of probabilities: -sum y log p per example", () => {
    const p = f64([
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
    ]);
    expectClose(nn.categoricalCrossEntropy(p, y, { reduction: "none" }), [-Math.log(0.7), -Math.log(0.8)], 1e-12);
    expectClose(nn.sparseCategoricalCrossEntropy(p, labels, { reduction: "none" }), [-Math.log(0.7), -Math.log(0.8)], 1e-12);
    // soft targets
    expectClose(nn.categoricalCrossEntropy(f64([[0.5, 0.5]]), f64([[0.25, 0.75]])), Math.log(2), 1e-12);
  });

  it("with logits equals CE of softmax, sparse and dense forms agree", () => {
    const expected = values(nn.categoricalCrossEntropy(softmax(z), y, { reduction: "none" }));
    expectClose(nn.categoricalCrossEntropyWithLogits(z, y, { reduction: "none" }), expected, 1e-9);
    expectClose(nn.sparseCategoricalCrossEntropyWithLogits(z, labels, { reduction: "none" }), expected, 1e-9);
    expectClose(nn.sparseCategoricalCrossEntropyWithLogits(z, labels), (expected[0] + expected[1]) / 2, 1e-9);
  });

  it("gradient with respect to logits is (softmax(z) - onehot(y)) / batch", () => {
    const expected = mul(sub(softmax(z), y), 1 / 2);
    expectClose(grad((v: Tensor) => nn.categoricalCrossEntropyWithLogits(v, y))(z), expected, 1e-12);
    expectClose(grad((v: Tensor) => nn.sparseCategoricalCrossEntropyWithLogits(v, labels))(z), expected, 1e-12);
    expectClose(grad((v: Tensor) => nn.sparseCategoricalCrossEntropyWithLogits(v, labels, { reduction: "sum" }))(z), sub(softmax(z), y), 1e-12);
  });

  it("with logits: finite loss and gradient at ±1000", () => {
    const big = f64([
      [1000, -1000, 0],
      [-1000, 1000, 1000],
    ]);
    const l = nn.sparseCategoricalCrossEntropyWithLogits(big, tensor([1, 0], "int32"), { reduction: "none" });
    expectClose(l, [2000, 2000 + Math.log(2)], 1e-9);
    for (const loss of [
      (v: Tensor) => nn.sparseCategoricalCrossEntropyWithLogits(v, tensor([1, 0], "int32")),
      (v: Tensor) =>
        nn.categoricalCrossEntropyWithLogits(
          v,
          f64([
            [0, 1, 0],
            [1, 0, 0],
          ]),
        ),
    ]) {
      expectFinite(loss(big));
      const g = grad(loss)(big);
      expectFinite(g);
      expectClose(
        g,
        mul(
          sub(
            softmax(big),
            f64([
              [0, 1, 0],
              [1, 0, 0],
            ]),
          ),
          0.5,
        ),
        1e-12,
      );
    }
  });

  it("a single example (rank 1) gives a scalar per-example loss", () => {
    expect(nn.sparseCategoricalCrossEntropyWithLogits(f64([1, 2, 3]), tensor(2, "int32"), { reduction: "none" }).shape).toEqual([]);
    expectClose(nn.categoricalCrossEntropyWithLogits(f64([0, 0]), f64([1, 0])), Math.log(2), 1e-12);
  });

  it("sequence outputs [B, T, C] average over T per example", () => {
    const seq = tensor(
      [
        [
          [0, 0],
          [0, 0],
        ],
        [
          [0, 0],
          [0, 0],
        ],
      ],
      "float64",
    );
    const t = tensor(
      [
        [0, 1],
        [1, 1],
      ],
      "int32",
    );
    expectClose(nn.sparseCategoricalCrossEntropyWithLogits(seq, t, { reduction: "none" }), [Math.log(2), Math.log(2)], 1e-12);
  });
});

describe("hinge and logistic loss", () => {
  it("hinge is max(0, 1 - y yHat)", () => {
    const s = f64([0.3, -2, 2, -0.5]);
    const y = f64([1, -1, -1, 1]);
    expectClose(nn.hinge(s, y, { reduction: "none" }), [0.7, 0, 3, 1.5], 1e-12);
    expectClose(grad((v: Tensor) => nn.hinge(v, y, { reduction: "sum" }))(s), [-1, 0, 1, -1], 1e-12);
  });

  it("logistic loss is log(1 + exp(-y yHat)), stable at ±1000, and matches BCE with logits", () => {
    const s = f64([0, 2, -1000, 1000]);
    const y = f64([1, -1, 1, 1]);
    expectClose(nn.logisticLoss(s, y, { reduction: "none" }), [Math.log(2), Math.log1p(Math.exp(2)), 1000, 0], 1e-12);
    const g = grad((v: Tensor) => nn.logisticLoss(v, y, { reduction: "sum" }))(s);
    expectFinite(g);
    // d/ds log(1 + e^{-ys}) = -y sigmoid(-ys)
    expectClose(g, [-0.5, 1 / (1 + Math.exp(-2)), -1, 0], 1e-12);
    const y01 = f64([1, 0, 1, 1]);
    expectClose(nn.logisticLoss(s, y), nn.binaryCrossEntropyWithLogits(s, y01), 1e-12);
  });

  it("rejects 0/1 labels with a hint", () => {
    expect(() => nn.hinge(f64([1, 2]), f64([1, 0]))).toThrow(/hinge: targets must be -1 or \+1, got 0 at index 1 \(map 0\/1 labels with 2y - 1\)/);
    expect(() => nn.logisticLoss(f64([1]), f64([0.5]))).toThrow(/logisticLoss: targets must be -1 or \+1/);
  });
});

describe("loss errors name the loss, the argument and the shapes", () => {
  it("shape mismatch (no silent broadcasting)", () => {
    expect(() => nn.mse(f64([[1], [2]]), f64([1, 2]))).toThrow(
      "mse: predictions have shape [2,1] but targets have shape [2]; they must match exactly (losses do not broadcast)",
    );
    expect(() => nn.categoricalCrossEntropyWithLogits(f64([[1, 2]]), tensor([1], "int32"))).toThrow(
      /categoricalCrossEntropyWithLogits: predictions have shape \[1,2\] but targets have shape \[1\].*use sparseCategoricalCrossEntropyWithLogits/,
    );
  });

  it("dtype problems", () => {
    expect(() => nn.mse(tensor([1, 2], "int32"), f64([1, 2]))).toThrow("mse: predictions must be float32 or float64, got int32 (shape [2])");
    expect(() => nn.sparseCategoricalCrossEntropyWithLogits(f64([[1, 2]]), f64([1]))).toThrow(
      /sparseCategoricalCrossEntropyWithLogits: labels must be int32 class indices, got float64 \(shape \[1\]\)/,
    );
  });

  it("label shape and range", () => {
    expect(() =>
      nn.sparseCategoricalCrossEntropyWithLogits(
        f64([
          [1, 2],
          [3, 4],
        ]),
        tensor([1], "int32"),
      ),
    ).toThrow("sparseCategoricalCrossEntropyWithLogits: labels have shape [1] but predictions [2,2] need labels of shape [2] (one per row of classes)");
    expect(() =>
      nn.sparseCategoricalCrossEntropyWithLogits(
        f64([
          [1, 2],
          [3, 4],
        ]),
        tensor([1, 2], "int32"),
      ),
    ).toThrow("sparseCategoricalCrossEntropyWithLogits: label 2 at index 1 is out of range for 2 classes (valid: 0..1)");
    expect(() => nn.sparseCategoricalCrossEntropy(f64([[0.5, 0.5]]), tensor([-1], "int32"))).toThrow(/label -1 at index 0 is out of range/);
  });

  it("bad reduction", () => {
    expect(() => nn.mse(f64([1]), f64([1]), { reduction: "avg" as "mean" })).toThrow('mse: reduction must be "mean", "sum" or "none", got "avg"');
  });

  it("int and bool targets are accepted where they mean numbers", () => {
    expectClose(nn.binaryCrossEntropyWithLogits(f64([0, 0]), tensor([1, 0], "int32")), Math.log(2), 1e-12);
  });
});

describe("gradient checks through every loss (float64, central differences)", () => {
  const p = f64([
    [0.3, 0.6, 0.1],
    [0.2, 0.3, 0.5],
  ]);
  const z = f64([
    [0.4, -1.2, 2],
    [1.5, 0.1, -0.7],
  ]);
  const y = f64([
    [0, 1, 0],
    [0.2, 0.3, 0.5],
  ]);
  const signs = f64([
    [1, -1, 1],
    [-1, -1, 1],
  ]);
  const labels = tensor([2, 0], "int32");
  // Probability forms are checked at probabilities p, the others at scores z.
  const cases: [string, (v: Tensor) => Tensor, Tensor][] = [
    ["mse", (v) => nn.mse(v, y), z],
    ["squaredError", (v) => nn.squaredError(v, y), z],
    ["euclidean", (v) => nn.euclidean(v, y), z],
    ["binaryCrossEntropy", (v) => nn.binaryCrossEntropy(v, y), p],
    ["binaryCrossEntropyWithLogits", (v) => nn.binaryCrossEntropyWithLogits(v, y), z],
    ["categoricalCrossEntropy", (v) => nn.categoricalCrossEntropy(v, y), p],
    ["categoricalCrossEntropyWithLogits", (v) => nn.categoricalCrossEntropyWithLogits(v, y), z],
    ["sparseCategoricalCrossEntropy", (v) => nn.sparseCategoricalCrossEntropy(v, labels), p],
    ["sparseCategoricalCrossEntropyWithLogits", (v) => nn.sparseCategoricalCrossEntropyWithLogits(v, labels), z],
    ["hinge", (v) => nn.hinge(v, signs), z],
    ["logisticLoss", (v) => nn.logisticLoss(v, signs), z],
  ];
  for (const [name, loss, at] of cases) {
    it(name, () => {
      const report = gradCheck(loss, [at]);
      expect(report.passed, `${name}: worst ${JSON.stringify(report.worst)}`).toBe(true);
    });
  }

  it("second derivatives of the logits forms (checkGrads order 2)", () => {
    checkGrads((v: Tensor) => nn.categoricalCrossEntropyWithLogits(v, y), [z], { order: 2 });
    checkGrads((v: Tensor) => nn.binaryCrossEntropyWithLogits(v, y), [z], { order: 2 });
    checkGrads((v: Tensor) => nn.logisticLoss(v, signs), [z], { order: 2 });
  });
});
