import { describe, expect, it } from "vitest";
import {
  abs,
  average,
  corrcoef,
  cov,
  grad,
  jit,
  logsumexp,
  median,
  mul,
  nanmax,
  nanmean,
  nanmin,
  nansum,
  percentile,
  ptp,
  quantile,
  reshape,
  stack,
  std,
  sum,
  tensor,
  var as npVar,
  variance,
  vmap,
  type Tensor,
} from "../../src/index";
import { checkGrads } from "../../laws";
import { expectClose, values } from "../nn/helpers";

const x = tensor(
  [
    [2.5, -1, 4, 0.5, 3],
    [1, 7, -2, 2, 6],
    [0, 3.5, 3, -4, 1.5],
  ],
  "float64",
);
const w = tensor([1, 2, 0.5, 3, 1], "float64");
const rows = (t: Tensor): Tensor[] => [0, 1, 2].map((i) => tensor(values(t).slice(5 * i, 5 * i + 5), "float64"));

describe("variance, var, std, ptp (reference values: NumPy 2.4)", () => {
  it("var and std with axes, ddof and keepDims", () => {
    expectClose(variance(x), 7.826666666666666, 1e-14);
    expectClose(npVar(x, 1, { ddof: 1 }), [4.074999999999999, 13.700000000000001, 9.075000000000001], 1e-14);
    expectClose(variance(x, [0, 1], { keepDims: true }), [[7.826666666666666]], 1e-14);
    expectClose(std(x, 0), [1.0274023338281628, 3.2744804507314167, 2.6246692913372702, 2.5495097567963922, 1.8708286933869707], 1e-14);
    expectClose(std(x, -1, { ddof: 2 }), [2.3309511649396115, 4.273952113286562, 3.4785054261852175], 1e-14);
  });
  it("ddof at or past the count gives ∞ or NaN, as NumPy", () => {
    expect(values(variance(tensor([1, 2]), 0, { ddof: 2 }))).toEqual([Infinity]);
    expect(values(variance(tensor([1, 1]), 0, { ddof: 3 }))).toEqual([NaN]);
  });
  it("integers become float32", () => {
    expect(variance(tensor([1, 2, 3, 4], "int32")).dtype).toBe("float32");
    expectClose(variance(tensor([1, 2, 3, 4], "int32")), 1.25, 0);
  });
  it("ptp", () => {
    expectClose(ptp(x, 1), [5, 9, 7.5], 0);
    expectClose(ptp(x), 11, 0);
    expect(values(ptp(tensor([3, 9, 4], "int32")))).toEqual([6]);
  });
  it("gradients against finite differences (to second order)", () => {
    checkGrads((u: Tensor) => variance(u, 1, { ddof: 1 }), [x], { order: 2 });
    checkGrads((u: Tensor) => std(u, [0, 1]), [x], { order: 2 });
    checkGrads((u: Tensor) => ptp(u, 0), [x]);
  });
  it("errors", () => {
    expect(() => variance(x, 2)).toThrow("var: axis 2 is out of range for a tensor of rank 2");
    expect(() => variance(x, 0, { ddof: NaN })).toThrow("var: ddof must be a finite number, got NaN");
  });
});

describe("average", () => {
  it("weights of x's shape or of the averaged axis (NumPy 2.4)", () => {
    expectClose(average(x, 1, { weights: w }), [0.9333333333333333, 3.466666666666667, -0.26666666666666666], 1e-14);
    expectClose(average(x, undefined, { weights: abs(x) }), 3.024390243902439, 1e-14);
    const [avg, total] = average(x, 0, { weights: tensor([1, 2, 3], "float64"), returned: true });
    expectClose(avg, [0.75, 3.9166666666666665, 1.5, -1.25, 3.25], 1e-14);
    expectClose(total, [6, 6, 6, 6, 6], 0);
  });
  it("without weights it is the mean; returned gives the count", () => {
    const [avg, count] = average(x, 1, { returned: true, keepDims: true });
    expectClose(avg, [[1.8], [2.8], [0.8]], 1e-14);
    expectClose(count, [[5], [5], [5]], 0);
  });
  it("gradients in values and weights", () => {
    checkGrads((u: Tensor, v: Tensor) => average(u, 1, { weights: v }), [x, w], { order: 2 });
  });
  it("errors name the shapes", () => {
    expect(() => average(x, 1, { weights: tensor([1, 2, 3]) })).toThrow(
      "average: weights of shape [3] must have x's shape [3,5] or the shape [5] of the averaged axes [1]",
    );
    expect(() => average(x, undefined, { weights: w })).toThrow("average: weights of shape [5] must have x's shape [3,5]");
  });
});

describe("median, quantile, percentile (NumPy 2.4)", () => {
  it("median over all, one axis, keepDims", () => {
    expectClose(median(x), 2, 0);
    expectClose(median(x, 1), [2.5, 2, 1.5], 0);
    expectClose(median(x, 0), [1, 3.5, 3, 0.5, 3], 0);
    expectClose(median(x, 1, { keepDims: true }), [[2.5], [2], [1.5]], 0);
  });
  it("quantile with a list of levels puts their axis first", () => {
    expectClose(
      quantile(x, [0.1, 0.25, 0.9], 1),
      [
        [-0.3999999999999999, -0.7999999999999998, -2.4],
        [0.5, 1, 0],
        [3.6, 6.6, 3.3],
      ],
      1e-14,
    );
  });
  it("every method", () => {
    const expected = {
      lower: [
        [0, -1, -2, -4, 1.5],
        [0.5, 1, 0],
      ],
      higher: [
        [1, 3.5, 3, 0.5, 3],
        [2.5, 2, 1.5],
      ],
      nearest: [
        [1, 3.5, 3, 0.5, 3],
        [2.5, 2, 1.5],
      ],
      midpoint: [
        [0.5, 1.25, 0.5, -1.75, 2.25],
        [1.5, 1.5, 0.75],
      ],
    } as const;
    for (const [method, [along0, along1]] of Object.entries(expected) as [keyof typeof expected, readonly [readonly number[], readonly number[]]][]) {
      expectClose(quantile(x, 0.35, 0, { method }), along0, 0);
      expectClose(quantile(x, 0.375, 1, { method }), along1, 0);
    }
    // On 1 … 6, at levels 0, 0.1, 0.3, 0.5, 0.7, 0.9, 1 (NumPy: 'nearest' rounds half to even).
    const six = tensor([1, 2, 3, 4, 5, 6], "float64");
    const levels = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
    expectClose(quantile(six, levels, 0, { method: "nearest" }), [1, 1, 3, 3, 5, 5, 6], 0);
    expectClose(quantile(six, levels, 0, { method: "midpoint" }), [1, 1.5, 2.5, 3.5, 4.5, 5.5, 6], 0);
    expectClose(quantile(six, levels), [1, 1.5, 2.5, 3.5, 4.5, 5.5, 6], 1e-15);
  });
  it("the Hyndman and Fan methods", () => {
    const sample = tensor([2.5, -1, 4, 0.5, 3, 7, -2], "float64");
    const levels = [0, 0.1, 0.25, 0.5, 0.8, 1];
    const expected = {
      inverted_cdf: [-2, -2, -1, 2.5, 4, 7],
      averaged_inverted_cdf: [-2, -2, -1, 2.5, 4, 7],
      closest_observation: [-2, -2, -1, 2.5, 4, 7],
      interpolated_inverted_cdf: [-2, -2, -1.25, 1.5, 3.6000000000000005, 7],
      hazen: [-2, -1.7999999999999998, -0.625, 2.5, 4.300000000000002, 7],
      weibull: [-2, -2, -1, 2.5, 5.200000000000001, 7],
      median_unbiased: [-2, -1.9333333333333333, -0.7500000000000002, 2.5, 4.600000000000003, 7],
      normal_unbiased: [-2, -1.9, -0.71875, 2.5, 4.525000000000002, 7],
    } as const;
    for (const [method, want] of Object.entries(expected) as [keyof typeof expected, readonly number[]][]) {
      expectClose(quantile(sample, levels, 0, { method }), want, 1e-14);
    }
    // Where the discrete methods differ: at the jumps of the empirical distribution (n·q an integer).
    const four = tensor([10, 20, 30, 40], "float64");
    expectClose(quantile(four, [0.25, 0.5, 0.75], 0, { method: "inverted_cdf" }), [10, 20, 30], 0);
    expectClose(quantile(four, [0.25, 0.5, 0.75], 0, { method: "averaged_inverted_cdf" }), [15, 25, 35], 0);
    expectClose(quantile(four, [0.375, 0.625, 0.875], 0, { method: "closest_observation" }), [20, 20, 40], 0);
  });
  it("percentile over several axes with keepDims", () => {
    expectClose(percentile(x, [5, 50, 95], [0, 1], { keepDims: true }), [[[-2.5999999999999996]], [[2]], [[6.299999999999999]]], 1e-14);
  });
  it("NaN in a slice gives NaN; infinities sort", () => {
    expect(values(median(tensor([1, NaN, 2])))).toEqual([NaN]);
    expect(
      values(
        median(
          tensor([
            [1, NaN, 2],
            [3, 1, 2],
          ]),
          1,
        ),
      ),
    ).toEqual([NaN, 2]);
    expect(values(median(tensor([1, Infinity, -Infinity, 2, 3])))).toEqual([2]);
  });
  it("gradients flow to the order statistics used, and to q", () => {
    // median of [3, 1, 2, 5]: (2 + 3) / 2, so ∂/∂x = [0.5, 0, 0.5, 0].
    expectClose(grad((v: Tensor) => median(v))(tensor([3, 1, 2, 5], "float64")), [0.5, 0, 0.5, 0], 0);
    checkGrads((u: Tensor) => quantile(u, [0.2, 0.55], 1), [x]);
    checkGrads((q: Tensor) => quantile(x, q, 1), [tensor([0.2, 0.55, 0.8], "float64")]);
    checkGrads((u: Tensor, q: Tensor) => quantile(u, q, 0, { method: "hazen" }), [x, tensor([0.3, 0.65], "float64")]);
  });
  it("jit and vmap agree with the eager per-example results", () => {
    const f = (u: Tensor) => quantile(u, [0.3, 0.5]);
    expectClose(jit(f)(x), f(x), 0);
    expectClose(
      vmap(f)(x),
      rows(x).map((r) => values(f(r))),
      0,
    );
    expectClose(
      vmap(grad((u: Tensor) => median(u)))(x),
      rows(x).map((r) => values(grad((u: Tensor) => median(u))(r))),
      0,
    );
  });
  it("errors", () => {
    expect(() => quantile(x, 1.5)).toThrow("quantile: q must lie in [0, 1], got 1.5");
    expect(() => percentile(x, [10, -1])).toThrow("percentile: q must lie in [0, 100], got -1");
    expect(() => median(tensor(new Float64Array(0), "float64", [0]))).toThrow("median: cannot take a quantile of an empty slice");
    expect(() => quantile(x, 0.5, 0, { method: "closest" as "linear" })).toThrow(
      "quantile: method must be one of linear, lower, higher, nearest, midpoint, inverted_cdf, averaged_inverted_cdf, closest_observation, interpolated_inverted_cdf, hazen, weibull, median_unbiased, normal_unbiased, got closest",
    );
  });
});

describe("cov and corrcoef (NumPy 2.4)", () => {
  it("rows as variables, columns with bias, a second variable, ddof", () => {
    expectClose(
      cov(x),
      [
        [4.075, -4.675, 0.9500000000000003],
        [-4.675, 13.700000000000001, 2.0749999999999997],
        [0.9500000000000003, 2.0749999999999997, 9.075000000000001],
      ],
      1e-14,
    );
    expectClose(
      cov(x, undefined, { rowvar: false, bias: true }),
      [
        [1.0555555555555556, -2.194444444444444, 0.7222222222222223, 1.6666666666666665, 0.41666666666666663],
        [-2.194444444444444, 10.722222222222221, -7.777777777777779, 1.416666666666667, 3.6666666666666665],
        [0.7222222222222223, -7.777777777777779, 6.888888888888889, -3.833333333333333, -4.333333333333333],
        [1.6666666666666665, 1.416666666666667, -3.833333333333333, 6.5, 4.25],
        [0.41666666666666663, 3.6666666666666665, -4.333333333333333, 4.25, 3.5],
      ],
      1e-14,
    );
    const [r0, r1] = rows(x);
    expectClose(
      cov(r0, r1, { ddof: 0 }),
      [
        [3.2600000000000002, -3.74],
        [-3.74, 10.96],
      ],
      1e-14,
    );
    expectClose(cov(r0), 4.075, 1e-14);
  });
  it("frequency and observation weights", () => {
    const fweights = tensor([1, 2, 1, 3, 1], "int32");
    const aweights = tensor([0.5, 1, 2, 1, 1], "float64");
    expectClose(
      cov(x, undefined, { fweights, aweights }),
      [
        [4.199596774193549, -5.326612903225805, 1.6512096774193545],
        [-5.326612903225805, 13.01612903225806, 2.108870967741936],
        [1.6512096774193545, 2.1088709677419355, 12.614919354838708],
      ],
      1e-13,
    );
    expectClose(
      cov(x, undefined, { aweights, ddof: 0 }),
      [
        [3.6859504132231407, -4.966942148760331, 1.462809917355372],
        [-4.966942148760331, 13.355371900826446, -0.20661157024793383],
        [1.462809917355372, -0.20661157024793383, 7.198347107438016],
      ],
      1e-13,
    );
    expectClose(
      cov(x, undefined, { fweights }),
      [
        [3.4107142857142856, -3.8035714285714284, 0.5803571428571428],
        [-3.8035714285714284, 10.410714285714285, 4.223214285714286],
        [0.5803571428571428, 4.223214285714286, 11.959821428571427],
      ],
      1e-13,
    );
  });
  it("corrcoef", () => {
    expectClose(
      corrcoef(x),
      [
        [1, -0.6256875668106847, 0.1562199454777556],
        [-0.6256875668106847, 1, 0.1860949125652735],
        [0.15621994547775564, 0.18609491256527347, 1],
      ],
      1e-14,
    );
    const [r0, , r2] = rows(x);
    expectClose(
      corrcoef(r0, r2),
      [
        [1, 0.1562199454777556],
        [0.15621994547775564, 1],
      ],
      1e-14,
    );
    expectClose(corrcoef(r0), 1, 0);
  });
  it("gradients against finite differences", () => {
    checkGrads((u: Tensor) => cov(u) as Tensor, [x], { order: 2 });
    checkGrads((u: Tensor, a: Tensor) => cov(u, undefined, { aweights: a }) as Tensor, [x, w]);
    checkGrads((u: Tensor) => corrcoef(u) as Tensor, [x]);
  });
  it("errors", () => {
    expect(() => cov(tensor([[[1]]]))).toThrow("cov: m must have at most 2 dimensions, got shape [1,1,1]");
    expect(() => cov(x, tensor([1, 2]))).toThrow("cov: m has 5 observations and y has 2");
    expect(() => cov(x, undefined, { fweights: tensor([1, 2], "int32") })).toThrow(
      "cov: fweights must be 1-D with one entry per observation (5), got shape [2]",
    );
    expect(() => cov(x, undefined, { fweights: w })).toThrow("cov: fweights must be integers (int32 or uint32), got float64");
  });
});

describe("nansum, nanmean, nanmax, nanmin (NumPy 2.4)", () => {
  const y = tensor(
    [
      [1, NaN, 3],
      [NaN, NaN, NaN],
      [-2, 5, NaN],
    ],
    "float64",
  );
  it("values, all-NaN slices included", () => {
    expect(values(nansum(y, 1))).toEqual([4, 0, 3]);
    expect(values(nanmean(y, 1))).toEqual([2, NaN, 1.5]);
    expect(values(nanmax(y, 1))).toEqual([3, NaN, 5]);
    expect(values(nanmin(y, 0))).toEqual([-2, 5, 3]);
    expect(values(nansum(y))).toEqual([7]);
    expect(values(nanmean(y))).toEqual([1.75]);
    expect(values(nanmax(tensor([4, 1], "int32")))).toEqual([4]);
  });
  it("no gradient reaches NaN entries", () => {
    expect(values(grad((v: Tensor) => nansum(v))(y))).toEqual([1, 0, 1, 0, 0, 0, 1, 1, 0]);
    expectClose(
      grad((v: Tensor) => nanmean(v))(y),
      [
        [0.25, 0, 0.25],
        [0, 0, 0],
        [0.25, 0.25, 0],
      ],
      0,
    );
    expectClose(
      grad((v: Tensor) => sum(nanmax(v, 1)))(
        tensor(
          [
            [1, NaN, 3],
            [2, 1, NaN],
          ],
          "float64",
        ),
      ),
      [
        [0, 0, 1],
        [1, 0, 0],
      ],
      0,
    );
  });
  it("jit agrees", () => {
    expect(values(jit((v: Tensor) => nanmean(v, 0))(y))).toEqual(values(nanmean(y, 0)));
  });
});

describe("logsumexp with weights and signs (SciPy 1.17's logsumexp)", () => {
  it("b weights along an axis, broadcasting", () => {
    expectClose(logsumexp(x, 1, { b: w }), [4.178211158657601, 7.871558493658984, 4.404403254812999], 1e-14);
    expectClose(
      logsumexp(x, 0, { b: tensor([[1], [0], [2]], "float64") }),
      [2.652008384391135, 4.198686309489935, 4.551444713932051, 0.5219747695024302, 3.3689811354013153],
      1e-14,
    );
  });
  it("returnSign, and NaN for a negative sum without it", () => {
    const v = tensor([1, 2, 3], "float64");
    const [value, sign] = logsumexp(v, undefined, { b: tensor([1, -1, 0.5], "float64"), returnSign: true });
    expectClose(value, 1.6811991973354306, 1e-14);
    expectClose(sign, 1, 0);
    const [negative, minus] = logsumexp(v, 0, { b: tensor([1, -2, 0.5], "float64"), returnSign: true });
    expectClose(negative, 0.7016419515146493, 1e-14);
    expectClose(minus, -1, 0);
    expect(values(logsumexp(v, 0, { b: tensor([1, -2, 0.5], "float64") }))).toEqual([NaN]);
  });
  it("unchanged without b: stable, keepDims, all −∞ slices", () => {
    expectClose(logsumexp(tensor([1000, 1000], "float64")), 1000 + Math.log(2), 1e-15);
    expect(values(logsumexp(tensor([[-Infinity, -Infinity]]), 1, { keepDims: true }))).toEqual([-Infinity]);
    expect(logsumexp(x, 1, { keepDims: true }).shape).toEqual([3, 1]);
  });
  it("gradients in x and b; zero weights leave x out", () => {
    checkGrads((u: Tensor, b: Tensor) => logsumexp(u, 1, { b }), [x, w], { order: 2 });
    expectClose(grad((u: Tensor) => logsumexp(u, 0, { b: tensor([1, 0], "float64") }))(tensor([0.5, 99], "float64")), [1, 0], 0);
  });
  it("b must broadcast to x's shape", () => {
    expect(() =>
      logsumexp(tensor([1, 2]), 0, {
        b: tensor([
          [1, 2],
          [3, 4],
        ]),
      }),
    ).toThrow("logsumexp: b of shape [2,2] must broadcast to the shape [2] of x");
  });
});

describe("statistics under jit and vmap", () => {
  const fs: ((u: Tensor) => Tensor)[] = [
    (u) => variance(u, 0, { ddof: 1 }),
    (u) => std(u),
    (u) => ptp(u),
    (u) => average(u, 0, { weights: tensor([1, 2, 0.5, 3, 1], "float64") }),
    (u) => logsumexp(u, 0, { b: tensor([1, 0.5, 2, 0, 1], "float64") }),
    (u) => nanmax(u),
    (u) => percentile(u, [25, 75]),
  ];
  it("jit(f) ≡ f and vmap(f) ≡ the per-example loop, values and gradients", () => {
    for (const f of fs) {
      for (const r of rows(x)) expectClose(jit(f)(r), f(r), 1e-14);
      expectClose(vmap(f)(x), stack(rows(x).map(f)), 1e-14);
      const g = grad((u: Tensor) => sum(mul(f(u), f(u))));
      expectClose(jit(vmap(g))(x), stack(rows(x).map(g)), 1e-12);
    }
  });
  it("cov under vmap: one covariance matrix per example", () => {
    const batch = reshape(tensor([values(x), values(mul(x, 2))], "float64"), [2, 3, 5]);
    expectClose(
      vmap((u: Tensor) => cov(u) as Tensor)(batch),
      [values(cov(x) as Tensor), values(cov(mul(x, 2)) as Tensor)].map((v) => [v.slice(0, 3), v.slice(3, 6), v.slice(6, 9)]),
      1e-13,
    );
  });
});
