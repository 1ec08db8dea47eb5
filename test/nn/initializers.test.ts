import { describe, expect, it } from "vitest";
import { eye, matmul, mul, transpose, type Tensor } from "../../src/index";
import { initializers as init } from "../../src/nn";
import { key } from "../../src/random";
import { expectClose, moments, values } from "./helpers";

describe("fans", () => {
  it("computes fan-in and fan-out as Keras and JAX do", () => {
    expect(init.fans([784, 256])).toEqual({ fanIn: 784, fanOut: 256 });
    expect(init.fans([10])).toEqual({ fanIn: 10, fanOut: 10 });
    expect(init.fans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(init.fans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
  });
});

describe("simple initializers", () => {
  it("zeros, ones and constant ignore the key", () => {
    expect(init.zeros(key(0), [2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(init.ones(key(0), [2]).toArray()).toEqual([1, 1]);
    expect(init.constant(0.5)(key(0), [3], "float64").toArray()).toEqual([0.5, 0.5, 0.5]);
    expect(init.zeros(key(0), [2], "float64").dtype).toBe("float64");
  });

  it("normal(std) and uniform(a) have the right spread", () => {
    const n = init.normal(0.1)(key(1), [400, 250]);
    expect(Math.abs(moments(n).variance / 0.01 - 1)).toBeLessThan(0.02);
    const u = init.uniform(0.3)(key(2), [400, 250]);
    const v = values(u);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-0.3);
    expect(Math.max(...v)).toBeLessThan(0.3);
    expect(Math.abs(moments(u).variance / (0.09 / 3) - 1)).toBeLessThan(0.02);
    expect(Math.abs(moments(init.truncatedNormal(0.2)(key(3), [100_000])).variance / (0.04 * 0.87962566103423978 ** 2) - 1)).toBeLessThan(0.02);
  });

  it("is deterministic in the key and keeps the shape type", () => {
    const a: Tensor<[3, 4]> = init.glorotNormal(key(9), [3, 4]);
    expect(values(init.glorotNormal(key(9), [3, 4]))).toEqual(values(a));
    expect(values(init.glorotNormal(key(10), [3, 4]))).not.toEqual(values(a));
  });

  it("rejects int dtypes and bad shapes", () => {
    expect(() => init.zeros(key(0), [2], "int32" as "float32")).toThrow(/initializers.zeros: parameters must be float32 or float64/);
    expect(() => init.glorotUniform(key(0), [2, -1])).toThrow(/initializers.varianceScaling: shape \[2,-1\] must hold non-negative integers/);
  });
});

describe("variance-scaling initializers have the variance they promise", () => {
  const shape = [300, 200] as const;
  const cases: [string, init.Initializer, number][] = [
    ["glorotNormal", init.glorotNormal, 2 / (300 + 200)],
    ["glorotUniform", init.glorotUniform, 2 / (300 + 200)],
    ["heNormal", init.heNormal, 2 / 300],
    ["heUniform", init.heUniform, 2 / 300],
    ["lecunNormal", init.lecunNormal, 1 / 300],
    ["lecunUniform", init.lecunUniform, 1 / 300],
  ];
  for (const [name, f, variance] of cases) {
    it(`${name}: Var(w) ≈ ${variance.toPrecision(3)}`, () => {
      const m = moments(f(key(5), shape));
      expect(Math.abs(m.mean)).toBeLessThan(0.002);
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.02);
    });
  }

  it("uniform forms stay within ±sqrt(3 Var); truncated forms within ±2 std before rescaling", () => {
    const limit = Math.sqrt(6 / 500);
    const v = values(init.glorotUniform(key(6), [300, 200]));
    expect(Math.max(...v.map(Math.abs))).toBeLessThan(limit);
    const std = Math.sqrt(2 / 300) / 0.87962566103423978;
    const h = values(init.heNormal(key(7), [300, 200]));
    expect(Math.max(...h.map(Math.abs))).toBeLessThanOrEqual(2 * std * (1 + 1e-6));
  });

  it("varianceScaling exposes the general form", () => {
    const m = moments(init.varianceScaling(3, "fanOut", "normal")(key(8), [100, 400]));
    expect(Math.abs(m.variance / (3 / 400) - 1)).toBeLessThan(0.02);
  });
});

describe("orthogonal", () => {
  it("square: WᵀW = I and WWᵀ = I", () => {
    const W = init.orthogonal(key(1), [64, 64], "float64");
    expectClose(matmul(transpose(W), W), eye(64, 64, "float64"), 1e-12);
    expectClose(matmul(W, transpose(W)), eye(64, 64, "float64"), 1e-12);
  });

  it("tall: orthonormal columns; wide: orthonormal rows; float32 to float32 precision", () => {
    const tall = init.orthogonal(key(2), [50, 20]);
    expectClose(matmul(transpose(tall), tall), eye(20), 1e-5);
    const wide = init.orthogonal(key(3), [20, 50]);
    expectClose(matmul(wide, transpose(wide)), eye(20), 1e-5);
    const kernel = init.orthogonal(key(4), [3, 4, 5]); // read as [12, 5]
    expect(kernel.shape).toEqual([3, 4, 5]);
  });

  it("is deterministic, rejects vectors, and scales with `scaled`", () => {
    expect(values(init.orthogonal(key(5), [4, 4]))).toEqual(values(init.orthogonal(key(5), [4, 4])));
    expect(() => init.orthogonal(key(0), [4])).toThrow(/initializers.orthogonal: needs a shape of rank >= 2, got \[4\]/);
    const g = init.scaled(init.orthogonal, 2)(key(6), [8, 8], "float64");
    expectClose(matmul(transpose(g), g), mul(eye(8, 8, "float64"), 4), 1e-12);
  });

  it("is sign-corrected: the distribution is symmetric (mean of entries ≈ 0 over many keys)", () => {
    let firstEntry = 0;
    for (let i = 0; i < 400; i++) firstEntry += values(init.orthogonal(key(100 + i), [3, 3], "float64"))[0];
    expect(Math.abs(firstEntry / 400)).toBeLessThan(0.1);
  });
});
