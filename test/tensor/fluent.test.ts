/**
 * The fluent methods (src/tensor/fluent.ts): each one gives exactly what the function it
 * wraps gives (values, dtype, shape), eagerly and on tracers inside grad, jit and vmap.
 */
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  argmax,
  argmin,
  astype,
  div,
  equal,
  exp,
  expandDims,
  grad,
  greater,
  greaterEqual,
  jit,
  less,
  lessEqual,
  log,
  matmul,
  max,
  mean,
  min,
  mul,
  neg,
  notEqual,
  pow,
  ravel,
  relu,
  reshape,
  sigmoid,
  slice,
  sqrt,
  squeeze,
  stack,
  sub,
  sum,
  take,
  tanh,
  tensor,
  transpose,
  vmap,
  Tensor,
} from "../../src/index";
import { Tracer } from "../../src/core/trace";

type Matrix = Tensor<[2, 3]>;

// Entries of both signs, and a positive variant for log, sqrt and fractional powers.
const x: Matrix = tensor(
  [
    [0.5, -1.5, 2],
    [3, 0.25, -4],
  ],
  "float64",
);
const positive: Matrix = tensor(
  [
    [0.5, 1.5, 2],
    [3, 0.25, 4],
  ],
  "float64",
);
const y: Tensor<[3]> = tensor([2, -1, 0.5], "float64");
const w: Tensor<[3, 2]> = tensor(
  [
    [1, 2],
    [-1, 0.5],
    [3, -2],
  ],
  "float64",
);

interface Case {
  /** The method call on the example. */
  readonly method: (t: Matrix) => Tensor;
  /** The function call it stands for. */
  readonly fn: (t: Matrix) => Tensor;
  /** Makes the example's entries positive first (log, sqrt, fractional powers). */
  readonly positive?: boolean;
}

const cases: Record<string, Case> = {
  "add(tensor)": { method: (t) => t.add(y), fn: (t) => add(t, y) },
  "add(number)": { method: (t) => t.add(2), fn: (t) => add(t, 2) },
  sub: { method: (t) => t.sub(y), fn: (t) => sub(t, y) },
  mul: { method: (t) => t.mul(y), fn: (t) => mul(t, y) },
  div: { method: (t) => t.div(y), fn: (t) => div(t, y) },
  "pow(number)": { method: (t) => t.pow(3), fn: (t) => pow(t, 3) },
  "pow(tensor)": { method: (t) => t.pow(tensor([0.5, 2, 1.5], "float64")), fn: (t) => pow(t, tensor([0.5, 2, 1.5], "float64")), positive: true },
  neg: { method: (t) => t.neg(), fn: (t) => neg(t) },
  exp: { method: (t) => t.exp(), fn: (t) => exp(t) },
  log: { method: (t) => t.log(), fn: (t) => log(t), positive: true },
  sqrt: { method: (t) => t.sqrt(), fn: (t) => sqrt(t), positive: true },
  abs: { method: (t) => t.abs(), fn: (t) => abs(t) },
  tanh: { method: (t) => t.tanh(), fn: (t) => tanh(t) },
  sigmoid: { method: (t) => t.sigmoid(), fn: (t) => sigmoid(t) },
  relu: { method: (t) => t.relu(), fn: (t) => relu(t) },
  "sum()": { method: (t) => t.sum(), fn: (t) => sum(t) },
  "sum(1)": { method: (t) => t.sum(1), fn: (t) => sum(t, 1) },
  "sum([0, 1], keepDims)": { method: (t) => t.sum([0, 1], { keepDims: true }), fn: (t) => sum(t, [0, 1], { keepDims: true }) },
  "mean(0)": { method: (t) => t.mean(0), fn: (t) => mean(t, 0) },
  "max(1)": { method: (t) => t.max(1), fn: (t) => max(t, 1) },
  "min()": { method: (t) => t.min(), fn: (t) => min(t) },
  "min(-1, keepDims)": { method: (t) => t.min(-1, { keepDims: true }), fn: (t) => min(t, -1, { keepDims: true }) },
  "argmax(1)": { method: (t) => t.argmax(1), fn: (t) => argmax(t, 1) },
  "argmax()": { method: (t) => t.argmax(), fn: (t) => argmax(t) },
  "argmin(0)": { method: (t) => t.argmin(0), fn: (t) => argmin(t, 0) },
  "reshape([3, 2])": { method: (t) => t.reshape([3, 2]), fn: (t) => reshape(t, [3, 2]) },
  "reshape([-1])": { method: (t) => t.reshape([-1]), fn: (t) => reshape(t, [-1]) },
  "transpose()": { method: (t) => t.transpose(), fn: (t) => transpose(t) },
  "transpose([1, 0])": { method: (t) => t.transpose([1, 0]), fn: (t) => transpose(t, [1, 0]) },
  T: { method: (t) => t.T, fn: (t) => transpose(t) },
  "T of a rank-3 tensor": { method: (t) => t.reshape([1, 2, 3]).T, fn: (t) => transpose(reshape(t, [1, 2, 3])) },
  matmul: { method: (t) => t.matmul(w), fn: (t) => matmul(t, w) },
  "astype(float32)": { method: (t) => t.astype("float32"), fn: (t) => astype(t, "float32") },
  "astype(int32)": { method: (t) => t.astype("int32"), fn: (t) => astype(t, "int32") },
  "squeeze()": { method: (t) => t.reshape([2, 1, 3]).squeeze(), fn: (t) => squeeze(reshape(t, [2, 1, 3])) },
  "squeeze(1)": { method: (t) => t.reshape([2, 1, 3]).squeeze(1), fn: (t) => squeeze(reshape(t, [2, 1, 3]), 1) },
  "expandDims(1)": { method: (t) => t.expandDims(1), fn: (t) => expandDims(t, 1) },
  "expandDims([0, -1])": { method: (t) => t.expandDims([0, -1]), fn: (t) => expandDims(t, [0, -1]) },
  flatten: { method: (t) => t.flatten(), fn: (t) => ravel(t) },
  slice: { method: (t) => t.slice([0, 1], [null, 3]), fn: (t) => slice(t, [0, 1], [null, 3]) },
  "slice with a step": { method: (t) => t.slice([1, -3], [2, null], [1, 2]), fn: (t) => slice(t, [1, -3], [2, null], [1, 2]) },
  "take(indices, 1)": { method: (t) => t.take([2, 0, -1], 1), fn: (t) => take(t, [2, 0, -1], 1) },
  "take(indices)": { method: (t) => t.take(tensor([4, 0], "int32")), fn: (t) => take(t, tensor([4, 0], "int32")) },
  equal: { method: (t) => t.equal(2), fn: (t) => equal(t, 2) },
  notEqual: { method: (t) => t.notEqual(y), fn: (t) => notEqual(t, y) },
  greater: { method: (t) => t.greater(y), fn: (t) => greater(t, y) },
  greaterEqual: { method: (t) => t.greaterEqual(0.25), fn: (t) => greaterEqual(t, 0.25) },
  less: { method: (t) => t.less(y), fn: (t) => less(t, y) },
  lessEqual: { method: (t) => t.lessEqual(0.5), fn: (t) => lessEqual(t, 0.5) },
};

/** Shape, dtype and values of `t`, for comparing a method's result with its function's. */
function describeTensor(t: Tensor): { shape: readonly number[]; dtype: string; values: unknown } {
  return { shape: t.shape, dtype: t.dtype, values: t.toArray() };
}

const input = (c: Case): Matrix => (c.positive ? positive : x);

/** A scalar loss of a case's output that any dtype reaches: the sum of squares in float64. */
const loss = (f: (t: Matrix) => Tensor) => (t: Matrix) => {
  const out = astype(f(t), "float64");
  return sum(mul(out, out));
};

describe("each fluent method is the function it wraps", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: eagerly, under jit, vmap and grad`, () => {
      const t = input(c);
      const expected = describeTensor(c.fn(t));
      expect(describeTensor(c.method(t))).toEqual(expected);
      expect(describeTensor(jit(c.method)(t))).toEqual(expected);

      const batch = stack([t, mul(t, 0.5)]) as Tensor<[2, 2, 3]>;
      expect(describeTensor(vmap(c.method)(batch as unknown as Matrix))).toEqual(describeTensor(vmap(c.fn)(batch as unknown as Matrix)));

      expect(describeTensor(grad(loss(c.method))(t))).toEqual(describeTensor(grad(loss(c.fn))(t)));
    });
  }
});

describe("fluent methods on tracers", () => {
  it("run on the tracers of grad, jit and vmap, whose values they never read", () => {
    const seen: string[] = [];
    const f = (t: Tensor) => {
      seen.push(t instanceof Tracer ? t.trace.transform : "concrete");
      return t.mul(t).sum();
    };
    const v = tensor([1, 2, 3], "float64");
    // d/dv Σ v² = 2v
    expect(grad(f)(v).toArray()).toEqual([2, 4, 6]);
    expect(jit(f)(v).item()).toBe(14);
    expect(
      vmap(f)(
        tensor(
          [
            [1, 2, 3],
            [0, -1, 2],
          ],
          "float64",
        ),
      ).toArray(),
    ).toEqual([14, 5]);
    expect(seen).toEqual(["grad", "jit", "vmap"]);
  });

  it("chain: x.T.matmul(x).sum(0) under grad equals the functional form, and Σ_j (XᵀX)_ij's gradient by hand", () => {
    const f = (t: Matrix) =>
      t.T.matmul(t)
        .sum(0)
        .mul(tensor([1, 2, 3], "float64"))
        .sum();
    const g = (t: Matrix) => sum(mul(sum(matmul(transpose(t), t), 0), tensor([1, 2, 3], "float64")));
    expect(f(x).item()).toBe(g(x).item());
    // f = Σ_ij c_j (XᵀX)_ij = Σ_k (Σ_i X_ki)(Σ_j c_j X_kj): ∂f/∂X_ab = Σ_j c_j X_aj + c_b Σ_i X_ai.
    const c = [1, 2, 3];
    const rows = x.toArray() as number[][];
    const expected = rows.map((r) => r.map((_, b) => r.reduce((s, v, j) => s + c[j] * v, 0) + c[b] * r.reduce((s, v) => s + v, 0)));
    expect(grad(f)(x).toArray()).toEqual(expected);
    expect(grad(f)(x).toArray()).toEqual(grad(g)(x).toArray());
  });
});

describe("fluent methods as members", () => {
  it("give the function's error for bad input", () => {
    const dynamic = x as Tensor;
    expect(() => dynamic.reshape([4])).toThrow("reshape: cannot reshape [2,3] (6 elements) into [4]");
    expect(() => dynamic.sum(2)).toThrow(/^sum: /);
    expect(() => dynamic.squeeze(0)).toThrow("squeeze: axis 0 of shape [2,3] has size 2, not 1");
  });

  it("are installed once on Tensor.prototype, not enumerable, and leave the inputs unchanged", () => {
    const keys: string[] = [];
    for (const key in x) keys.push(key);
    expect(keys).toEqual(["shape", "dtype"]);
    expect(Object.getOwnPropertyNames(x)).toEqual(["shape", "dtype"]);
    expect(typeof Tensor.prototype.add).toBe("function");
    const before = x.toArray();
    x.add(1).T.sum();
    expect(x.toArray()).toEqual(before);
  });

  it("T is transpose: the axes reversed (NumPy's .T), a no-op on vectors", () => {
    expect(x.T.toArray()).toEqual([
      [0.5, 3],
      [-1.5, 0.25],
      [2, -4],
    ]);
    expect(y.T.toArray()).toEqual([2, -1, 0.5]);
    expect(tensor([[[1, 2, 3]]]).T.shape).toEqual([3, 1, 1]);
  });
});
