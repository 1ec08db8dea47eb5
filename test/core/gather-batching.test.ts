import { describe, expect, it } from "vitest";
import { grad, jit, jvp, mul, reshape, sum, take, tensor, vmap, type Tensor } from "../../src/index";
import { perExample } from "../lax/helpers";

// Three examples of [2, 3, 2] data and per-example indices.
const xs = reshape(
  tensor(
    Array.from({ length: 36 }, (_, i) => i * 1.5 - 7),
    "float64",
  ),
  [3, 2, 3, 2],
);
const idxAxis1 = tensor([[[2, 0]], [[1, 1]], [[0, 2]]], "int32"); // [3, 1, 2]: an index array of rank 2 per example
const idxAxis0 = tensor([1, 0, 1], "int32"); // a scalar index per example

describe("gather and scatterAdd with per-example (batched) indices", () => {
  it("vmap of take equals the per-example loop, for each axis and with shared data", () => {
    for (const [axis, idx] of [
      [1, idxAxis1],
      [0, idxAxis0],
      [2, tensor([[1], [0], [1]], "int32")],
    ] as const) {
      const f = (x: Tensor, i: Tensor) => take(x, i, axis);
      expect(vmap(f)(xs, idx).toArray(), `axis ${axis}`).toEqual((perExample(f, [0, 0])(xs, idx) as Tensor).toArray());
      const shared = reshape(take(xs, tensor(0, "int32"), 0), [2, 3, 2]);
      const g = (i: Tensor) => take(shared, i, axis);
      expect(vmap(g)(idx).toArray(), `shared data, axis ${axis}`).toEqual((perExample(g, [0])(idx) as Tensor).toArray());
      expect(jit(vmap(f))(xs, idx).toArray()).toEqual(vmap(f)(xs, idx).toArray());
    }
  });

  it("by hand: example b reads its own data", () => {
    const x = tensor(
      [
        [10, 11, 12],
        [20, 21, 22],
      ],
      "float64",
    );
    expect(
      vmap((r: Tensor, i: Tensor) => take(r, i))(
        x,
        tensor(
          [
            [2, 0],
            [1, 1],
          ],
          "int32",
        ),
      ).toArray(),
    ).toEqual([
      [12, 10],
      [21, 21],
    ]);
  });

  it("vmap of the gradient (a scatterAdd with batched indices) and of the JVP equal the loop", () => {
    const loss = (x: Tensor, i: Tensor, c: Tensor) => sum(mul(take(x, i, 1), c));
    const g = (x: Tensor, i: Tensor, c: Tensor) => grad(loss)(x, i, c);
    const cs = reshape(
      tensor(
        Array.from({ length: 3 * 2 * 1 * 2 * 2 }, (_, i) => (i % 5) - 2),
        "float64",
      ),
      [3, 2, 1, 2, 2],
    );
    expect(vmap(g)(xs, idxAxis1, cs).toArray()).toEqual((perExample(g, [0, 0, 0])(xs, idxAxis1, cs) as Tensor).toArray());
    // By hand: repeated indices accumulate (example 0 takes index 2 twice).
    const x = tensor(
      [
        [10, 11, 12],
        [20, 21, 22],
      ],
      "float64",
    );
    const byHand = vmap(grad((r: Tensor, i: Tensor) => sum(mul(take(r, i), tensor([1, 2], "float64")))))(
      x,
      tensor(
        [
          [2, 2],
          [0, 1],
        ],
        "int32",
      ),
    );
    expect(byHand.toArray()).toEqual([
      [0, 0, 3],
      [1, 2, 0],
    ]);
    const t = (x: Tensor, i: Tensor) => jvp((u: Tensor) => take(u, i, 1), [x], [mul(x, 0.5)])[1];
    expect(vmap(t)(xs, idxAxis1).toArray()).toEqual((perExample(t, [0, 0])(xs, idxAxis1) as Tensor).toArray());
  });
});

describe("per-example indices out of range", () => {
  it("are rejected, not read from another example", () => {
    const x = tensor(
      [
        [10, 11, 12],
        [20, 21, 22],
      ],
      "float64",
    );
    expect(() => vmap((r: Tensor, i: Tensor) => take(r, i))(x, tensor([[3], [0]], "int32"))).toThrow("out of range");
  });
});
