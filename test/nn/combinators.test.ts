import { describe, expect, it } from "vitest";
import { add, concat, grad, matmul, mul, relu, sum, tanh, tensor, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { gradCheck } from "../../laws";
import { expectClose, values } from "./helpers";

const k = random.key(0);
const x = tensor(
  [
    [0.5, -1, 2],
    [1, 0.3, -0.2],
  ],
  "float64",
);
const affine = (v: Tensor, p: nn.DenseParams) => add(matmul(v, p.W as Tensor), p.b as Tensor);

describe("serial", () => {
  const net = nn.serial(nn.dense(4, { dtype: "float64" }), nn.activation(relu), nn.dense(2, { dtype: "float64" }));

  it("infers shapes through every layer and collects params in an array", () => {
    const [shape, params] = net.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 2]);
    expect(params).toHaveLength(3);
    expect(params[0].W.shape).toEqual([3, 4]);
    expect(params[1]).toEqual({});
    expect(params[2].W.shape).toEqual([4, 2]);
    expect(net.stateful).toBe(false);
    expect(net.name).toBe("serial(dense(4), activation(relu), dense(2))");
  });

  it("applies the layers in order", () => {
    const [, params] = net.init(k, [-1, 3]);
    const expected = affine(relu(affine(x, params[0])), params[2]);
    expectClose(net.apply(params, x), expected, 1e-12);
  });

  it("gives each layer its own init key (two dense layers differ)", () => {
    const twin = nn.serial(nn.dense(3), nn.dense(3));
    const [, [a, b]] = twin.init(k, [-1, 3]);
    expect(values(a.W)).not.toEqual(values(b.W));
  });

  it("gradients have the params' structure and pass a gradient check", () => {
    const [, params] = net.init(k, [-1, 3]);
    const loss = (p: typeof params) => sum(tanh(net.apply(p, x)));
    const g = grad(loss)(params);
    expect(g).toHaveLength(3);
    expect(Object.keys(g[0]).sort()).toEqual(["W", "b"]);
    expect(gradCheck(loss, [params]).passed).toBe(true);
  });

  it("splits ctx.key so each dropout layer draws its own mask", () => {
    const drops = nn.serial(nn.dropout(0.5), nn.dropout(0.5));
    const ones = tensor(new Float64Array(2000).fill(1), "float64", [1, 2000]);
    const y = values(drops.apply([nn.noParams, nn.noParams], ones, { train: true, key: random.key(5) }));
    // two independent masks keep a quarter, scaled by 4
    expect(Math.abs(y.filter((v) => v === 4).length / 2000 - 0.25)).toBeLessThan(0.04);
    expect(y.every((v) => v === 0 || v === 4)).toBe(true);
  });

  it("errors name the composite and point at wrong params", () => {
    const [, params] = net.init(k, [-1, 3]);
    expect(() => net.apply(params.slice(0, 2) as unknown as typeof params, x)).toThrow(
      /serial\(dense\(4\), activation\(relu\), dense\(2\)\): params must be an array with one entry per layer \(3\), got 2 entries/,
    );
  });

  it("an empty serial is the identity", () => {
    const id = nn.serial();
    expect(id.init(k, [-1, 3])[0]).toEqual([-1, 3]);
    expect(id.apply([], x)).toBe(x);
  });
});

describe("parallel, fanOut, fanInConcat, fanInSum", () => {
  it("parallel feeds the same input to each layer and returns the tuple", () => {
    const par = nn.parallel(nn.dense(2, { dtype: "float64" }), nn.dense(5, { dtype: "float64" }));
    const [shape, params] = par.init(k, [-1, 3]);
    expect(shape).toEqual([
      [-1, 2],
      [-1, 5],
    ]);
    const [a, b] = par.apply(params, x);
    expectClose(a, affine(x, params[0]), 1e-12);
    expectClose(b, affine(x, params[1]), 1e-12);
  });

  it("parallel + fanInConcat builds a wider layer", () => {
    const block = nn.serial(nn.parallel(nn.dense(2, { dtype: "float64" }), nn.dense(3, { dtype: "float64" })), nn.fanInConcat());
    const [shape, [[p0, p1]]] = block.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 5]);
    expectClose(block.apply([[p0, p1], nn.noParams], x), concat([affine(x, p0), affine(x, p1)], 1), 1e-12);
  });

  it("fanOut copies; fanInSum adds (a skip connection by hand)", () => {
    const skip = nn.serial(nn.parallel(nn.serial(), nn.activation(tanh)), nn.fanInSum());
    const [shape, params] = skip.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 3]);
    expectClose(skip.apply(params, x), add(x, tanh(x)), 1e-12);
    expect(nn.fanOut(3).init(k, [2, 3])[0]).toEqual([
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
    const doubled = nn.serial(nn.fanOut(2), nn.fanInConcat());
    expect(doubled.init(k, [-1, 3])[0]).toEqual([-1, 6]);
    expectClose(doubled.apply([nn.noParams, nn.noParams], x), concat([x, x], 1), 1e-12);
  });

  it("fanInConcat along axis 0 and shape checks", () => {
    expect(
      nn.fanInConcat(0).init(k, [
        [2, 3],
        [4, 3],
      ])[0],
    ).toEqual([6, 3]);
    expect(
      nn.fanInConcat().init(k, [
        [-1, 3],
        [-1, 4],
      ])[0],
    ).toEqual([-1, 7]);
    expect(() =>
      nn.fanInConcat().init(k, [
        [2, 3],
        [4, 3],
      ]),
    ).toThrow("fanInConcat(-1): input 1 has shape [4,3], incompatible with input 0's [2,3] off axis -1");
    expect(() => nn.fanInConcat().init(k, [2, 3])).toThrow(/fanInConcat\(-1\): expects a tuple of shapes/);
    expect(() => nn.fanInSum().apply(nn.noParams, [tensor([1, 2]), tensor([1, 2, 3])])).toThrow(
      "fanInSum: input 1 has shape [3], input 0 has [2]; all must match",
    );
    expect(() => nn.fanInSum().apply(nn.noParams, tensor([1]))).toThrow(/fanInSum: expects a tuple of tensors/);
  });
});

describe("residual", () => {
  it("computes x + f(x) with f's params", () => {
    const block = nn.residual(nn.serial(nn.dense(3, { dtype: "float64" }), nn.activation(tanh)));
    const [shape, params] = block.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 3]);
    expectClose(block.apply(params, x), add(x, tanh(affine(x, params[0]))), 1e-12);
    expect(gradCheck((p: typeof params) => sum(block.apply(p, x)), [params]).passed).toBe(true);
  });

  it("rejects a shape-changing inner layer", () => {
    expect(() => nn.residual(nn.dense(4)).init(k, [-1, 3])).toThrow("residual(dense(4)): the inner layer must keep the shape, but it maps [-1,3] to [-1,4]");
  });
});

describe("compositions with state", () => {
  it("a serial with a batchNorm is stateful; its state mirrors its params", () => {
    const net = nn.serial(nn.dense(3, { dtype: "float64" }), nn.batchNorm({ dtype: "float64" }), nn.activation(relu));
    expect(net.stateful).toBe(true);
    const [shape, params, state] = net.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 3]);
    expect(state[0]).toBeNull();
    expect(state[2]).toBeNull();
    expect(state[1].mean.toArray()).toEqual([0, 0, 0]);
    const [y, next] = net.apply(params, x, { state, train: true });
    expect(y.shape).toEqual([2, 3]);
    expect(values(next[1].mean)).not.toEqual([0, 0, 0]);
    const [yEval, same] = net.apply(params, x, { state: next });
    expect(yEval.shape).toEqual([2, 3]);
    expect(same[1]).toBe(next[1]);
  });

  it("nesting: residual(serial(dense, batchNorm)) inside a serial", () => {
    const net = nn.serial(nn.dense(4), nn.residual(nn.serial(nn.dense(4), nn.batchNorm())), nn.dense(2));
    const [shape, params, state] = net.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 2]);
    expect(state[1][1]?.variance.toArray()).toEqual([1, 1, 1, 1]);
    const [y, next] = net.apply(
      params,
      tensor([
        [1, 2, 3],
        [0, 1, 0],
      ]),
      { state, train: true },
    );
    expect(y.shape).toEqual([2, 2]);
    expect(next[1][0]).toBeNull();
  });

  it("a stateful composite needs its state", () => {
    const net = nn.serial(nn.batchNorm());
    const [, params] = net.init(k, [-1, 3]);
    expect(() => net.apply(params, x, {} as { state: readonly [nn.BatchNormState] })).toThrow(/serial\(batchNorm\): a stateful layer needs its state/);
  });
});

describe("custom layers with makeLayer", () => {
  it("a user module composes like a built-in one", () => {
    const scale = nn.makeLayer<{ readonly s: Tensor<[]> }, nn.SameShape>({
      name: "scale",
      init: (_key, shape) => [shape, { s: tensor(2, "float64") }],
      apply: (params, v) => mul(v as Tensor, params.s),
    });
    const net = nn.serial(scale, nn.dense(1, { dtype: "float64" }));
    const [shape, params] = net.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 1]);
    expectClose(net.apply(params, x), affine(mul(x, 2), params[1]), 1e-12);
    expect(gradCheck((p: typeof params) => sum(net.apply(p, x)), [params]).passed).toBe(true);
  });
});
