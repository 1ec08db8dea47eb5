/**
 * The logic vocabulary: truth values, reductions of them, float tests, NaN-aware
 * maximum/minimum, and the indices of nonzero elements, against values from NumPy 2.4
 * (pasted), with jit, vmap and grad.
 */
import { describe, expect, it } from "vitest";
import {
  all,
  allclose,
  any,
  argwhere,
  arrayEqual,
  countNonzero,
  fmax,
  fmin,
  grad,
  isclose,
  isfinite,
  isin,
  isinf,
  isnan,
  jit,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  mul,
  nanToNum,
  nonzero,
  signbit,
  sum,
  tensor,
  vmap,
  where,
  zeros,
  type Tensor,
} from "../../src/index";
import { expectExact, values } from "./helpers";

const bools = (t: Tensor): boolean[] => values(t).map((v) => v !== 0);

describe("logical operators", () => {
  it("take any dtype as its truth value and broadcast", () => {
    const a = tensor([[0, 1, 2]]);
    const b = tensor([[true], [false]], "bool");
    expect(bools(logicalAnd(a, b))).toEqual([false, true, true, false, false, false]);
    expect(bools(logicalOr(a, b))).toEqual([true, true, true, false, true, true]);
    expect(bools(logicalXor(a, b))).toEqual([true, false, false, false, true, true]);
    expect(bools(logicalNot(tensor([0, NaN, -2])))).toEqual([true, false, false]); // NaN is true, as in NumPy
    expect(logicalAnd(a, 1).dtype).toBe("bool");
  });
});

describe("any, all, countNonzero", () => {
  const x = tensor([
    [0, 0, 1],
    [2, 3, 4],
  ]);
  it("reduce over axes, with keepDims", () => {
    expect(bools(any(x))).toEqual([true]);
    expect(bools(all(x))).toEqual([false]);
    expect(bools(any(x, 1))).toEqual([true, true]);
    expect(bools(all(x, 1))).toEqual([false, true]);
    expect(bools(all(x, 0))).toEqual([false, false, true]);
    const kept = any(x, [0, 1], { keepDims: true });
    expect(kept.shape).toEqual([1, 1]);
    expect(all(x, -1, { keepDims: true }).shape).toEqual([2, 1]);
    expectExact(countNonzero(x, 0), [1, 1, 2]);
    expect(countNonzero(x).dtype).toBe("int32");
    expectExact(countNonzero(x), [4]);
  });
  it("give false and true over nothing, as NumPy", () => {
    expect(bools(any(zeros([0])))).toEqual([false]);
    expect(bools(all(zeros([0])))).toEqual([true]);
    expect(bools(any(zeros([2, 0]), 1))).toEqual([false, false]);
  });
  it("agree under jit and vmap", () => {
    expect(bools(jit((t: Tensor) => all(t, 1))(x))).toEqual([false, true]);
    expect(bools(vmap((t: Tensor) => any(t))(x))).toEqual([true, true]);
  });
  it("name a bad axis", () => {
    expect(() => any(x, 2)).toThrow(/any|axis/);
  });
});

describe("isnan, isinf, isfinite, signbit", () => {
  const x = tensor([NaN, Infinity, -Infinity, 0, -0, -2, 3], "float64");
  it("classify floats", () => {
    expect(bools(isnan(x))).toEqual([true, false, false, false, false, false, false]);
    expect(bools(isinf(x))).toEqual([false, true, true, false, false, false, false]);
    expect(bools(isfinite(x))).toEqual([false, false, false, true, true, true, true]);
    // np.signbit, except NaN, whose sign JavaScript cannot read (NumPy's NaN here is positive too).
    expect(bools(signbit(x))).toEqual([false, false, true, false, true, true, false]);
  });
  it("integers are finite, never NaN, and signed by their sign", () => {
    const i = tensor([-1, 0, 5], "int32");
    expect(bools(isnan(i))).toEqual([false, false, false]);
    expect(bools(isinf(i))).toEqual([false, false, false]);
    expect(bools(isfinite(i))).toEqual([true, true, true]);
    expect(bools(signbit(i))).toEqual([true, false, false]);
  });
});

describe("isclose, allclose, arrayEqual", () => {
  const a = tensor([1, 1.1, Infinity, Infinity, NaN, 1e-9, 0], "float64");
  const b = tensor([1 + 1e-9, 1, Infinity, -Infinity, NaN, 0, 1e-8], "float64");
  it("isclose equals np.isclose, with and without equalNan", () => {
    expect(bools(isclose(a, b))).toEqual([true, false, true, false, false, true, true]);
    expect(bools(isclose(a, b, { equalNan: true }))).toEqual([true, false, true, false, true, true, true]);
    // The test is asymmetric: the tolerance scales with |b|.
    expect(bools(isclose(1, tensor([1.00001], "float64"), { atol: 0 }))).toEqual([true]);
    expect(bools(isclose(tensor([1.00001], "float64"), 1, { atol: 0 }))).toEqual([false]);
    expect(() => isclose(a, b, { rtol: -1 })).toThrow("isclose: rtol and atol must be non-negative, got rtol -1, atol 1e-8");
  });
  it("allclose and arrayEqual return bool scalars, as JAX", () => {
    const yes = allclose(tensor([1, 2]), tensor([1, 2 + 1e-7]));
    expect(yes.shape).toEqual([]);
    expect(yes.dtype).toBe("bool");
    expect(yes.item()).toBe(1);
    expect(allclose(a, b).item()).toBe(0);
    expect(arrayEqual(tensor([1, 2]), tensor([1, 2])).item()).toBe(1);
    expect(arrayEqual(tensor([1, 2]), tensor([[1, 2]])).item()).toBe(0);
    expect(arrayEqual(tensor([1, NaN]), tensor([1, NaN])).item()).toBe(0);
    expect(arrayEqual(tensor([1, NaN]), tensor([1, NaN]), { equalNan: true }).item()).toBe(1);
    expect(jit((x: Tensor, y: Tensor) => allclose(x, y))(tensor([1, 2]), tensor([1, 2.1])).item()).toBe(0);
  });
});

describe("isin", () => {
  it("tests membership in elements of any shape, keeping the element's shape", () => {
    const e = tensor([
      [1, 2],
      [3, 4],
    ]);
    const found = isin(e, tensor([[4], [1], [9]]));
    expect(found.shape).toEqual([2, 2]);
    expect(bools(found)).toEqual([true, false, false, true]);
    expect(bools(isin(e, tensor([4, 1]), { invert: true }))).toEqual([false, true, true, false]);
    expect(bools(vmap((row: Tensor) => isin(row, tensor([2, 3])))(e))).toEqual([false, true, true, false]);
  });
});

describe("nanToNum, fmax, fmin", () => {
  it("nanToNum replaces NaN and infinities by the dtype's limits or given values", () => {
    expectExact(nanToNum(tensor([NaN, Infinity, -Infinity, 1])), [0, 3.4028234663852886e38, -3.4028234663852886e38, 1]);
    expectExact(nanToNum(tensor([NaN, Infinity, -Infinity], "float64")), [0, Number.MAX_VALUE, -Number.MAX_VALUE]);
    expectExact(nanToNum(tensor([NaN, Infinity, -Infinity], "float64"), { nan: -1, posinf: 9, neginf: -9 }), [-1, 9, -9]);
    expect(nanToNum(tensor([1], "int32")).dtype).toBe("int32");
    expectExact(grad((x: Tensor) => sum(mul(nanToNum(x), 3)))(tensor([NaN, 2, Infinity], "float64")), [0, 3, 0]);
  });
  it("fmax and fmin ignore NaN (np.fmax, np.fmin)", () => {
    const a = tensor([1, NaN, NaN, 5], "float64");
    const b = tensor([NaN, 2, NaN, 3], "float64");
    expectExact(fmax(a, b), [1, 2, NaN, 5]);
    expectExact(fmin(a, b), [1, 2, NaN, 3]);
    // Where both are NaN the result is a's NaN, and a gets the gradient (as JAX's fmax).
    expectExact(grad((x: Tensor) => sum(fmax(x, b)))(a), [1, 0, 1, 1]);
    expectExact(grad((x: Tensor) => sum(fmin(x, tensor([2, 2], "float64"))))(tensor([1, 2], "float64")), [1, 0.5]);
  });
});

describe("nonzero, argwhere, where(condition)", () => {
  const x = tensor([
    [0, 3, 0],
    [4, 0, 5],
  ]);
  it("give the indices of the nonzero elements in row-major order (np.nonzero, np.argwhere)", () => {
    const [rows, cols] = nonzero(x);
    expect(rows.dtype).toBe("int32");
    expectExact(rows, [0, 1, 1]);
    expectExact(cols, [1, 0, 2]);
    expect(argwhere(x).toArray()).toEqual([
      [0, 1],
      [1, 0],
      [1, 2],
    ]);
    expect(where(x).map((t) => t.toArray())).toEqual([
      [0, 1, 1],
      [1, 0, 2],
    ]);
    expect(nonzero(zeros([3]))[0].shape).toEqual([0]);
    expect(argwhere(tensor(5)).shape).toEqual([1, 0]);
  });
  it("with a size: the first indices, padded with fillValue", () => {
    expect(nonzero(x, { size: 2 }).map((t) => t.toArray())).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(nonzero(x, { size: 5, fillValue: [-1, 9] }).map((t) => t.toArray())).toEqual([
      [0, 1, 1, -1, -1],
      [1, 0, 2, 9, 9],
    ]);
    expect(argwhere(tensor([0, 7]), { size: 2, fillValue: 3 }).toArray()).toEqual([[1], [3]]);
    expect(nonzero(zeros([0]), { size: 2 })[0].toArray()).toEqual([0, 0]);
  });
  it("need a size under jit and vmap, and work there with one", () => {
    expect(() => jit((t: Tensor) => nonzero(t)[0])(x)).toThrow(
      "nonzero: the number of nonzero elements of x (float32[2,3]) depends on its values, which are not known while tracing (jit, vmap): pass { size } (and fillValue) for a fixed number of indices, as in JAX",
    );
    expect(() => vmap((t: Tensor) => argwhere(t))(x)).toThrow(/argwhere: the number of nonzero elements/);
    expect(jit((t: Tensor) => nonzero(t, { size: 4, fillValue: -1 })[1])(x).toArray()).toEqual([1, 0, 2, -1]);
    expect(vmap((t: Tensor) => nonzero(t, { size: 2, fillValue: -1 })[0])(x).toArray()).toEqual([
      [1, -1],
      [0, 2],
    ]);
    // Under grad the values are known: no size needed.
    const g = grad((t: Tensor) => sum(mul(t, nonzero(t)[0].size)))(tensor([0, 2, 3], "float64"));
    expectExact(g, [2, 2, 2]);
  });
  it("name bad arguments", () => {
    expect(() => nonzero(tensor(1))).toThrow("nonzero: x is a scalar (shape []), which has no axes to index: reshape it to [1] first");
    expect(() => nonzero(x, { size: -1 })).toThrow("nonzero: size must be a non-negative integer, got -1");
    expect(() => nonzero(x, { size: 2, fillValue: [1] })).toThrow("nonzero: fillValue has 1 entries, x has 2 axes");
    expect(() => where(x, 1 as unknown as undefined)).toThrow("where: give both x and y, or neither");
  });
});
