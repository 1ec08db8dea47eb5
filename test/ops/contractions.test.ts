import { describe, expect, it } from "vitest";
import {
  cross,
  grad,
  inner,
  jit,
  kron,
  makeJaxpr,
  matrixPower,
  multiDot,
  ones,
  stack,
  sum,
  tensor,
  tensordot,
  trace,
  vdot,
  vmap,
  type Tensor,
} from "../../src/index";
import { checkGrads } from "../../laws/index";

const f64 = (v: number[], shape: number[]): Tensor => tensor(Float64Array.from(v), "float64", shape);
const range = (n: number, scale: number, shape: number[]): Tensor =>
  f64(
    Array.from({ length: n }, (_, i) => i / scale),
    shape,
  );

/** Values equal to `expected` within a relative 1e-12 (NumPy sums in another order). */
function expectClose(t: Tensor, expected: number | number[] | number[][] | number[][][]): void {
  const flat = [expected].flat(3) as number[];
  const got = Array.from(t.data(), Number);
  expect(got.length).toBe(flat.length);
  got.forEach((g, i) => expect(Math.abs(g - flat[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(flat[i]))));
}

// Reference values from NumPy 2.4 (np.tensordot, np.inner, np.vdot, np.kron, np.cross,
// np.linalg.multi_dot, np.linalg.matrix_power, np.trace) on the same inputs.
const a3 = () => range(24, 2, [2, 3, 4]);
const b3 = () => range(60, 10, [3, 4, 5]);
const m = () => f64([1, 2, 3, 4, 5, 6], [3, 2]);
const n = () => f64([1, -1, 0, 2, 0.5, 1], [2, 3]);

describe("tensordot, inner, vdot", () => {
  it("tensordot over the last/first two axes by default, over named axes, and with 0 axes (outer product)", () => {
    const out = tensordot(a3(), b3());
    expect(out.shape).toEqual([2, 5]);
    expectClose(out, [
      [126.5, 129.8, 133.1, 136.4, 139.7],
      [324.5, 335, 345.5, 356, 366.5],
    ]);
    expectClose(tensordot(m(), n(), [[0], [1]]), [
      [-2, 8.5],
      [-2, 12],
    ]);
    expectClose(tensordot(m(), n(), [1, 0]), [
      [5, 0, 2],
      [11, -1, 4],
      [17, -2, 6],
    ]);
    expectClose(tensordot(f64([1, 2], [2]), f64([3, 4, 5], [3]), 0), [
      [3, 4, 5],
      [6, 8, 10],
    ]);
  });

  it("inner over the last axes; vdot of the flattened operands", () => {
    expectClose(inner(f64([1, 2, 3], [3]), f64([4, 5, 6], [3])), 32);
    const x = range(24, 2, [2, 3, 4]);
    const firstTwo = f64(
      (x.toArray() as number[][][]).flat(1).flatMap((r) => r.slice(0, 2)),
      [2, 3, 2],
    );
    const out = inner(firstTwo, m());
    expect(out.shape).toEqual([2, 3, 3]);
    expectClose(f64((out.toArray() as number[][][])[1].flat(), [3, 3]), [
      [19, 44, 69],
      [25, 58, 91],
      [31, 72, 113],
    ]);
    expectClose(vdot(m(), f64([1, 2, -1, 0.5, 0, 1], [2, 3])), 10);
    expectClose(inner(f64([2], []), f64([1, 2], [2])), [2, 4]);
  });

  it("errors name the op and the shapes", () => {
    expect(() => tensordot(m(), n(), [[0], [0]])).toThrow("tensordot: axis 0 of a (shape [3,2]) has length 3, axis 0 of b (shape [2,3]) has 2");
    expect(() => tensordot(m(), n(), 3)).toThrow("tensordot: axes 3 must be an integer in [0, 2] for shapes [3,2] and [2,3]");
    expect(() => tensordot(m(), n(), [[0, 1], [1]])).toThrow("tensordot: 2 axes of a ([0,1]) but 1 of b ([1])");
    expect(() => inner(m(), f64([1, 2, 3], [3]))).toThrow("inner: the last axes differ: a has shape [3,2], b has shape [3]");
    expect(() => vdot(m(), f64([1], [1]))).toThrow("vdot: a (shape [3,2]) and b (shape [1]) must have as many elements (6 vs 1)");
  });
});

describe("kron and cross", () => {
  it("kron of matrices, and of a vector with a matrix", () => {
    const k = kron(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        "int32",
      ),
      tensor(
        [
          [0, 1],
          [1, 0],
        ],
        "int32",
      ),
    );
    expect([k.dtype, k.toArray()]).toEqual([
      "int32",
      [
        [0, 1, 0, 2],
        [1, 0, 2, 0],
        [0, 3, 0, 4],
        [3, 0, 4, 0],
      ],
    ]);
    expect(kron(f64([1, 2], [2]), f64([1, 10, 100, 1000], [2, 2])).toArray()).toEqual([
      [1, 10, 2, 20],
      [100, 1000, 200, 2000],
    ]);
  });

  it("cross of 3-vectors, 2-vectors (the z component), mixed, broadcast and along other axes", () => {
    expect(cross(f64([1, 2, 3], [3]), f64([4, 5, 6], [3])).toArray()).toEqual([-3, 6, -3]);
    expect(cross(f64([1, 2], [2]), f64([3, 4], [2])).toArray()).toBe(-2);
    expect(cross(f64([1, 2], [2]), f64([3, 4, 5], [3])).toArray()).toEqual([10, -5, -2]);
    expect(cross(f64([3, 4, 5], [3]), f64([1, 2], [2])).toArray()).toEqual([-10, 5, 2]);
    const X = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const Y = f64([7, 8, 9], [1, 3]);
    expect(cross(X, Y).toArray()).toEqual([
      [-6, 12, -6],
      [-3, 6, -3],
    ]);
    expect(cross(X, Y, { axisc: 0 }).toArray()).toEqual([
      [-6, -3],
      [12, 6],
      [-6, -3],
    ]);
    expect(cross(f64([1, 4, 2, 5, 3, 6], [3, 2]), f64([1, 0, 2], [3, 1]), { axis: 0 }).toArray()).toEqual([
      [4, 10],
      [1, -2],
      [-2, -5],
    ]);
  });

  it("cross rejects vectors of other lengths, naming the axis and shape", () => {
    expect(() => cross(f64([1, 2, 3, 4], [4]), f64([1, 2, 3], [3]))).toThrow(
      "cross: the vectors of a (axis -1 of shape [4]) must have 2 or 3 components, got 4",
    );
  });
});

describe("multiDot, matrixPower, trace", () => {
  const P = () => f64([1, 2, 3, 4, 5, 6], [3, 2]);
  const Q = () => f64([1, 0, 2, 1, 0, 1, 1, -1], [2, 4]);
  const R = () => f64([1, 2, 0, -1], [4, 1]);

  it("multiDot multiplies a chain, vectors at the ends included", () => {
    expect(multiDot([P(), Q(), R()]).toArray()).toEqual([[6], [12], [18]]);
    expect(multiDot([f64([1, 2, 3], [3]), P(), Q(), f64([1, 1, 0, 2], [4])]).toArray()).toBe(38);
  });

  it("multiDot chooses the cheapest parenthesisation: P·(Q·R) here (14 products against 36)", () => {
    const program = String(makeJaxpr((p: Tensor, q: Tensor, r: Tensor) => multiDot([p, q, r]))(ones([3, 2]), ones([2, 4]), ones([4, 1])));
    const products = program.split("\n").filter((l) => l.includes("= matmul"));
    expect(products).toHaveLength(2);
    expect(products[0]).toContain("f32[2,1] = matmul");
  });

  it("matrixPower: positive, negative (through inv), zero, integer and batched", () => {
    const M = () => f64([2, 1, 1, 1], [2, 2]);
    expect(matrixPower(M(), 3).toArray()).toEqual([
      [13, 8],
      [8, 5],
    ]);
    expectClose(matrixPower(M(), -3), [
      [5, -8],
      [-8, 13],
    ]);
    expect(matrixPower(M(), 0).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const fib = matrixPower(
      tensor(
        [
          [1, 1],
          [1, 0],
        ],
        "int32",
      ),
      5,
    );
    expect([fib.dtype, fib.toArray()]).toEqual([
      "int32",
      [
        [8, 5],
        [5, 3],
      ],
    ]);
    expect(matrixPower(f64([2, 1, 1, 1, 2, 0, 0, 2], [2, 2, 2]), 2).toArray()).toEqual([
      [
        [5, 3],
        [3, 2],
      ],
      [
        [4, 0],
        [0, 4],
      ],
    ]);
  });

  it("trace with offsets and axes", () => {
    const Z = range(12, 1, [3, 4]);
    expect([0, 1, -1, 3, 4, -3].map((k) => trace(Z, k).item())).toEqual([15, 18, 13, 3, 0, 0]);
    const W = tensor(
      Int32Array.from({ length: 24 }, (_, i) => i),
      "int32",
      [2, 3, 4],
    );
    expect(trace(W, 0, 1, 2).toArray()).toEqual([15, 51]);
    expect(trace(W, 1, -1, 0).toArray()).toEqual([12, 16, 20]);
  });

  it("errors name the op and the shapes", () => {
    expect(() => multiDot([P()])).toThrow("multiDot: needs at least two arrays, got 1");
    expect(() => multiDot([P(), P()])).toThrow("multiDot: arrays 0 (shape [3,2]) and 1 (shape [3,2]) do not multiply");
    expect(() => multiDot([P(), f64([1, 2], [2]), Q()])).toThrow("multiDot: array 1 must be a matrix, got shape [2]");
    expect(() => matrixPower(P(), 2)).toThrow("matrixPower: a must be a square matrix or a batch of them, got shape [3,2]");
    expect(() =>
      matrixPower(
        tensor(
          [
            [1, 1],
            [1, 0],
          ],
          "int32",
        ),
        -1,
      ),
    ).toThrow("matrixPower: a negative power inverts, so a must be float32 or float64, got int32");
    expect(() => trace(f64([1, 2], [2]))).toThrow("trace: x must have at least two axes, got shape [2]");
    expect(() => trace(P(), 0, 1, -1)).toThrow("trace: axis1 and axis2 name the same axis 1 of shape [3,2]");
  });
});

describe("gradients (float64, against finite differences), jit and vmap", () => {
  it("every contraction differentiates", () => {
    checkGrads((a: Tensor, b: Tensor) => tensordot(a, b), [a3(), b3()]);
    checkGrads((a: Tensor, b: Tensor) => inner(a, b), [m(), f64([1, -2, 0.5, 3], [2, 2])]);
    checkGrads((a: Tensor, b: Tensor) => vdot(a, b), [m(), f64([1, 2, -1, 0.5, 0, 1], [2, 3])], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => kron(a, b), [m(), n()]);
    checkGrads((a: Tensor, b: Tensor) => cross(a, b), [f64([1, 2, 3, 4, 5, 6], [2, 3]), f64([7, 8, 9], [1, 3])], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => cross(a, b), [f64([1, 2], [2]), f64([3, 4, 5], [3])]);
    checkGrads((p: Tensor, q: Tensor, r: Tensor) => multiDot([p, q, r]), [m(), n(), f64([1, 0.5, -1, 2, 0, 1], [3, 2])]);
    checkGrads((x: Tensor) => matrixPower(x, 3), [f64([0.5, 0.2, -0.1, 0.8], [2, 2])], { order: 2 });
    checkGrads((x: Tensor) => matrixPower(x, -2), [f64([2, 0.5, 0.3, 1.5], [2, 2])]);
    checkGrads((x: Tensor) => trace(x, 1), [range(12, 3, [3, 4])]);
  });

  it("jit(f) ≡ f", () => {
    const f = (x: Tensor, y: Tensor) => sum(cross(x, y)) as Tensor;
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = f64([7, 8, 9], [1, 3]);
    expect(jit(f)(x, y).item()).toBe(f(x, y).item());
    const g = grad((a: Tensor) => trace(matrixPower(a, 3)));
    const a = f64([0.5, 0.2, -0.1, 0.8], [2, 2]);
    expect(jit(g)(a).toArray()).toEqual(g(a).toArray());
    expect(jit((p: Tensor) => multiDot([p, n(), m()]))(m()).toArray()).toEqual(multiDot([m(), n(), m()]).toArray());
  });

  it("vmap equals the per-example loop", () => {
    const batch = f64([1, 2, 3, 4, 0.5, -1, 2, 0, 3, 1, -2, 1], [3, 2, 2]);
    const examples = (batch.toArray() as number[][][]).map((e) => f64(e.flat(), [2, 2]));
    const cases: ((x: Tensor) => Tensor)[] = [
      (x) => matrixPower(x, 3),
      (x) => trace(x),
      (x) => tensordot(x, n(), 1),
      (x) => kron(x, f64([1, -1], [2])),
      (x) => cross(x, f64([1, 2, 3], [3]) as Tensor),
      (x) => multiDot([f64([1, 2], [2]), x, f64([3, 4], [2])]),
      (x) => vdot(x, x),
    ];
    for (const f of cases) expect(vmap(f)(batch).toArray()).toEqual(stack(examples.map(f)).toArray());
  });
});
