import { describe, expect, it } from "vitest";
import { erf, grad, jit, sum, tensor, vmap, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads } from "../../laws";
import { expectClose, values } from "./helpers";

const k = random.key(0);
const x64 = (shape: number[], seed = 1): Tensor => random.normal(random.key(seed), shape, { dtype: "float64" });
const vec = (n: number, seed: number): Tensor<[number]> => x64([n], seed) as Tensor<[number]>;

describe("erf", () => {
  it("matches reference values and is odd", () => {
    expectClose(erf(tensor([0, 0.5, -1, 2, 7], "float64")), [0, 0.5204998778130465, -0.8427007929497149, 0.9953222650189527, 1], 1e-15);
  });
  it("float32 results are the float64 values rounded", () => {
    const xs = [0.3, -1.1, 2.2, 4.5];
    expect(values(erf(tensor(xs, "float32")))).toEqual(values(erf(tensor(xs.map(Math.fround), "float64"))).map(Math.fround));
  });
  it("agrees under jit and vmap", () => {
    const x = x64([3, 4]);
    expect(values(jit((v: Tensor) => erf(v))(x))).toEqual(values(erf(x)));
    expect(values(vmap((v: Tensor) => erf(v))(x))).toEqual(values(erf(x)));
  });
  it("has derivative 2/√π·e^(−x²), to second order", () => {
    expectClose(grad((x: Tensor) => sum(erf(x)))(tensor([0, 1], "float64")), [2 / Math.sqrt(Math.PI), (2 / Math.sqrt(Math.PI)) * Math.exp(-1)], 1e-14);
    checkGrads((x: Tensor) => erf(x), [tensor([-1.3, 0.2, 2.1], "float64")], { order: 2 });
  });
});

describe("gelu, silu, swish", () => {
  const xs = tensor([-2, -0.5, 0, 1, 3], "float64");
  it("exact gelu is x·Φ(x)", () => {
    const phi = (v: number) => 0.5 * (1 + erfRef(v / Math.SQRT2));
    expectClose(
      nn.gelu(xs, { approximate: false }),
      values(xs).map((v) => v * phi(v)),
      1e-14,
    );
  });
  it("tanh gelu (the default) is the tanh formula and close to exact", () => {
    const c = Math.sqrt(2 / Math.PI);
    expectClose(
      nn.gelu(xs),
      values(xs).map((v) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3)))),
      1e-14,
    );
    expectClose(nn.gelu(xs), nn.gelu(xs, { approximate: false }), 1e-3);
    expect(Math.abs(values(nn.gelu(tensor([1], "float64")))[0] - values(nn.gelu(tensor([1], "float64"), { approximate: false }))[0])).toBeGreaterThan(1e-5);
  });
  it("silu is x·σ(x) and swish(x, β) is x·σ(βx)", () => {
    expectClose(
      nn.silu(xs),
      values(xs).map((v) => v / (1 + Math.exp(-v))),
      1e-14,
    );
    expectClose(nn.swish(xs), nn.silu(xs), 0);
    expectClose(
      nn.swish(xs, 2),
      values(xs).map((v) => v / (1 + Math.exp(-2 * v))),
      1e-14,
    );
  });
  it("pass finite-difference checks in float64 (to second order)", () => {
    const x = x64([2, 3]);
    checkGrads((v: Tensor) => nn.gelu(v, { approximate: false }), [x], { order: 2 });
    checkGrads((v: Tensor) => nn.gelu(v), [x], { order: 2 });
    checkGrads((v: Tensor) => nn.silu(v), [x], { order: 2 });
    checkGrads((v: Tensor) => nn.swish(v, 1.5), [x], { order: 2 });
  });
});

/** erf by its Maclaurin series (|x| ≤ 3: enough terms for 1e-15). */
function erfRef(x: number): number {
  let term = x;
  let total = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    total += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

describe("layerNorm", () => {
  it("init: scale 1, bias 0 over the last axis; the shape is kept", () => {
    const [shape, p] = nn.layerNorm({ dtype: "float64" }).init(k, [-1, 5, 4]);
    expect(shape).toEqual([-1, 5, 4]);
    expect(p.scale.toArray()).toEqual([1, 1, 1, 1]);
    expect(p.bias.toArray()).toEqual([0, 0, 0, 0]);
  });
  it("normalises each row: computed by hand, then scaled and shifted", () => {
    const ln = nn.layerNorm({ epsilon: 0 });
    const x = tensor([[1, 2, 3, 6]], "float64"); // mean 3, variance (4+1+0+9)/4 = 3.5
    const s = Math.sqrt(3.5);
    const p = { scale: tensor([1, 2, 1, 1], "float64"), bias: tensor([0, 0, 0, 10], "float64") };
    expectClose(ln.apply(p, x), [[-2 / s, (-1 / s) * 2, 0, 3 / s + 10]], 1e-14);
  });
  it("epsilon enters under the root", () => {
    const [, p] = nn.layerNorm({ epsilon: 1, dtype: "float64" }).init(k, [2]);
    expectClose(nn.layerNorm({ epsilon: 1 }).apply(p, tensor([1, -1], "float64")), [1 / Math.sqrt(2), -1 / Math.sqrt(2)], 1e-14);
  });
  it("passes finite differences in float64 (input and params)", () => {
    const [, p] = nn.layerNorm({ dtype: "float64" }).init(k, [3, 4]);
    const p2 = { scale: vec(4, 5), bias: vec(4, 6) };
    checkGrads((params: typeof p, x: Tensor) => nn.layerNorm().apply(params, x), [p2, x64([3, 4])]);
    checkGrads((x: Tensor) => nn.layerNorm().apply(p, x), [x64([2, 4], 3)], { order: 2 });
  });
  it("agrees under vmap and jit", () => {
    const ln = nn.layerNorm();
    const p = { scale: vec(4, 5), bias: vec(4, 6) };
    const x = x64([3, 2, 4]);
    const direct = ln.apply(p, x);
    expectClose(vmap((xi: Tensor) => ln.apply(p, xi))(x), direct, 1e-14);
    expectClose(jit((xi: Tensor) => ln.apply(p, xi))(x), direct, 1e-14);
  });
  it("bad input names the layer, the argument and the shapes", () => {
    const [, p] = nn.layerNorm().init(k, [-1, 4]);
    expect(() => nn.layerNorm().apply(p, tensor([[1, 2, 3]]))).toThrow("layerNorm: input x of shape [1,3] does not end with the 4 features scale [4] expects");
    expect(() => nn.layerNorm().init(k, [3, -1])).toThrow(/layerNorm: the last dimension .* must be known, got \[3,-1\]/);
    expect(() => nn.layerNorm({ epsilon: -1 })).toThrow("layerNorm: epsilon must be non-negative");
  });
});

describe("rmsNorm", () => {
  it("divides by the root mean square, computed by hand", () => {
    const [, p] = nn.rmsNorm({ epsilon: 0, dtype: "float64" }).init(k, [-1, 2]);
    // rms of [3, 4] is √12.5
    expectClose(nn.rmsNorm({ epsilon: 0 }).apply(p, tensor([[3, 4]], "float64")), [[3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5)]], 1e-14);
    expect(Object.keys(p)).toEqual(["scale"]);
  });
  it("passes finite differences in float64, and agrees under vmap and jit", () => {
    const p = { scale: vec(4, 7) };
    checkGrads((params: typeof p, x: Tensor) => nn.rmsNorm().apply(params, x), [p, x64([3, 4])]);
    const x = x64([3, 2, 4]);
    expectClose(vmap((xi: Tensor) => nn.rmsNorm().apply(p, xi))(x), nn.rmsNorm().apply(p, x), 1e-14);
    expectClose(jit((xi: Tensor) => nn.rmsNorm().apply(p, xi))(x), nn.rmsNorm().apply(p, x), 1e-14);
  });
  it("bad input names the layer", () => {
    const [, p] = nn.rmsNorm().init(k, [-1, 4]);
    expect(() => nn.rmsNorm().apply(p, tensor(3))).toThrow("rmsNorm: input x of shape [] does not end with the 4 features scale [4] expects");
  });
});

describe("embedding", () => {
  const emb = nn.embedding(5, 3, { dtype: "float64" });
  const [outShape, params] = emb.init(k, [-1, 4]);
  it("init: a [vocab, dim] table, normal with std 1; shape [..., dim]", () => {
    expect(outShape).toEqual([-1, 4, 3]);
    expect(params.table.shape).toEqual([5, 3]);
    const [, big] = nn.embedding(1000, 50).init(k, [1]);
    const v = values(big.table);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    expect(Math.abs(m)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });
  it("looks rows up for ids of any shape", () => {
    const table = tensor(
      [
        [0, 1, 2],
        [10, 11, 12],
        [20, 21, 22],
        [30, 31, 32],
        [40, 41, 42],
      ],
      "float64",
    );
    const y = emb.apply(
      { table },
      tensor(
        [
          [4, 0],
          [2, 2],
        ],
        "int32",
      ),
    );
    expect(y.toArray()).toEqual([
      [
        [40, 41, 42],
        [0, 1, 2],
      ],
      [
        [20, 21, 22],
        [20, 21, 22],
      ],
    ]);
    expect(emb.apply({ table }, tensor(3, "int32")).toArray()).toEqual([30, 31, 32]);
  });
  it("the gradient reaches the selected rows only, with multiplicity", () => {
    const g = grad((p: typeof params) => sum(emb.apply(p, tensor([1, 1, 3], "int32"))))(params);
    expect(g.table.toArray()).toEqual([
      [0, 0, 0],
      [2, 2, 2],
      [0, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
    ]);
  });
  it("concrete ids out of the vocabulary are an error naming the layer and the id", () => {
    expect(() => emb.apply(params, tensor([0, 5], "int32"))).toThrow(
      "embedding(5, 3): token id 5 (at flat index 1 of ids of shape [2]) is outside the vocabulary [0, 5) of table [5,3]",
    );
    expect(() => emb.apply(params, tensor([-1], "int32"))).toThrow("embedding(5, 3): token id -1");
    expect(() => emb.apply(params, tensor([1.0]))).toThrow("embedding(5, 3): token ids must be int32, got float32 ids of shape [1]");
  });
  it("under jit (documented): ids ≥ vocab throw take's range error when the program runs; −1 is the last row", () => {
    const f = jit((ids: Tensor) => emb.apply(params, ids));
    expect(() => f(tensor([7], "int32"))).toThrow(/index 7 is out of range/);
    expect(values(f(tensor([-1], "int32")))).toEqual(values(emb.apply(params, tensor([4], "int32"))));
    expect(values(f(tensor([2], "int32")))).toEqual(values(emb.apply(params, tensor([2], "int32"))));
  });
});
