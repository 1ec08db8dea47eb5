import { describe, expect, it } from "vitest";
import {
  type Tensor,
  argmax,
  concat,
  dot,
  grad,
  jit,
  matmul,
  max,
  mul,
  reshape,
  slice,
  softmax,
  stack,
  sum,
  take,
  tanh,
  tensor,
  transpose,
  vmap,
  where,
  greater,
} from "../../src/index";
import { rules } from "../../src/core/primitives";

const X = tensor(
  [
    [1, -2, 3],
    [4, 5, -6],
  ],
  "float64",
);

/** vmap(f)(xs) must equal stacking f over the rows. */
function expectMatchesLoop(f: (row: Tensor) => Tensor, xs: Tensor = X): void {
  const rows = Array.from({ length: xs.shape[0] }, (_, i) => f(reshape(slice(xs, [i], [i + 1]), [xs.shape[1]]) as Tensor));
  expect(vmap(f)(xs).toArray()).toEqual(stack(rows).toArray());
}

describe("vmap", () => {
  it("has a batching rule for every primitive", () => {
    for (const [name, rule] of Object.entries(rules)) expect(typeof rule.batch, name).toBe("function");
  });

  it("matches a loop over examples for many kinds of primitive", () => {
    expectMatchesLoop((r) => dot(r, r));
    expectMatchesLoop((r) => softmax(r));
    expectMatchesLoop((r) => take(r, [2, 0]));
    expectMatchesLoop((r) => concat([r, mul(r, 2)]));
    expectMatchesLoop((r) => max(r));
    expectMatchesLoop((r) => argmax(r));
    expectMatchesLoop((r) => where(greater(r, 0), r, 0));
    expectMatchesLoop((r) => transpose(reshape(r, [3, 1])) as Tensor);
    expectMatchesLoop((r) => matmul(tensor([[1, 2, 3]], "float64"), r));
  });

  it("gives per-example gradients", () => {
    const w = tensor([0.5, -0.25, 1], "float64");
    const perExample = vmap(
      grad((w: Tensor, x: Tensor) => tanh(dot(w, x))),
      { inAxes: [null, 0] },
    )(w, X);
    const expected = [0, 1].map((i) => grad((w: Tensor) => tanh(dot(w, reshape(slice(X, [i], [i + 1]), [3]) as Tensor)))(w).toArray());
    expect(perExample.toArray()).toEqual(expected);
  });

  it("nests, honours inAxes and outAxes, and composes with jit and grad", () => {
    expect(vmap(vmap((a: Tensor) => mul(a, a)))(X).toArray()).toEqual(mul(X, X).toArray());
    expect(vmap((c: Tensor) => sum(c), { inAxes: 1 })(X).toArray()).toEqual([5, 3, -3]);
    expect(vmap((r: Tensor) => mul(r, 2), { outAxes: 1 })(X).toArray()).toEqual(transpose(mul(X, 2)).toArray());
    expect(jit(vmap((r: Tensor) => dot(r, r)))(X).toArray()).toEqual([14, 77]);
    expect(grad((w: Tensor) => sum(vmap((r: Tensor) => dot(r, w))(X)))(tensor([1, 1, 1], "float64")).toArray()).toEqual([5, 3, -3]);
  });

  it("rejects inconsistent batch sizes naming the argument and shape", () => {
    expect(() => vmap((a: Tensor, b: Tensor) => mul(a, b))(X, tensor([1, 2, 3], "float64"))).toThrow(
      /argument 1 has shape \[3\] with axis 0 of size 3, expected 2/,
    );
  });
});
