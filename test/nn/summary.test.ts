import { describe, expect, it } from "vitest";
import { nn, random, tensor, tree, zeros } from "../../src/index";

describe("tree.size", () => {
  it("counts tensor elements and number leaves", () => {
    expect(tree.size({ W: zeros([784, 256]), b: zeros([256]) })).toBe(784 * 256 + 256);
    expect(tree.size([{ W: zeros([2, 3]) }, 0.5, "name", true, null])).toBe(7);
    expect(tree.size({ key: random.key(1), scalar: tensor(3) })).toBe(3);
    expect(tree.size([])).toBe(0);
  });
});

describe("nn.summary", () => {
  it("has one row per layer of a serial network, with shapes, counts and totals", () => {
    const net = nn.serial(nn.dense(256), nn.activation(nn.relu), nn.dense(10));
    const s = nn.summary(net, [-1, 784], { print: false });
    expect(s.rows.map((r) => [r.layer, r.outputShape, r.params, r.state])).toEqual([
      ["dense(256)", [-1, 256], 784 * 256 + 256, 0],
      ["activation(relu)", [-1, 256], 0, 0],
      ["dense(10)", [-1, 10], 256 * 10 + 10, 0],
    ]);
    expect(s.totalParams).toBe(203_530);
    expect(s.paramBytes).toBe(4 * 203_530);
    const [, params] = net.init(random.key(0), [-1, 784]);
    expect(tree.size(params)).toBe(s.totalParams);
    expect(s.text.split("\n")).toEqual([
      "input shape [?, 784]",
      "layer              output shape    params",
      "─".repeat(41),
      "dense(256)         [?, 256]       200,960",
      "activation(relu)   [?, 256]             0",
      "dense(10)          [?, 10]          2,570",
      "─".repeat(41),
      "total params: 203,530 (795.04 KiB)",
    ]);
  });

  it("counts state apart, and shows a nested combinator or a single layer as one row", () => {
    const s = nn.summary(nn.serial(nn.dense(4), nn.batchNorm(), nn.serial(nn.dense(2), nn.dense(3))), [-1, 5], { print: false });
    expect(s.rows.map((r) => [r.layer, r.params, r.state])).toEqual([
      ["dense(4)", 24, 0],
      ["batchNorm", 8, 8],
      ["serial(dense(2), dense(3))", 10 + 9, 0],
    ]);
    expect(s.totalState).toBe(8);
    expect(s.text).toContain("total state: 8 (not trained)");
    const single = nn.summary(nn.dense(3, { dtype: "float64" }), [-1, 5], { print: false });
    expect(single.rows).toEqual([{ layer: "dense(3)", outputShape: [-1, 3], params: 18, state: 0 }]);
    expect(single.paramBytes).toBe(8 * 18);
  });
});
