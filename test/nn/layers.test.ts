import { describe, expect, it } from "vitest";
import { add, grad, matmul, max, relu, reshape, slice, stack, sum, tanh, tensor, vmap, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads, gradCheck } from "../../laws";
import { expectClose, values } from "./helpers";

const k = random.key(0);
const f64 = (v: number[][]) => tensor(v, "float64");

describe("dense", () => {
  it("init gives [outShape, { W, b }] with Glorot-uniform W and zero b", () => {
    const [shape, params] = nn.dense(4).init(k, [-1, 3]);
    expect(shape).toEqual([-1, 4]);
    expect(params.W.shape).toEqual([3, 4]);
    expect(params.b.toArray()).toEqual([0, 0, 0, 0]);
    const limit = Math.sqrt(6 / 7);
    expect(values(params.W).every((w) => Math.abs(w) < limit)).toBe(true);
    expect(Object.isFrozen(params)).toBe(true);
  });

  it("apply is x·W + b, computed by hand", () => {
    const layer = nn.dense(2);
    const params = {
      W: f64([
        [1, 2],
        [3, 4],
        [5, 6],
      ]) as Tensor<[number, 2]>,
      b: tensor([0.5, -1], "float64"),
    };
    const x = f64([
      [1, 0, 1],
      [2, 1, 0],
    ]);
    // row 0: [1+5, 2+6] + b = [6.5, 7]; row 1: [2+3, 4+4] + b = [5.5, 7]
    expectClose(
      layer.apply(params, x),
      [
        [6.5, 7],
        [5.5, 7],
      ],
      1e-12,
    );
    // leading batch axes are carried through
    expect(layer.apply(params, tensor([[[1, 0, 1]]], "float64")).shape).toEqual([1, 1, 2]);
  });

  it("honours custom initializers and dtype", () => {
    const [, p] = nn.dense(2, { kernelInit: nn.initializers.constant(0.5), biasInit: nn.initializers.ones, dtype: "float64" }).init(k, [5, 3]);
    expect(p.W.dtype).toBe("float64");
    expect(p.W.toArray()).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(p.b.toArray()).toEqual([1, 1]);
  });

  it("the gradient keeps the names: dL/dW = xᵀ·dL/dy, dL/db = Σ dL/dy", () => {
    const layer = nn.dense(2, { dtype: "float64" });
    const [, params] = layer.init(k, [-1, 3]);
    const x = f64([
      [1, 2, 3],
      [-1, 0, 2],
    ]);
    const g = grad((p: typeof params) => sum(layer.apply(p, x)))(params);
    expect(Object.keys(g).sort()).toEqual(["W", "b"]);
    expectClose(
      g.W,
      [
        [0, 0],
        [2, 2],
        [5, 5],
      ],
      1e-12,
    );
    expectClose(g.b, [2, 2], 1e-12);
    const report = gradCheck((p: typeof params) => sum(tanh(layer.apply(p, x))), [params]);
    expect(report.passed).toBe(true);
  });

  it("errors name the layer and the shapes", () => {
    expect(() => nn.dense(0)).toThrow("dense: units must be a positive integer, got 0");
    expect(() => nn.dense(3).init(k, [-1, -1])).toThrow("dense(3): the last dimension of the input shape must be known, got [-1,-1]");
    const [, p] = nn.dense(3).init(k, [-1, 4]);
    expect(() => nn.dense(3).apply(p, tensor([[1, 2]]))).toThrow("dense(3): input of shape [1,2] does not end with the 4 features W [4,3] expects");
    expect(() => nn.dense(3).apply(p, [tensor([1]), tensor([2])])).toThrow(/dense\(3\): expects one tensor, got a tuple of 2/);
  });
});

describe("activation, softmaxLayer, flatten", () => {
  it("activation applies the function and has no params", () => {
    const layer = nn.activation(relu);
    const [shape, params] = layer.init(k, [-1, 3]);
    expect(shape).toEqual([-1, 3]);
    expect(params).toEqual({});
    expect(layer.name).toBe("activation(relu)");
    expect(layer.apply(params, tensor([[-1, 2, -3]])).toArray()).toEqual([[0, 2, 0]]);
    expect(() => nn.activation((x) => sum(x)).apply(params, tensor([1, 2]))).toThrow(/the function must keep the shape, but it turned \[2\] into \[\]/);
  });

  it("softmaxLayer normalises rows", () => {
    const y = nn.softmaxLayer().apply(nn.noParams, f64([[0, Math.log(3)]]));
    expectClose(y, [[0.25, 0.75]], 1e-12);
  });

  it("flatten keeps the batch axis", () => {
    const layer = nn.flatten();
    expect(layer.init(k, [-1, 28, 28])[0]).toEqual([-1, 784]);
    expect(layer.init(k, [2, 3, -1])[0]).toEqual([2, -1]);
    const y = layer.apply(
      nn.noParams,
      tensor([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ]),
    );
    expect(y.toArray()).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });
});

describe("dropout", () => {
  const x = tensor(new Float64Array(100_000).fill(2), "float64", [1000, 100]);

  it("is the identity in eval mode (no key needed)", () => {
    expect(nn.dropout(0.5).apply(nn.noParams, x)).toBe(x);
    expect(nn.dropout(0.5).apply(nn.noParams, x, { train: false, key: k })).toBe(x);
  });

  it("in training keeps ≈ 1 - rate and scales survivors by 1/(1 - rate)", () => {
    const y = values(nn.dropout(0.3).apply(nn.noParams, x, { train: true, key: random.key(1) }));
    const kept = y.filter((v) => v !== 0);
    expect(Math.abs(kept.length / y.length - 0.7)).toBeLessThan(0.005);
    expect(kept.every((v) => Math.abs(v - 2 / 0.7) < 1e-12)).toBe(true);
    // the expected output equals the input
    expect(Math.abs(y.reduce((a, b) => a + b, 0) / y.length - 2)).toBeLessThan(0.02);
  });

  it("the same key drops the same units; gradients flow only through kept units", () => {
    const small = f64([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const ctx = { train: true, key: random.key(2) };
    const a = values(nn.dropout(0.5).apply(nn.noParams, small, ctx));
    expect(values(nn.dropout(0.5).apply(nn.noParams, small, ctx))).toEqual(a);
    const g = values(grad((v: Tensor) => sum(nn.dropout(0.5).apply(nn.noParams, v, ctx)))(small));
    g.forEach((gi, i) => expect(gi).toBe(a[i] === 0 ? 0 : 2));
  });

  it("vmap over a batch of keys: one mask per example, as applying each key alone", () => {
    const keys = random.split(random.key(3), 4);
    const rows = f64([
      [1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1],
      [1, 1, 1, 1, 1, 1],
      [2, 4, 6, 8, 10, 12],
    ]);
    const drop = (k: Tensor, row: Tensor) => nn.dropout(0.5).apply(nn.noParams, row, { train: true, key: k });
    const batched = values(vmap(drop)(stack(keys), rows));
    const perExample = keys.flatMap((k, i) => values(drop(k, reshape(slice(rows, [i], [i + 1]), [6]))));
    expect(batched).toEqual(perExample);
  });

  it("errors", () => {
    expect(() => nn.dropout(1)).toThrow("dropout: rate is the drop probability and must be in [0, 1), got 1");
    expect(() => nn.dropout(0.5).apply(nn.noParams, x, { train: true })).toThrow(
      "dropout(0.5): training mode needs a key: apply(params, x, { train: true, key })",
    );
  });
});

describe("prelu", () => {
  it("is x for x > 0 and alpha·x otherwise, alpha per channel and trainable", () => {
    const layer = nn.prelu({ dtype: "float64" });
    const [shape, params] = layer.init(k, [-1, 2]);
    expect(shape).toEqual([-1, 2]);
    expect(params.alpha.toArray()).toEqual([0.25, 0.25]);
    const p = { alpha: tensor([0.1, 0.5], "float64") };
    const x = f64([
      [-2, -2],
      [3, -4],
    ]);
    expectClose(
      layer.apply(p, x),
      [
        [-0.2, -1],
        [3, -2],
      ],
      1e-12,
    );
    const g = grad((q: typeof p) => sum(layer.apply(q, x)))(p);
    expectClose(g.alpha, [-2, -6], 1e-12);
    expect(
      gradCheck(
        (q: typeof p, v: Tensor) => sum(tanh(layer.apply(q, v))),
        [
          p,
          f64([
            [-1.3, 0.4],
            [0.7, -0.2],
          ]),
        ],
      ).passed,
    ).toBe(true);
  });
});

describe("maxout", () => {
  it("takes the max over k affine pieces per unit", () => {
    const layer = nn.maxout(2, 3, { dtype: "float64" });
    const [shape, params] = layer.init(k, [-1, 4]);
    expect(shape).toEqual([-1, 2]);
    expect(params.W.shape).toEqual([4, 6]);
    const x = f64([
      [0.5, -1, 2, 0.3],
      [1, 1, -1, 0],
    ]);
    const z = add(matmul(x, params.W as Tensor), params.b as Tensor);
    const expected = max(reshape(z as Tensor<number[]>, [2, 2, 3]), -1);
    expectClose(layer.apply(params, x), expected, 1e-12);
    expect(gradCheck((p: typeof params) => sum(layer.apply(p, x)), [params]).passed).toBe(true);
  });

  it("with k = 2 it can be a ReLU: max(w·x, 0·x)", () => {
    const layer = nn.maxout(1, 2);
    const p = { W: tensor([[1, 0]]) as Tensor<[number, number]>, b: tensor([0, 0]) as Tensor<[number]> };
    expect(layer.apply(p, tensor([[-3], [2]])).toArray()).toEqual([[0], [2]]);
  });
});

describe("rbf", () => {
  it("computes exp(-‖x − c‖² / (2σ²)) per unit", () => {
    const layer = nn.rbf(
      f64([
        [0, 0],
        [1, 1],
      ]) as Tensor<[2, number]>,
      { width: 0.5 },
    );
    const [shape, params] = layer.init(k, [-1, 2]);
    expect(shape).toEqual([-1, 2]);
    expect(params.widths.toArray()).toEqual([0.5, 0.5]);
    const x = f64([
      [0, 0],
      [1, 0],
    ]);
    // distances²: row 0 → [0, 2], row 1 → [1, 1]; 2σ² = 0.5
    expectClose(
      layer.apply(params, x),
      [
        [1, Math.exp(-4)],
        [Math.exp(-2), Math.exp(-2)],
      ],
      1e-12,
    );
  });

  it("centres and widths are trainable (gradient check)", () => {
    const layer = nn.rbf(3, { dtype: "float64", width: 0.8 });
    const [, params] = layer.init(k, [-1, 2]);
    const x = f64([
      [0.1, -0.3],
      [0.5, 0.9],
      [-1, 0.2],
    ]);
    const report = gradCheck((p: typeof params) => sum(layer.apply(p, x)), [params]);
    expect(report.passed).toBe(true);
    checkGrads((p: typeof params) => layer.apply(p, x), [params], { modes: ["rev"] });
  });

  it("can take its centres from data", () => {
    const data = f64([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    const layer = nn.rbf(3, { fromData: data });
    const [, params] = layer.init(random.key(3), [-1, 2]);
    const rows = params.centres.toArray() as number[][];
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r[0])).size).toBe(3);
    rows.forEach((r) => expect(r[0]).toBe(r[1]));
    expect(() => nn.rbf(6, { fromData: data }).init(k, [-1, 2])).toThrow("rbf(6): fromData has 5 rows, fewer than the 6 units");
    expect(() => nn.rbf(2, { fromData: data }).init(k, [-1, 3])).toThrow("rbf(2): fromData must be [N, 3] to match the input, got [5,2]");
  });
});

describe("every layer is deterministic given its init key", () => {
  it("dense, maxout, rbf", () => {
    for (const layer of [nn.dense(3), nn.maxout(3, 2), nn.rbf(3)]) {
      const a = layer.init(random.key(7), [-1, 4])[1] as object;
      const b = layer.init(random.key(7), [-1, 4])[1] as object;
      expect(JSON.stringify(Object.values(a).map((t: Tensor) => values(t)))).toBe(JSON.stringify(Object.values(b).map((t: Tensor) => values(t))));
    }
  });
});
