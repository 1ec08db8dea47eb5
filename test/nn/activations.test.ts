import { describe, expect, it } from "vitest";
import { grad, sum, tensor, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads } from "../../laws";
import { expectClose, moments, values } from "./helpers";

const x = tensor([-2, -0.5, 0, 0.5, 2], "float64");

describe("activations", () => {
  it("identity, sigmoid, tanh, relu, leakyRelu, elu, softplus have their textbook values", () => {
    expectClose(nn.identity(x), [-2, -0.5, 0, 0.5, 2]);
    expectClose(
      nn.sigmoid(x),
      [-2, -0.5, 0, 0.5, 2].map((v) => 1 / (1 + Math.exp(-v))),
      1e-12,
    );
    expectClose(nn.tanh(x), [-2, -0.5, 0, 0.5, 2].map(Math.tanh), 1e-12);
    expectClose(nn.relu(x), [0, 0, 0, 0.5, 2]);
    expectClose(nn.leakyRelu(x, 0.1), [-0.2, -0.05, 0, 0.5, 2], 1e-12);
    expectClose(nn.elu(x, 1), [Math.expm1(-2), Math.expm1(-0.5), 0, 0.5, 2], 1e-12);
    expectClose(
      nn.softplus(x),
      [-2, -0.5, 0, 0.5, 2].map((v) => Math.log1p(Math.exp(v))),
      1e-12,
    );
  });

  it("step is the perceptron's threshold, 0/1 or ±1, with zero gradient", () => {
    expect(nn.step(x).toArray()).toEqual([0, 0, 1, 1, 1]);
    expect(nn.step(x, -1).toArray()).toEqual([-1, -1, 1, 1, 1]);
    expect(values(grad((v: Tensor) => sum(nn.step(v)))(x))).toEqual([0, 0, 0, 0, 0]);
  });

  it("softmax and logSoftmax are normalised and stable at ±1000", () => {
    const z = tensor(
      [
        [1000, 0, -1000],
        [1, 2, 3],
      ],
      "float64",
    );
    const p = nn.softmax(z);
    expectClose(sum(p, 1), [1, 1], 1e-12);
    expectClose(nn.logSoftmax(z), [[0, -1000, -2000], [1, 2, 3].map((v) => v - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)))], 1e-12);
  });

  it("gaussianRbf is exp(-x^2 / (2 width^2))", () => {
    expectClose(
      nn.gaussianRbf(x, 2),
      [-2, -0.5, 0, 0.5, 2].map((v) => Math.exp(-(v * v) / 8)),
      1e-12,
    );
    expect(() => nn.gaussianRbf(x, 0)).toThrow(/gaussianRbf: width must be positive/);
  });

  it("noisyRelu is relu(x + N(0, sigma^2)) with the key's noise", () => {
    const big = tensor(new Float64Array(50_000).fill(0.5), "float64", [50_000]);
    const y = nn.noisyRelu(random.key(0), big, 0.1);
    expect(values(y).every((v) => v >= 0)).toBe(true);
    const m = moments(y);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(m.variance - 0.01)).toBeLessThan(0.0005);
    expect(values(nn.noisyRelu(random.key(0), big, 0.1))).toEqual(values(y));
    expect(values(nn.noisyRelu(random.key(0), x, 0))).toEqual([0, 0, 0, 0.5, 2]);
    // the noise is a constant: the gradient is relu' at x + eps
    const g = values(grad((v: Tensor) => sum(nn.noisyRelu(random.key(1), v, 0.01)))(x));
    expect([g[0], g[1], g[3], g[4]]).toEqual([0, 0, 1, 1]);
    expect([0, 1]).toContain(g[2]);
  });

  it("derivatives agree with finite differences (away from kinks)", () => {
    const smooth = tensor([-1.7, -0.3, 0.4, 1.9], "float64");
    for (const f of [
      nn.sigmoid,
      nn.tanh,
      nn.softplus,
      nn.relu,
      (v: Tensor) => nn.leakyRelu(v, 0.2),
      (v: Tensor) => nn.elu(v, 1.5),
      (v: Tensor) => nn.gaussianRbf(v, 0.7),
      (v: Tensor) => nn.softmax(v),
      (v: Tensor) => nn.logSoftmax(v),
    ]) {
      checkGrads(f, [smooth], { order: 2 });
    }
  });
});
