import { describe, expect, it } from "vitest";
import { arange, grad, indexAdd, indexMax, indexMin, indexMul, indexUpdate, jit, mul, reshape, sum, tensor, vmap, zeros, type Tensor } from "../../src/index";
import { checkGrads } from "../../laws/index";
import { expectArray, expectJitAgrees, expectVmapAgrees, f64 } from "./helpers";

const x34 = (): Tensor => reshape(arange(12, undefined, 1, "float64"), [3, 4]);
/** A float64 tensor of distinct, irregular values, for gradients. */
const wobbly = (shape: readonly number[], phase = 0): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.4 + phase) * 2),
    "float64",
    shape,
  );
};

describe("index updates: values (references from NumPy 2.4's ufunc.at and fancy assignment)", () => {
  it("indexAdd accumulates repeated indices (np.add.at)", () => {
    // a = np.arange(12.).reshape(3, 4); np.add.at(a, (slice(None), [0, 2, 0, -1]), [1, 2, 3, 4])
    expectArray(indexAdd(x34(), [0, 2, 0, -1], f64([1, 2, 3, 4]), { axis: 1 }), [
      [4, 1, 4, 7],
      [8, 5, 8, 11],
      [12, 9, 12, 15],
    ]);
    expectArray(indexAdd(zeros([3]), [0, 0, 2], 1), [2, 0, 1]);
  });
  it("indexMul multiplies every update in (np.multiply.at)", () => {
    // np.multiply.at(a, ([1, 1, 0],), [[2], [3], [-1]])
    expectArray(indexMul(x34(), [1, 1, 0], f64([[2], [3], [-1]])), [
      [-0, -1, -2, -3],
      [24, 30, 36, 42],
      [8, 9, 10, 11],
    ]);
  });
  it("indexMin and indexMax keep the extreme (np.minimum.at, np.maximum.at)", () => {
    expectArray(
      indexMin(
        x34(),
        [2, 0, 2],
        f64([
          [5, 5, 5, 5],
          [-1, 9, -1, 9],
          [0, 20, 9, 10],
        ]),
      ),
      [
        [-1, 1, -1, 3],
        [4, 5, 6, 7],
        [0, 5, 5, 5],
      ],
    );
    expectArray(
      indexMax(
        x34(),
        [1, 1],
        f64([
          [0, 7],
          [6, 5],
          [20, 0],
        ]),
        { axis: -1 },
      ),
      [
        [0, 7, 2, 3],
        [4, 6, 6, 7],
        [8, 20, 10, 11],
      ],
    );
    expectArray(indexMax(tensor([1, Number.NaN]), [0, 1], tensor([Number.NaN, 0])), [Number.NaN, Number.NaN]);
  });
  it("indexUpdate: the last of repeated indices wins (as NumPy's a[idx] = v does)", () => {
    expectArray(
      indexUpdate(
        x34(),
        [0, 2, 0],
        f64([
          [1, 1, 1, 1],
          [2, 2, 2, 2],
          [3, 3, 3, 3],
        ]),
      ),
      [
        [3, 3, 3, 3],
        [4, 5, 6, 7],
        [2, 2, 2, 2],
      ],
    );
    // a[:, [[0], [3]]] = -1: an index tensor of rank 2, a scalar update broadcast
    expectArray(indexUpdate(x34(), tensor([[0], [3]], "int32"), -1, { axis: 1 }), [
      [-1, 1, 2, -1],
      [-1, 5, 6, -1],
      [-1, 9, 10, -1],
    ]);
    // x.at[1].set(v): a scalar index drops the axis from the updates' shape
    expectArray(indexUpdate(x34(), -2, f64([9, 8, 7, 6])), [
      [0, 1, 2, 3],
      [9, 8, 7, 6],
      [8, 9, 10, 11],
    ]);
  });
  it("several consecutive axes indexed together (x.at[i, j]), broadcast as NumPy's integer arrays", () => {
    const x = reshape(arange(24, undefined, 1, "float64"), [2, 3, 4]);
    // a[:, [0, 2, 0], [1, 3, 1]] = [100, 200, 300]
    expectArray(
      indexUpdate(
        x,
        [
          [0, 2, 0],
          [1, 3, 1],
        ],
        f64([100, 200, 300]),
        { axes: [1, 2] },
      ),
      [
        [
          [0, 300, 2, 3],
          [4, 5, 6, 7],
          [8, 9, 10, 200],
        ],
        [
          [12, 300, 14, 15],
          [16, 17, 18, 19],
          [20, 21, 22, 200],
        ],
      ],
    );
    // np.add.at(a, (1, [[0], [2]], [1, 1, 3]), 1)
    expectArray(indexAdd(x, [1, tensor([[0], [2]], "int32"), [1, 1, 3]], 1, { axes: [0, 1, 2] }), [
      [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10, 11],
      ],
      [
        [12, 15, 14, 16],
        [16, 17, 18, 19],
        [20, 23, 22, 24],
      ],
    ]);
    // a[1, 2] = [-1, -2, -3, -4]
    expectArray(indexUpdate(x, [1, -1], f64([-1, -2, -3, -4]), { axes: [0, 1] }), [
      [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10, 11],
      ],
      [
        [12, 13, 14, 15],
        [16, 17, 18, 19],
        [-1, -2, -3, -4],
      ],
    ]);
  });
  it("x is unchanged, and the result keeps x's dtype", () => {
    const x = tensor([1, 2, 3], "int32");
    const y = indexAdd(x, [1], 2.7);
    expect(y.dtype).toBe("int32");
    expectArray(y, [1, 4, 3]);
    expectArray(x, [1, 2, 3]);
  });
});

describe("index updates: gradients in x and the updates", () => {
  const idx = tensor(
    [
      [2, 0],
      [-1, 2],
    ],
    "int32",
  ); // repeated: 2 three times counting -1
  it("agree with finite differences to second order (float64), repeated indices included", () => {
    const x = wobbly([3, 2]);
    const u = wobbly([2, 2, 2], 1);
    checkGrads((a: Tensor, b: Tensor) => indexUpdate(a, idx, b), [x, u], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => indexAdd(a, idx, b), [x, u], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => indexMul(a, idx, b), [x, u], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => indexMin(a, idx, b), [x, u], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => indexMax(a, idx, b, { axis: 1 }), [wobbly([2, 3]), wobbly([2, 2, 2], 2)], { order: 2 });
    checkGrads(
      (a: Tensor, b: Tensor) =>
        indexMul(
          a,
          [
            [0, 2, 2],
            [1, 0, -1],
          ],
          b,
          { axes: [0, 1] },
        ),
      [x, wobbly([3], 4)],
      { order: 2 },
    );
    // updates broadcast from a smaller shape
    checkGrads((a: Tensor, b: Tensor) => indexMul(a, [1, 1], b, { axis: 1 }), [x, wobbly([3, 1], 3)], { order: 2 });
  });
  it("indexUpdate: only the update that landed gets the gradient; x none where updated", () => {
    const f = (a: Tensor, b: Tensor): Tensor => sum(mul(indexUpdate(a, [0, 2, 0], b), f64([1, 2, 3])));
    const [gx, gu] = grad(f, { argnums: [0, 1] })(f64([5, 5, 5]), f64([10, 20, 30]));
    expectArray(gx, [0, 2, 0]);
    expectArray(gu, [0, 3, 1]);
  });
  it("indexMul: the gradient in an update is x times the other updates to its position, zeros included", () => {
    // out[0] = x0 · u0 · u1 · u2 with u1 = 0
    const g = grad((b: Tensor) => sum(indexMul(f64([2, 1]), [0, 0, 0], b)))(f64([3, 0, 5]));
    expectArray(g, [0, 30, 0]);
    const g2 = grad((b: Tensor) => sum(indexMul(f64([2, 1]), [0, 0, 0], b)))(f64([3, 0, 0]));
    expectArray(g2, [0, 0, 0]);
  });
  it("indexMax: a tie shares the gradient evenly, as in JAX", () => {
    const [gx, gu] = grad((a: Tensor, b: Tensor) => sum(indexMax(a, [0, 0, 1], b)), { argnums: [0, 1] })(f64([1, 1]), f64([1, 0, 4]));
    expectArray(gx, [0.5, 0]);
    expectArray(gu, [0.5, 0, 1]);
  });
});

describe("index updates under jit and vmap", () => {
  const x = wobbly([3, 4]);
  it("jit, with the indices closed over or traced (negative ones included)", () => {
    expectJitAgrees((a, b) => indexMul(a, [2, -1, 0], b), [x, wobbly([3, 4], 1)]);
    expectJitAgrees((a, i, b) => indexAdd(a, i, b, { axis: 1 }), [x, tensor([-1, 0, 3, 3], "int32"), wobbly([3, 4], 1)]);
    expectJitAgrees((a, i, b) => indexUpdate(a, i, b), [x, tensor([1, -2], "int32"), wobbly([2, 4], 1)]);
    expectJitAgrees((a, i, b) => indexMin(a, i, b), [x, tensor([0, 0], "int32"), wobbly([2, 4], 1)]);
    expectJitAgrees((a, i, j, b) => indexMax(a, [i, j], b, { axes: [0, 1] }), [x, tensor([2, -1, 2], "int32"), tensor([[3], [0]], "int32"), wobbly([2, 3], 1)]);
  });
  it("vmap over x and updates, and over the indices", () => {
    expectVmapAgrees((a, b) => indexMax(a, [0, 1, 0], b), [x, wobbly([3, 3], 1)]);
    expectVmapAgrees((a, b) => indexUpdate(a, [3, 3], b), [x, wobbly([2], 1)], [0, null]);
    expectVmapAgrees(
      (a, i) => indexAdd(a, i, 1),
      [
        x,
        tensor(
          [
            [0, 0],
            [3, 1],
            [2, -1],
          ],
          "int32",
        ),
      ],
    );
    expectVmapAgrees((i, b) => indexMul(x, i, b), [tensor([[1], [2], [1]], "int32"), wobbly([3, 1, 4], 2)]);
    expectVmapAgrees(
      (a, b) =>
        indexAdd(
          a,
          [
            [0, 1],
            [3, 3],
          ],
          b,
          { axes: [0, 1] },
        ),
      [wobbly([2, 3, 4]), wobbly([2, 2], 1)],
    );
  });
  it("gradients under vmap agree with per-example gradients", () => {
    const g = (a: Tensor): Tensor => grad((u: Tensor) => sum(mul(indexMin(u, [1, 1, 0], f64([0.5, -0.3, 0.1])), f64([1, 2, 3, 4]))))(a);
    expectVmapAgrees(g, [wobbly([2, 4])]);
  });
});

describe("index updates: errors name the op, the argument and the shapes", () => {
  it("bad indices, updates and axes", () => {
    const x = x34();
    expect(() => indexUpdate(x, [3], 1)).toThrow("indexUpdate: index 3 is out of range for axis 0 of size 3 (x shape [3,4])");
    expect(() => indexAdd(x, [-5], 1, { axis: 1 })).toThrow("indexAdd: index -5 is out of range for axis 1 of size 4 (x shape [3,4])");
    expect(() => indexMul(x, tensor([0.5]), 1)).toThrow("indexMul: indices must be int32, got float32 (shape [1])");
    expect(() => indexMin(x, [0, 1], f64([1, 2, 3]))).toThrow("indexMin: updates of shape [3] do not broadcast to [2,4] (x [3,4], indices [2], axis 0)");
    expect(() => indexMax(x, [0], 1, { axis: 2 })).toThrow("indexMax: axis 2 is out of range for a tensor of rank 2");
    expect(() => indexUpdate(tensor(1), [0], 1)).toThrow("indexUpdate: x must have rank 1 or more, got a scalar");
    expect(() => indexUpdate(x, [0, 1], 1, { axis: 0, axes: [0, 1] })).toThrow("indexUpdate: give axis or axes, not both");
    expect(() => indexUpdate(zeros([2, 3, 4]), [0, 1], 1, { axes: [0, 2] })).toThrow(
      "indexUpdate: axes [0,2] must be consecutive increasing axes of shape [2,3,4]",
    );
    expect(() => indexUpdate(x, [0], 1, { axes: [0, 1] })).toThrow("indexUpdate: with axes [0,1], indices must hold one index per axis (2), got [0]");
    expect(() => indexUpdate(x, [[0], [1]], 1)).toThrow(
      "indexUpdate: indices along one axis must be a number, numbers or an int32 tensor; for several axes pass axes",
    );
    expect(() =>
      indexUpdate(
        x,
        [
          [0, 1],
          [0, 1, 2],
        ],
        1,
        { axes: [0, 1] },
      ),
    ).toThrow("indexUpdate: shapes [2] and [3] do not broadcast");
    expect(() => indexUpdate(x, [[0], [4]], 1, { axes: [0, 1] })).toThrow("indexUpdate: index 4 is out of range for axis 1 of size 4 (x shape [3,4])");
    expect(() => jit((i: Tensor) => indexAdd(x, i, 1))(tensor([3], "int32"))).toThrow("scatterAdd: index 3 is out of range for axis 0 of size 3");
    expect(() => vmap((i: Tensor) => indexUpdate(x, i, 1))(tensor([[7]], "int32"))).toThrow("scatter: index 7 is out of range for axis 0 of size 3");
  });
});
