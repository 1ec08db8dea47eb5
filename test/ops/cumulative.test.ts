import { describe, expect, it } from "vitest";
import { cummax, cummin, cumprod, cumsum, grad, hessian, jit, makeJaxpr, mul, sum, tensor, vmap, type Tensor } from "../../src/index";
import { checkGrads } from "../../laws";
import { expectClose, values } from "../nn/helpers";

const x = tensor(
  [
    [
      [3, -1, 4, 1],
      [5, -9, 2, 6],
      [0, 5, 3, -5],
    ],
    [
      [8, 9, -7, 9],
      [3, 2, 3, -8],
      [4, 6, 2, 6],
    ],
  ],
  "float64",
);

describe("cumsum, cumprod, cummax, cummin: values (NumPy 2.4: np.cumsum, np.cumprod, np.maximum/minimum.accumulate, np.flip for reverse)", () => {
  it("cumsum along each axis, forwards and reversed", () => {
    expectClose(
      cumsum(x, 0),
      [
        [
          [3, -1, 4, 1],
          [5, -9, 2, 6],
          [0, 5, 3, -5],
        ],
        [
          [11, 8, -3, 10],
          [8, -7, 5, -2],
          [4, 11, 5, 1],
        ],
      ],
      0,
    );
    expectClose(
      cumsum(x, 0, { reverse: true }),
      [
        [
          [11, 8, -3, 10],
          [8, -7, 5, -2],
          [4, 11, 5, 1],
        ],
        [
          [8, 9, -7, 9],
          [3, 2, 3, -8],
          [4, 6, 2, 6],
        ],
      ],
      0,
    );
    expectClose(
      cumsum(x, 1),
      [
        [
          [3, -1, 4, 1],
          [8, -10, 6, 7],
          [8, -5, 9, 2],
        ],
        [
          [8, 9, -7, 9],
          [11, 11, -4, 1],
          [15, 17, -2, 7],
        ],
      ],
      0,
    );
    expectClose(
      cumsum(x, -2, { reverse: true }),
      [
        [
          [8, -5, 9, 2],
          [5, -4, 5, 1],
          [0, 5, 3, -5],
        ],
        [
          [15, 17, -2, 7],
          [7, 8, 5, -2],
          [4, 6, 2, 6],
        ],
      ],
      0,
    );
    expectClose(
      cumsum(x, 2),
      [
        [
          [3, 2, 6, 7],
          [5, -4, -2, 4],
          [0, 5, 8, 3],
        ],
        [
          [8, 17, 10, 19],
          [3, 5, 8, 0],
          [4, 10, 12, 18],
        ],
      ],
      0,
    );
    expectClose(
      cumsum(x, 2, { reverse: true }),
      [
        [
          [7, 4, 5, 1],
          [4, -1, 8, 6],
          [3, 3, -2, -5],
        ],
        [
          [19, 11, 2, 9],
          [0, -3, -5, -8],
          [18, 14, 8, 6],
        ],
      ],
      0,
    );
  });
  it("cumprod, cummax and cummin", () => {
    expectClose(
      cumprod(x, 2),
      [
        [
          [3, -3, -12, -12],
          [5, -45, -90, -540],
          [0, 0, 0, -0],
        ],
        [
          [8, 72, -504, -4536],
          [3, 6, 18, -144],
          [4, 24, 48, 288],
        ],
      ],
      0,
    );
    expectClose(
      cumprod(x, 1, { reverse: true }),
      [
        [
          [0, 45, 24, -30],
          [0, -45, 6, -30],
          [0, 5, 3, -5],
        ],
        [
          [96, 108, -42, -432],
          [12, 12, 6, -48],
          [4, 6, 2, 6],
        ],
      ],
      0,
    );
    expectClose(
      cummax(x, 2),
      [
        [
          [3, 3, 4, 4],
          [5, 5, 5, 6],
          [0, 5, 5, 5],
        ],
        [
          [8, 9, 9, 9],
          [3, 3, 3, 3],
          [4, 6, 6, 6],
        ],
      ],
      0,
    );
    expectClose(
      cummin(x, 1),
      [
        [
          [3, -1, 4, 1],
          [3, -9, 2, 1],
          [0, -9, 2, -5],
        ],
        [
          [8, 9, -7, 9],
          [3, 2, -7, -8],
          [3, 2, -7, -8],
        ],
      ],
      0,
    );
    expectClose(
      cummax(x, 0, { reverse: true }),
      [
        [
          [8, 9, 4, 9],
          [5, 2, 3, 6],
          [4, 6, 3, 6],
        ],
        [
          [8, 9, -7, 9],
          [3, 2, 3, -8],
          [4, 6, 2, 6],
        ],
      ],
      0,
    );
    expectClose(
      cummin(x, 2, { reverse: true }),
      [
        [
          [-1, -1, 1, 1],
          [-9, -9, 2, 6],
          [-5, -5, -5, -5],
        ],
        [
          [-7, -7, -7, 9],
          [-8, -8, -8, -8],
          [2, 2, 2, 6],
        ],
      ],
      0,
    );
  });
  it("flatten when the axis is omitted (a scalar becomes [1])", () => {
    const flat = cumsum(x);
    expect(flat.shape).toEqual([24]);
    expect(values(flat)).toEqual([3, 2, 6, 7, 12, 3, 5, 11, 11, 16, 19, 14, 22, 31, 24, 33, 36, 38, 41, 33, 37, 43, 45, 51]);
    expect(cumprod(tensor(5)).shape).toEqual([1]);
  });
  it("accumulate in the input's dtype: float32 rounds, int32 and uint32 wrap, bool counts as int32", () => {
    expect(values(cumsum(tensor([1e8, 1, 1, 1], "float32")))).toEqual([1e8, 1e8, 1e8, 1e8]);
    const ints = cumsum(tensor([2 ** 31 - 1, 1, 5], "int32"));
    expect(ints.dtype).toBe("int32");
    expect(values(ints)).toEqual([2147483647, -2147483648, -2147483643]);
    expect(values(cumprod(tensor([65536, 65536, 3], "int32")))).toEqual([65536, 0, 0]);
    expect(values(cumprod(tensor([65536, 65537, 3], "uint32")))).toEqual([65536, 65536, 196608]);
    const counts = cumsum(tensor([1, 0, 1], "bool"));
    expect(counts.dtype).toBe("int32");
    expect(values(counts)).toEqual([1, 1, 2]);
  });
  it("cummax and cummin propagate NaN like np.maximum.accumulate", () => {
    expect(values(cummax(tensor([1, NaN, 3])))).toEqual([1, NaN, NaN]);
    expect(values(cummin(tensor([1, 2, NaN, 0]), 0, { reverse: true }))).toEqual([NaN, NaN, NaN, 0]);
  });
  it("empty axes give empty results", () => {
    expect(cumsum(tensor(new Float64Array(0), "float64", [2, 0]), 1).shape).toEqual([2, 0]);
  });
});

describe("cumulative gradients", () => {
  it("cumsum's gradient is the reversed cumsum of the cotangent", () => {
    const w = tensor([1, 2, 3, 4], "float64");
    expectClose(grad((v: Tensor) => sum(mul(cumsum(v), w)))(tensor([5, 6, 7, 8], "float64")), [10, 9, 7, 4], 0);
    expectClose(grad((v: Tensor) => sum(mul(cumsum(v, 0, { reverse: true }), w)))(tensor([5, 6, 7, 8], "float64")), [1, 3, 6, 10], 0);
  });
  it("cumprod's gradient is exact with zeros (by hand: y = [a, ab, abc, abcd])", () => {
    // a, b, c, d = 2, 0, 3, 0.5: ∂Σy/∂a = 1 + b + bc + bcd = 1, ∂b = a + ac + acd = 2 + 6 + 3 = 11, ∂c = ab + abd = 0, ∂d = abc = 0.
    expectClose(grad((v: Tensor) => sum(cumprod(v)))(tensor([2, 0, 3, 0.5], "float64")), [1, 11, 0, 0], 0);
    // Two zeros: ∂Σy/∂b = a + ac + acd = 2 (c = 0), every other partial is 0 but the Hessian's (b, c) entry is a + ad = 2 + 1 = 3.
    const z = tensor([2, 0, 0, 0.5], "float64");
    expectClose(grad((v: Tensor) => sum(cumprod(v)))(z), [1, 2, 0, 0], 0);
    expectClose(
      hessian((v: Tensor) => sum(cumprod(v)))(z),
      [
        [0, 1, 0, 0],
        [1, 0, 3, 0],
        [0, 3, 0, 0],
        [0, 0, 0, 0],
      ],
      0,
    );
  });
  it("cumprod passes finite-difference checks to second order, zeros included, both directions", () => {
    const v = tensor(
      [
        [0.7, 0, -1.2, 0.9, 0, 1.1],
        [1.3, -0.6, 0.8, 0, 1.4, -0.9],
      ],
      "float64",
    );
    checkGrads((u: Tensor) => cumprod(u, 1), [v], { order: 2 });
    checkGrads((u: Tensor) => cumprod(u, 1, { reverse: true }), [v], { order: 2 });
    checkGrads((u: Tensor) => cumprod(u, 0), [v], { order: 2 });
  });
  it("cummax and cummin send each output's gradient to the entry holding the running extremum, the first on ties", () => {
    const w = tensor([1, 10, 100, 1000], "float64");
    const ties = tensor([1, 3, 3, 2], "float64");
    // cummax = [1, 3, 3, 3]: entry 0 holds output 0, entry 1 (the first 3) holds outputs 1 to 3.
    expectClose(grad((v: Tensor) => sum(mul(cummax(v), w)))(ties), [1, 1110, 0, 0], 0);
    // Reversed: running max from the end = [3, 3, 3, 2]: entry 2 (the first 3 from the end) holds outputs 0 to 2.
    expectClose(grad((v: Tensor) => sum(mul(cummax(v, 0, { reverse: true }), w)))(ties), [0, 0, 111, 1000], 0);
    // cummin of [2, 1, 1, 3] = [2, 1, 1, 1].
    expectClose(grad((v: Tensor) => sum(mul(cummin(v), w)))(tensor([2, 1, 1, 3], "float64")), [1, 1110, 0, 0], 0);
  });
  it("cummax and cummin pass finite-difference checks away from ties", () => {
    const v = tensor(
      [
        [0.3, -1.7, 2.2, 0.9, 2.5],
        [1.1, 1.6, -0.4, 3.1, 0.2],
      ],
      "float64",
    );
    checkGrads((u: Tensor) => cummax(u, 1), [v], { order: 2 });
    checkGrads((u: Tensor) => cummin(u, 0, { reverse: true }), [v], { order: 2 });
    checkGrads((u: Tensor) => cummin(u, 1, { reverse: true }), [v], { order: 2 });
  });
});

describe("cumulative ops under jit and vmap", () => {
  const v = tensor(
    [
      [0.5, -2, 1.5, 3],
      [2, 0, -1, 0.25],
      [1, 1, -3, 2],
    ],
    "float64",
  );
  it("jit(f) ≡ f, values and gradients", () => {
    for (const f of [(u: Tensor) => cumsum(u, 1), (u: Tensor) => cumprod(u, 0, { reverse: true }), (u: Tensor) => cummax(u, 1), (u: Tensor) => cummin(u)]) {
      expect(values(jit(f)(v))).toEqual(values(f(v)));
      const g = (u: Tensor) => sum(mul(f(u), f(u)));
      expectClose(jit(grad(g))(v), grad(g)(v), 1e-12);
    }
  });
  it("stays one equation in the IR", () => {
    expect(makeJaxpr((u: Tensor) => cumprod(u, 1))(v).toString()).toContain("cumprod");
  });
  it("vmap ≡ the per-example loop, for values and gradients", () => {
    for (const f of [
      (u: Tensor) => cumsum(u, 0, { reverse: true }),
      (u: Tensor) => cumprod(u, -1),
      (u: Tensor) => cummax(u, 0),
      (u: Tensor) => cummin(u, 0, { reverse: true }),
    ]) {
      const rows = [0, 1, 2].map((i) => tensor(values(v).slice(4 * i, 4 * i + 4), "float64"));
      expect(values(vmap(f)(v))).toEqual(rows.flatMap((r) => values(f(r))));
      const g = grad((u: Tensor) => sum(mul(f(u), f(u))));
      expectClose(
        vmap(g)(v),
        rows.map((r) => values(g(r))),
        1e-12,
      );
    }
  });
});

describe("cumulative errors", () => {
  it("name the op, the axis and the shape", () => {
    expect(() => cumsum(x, 3)).toThrow("cumsum: axis 3 is out of range for a tensor of rank 3");
    expect(() => cummax(tensor(2), 0)).toThrow("cummax: axis 0 is out of range for a tensor of rank 0");
    expect(() => cumprod(x, 1.5)).toThrow("cumprod: axis 1.5 is out of range");
  });
});
