import { describe, expect, it } from "vitest";
import {
  add,
  arange,
  grad,
  diag,
  diagflat,
  diagonal,
  fromFunction,
  fullLike,
  geomspace,
  identity,
  indices,
  logspace,
  meshgrid,
  mul,
  reshape,
  sum,
  tensor,
  tri,
  tril,
  triu,
  type Tensor,
} from "../../src/index";
import { checkGrads } from "../../laws/index";
import { expectArray, expectJitAgrees, expectNear, expectVmapAgrees, f64 } from "./helpers";

const cube = (): Tensor => reshape(arange(24, undefined, 1, "float64"), [2, 3, 4]);

describe("creation: values (references from NumPy 2.4)", () => {
  it("tri and identity", () => {
    // np.tri(3, 4, 1), np.tri(3, 3, -1)
    expectArray(tri(3, 4, 1), [
      [1, 1, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
    expectArray(tri(3, 3, -1), [
      [0, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(tri(2, 2, 0, "int32").dtype).toBe("int32");
    expectArray(identity(3, "int32"), [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it("meshgrid: xy swaps the first two axes, ij does not", () => {
    const [x, y, z] = [tensor([1, 2, 3]), tensor([4, 5]), tensor([6, 7, 8, 9])];
    // np.meshgrid(x, y, z): shapes (2, 3, 4); g[1][:, :, 0] = [[4, 4, 4], [5, 5, 5]]
    const xy = meshgrid([x, y, z]);
    expect(xy.map((g) => g.shape)).toEqual([
      [2, 3, 4],
      [2, 3, 4],
      [2, 3, 4],
    ]);
    expectArray(xy[0], [
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
        [3, 3, 3, 3],
      ],
      [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
        [3, 3, 3, 3],
      ],
    ]);
    expectArray(xy[2], [
      [
        [6, 7, 8, 9],
        [6, 7, 8, 9],
        [6, 7, 8, 9],
      ],
      [
        [6, 7, 8, 9],
        [6, 7, 8, 9],
        [6, 7, 8, 9],
      ],
    ]);
    // indexing="ij": shapes (3, 2, 4); g[1][:, :, 0] = [[4, 5], [4, 5], [4, 5]]
    const ij = meshgrid([x, y, z], { indexing: "ij" });
    expect(ij.map((g) => g.shape)).toEqual([
      [3, 2, 4],
      [3, 2, 4],
      [3, 2, 4],
    ]);
    expectArray(ij[1], [
      [
        [4, 4, 4, 4],
        [5, 5, 5, 5],
      ],
      [
        [4, 4, 4, 4],
        [5, 5, 5, 5],
      ],
      [
        [4, 4, 4, 4],
        [5, 5, 5, 5],
      ],
    ]);
    expectArray(meshgrid([x])[0], [1, 2, 3]);
  });

  it("indices and fromFunction", () => {
    // np.indices((2, 3)); np.fromfunction(lambda i, j: i * 10 + j, (2, 3))
    const grid = indices([2, 3]);
    expect(grid.dtype).toBe("int32");
    expectArray(grid, [
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
      [
        [0, 1, 2],
        [0, 1, 2],
      ],
    ]);
    expectArray(
      fromFunction((i, j) => add(mul(i, 10), j), [2, 3]),
      [
        [0, 1, 2],
        [10, 11, 12],
      ],
    );
    expect(fromFunction((i) => i, [3], "int32").dtype).toBe("int32");
  });

  it("logspace and geomspace", () => {
    // np.logspace(0, 3, 4, base=2, endpoint=False); np.logspace(-1, 1, 5)
    expectNear(logspace(0, 3, 4, { base: 2, endpoint: false, dtype: "float64" }), [1.0, 1.681792830507429, 2.8284271247461903, 4.756828460010884]);
    expectNear(logspace(-1, 1, 5, { dtype: "float64" }), [0.1, 0.31622776601683794, 1.0, 3.1622776601683795, 10.0]);
    // np.geomspace(1, 256, 9); np.geomspace(-1, -1000, 4); np.geomspace(2, 50, 5, endpoint=False)
    expectNear(
      geomspace(1, 256, 9, { dtype: "float64" }),
      [1, 2, 4, 7.999999999999999, 16, 32.00000000000001, 63.999999999999986, 127.99999999999999, 256],
      1e-14,
    );
    expectNear(geomspace(-1, -1000, 4, { dtype: "float64" }), [-1, -10, -100, -1000], 1e-14);
    expectNear(
      geomspace(2, 50, 5, { endpoint: false, dtype: "float64" }),
      [2.0, 3.807307877431757, 7.247796636776954, 13.79729661461215, 26.26527804403767],
      1e-14,
    );
    expect(logspace(0, 1, 3).dtype).toBe("float32");
  });

  it("fullLike keeps shape and dtype unless told", () => {
    const x = tensor([[1, 2]], "int32");
    expectArray(fullLike(x, 7), [[7, 7]]);
    expect(fullLike(x, 7).dtype).toBe("int32");
    expect(fullLike(x, 0.5, "float64").toArray()).toEqual([[0.5, 0.5]]);
  });

  it("diag, diagonal and diagflat", () => {
    // np.diag([1, 2], 1), np.diag([1, 2], -1)
    expectArray(diag(tensor([1, 2]), 1), [
      [0, 1, 0],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    expectArray(diag(tensor([1, 2]), -1), [
      [0, 0, 0],
      [1, 0, 0],
      [0, 2, 0],
    ]);
    // m = np.arange(12).reshape(3, 4): np.diag(m, 1), np.diag(m, -2)
    const m = reshape(arange(12), [3, 4]);
    expectArray(diag(m, 1), [1, 6, 11]);
    expectArray(diag(m, -2), [8]);
    expectArray(diag(m, 5), []);
    // a = np.arange(24).reshape(2, 3, 4): np.diagonal(a, 0, 1, 2), (a, 1, 1, 2), (a, -1, 2, 0)
    expectArray(diagonal(cube(), 0, 1, 2), [
      [0, 5, 10],
      [12, 17, 22],
    ]);
    expectArray(diagonal(cube(), 1, 1, 2), [
      [1, 6, 11],
      [13, 18, 23],
    ]);
    expectArray(diagonal(cube(), -1, 2, 0), [
      [1, 14],
      [5, 18],
      [9, 22],
    ]);
    expectArray(diagonal(cube(), 0, -2, -1), [
      [0, 5, 10],
      [12, 17, 22],
    ]);
    // np.diagflat([[1, 2], [3, 4]], -1)
    expectArray(
      diagflat(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        -1,
      ),
      [
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0],
        [0, 2, 0, 0, 0],
        [0, 0, 3, 0, 0],
        [0, 0, 0, 4, 0],
      ],
    );
  });

  it("tril and triu on a batch of matrices", () => {
    // np.tril(a, 1), np.triu(a, -1) for a = np.arange(24).reshape(2, 3, 4)
    expectArray(tril(cube(), 1), [
      [
        [0, 1, 0, 0],
        [4, 5, 6, 0],
        [8, 9, 10, 11],
      ],
      [
        [12, 13, 0, 0],
        [16, 17, 18, 0],
        [20, 21, 22, 23],
      ],
    ]);
    expectArray(triu(cube(), -1), [
      [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [0, 9, 10, 11],
      ],
      [
        [12, 13, 14, 15],
        [16, 17, 18, 19],
        [0, 21, 22, 23],
      ],
    ]);
    expectArray(
      tril(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          "int32",
        ),
      ),
      [
        [1, 0],
        [3, 4],
      ],
    );
    expect(
      triu(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          "int32",
        ),
      ).dtype,
    ).toBe("int32");
  });
});

describe("creation: gradients (float64, against finite differences)", () => {
  const x3 = f64([
    [0.3, -1.2, 2.0, 0.7],
    [1.1, 0.4, -0.6, 1.9],
    [-0.8, 0.25, 1.5, -2.2],
  ]);
  it("diagonal, diag, diagflat, tril, triu", () => {
    checkGrads((x: Tensor) => diagonal(x, 1), [x3], { order: 2 });
    checkGrads((x: Tensor) => diagonal(reshape(x, [3, 2, 2]), -1, 2, 0), [x3]);
    checkGrads((v: Tensor) => diag(v, -1), [f64([0.5, -1.5, 2.5])], { order: 2 });
    checkGrads((v: Tensor) => diag(v, 1), [x3]);
    checkGrads(
      (v: Tensor) => diagflat(v, 2),
      [
        f64([
          [0.5, -1.5],
          [2.5, 0.1],
        ]),
      ],
    );
    checkGrads((x: Tensor) => tril(x, -1), [x3], { order: 2 });
    checkGrads((x: Tensor) => triu(reshape(x, [2, 2, 3]), 1), [x3]);
  });
  it("meshgrid", () => {
    checkGrads((a: Tensor, b: Tensor) => meshgrid([a, b]), [f64([1, 2, 3]), f64([-1, 0.5])], { order: 2 });
    // Each entry of a appears once per entry of b: ∂ sum(grid₀)/∂a = len(b).
    expectArray(grad((a: Tensor) => sum(meshgrid([a, f64([-1, 0.5])], { indexing: "ij" })[0]))(f64([1, 2, 3])), [2, 2, 2]);
  });
});

describe("creation: jit and vmap agree with eager", () => {
  it("diagonal, diag, tril, triu, meshgrid", () => {
    expectJitAgrees((x) => diagonal(x, 1, 1, 2), [cube()]);
    expectJitAgrees((v) => diag(v, -2), [f64([1, 2, 3])]);
    expectJitAgrees((x) => triu(x, 1), [cube()]);
    expectJitAgrees((a, b) => meshgrid([a, b])[1], [f64([1, 2, 3]), f64([4, 5])]);
    expectVmapAgrees((x) => diagonal(x), [cube()]);
    expectVmapAgrees((v) => diag(v, 1), [reshape(arange(6, undefined, 1, "float64"), [2, 3])]);
    expectVmapAgrees((x) => tril(x, -1), [cube()]);
    expectVmapAgrees((a, b) => meshgrid([a, b])[0], [reshape(arange(6, undefined, 1, "float64"), [2, 3]), f64([4, 5])], [0, null]);
  });
});

describe("creation: errors name the op and the argument", () => {
  it("bad shapes and arguments", () => {
    expect(() => tri(-1)).toThrow("tri: n must be a non-negative integer, got -1");
    expect(() => tri(2, 2, 0.5)).toThrow("tri: k must be an integer, got 0.5");
    expect(() => meshgrid([tensor([[1]])])).toThrow("meshgrid: input 0 must be a vector, got shape [1,1]");
    expect(() => meshgrid([tensor([1])], { indexing: "yx" as "xy" })).toThrow('meshgrid: indexing must be "xy" or "ij", got yx');
    expect(() => indices([2, -1])).toThrow("indices: dimension 1 must be a non-negative integer, got -1");
    expect(() => geomspace(0, 1, 3)).toThrow("geomspace: start and stop must be non-zero, got 0 and 1");
    expect(() => geomspace(-1, 1, 3)).toThrow("geomspace: start (-1) and stop (1) must have the same sign");
    expect(() => logspace(0, 1, -2)).toThrow("logspace: num must be a non-negative integer, got -2");
    expect(() => diagonal(tensor([1, 2]))).toThrow("diagonal: x must have rank 2 or more, got shape [2]");
    expect(() => diagonal(cube(), 0, 1, -2)).toThrow("diagonal: axis1 and axis2 must differ, both are 1 (shape [2,3,4])");
    expect(() => diag(cube())).toThrow("diag: v must be a vector or a matrix, got shape [2,3,4]");
    expect(() => tril(tensor([1, 2]))).toThrow("tril: x must have rank 2 or more, got shape [2]");
    expect(() => triu(cube(), 1.5)).toThrow("triu: the diagonal offset must be an integer, got 1.5");
  });
});
