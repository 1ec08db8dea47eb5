import { describe, expect, it } from "vitest";
import { arange, grad, jit, lax, mul, reshape, scalar, sum, tensor, vmap, type Tensor } from "../../src/index";
import { checkGrads } from "../../laws";
import { perExample } from "./helpers";
import { expectClose } from "../nn/helpers";

const x23 = reshape(arange(1, 7, 1, "float64"), [2, 3]);

describe("lax.pad", () => {
  it("pads the low and high edges and between neighbours", () => {
    expect(lax.pad(tensor([1, 2, 3]), 0, [[1, 2, 1]]).toArray()).toEqual([0, 1, 0, 2, 0, 3, 0, 0]);
    // Reference from an explicit NumPy construction of XLA's semantics (interior first, then edges).
    expect(
      lax
        .pad(x23, -1, [
          [1, 0, 1],
          [-1, 2, 1],
        ])
        .toArray(),
    ).toEqual([
      [-1, -1, -1, -1, -1, -1],
      [-1, 2, -1, 3, -1, -1],
      [-1, -1, -1, -1, -1, -1],
      [-1, 5, -1, 6, -1, -1],
    ]);
  });

  it("negative low and high crop", () => {
    expect(
      lax
        .pad(x23, 9, [
          [0, -1, 0],
          [2, -2, 0],
        ])
        .toArray(),
    ).toEqual([[9, 9, 1]]);
    expect(lax.pad(tensor([1, 2, 3]), -1, [[-1, 1, 0]]).toArray()).toEqual([2, 3, -1]);
    // Cropping into the interior padding.
    expect(lax.pad(tensor([1, 2, 3]), 7, [[-1, -2, 1]]).toArray()).toEqual([7, 2]);
  });

  it("keeps the dtype and takes a scalar tensor as the value", () => {
    const y = lax.pad(tensor([1, 2], "int32"), scalar(5, "int32"), [[1, 1, 0]]);
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([5, 1, 2, 5]);
    expect(
      lax.pad(x23, 0, [
        [0, 0, 0],
        [0, 0, 0],
      ]),
    ).toBe(x23);
  });

  it("gradients in x and in the padding value match finite differences (to second order)", () => {
    const w = tensor(
      [
        [0.5, -1, 2, 0.25, 3, 1],
        [1.5, 0.1, -0.7, 2, 1, -1],
        [0.3, 0.9, -2, 1.1, 0.4, 0.6],
      ],
      "float64",
    );
    const f = (x: Tensor, v: Tensor) => {
      const p = lax.pad(x, v as Tensor<[]>, [
        [1, -1, 1],
        [-1, 2, 1],
      ]);
      return sum(mul(mul(p, p), w));
    };
    checkGrads(f, [x23, scalar(0.7, "float64")], { order: 2 });
    // d/dv sum(p²·w) = Σ over padded positions of 2v·w.
    const [gx, gv] = grad(f, { argnums: [0, 1] })(x23, scalar(0.7, "float64"));
    // x[0][1] lands at [1,1] (w 0.1), x[0][2] at [1,3] (w 2); x[0][0] and row 1 are cropped away.
    expectClose(
      gx,
      [
        [0, 2 * 2 * 0.1, 2 * 3 * 2],
        [0, 0, 0],
      ],
      1e-12,
    );
    // 2v·Σw over the padded positions (every position but [1,1] and [1,3]), from NumPy.
    expect(gv.item()).toBeCloseTo(10.99, 12);
  });

  it("jit and vmap agree with eager and the per-example loop", () => {
    const f = (x: Tensor) => lax.pad(x, 2.5, [[2, -1, 1]]);
    const xs = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      "float64",
    );
    const flat = reshape(xs, [6]);
    expect(jit(f)(flat).toArray()).toEqual(f(flat).toArray());
    expect(jit(f)(flat).toArray()).toEqual([2.5, 2.5, 1, 2.5, 2, 2.5, 3, 2.5, 4, 2.5, 5, 2.5]); // the high crop drops the 6
    expect(vmap(f)(xs).toArray()).toEqual((perExample(f, [0])(xs) as Tensor).toArray());
    expect(vmap(f)(xs).toArray()).toEqual([
      [2.5, 2.5, 1, 2.5, 2, 2.5],
      [2.5, 2.5, 4, 2.5, 5, 2.5],
    ]);
    // A batched padding value.
    const g = (x: Tensor, v: Tensor) => lax.pad(x, v as Tensor<[]>, [[1, 1, 0]]);
    expect(vmap(g)(xs, tensor([7, 8], "float64")).toArray()).toEqual([
      [7, 1, 2, 3, 7],
      [8, 4, 5, 6, 8],
    ]);
  });

  it("rejects bad configurations, naming the op, the config and the shape", () => {
    expect(() => lax.pad(x23, 0, [[1, 1, 0]])).toThrow("lax.pad: config has 1 [low, high, interior] triples, x of shape [2,3] has 2 axes");
    expect(() =>
      lax.pad(x23, 0, [
        [0, 0, -1],
        [0, 0, 0],
      ]),
    ).toThrow("lax.pad: interior padding -1 on axis 0 must be non-negative");
    expect(() =>
      lax.pad(x23, 0, [
        [0, 0, 0],
        [-2, -2, 0],
      ]),
    ).toThrow("lax.pad: config [[0,0,0], [-2,-2,0]] crops axis 1 of x of shape [2,3] below zero length");
    expect(() =>
      lax.pad(x23, 0, [
        [0.5, 0, 0],
        [0, 0, 0],
      ]),
    ).toThrow("must be an integer triple");
    expect(() =>
      lax.pad(x23, scalar(1, "float32"), [
        [0, 0, 0],
        [0, 0, 0],
      ]),
    ).toThrow("lax.pad: paddingValue has dtype float32, x has float64");
    expect(() =>
      lax.pad(x23, tensor([1, 2], "float64") as unknown as Tensor<[]>, [
        [0, 0, 0],
        [0, 0, 0],
      ]),
    ).toThrow("lax.pad: paddingValue must be a scalar, got shape [2]");
  });
});
