import { List } from "immutable";
import { describe, expect, it } from "vitest";
import { add, grad, matmul, mul, tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { expectClose } from "./helpers";

const params = {
  W: tensor(
    [
      [1, -2],
      [3, 0],
    ],
    "float64",
  ),
  b: tensor([5, -5], "float64"),
};

describe("l2 and l1", () => {
  it("l2 is ½ Σ w² over weights, biases excluded by default", () => {
    expectClose(nn.l2(params), 0.5 * (1 + 4 + 9), 1e-12);
    expectClose(nn.l1(params), 1 + 2 + 3, 1e-12);
  });

  it("the gradient of l2 is w (0 for biases), of l1 sign(w)", () => {
    const g = grad((p: typeof params) => nn.l2(p))(params);
    expectClose(
      g.W,
      [
        [1, -2],
        [3, 0],
      ],
      1e-12,
    );
    expectClose(g.b, [0, 0], 1e-12);
    const g1 = grad((p: typeof params) => nn.l1(p))(params);
    expectClose(
      g1.W,
      [
        [1, -1],
        [1, 0],
      ],
      1e-12,
    );
  });

  it("λ·l2 added to a loss is weight decay: the gradient gains λ·W, biases untouched", () => {
    const lambda = 0.1;
    const x = tensor(
      [
        [1, 2],
        [0, -1],
      ],
      "float64",
    );
    const y = tensor(
      [
        [0, 1],
        [1, 0],
      ],
      "float64",
    );
    const data = (p: typeof params) => nn.mse(add(matmul(x, p.W), p.b), y);
    const plain = grad(data)(params);
    const decayed = grad((p: typeof params) => add(data(p), mul(nn.l2(p), lambda)))(params);
    expectClose(decayed.W, add(plain.W, mul(params.W, lambda)), 1e-12);
    expectClose(decayed.b, plain.b, 1e-12);
  });

  it("takes a boolean mask tree or a path predicate", () => {
    expectClose(nn.l2(params, { mask: { W: false, b: true } }), 25, 1e-12);
    expectClose(nn.l2(params, { mask: (path) => path[path.length - 1]?.key === "b" }), 25, 1e-12);
    expectClose(nn.l1(params, { mask: () => true }), 16, 1e-12);
    expect(() => nn.l2(params, { mask: { W: true } as unknown as { W: boolean; b: boolean } })).toThrow(/l2: the mask has structure .* but the params have/);
  });

  it("is 0 for params without weights", () => {
    expectClose(nn.l2({}), 0, 0);
    expectClose(nn.l2([{ b: tensor([1, 2]) }]), 0, 0);
  });
});

describe("weightDecayMask", () => {
  it("marks biases (b, bias) false and everything else true, keeping the structure", () => {
    expect(nn.weightDecayMask(params)).toEqual({ W: true, b: false });
    expect(nn.weightDecayMask({ kernel: tensor([1]), bias: tensor([1]), gamma: tensor([1]) })).toEqual({ bias: false, gamma: true, kernel: true });
    const list = nn.weightDecayMask(List([{ W: tensor([1]), b: tensor([2]) }]));
    expect(List.isList(list)).toBe(true);
    expect(list.get(0)).toEqual({ W: true, b: false });
  });

  it("works on a network's params", () => {
    const net = nn.serial(
      nn.dense(4),
      nn.activation((x) => x, "id"),
      nn.dense(2),
    );
    const [, p] = net.init(random.key(0), [-1, 3]);
    expect(nn.weightDecayMask(p)).toEqual([{ W: true, b: false }, {}, { W: true, b: false }]);
    const total = nn.l2(p).item();
    const byHand = [p[0].W, p[2].W].reduce((s, w) => s + Array.from(w.data()).reduce((a, v) => a + v * v, 0), 0) / 2;
    expect(total).toBeCloseTo(byHand, 5);
  });
});
