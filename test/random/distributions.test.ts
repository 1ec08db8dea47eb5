/**
 * The samplers of issue 11 (gamma, beta, dirichlet, t, poisson, exponential, laplace,
 * logistic, cauchy, gumbel, choice, categorical without replacement, permutation along an
 * axis, multivariateNormal, orthogonal): determinism per key, support, moments, the CDF,
 * jit ≡ eager, vmap over keys ≡ the per-key loop, gradients where they exist, errors.
 *
 * The statistics are deterministic (fixed keys) but chosen so that a correct sampler
 * passes with overwhelming probability: means and variances within 5 standard errors
 * (the variance's standard error estimated from the sample's fourth central moment,
 * √((m₄ − s⁴)/n)), and Kolmogorov–Smirnov distances √n·D below 1.95, the 0.1% critical
 * value of the Kolmogorov distribution (scipy.stats.kstwobign.ppf(0.999) = 1.9495).
 */
import { describe, expect, it } from "vitest";
import { det, grad, jit, jvp, matmul, mul, nn, reshape, stack, sum, tensor, transpose, vmap, type Tensor } from "../../src/index";
import {
  beta,
  categorical,
  cauchy,
  choice,
  dirichlet,
  exponential,
  gamma,
  gumbel,
  key,
  laplace,
  logistic,
  multivariateNormal,
  normal,
  orthogonal,
  permutation,
  poisson,
  split,
  t,
  type PRNGKey,
} from "../../src/random";
import { checkGrads } from "../../laws";

const values = (x: Tensor): number[] => Array.from(x.data(), Number);

interface Moments {
  readonly mean: number;
  readonly variance: number;
  /** Standard errors of the mean and of the variance, from the sample itself. */
  readonly seMean: number;
  readonly seVariance: number;
}

function moments(xs: readonly number[]): Moments {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  const variance = m2 / (n - 1);
  m4 /= n;
  return { mean, variance, seMean: Math.sqrt(variance / n), seVariance: Math.sqrt(Math.max(m4 - variance * variance, 0) / n) };
}

/** Mean and variance within 5 standard errors of the distribution's. */
function expectMoments(xs: readonly number[], mean: number, variance: number): void {
  const m = moments(xs);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * m.seMean);
  expect(Math.abs(m.variance - variance)).toBeLessThan(5 * m.seVariance);
}

/** √n times the Kolmogorov–Smirnov distance between the sample and `cdf` (continuous). */
function ksStatistic(xs: readonly number[], cdf: (x: number) => number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  });
  return Math.sqrt(n) * d;
}

const KS_CRITICAL = 1.95;

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative). */
function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const w = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(w) - w + Math.log(s);
}

/** The regularized lower incomplete gamma P(a, x): its series below a + 1, Lentz's continued fraction above. */
function gammaCdf(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(a * Math.log(x) - x - lgamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let total = term;
    for (let n = 1; n < 10_000 && term > total * 1e-16; n++) {
      term *= x / (a + n);
      total += term;
    }
    return front * total;
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = 1 / (an * d + b);
    c = b + an / c;
    const delta = c * d;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

const keys = split(key(2024), 3);
const batch = stack(keys);

describe("determinism and dtypes", () => {
  const samplers: [string, (k: Tensor, dtype: "float32" | "float64") => Tensor][] = [
    ["gamma", (k, dtype) => gamma(k, 1.5, [6], { dtype })],
    ["beta", (k, dtype) => beta(k, 2, 3, [6], { dtype })],
    ["dirichlet", (k, dtype) => dirichlet(k, tensor([1, 2, 3]), [2], { dtype })],
    ["t", (k, dtype) => t(k, 4, [6], { dtype })],
    ["exponential", (k, dtype) => exponential(k, [6], { dtype })],
    ["laplace", (k, dtype) => laplace(k, [6], { dtype })],
    ["logistic", (k, dtype) => logistic(k, [6], { dtype })],
    ["cauchy", (k, dtype) => cauchy(k, [6], { dtype })],
    [
      "multivariateNormal",
      (k, dtype) =>
        multivariateNormal(
          k,
          tensor([0, 1]),
          tensor([
            [2, 1],
            [1, 2],
          ]),
          [3],
          { dtype },
        ),
    ],
    ["orthogonal", (k, dtype) => orthogonal(k, 3, [], { dtype })],
  ];
  for (const [name, f] of samplers) {
    it(`${name}: same key, same numbers; another key, other numbers; float32 and float64`, () => {
      for (const dtype of ["float32", "float64"] as const) {
        const a = f(key(7), dtype);
        expect(a.dtype).toBe(dtype);
        expect(values(f(key(7), dtype))).toEqual(values(a));
        expect(values(f(key(8), dtype))).not.toEqual(values(a));
      }
    });
  }

  it("poisson: same key, same int32 counts", () => {
    const a = poisson(key(7), 4, [10]);
    expect(a.dtype).toBe("int32");
    expect(values(poisson(key(7), 4, [10]))).toEqual(values(a));
    expect(values(poisson(key(8), 4, [10]))).not.toEqual(values(a));
  });
});

describe("gamma", () => {
  it("has mean a and variance a, for a below and above 1 (20 000 samples each)", () => {
    for (const a of [0.3, 1, 2.5, 40]) {
      const xs = values(gamma(key(1), a, [20_000], { dtype: "float64" }));
      expect(Math.min(...xs)).toBeGreaterThan(0);
      expectMoments(xs, a, a);
    }
  });

  it("follows the Gamma CDF (Kolmogorov–Smirnov), a = 0.3 and a = 2", () => {
    for (const a of [0.3, 2]) {
      expect(ksStatistic(values(gamma(key(2), a, [20_000], { dtype: "float64" })), (x) => gammaCdf(a, x))).toBeLessThan(KS_CRITICAL);
    }
  });

  it("takes a tensor of shapes (one sample each, broadcast to shape), NaN for a <= 0", () => {
    const a = tensor([0.5, 1, 5, 0, -1], "float64");
    const x = values(gamma(key(3), a, [5], { dtype: "float64" }));
    expect(x.slice(0, 3).every((v) => v > 0)).toBe(true);
    expect(Number.isNaN(x[3]) && Number.isNaN(x[4])).toBe(true);
    const rows = gamma(key(3), tensor([1, 100], "float64"), [4000, 2], { dtype: "float64" });
    const data = values(rows);
    expectMoments(
      data.filter((_, i) => i % 2 === 0),
      1,
      1,
    );
    expectMoments(
      data.filter((_, i) => i % 2 === 1),
      100,
      100,
    );
  });

  it("the gamma CDF reference is right (scipy.stats.gamma.cdf)", () => {
    // scipy.stats.gamma.cdf([0.5, 1, 2, 5], 2) and gamma.cdf([0.01, 0.1, 1], 0.3)
    [0.09020401, 0.26424112, 0.59399415, 0.95957232].forEach((p, i) => expect(gammaCdf(2, [0.5, 1, 2, 5][i])).toBeCloseTo(p, 7));
    [0.279241, 0.54591285, 0.91567416].forEach((p, i) => expect(gammaCdf(0.3, [0.01, 0.1, 1][i])).toBeCloseTo(p, 6));
  });

  it("is differentiable in a by implicit reparameterization: dx/da = −∂ₐP(a, x)/p(x; a)", () => {
    // The reference: ∂ₐP by central differences of the CDF above (step 1e-5·a).
    for (const a of [0.05, 0.5, 2, 7.5, 100]) {
      const shapes = tensor(new Array(6).fill(a), "float64");
      const f = (s: Tensor) => gamma(key(3), s, [6], { dtype: "float64" });
      const xs = values(f(shapes));
      const g = values(grad((s: Tensor) => sum(f(s)))(shapes));
      const h = 1e-5 * a;
      xs.forEach((x, i) => {
        const dP = (gammaCdf(a + h, x) - gammaCdf(a - h, x)) / (2 * h);
        const density = Math.exp((a - 1) * Math.log(x) - x - lgamma(a));
        expect(g[i]).toBeCloseTo(-dP / density, 6);
      });
      expect(values(jit(grad((s: Tensor) => sum(f(s))))(shapes))).toEqual(g);
    }
  });

  it("its gradient is unbiased: the mean of dx/da is dE[x]/da = 1, of d(x²)/da is 2a + 1", () => {
    const a = 1.7;
    const shapes = tensor(new Array(20_000).fill(a), "float64");
    const dx = values(grad((s: Tensor) => sum(gamma(key(5), s, [20_000], { dtype: "float64" })))(shapes));
    const m = moments(dx);
    expect(Math.abs(m.mean - 1)).toBeLessThan(5 * m.seMean);
    const dx2 = values(
      grad((s: Tensor) => sum(mul(gamma(key(6), s, [20_000], { dtype: "float64" }), gamma(key(6), s, [20_000], { dtype: "float64" }))))(shapes),
    );
    const m2 = moments(dx2);
    expect(Math.abs(m2.mean - (2 * a + 1))).toBeLessThan(5 * m2.seMean);
  });

  it("gradients agree with jvp, under vmap over keys, and reach a broadcast scalar shape", () => {
    const f = (k: Tensor, s: Tensor) => gamma(k, s, [3], { dtype: "float64" });
    const s = tensor(2.5, "float64");
    const perKey = keys.map((k) => grad((v: Tensor) => sum(f(k, v)))(s).item());
    expect(values(vmap((k: Tensor) => grad((v: Tensor) => sum(f(k, v)))(s))(batch))).toEqual(perKey);
    const [, tangent] = jvp((v: Tensor) => sum(f(keys[0], v)), [s], [tensor(1, "float64")]);
    expect(tangent.item()).toBeCloseTo(perKey[0], 12);
  });

  it("first order only: the derivative's own loops are not reverse-differentiable", () => {
    expect(() => grad((s: Tensor) => grad((v: Tensor) => sum(gamma(key(0), v, [2], { dtype: "float64" })))(s))(tensor(2, "float64"))).toThrow(/whileLoop/);
  });

  it("explains bad parameters", () => {
    expect(() => gamma(key(0), 0, [3])).toThrow(/random.gamma: a must be positive, got 0/);
    expect(() => gamma(key(0), tensor([1, 2]), [3])).toThrow(/random.gamma \(a vs shape\): shapes \[2\] and \[3\] do not broadcast/);
    expect(() => gamma(key(0), tensor([1, 2]), [2, 1])).toThrow(/random.gamma: a of shape \[2\] does not broadcast to the sample shape \[2,1\]/);
    expect(() => gamma(key(0), 1, [2], { dtype: "int32" as "float32" })).toThrow(/random.gamma: dtype must be "float32" or "float64"/);
  });
});

describe("beta, dirichlet, t", () => {
  it("beta(2, 5) and beta(0.2, 0.3): moments of the Beta law, samples in [0, 1]", () => {
    for (const [a, b] of [
      [2, 5],
      [0.2, 0.3],
    ]) {
      const xs = values(beta(key(5), a, b, [20_000], { dtype: "float64" }));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xs)).toBeLessThanOrEqual(1);
      expectMoments(xs, a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1)));
    }
  });

  it("beta(1, 1) is uniform (Kolmogorov–Smirnov)", () => {
    expect(ksStatistic(values(beta(key(6), 1, 1, [20_000], { dtype: "float64" })), (x) => x)).toBeLessThan(KS_CRITICAL);
  });

  it("dirichlet: points of the simplex with Beta(α_i, α₀ − α_i) marginals", () => {
    const alpha = [0.5, 2, 3.5];
    const x = dirichlet(key(7), tensor(alpha, "float64"), [10_000], { dtype: "float64" });
    expect(x.shape).toEqual([10_000, 3]);
    const d = values(x);
    for (let r = 0; r < 10_000; r += 997) expect(d[3 * r] + d[3 * r + 1] + d[3 * r + 2]).toBeCloseTo(1, 12);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
    alpha.forEach((ai, i) => {
      const xs = d.filter((_, j) => j % 3 === i);
      expectMoments(xs, ai / 6, (ai * (6 - ai)) / (36 * 7));
    });
  });

  it("dirichlet: batches of concentrations broadcast against shape", () => {
    const x = dirichlet(
      key(8),
      tensor([
        [1, 1],
        [50, 1],
      ]),
      [3, 2],
    );
    expect(x.shape).toEqual([3, 2, 2]);
    expect(() =>
      dirichlet(
        key(8),
        tensor([
          [1, 1],
          [2, 2],
        ]),
        [3],
      ),
    ).toThrow(/random.dirichlet \(alpha vs shape\): shapes \[2\] and \[3\] do not broadcast/);
    expect(() =>
      dirichlet(
        key(8),
        tensor([
          [1, 1],
          [2, 2],
        ]),
        [2, 1],
      ),
    ).toThrow(/random.dirichlet: alpha of shape \[2,2\] does not broadcast to the batch shape \[2,1\]/);
    expect(() => dirichlet(key(8), tensor(1) as Tensor)).toThrow(
      /random.dirichlet: alpha must be a tensor with the concentrations on its last axis, got a scalar/,
    );
  });

  it("beta, dirichlet and t are differentiable in their parameters (unbiased: mean gradients match the moments' derivatives)", () => {
    const n = 20_000;
    // d/da E[Beta(a, b)] = b/(a + b)².
    const [a, b] = [1.5, 2.5];
    const dBeta = values(grad((v: Tensor) => sum(beta(key(40), v, b, [n], { dtype: "float64" })))(tensor(new Array(n).fill(a), "float64")));
    const mb = moments(dBeta);
    expect(Math.abs(mb.mean - b / (a + b) ** 2)).toBeLessThan(5 * mb.seMean);
    // d/dα₀ E[X₀] = (α_total − α₀)/α_total² for Dirichlet(α₀, α₁, α₂) = (1, 2, 3).
    const alphas = tensor(new Array(n).fill([1, 2, 3]).flat(), "float64");
    const firstOf = (x: Tensor) => mul(x, reshape(tensor(new Array(n).fill([1, 0, 0]).flat(), "float64"), [n, 3]));
    const dDir = values(grad((v: Tensor) => sum(firstOf(dirichlet(key(41), reshape(v, [n, 3]), [n], { dtype: "float64" }))))(alphas)).filter(
      (_, i) => i % 3 === 0,
    );
    const md = moments(dDir);
    expect(Math.abs(md.mean - 5 / 36)).toBeLessThan(5 * md.seMean);
    // d/dν E[T²] = d/dν ν/(ν − 2) = −2/(ν − 2)², ν = 10.
    const dT = values(
      grad((v: Tensor) => sum(mul(t(key(42), v, [n], { dtype: "float64" }), t(key(42), v, [n], { dtype: "float64" }))))(
        tensor(new Array(n).fill(10), "float64"),
      ),
    );
    const mt = moments(dT);
    expect(Math.abs(mt.mean - -2 / 64)).toBeLessThan(5 * mt.seMean);
  });

  it("t(10): mean 0, variance 10/8", () => {
    expectMoments(values(t(key(9), 10, [20_000], { dtype: "float64" })), 0, 10 / 8);
  });

  it("t(1) is Cauchy (Kolmogorov–Smirnov)", () => {
    expect(ksStatistic(values(t(key(10), 1, [20_000], { dtype: "float64" })), (x) => 0.5 + Math.atan(x) / Math.PI)).toBeLessThan(KS_CRITICAL);
  });
});

describe("exponential, laplace, logistic, cauchy, gumbel", () => {
  const n = 50_000;
  it("exponential: mean 1, variance 1, non-negative, the CDF 1 − e^(−x)", () => {
    const xs = values(exponential(key(11), [n], { dtype: "float64" }));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expectMoments(xs, 1, 1);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-x))).toBeLessThan(KS_CRITICAL);
  });

  it("laplace: mean 0, variance 2, the CDF", () => {
    const xs = values(laplace(key(12), [n], { dtype: "float64" }));
    expectMoments(xs, 0, 2);
    expect(ksStatistic(xs, (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)))).toBeLessThan(KS_CRITICAL);
  });

  it("logistic: mean 0, variance π²/3, the CDF", () => {
    const xs = values(logistic(key(13), [n], { dtype: "float64" }));
    expectMoments(xs, 0, Math.PI ** 2 / 3);
    expect(ksStatistic(xs, (x) => 1 / (1 + Math.exp(-x)))).toBeLessThan(KS_CRITICAL);
  });

  it("cauchy: the CDF, finite samples (float32 too)", () => {
    const xs = values(cauchy(key(14), [n], { dtype: "float64" }));
    expect(ksStatistic(xs, (x) => 0.5 + Math.atan(x) / Math.PI)).toBeLessThan(KS_CRITICAL);
    expect(values(cauchy(key(14), [n])).every(Number.isFinite)).toBe(true);
  });

  it("gumbel: mean γ, variance π²/6, the CDF exp(−e^(−x))", () => {
    const xs = values(gumbel(key(15), [n], "float64"));
    expectMoments(xs, 0.5772156649015329, Math.PI ** 2 / 6);
    expect(ksStatistic(xs, (x) => Math.exp(-Math.exp(-x)))).toBeLessThan(KS_CRITICAL);
  });
});

describe("poisson", () => {
  /** P(X <= k) for Poisson(λ), its terms e^(−λ) λ^i / i! summed in log space (λ = 1000 underflows e^(−λ)). */
  const poissonCdf = (lam: number, k: number): number => {
    let total = 0;
    for (let i = 0; i <= k; i++) total += Math.exp(-lam + i * Math.log(lam) - lgamma(i + 1));
    return total;
  };

  it("the CDF reference is right (scipy.stats.poisson.cdf)", () => {
    [0.04978707, 0.42319008, 0.64723189, 0.91608206].forEach((p, i) => expect(poissonCdf(3, [0, 2, 3, 5][i])).toBeCloseTo(p, 7));
    [0.08607, 0.53751669, 0.92783982].forEach((p, i) => expect(poissonCdf(50, [40, 50, 60][i])).toBeCloseTo(p, 5));
  });

  for (const lam of [0.5, 3, 9.5, 10, 50, 1000]) {
    it(`λ = ${lam} (${lam < 10 ? "Knuth" : "transformed rejection"}): mean and variance λ, the CDF at every count`, () => {
      const xs = values(poisson(key(16), lam, [20_000]));
      expect(xs.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expectMoments(xs, lam, lam);
      // The largest gap between the empirical and the true CDF over the counts seen
      // (a conservative Kolmogorov–Smirnov test for a discrete law).
      const counts = new Map<number, number>();
      for (const v of xs) counts.set(v, (counts.get(v) ?? 0) + 1);
      let seen = 0;
      let d = 0;
      for (const k of [...counts.keys()].sort((a, b) => a - b)) {
        seen += counts.get(k) as number;
        d = Math.max(d, Math.abs(seen / xs.length - poissonCdf(lam, k)));
      }
      expect(Math.sqrt(xs.length) * d).toBeLessThan(KS_CRITICAL);
    });
  }

  it("λ = 0 gives 0; a tensor of rates mixes both methods; invalid rates give −1", () => {
    expect(values(poisson(key(17), 0, [5]))).toEqual([0, 0, 0, 0, 0]);
    const rates = tensor([0, 2, 30, -1, NaN], "float64");
    const x = values(poisson(key(17), rates));
    expect(x[0]).toBe(0);
    expect(x[3]).toBe(-1);
    expect(x[4]).toBe(-1);
    const mixed = poisson(key(18), tensor([2, 30], "float64"), [10_000, 2]);
    const d = values(mixed);
    expectMoments(
      d.filter((_, i) => i % 2 === 0),
      2,
      2,
    );
    expectMoments(
      d.filter((_, i) => i % 2 === 1),
      30,
      30,
    );
  });

  it("explains bad rates", () => {
    expect(() => poisson(key(0), -1)).toThrow(/random.poisson: lam must be a rate in \[0, 2\^31\), got -1/);
  });
});

describe("choice", () => {
  it("with replacement: uniform indices, or slices of a tensor along an axis", () => {
    const xs = values(choice(key(19), 5, [20_000]));
    expect(xs.every((v) => Number.isInteger(v) && v >= 0 && v < 5)).toBe(true);
    expectMoments(xs, 2, 2);
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const cols = choice(key(19), a, [4], { axis: 1 });
    expect(cols.shape).toEqual([2, 4]);
    const d = cols.toArray() as number[][];
    d[0].forEach((v, j) => expect(d[1][j]).toBe(v + 3));
  });

  it("with weights p: frequencies follow p (each within 5 standard errors)", () => {
    const p = [0.1, 0.6, 0, 0.3];
    const n = 20_000;
    const xs = values(choice(key(20), 4, [n], { p: tensor(p) }));
    p.forEach((pi, i) => {
      const f = xs.filter((v) => v === i).length / n;
      expect(Math.abs(f - pi)).toBeLessThanOrEqual(5 * Math.sqrt((pi * (1 - pi)) / n));
    });
  });

  it("without replacement: distinct entries, every entry equally likely first", () => {
    for (let s = 0; s < 20; s++) {
      const draw = values(choice(key(s), 10, [6], { replace: false }));
      expect(new Set(draw).size).toBe(6);
    }
    expect([...values(choice(key(21), 7, [7], { replace: false }))].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const firsts = values(vmap((k: Tensor) => choice(k, 4, [2], { replace: false }))(stack(split(key(22), 4000)))).filter((_, i) => i % 2 === 0);
    for (let i = 0; i < 4; i++) {
      const f = firsts.filter((v) => v === i).length / 4000;
      expect(Math.abs(f - 0.25)).toBeLessThanOrEqual(5 * Math.sqrt((0.25 * 0.75) / 4000));
    }
  });

  it("without replacement with weights: first draws follow p, zero weights come last", () => {
    const p = tensor([0.5, 0.3, 0.2, 0]);
    const draws = vmap((k: Tensor) => choice(k, 4, [3], { replace: false, p }))(stack(split(key(23), 4000)));
    const d = values(draws);
    const firsts = d.filter((_, i) => i % 3 === 0);
    [0.5, 0.3, 0.2].forEach((pi, i) => {
      const f = firsts.filter((v) => v === i).length / 4000;
      expect(Math.abs(f - pi)).toBeLessThanOrEqual(5 * Math.sqrt((pi * (1 - pi)) / 4000));
    });
    expect(d.includes(3)).toBe(false);
  });

  it("agrees under jit", () => {
    const f = (k: Tensor) => choice(k, 6, [3], { replace: false, p: tensor([1, 2, 3, 4, 5, 6]) });
    expect(values(jit(f)(key(24)))).toEqual(values(f(key(24))));
  });

  it("explains what is wrong", () => {
    expect(() => choice(key(0), 3, [4], { replace: false })).toThrow(
      /random.choice: cannot draw 4 distinct samples \(shape \[4\]\) from 3 entries without replacement/,
    );
    expect(() => choice(key(0), 3, [2], { p: tensor([0.5, 0.5]) })).toThrow(
      /random.choice: p must be a tensor of shape \[3\] \(one probability per entry\), got shape \[2\]/,
    );
    expect(() => choice(key(0), 2.5)).toThrow(/random.choice: a must be a non-negative integer or a tensor, got 2.5/);
    expect(() => choice(key(0), 0, [1])).toThrow(/random.choice: cannot draw 1 samples from an empty population/);
  });
});

describe("categorical without replacement", () => {
  it("draws distinct classes per batch row, in the order of the Gumbel top-k", () => {
    const logits = tensor([
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
    ]);
    const x = categorical(key(25), logits, -1, [5, 2], { replace: false });
    expect(x.shape).toEqual([5, 2]);
    const d = x.toArray() as number[][];
    for (const col of [0, 1]) expect(d.map((r) => r[col]).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("the first sample follows softmax(logits), the classes along another axis", () => {
    const p = [0.1, 0.2, 0.7];
    const logits = reshape(tensor(p.map(Math.log)), [3, 1]);
    const firsts = values(vmap((k: Tensor) => categorical(k, logits, 0, [2, 1], { replace: false }))(stack(split(key(26), 4000)))).filter(
      (_, i) => i % 2 === 0,
    );
    p.forEach((pi, i) => {
      const f = firsts.filter((v) => v === i).length / 4000;
      expect(Math.abs(f - pi)).toBeLessThanOrEqual(5 * Math.sqrt((pi * (1 - pi)) / 4000));
    });
  });

  it("agrees under jit, and refuses more samples than classes", () => {
    const f = (k: Tensor) => categorical(k, tensor([1, 2, 3]), -1, [3], { replace: false });
    expect(values(jit(f)(key(27)))).toEqual(values(f(key(27))));
    expect(() => categorical(key(0), tensor([1, 2, 3]), -1, [4], { replace: false })).toThrow(
      /random.categorical: without replacement, the 4 samples of shape \[4\] exceed the 3 classes on axis 0/,
    );
  });
});

describe("permutation along an axis", () => {
  it("shuffles the columns (axis 1) with one permutation for every row", () => {
    const x = tensor([
      [0, 1, 2, 3],
      [10, 11, 12, 13],
    ]);
    const y = permutation(key(28), x, 1).toArray() as number[][];
    expect([...y[0]].sort()).toEqual([0, 1, 2, 3]);
    y[0].forEach((v, j) => expect(y[1][j]).toBe(v + 10));
    expect(permutation(key(28), x, -1).toArray()).toEqual(y);
    expect(() => permutation(key(0), x, 2)).toThrow(/random.permutation: axis 2 is out of range/);
  });
});

describe("multivariateNormal", () => {
  const mean = [1, -2];
  const cov = [
    [2, 0.6],
    [0.6, 1],
  ];

  it("has the given mean and covariance (within 5 standard errors)", () => {
    const n = 20_000;
    const d = values(multivariateNormal(key(29), tensor(mean, "float64"), tensor(cov, "float64"), [n], { dtype: "float64" }));
    const xs = d.filter((_, i) => i % 2 === 0);
    const ys = d.filter((_, i) => i % 2 === 1);
    expectMoments(xs, 1, 2);
    expectMoments(ys, -2, 1);
    // The covariance: the products of centred pairs, their mean within 5 standard errors of 0.6.
    const products = xs.map((x, i) => (x - 1) * (ys[i] + 2));
    const m = moments(products);
    expect(Math.abs(m.mean - 0.6)).toBeLessThan(5 * m.seMean);
  });

  it("broadcasts batches of means and covariances; shape is the batch shape", () => {
    const means = tensor([
      [0, 0],
      [10, 10],
      [20, 20],
    ]);
    const x = multivariateNormal(key(30), means, tensor(cov), [4, 3]);
    expect(x.shape).toEqual([4, 3, 2]);
    const d = values(x);
    expect(d[2 * 2]).toBeGreaterThan(10);
    expect(multivariateNormal(key(30), means, tensor(cov)).shape).toEqual([3, 2]);
  });

  it("is differentiable in mean and cov (the reparameterization trick)", () => {
    const k = key(31);
    const g = grad((m: Tensor) => sum(multivariateNormal(k, m, tensor(cov, "float64"), [5], { dtype: "float64" })))(tensor(mean, "float64"));
    expect(values(g)).toEqual([5, 5]);
    checkGrads((c: Tensor) => multivariateNormal(k, tensor(mean, "float64"), c, [3], { dtype: "float64" }), [tensor(cov, "float64")]);
  });

  it("factors the covariance by eigh or svd too, which also take a singular covariance", () => {
    const n = 20_000;
    for (const method of ["eigh", "svd"] as const) {
      const d = values(multivariateNormal(key(32), tensor(mean, "float64"), tensor(cov, "float64"), [n], { dtype: "float64", method }));
      const xs = d.filter((_, i) => i % 2 === 0);
      const ys = d.filter((_, i) => i % 2 === 1);
      expectMoments(xs, 1, 2);
      expectMoments(ys, -2, 1);
      const m = moments(xs.map((x, i) => (x - 1) * (ys[i] + 2)));
      expect(Math.abs(m.mean - 0.6)).toBeLessThan(5 * m.seMean);
    }
    // rank 1: every sample lies on the line y = x (cholesky would fail on this cov)
    const singular = tensor(
      [
        [1, 1],
        [1, 1],
      ],
      "float64",
    );
    for (const method of ["eigh", "svd"] as const) {
      const d = values(multivariateNormal(key(33), tensor([0, 0], "float64"), singular, [100], { dtype: "float64", method }));
      for (let i = 0; i < 100; i++) expect(Math.abs(d[2 * i] - d[2 * i + 1])).toBeLessThan(1e-7);
    }
  });

  it("explains what is wrong", () => {
    expect(() => multivariateNormal(key(0), tensor([0, 0]), tensor(cov), [], { method: "qr" as "eigh" })).toThrow(
      'random.multivariateNormal: method must be "cholesky", "eigh" or "svd", got "qr"',
    );
    expect(() => multivariateNormal(key(0), tensor([0, 0, 0]), tensor(cov))).toThrow(
      /random.multivariateNormal: cov must be \[..., 3, 3\] for mean of shape \[3\], got \[2,2\]/,
    );
    expect(() =>
      multivariateNormal(
        key(0),
        tensor([
          [0, 0],
          [1, 1],
        ]),
        tensor(cov),
        [3],
      ),
    ).toThrow(/random.multivariateNormal \(batch vs shape\): shapes \[2\] and \[3\] do not broadcast/);
    expect(() =>
      multivariateNormal(
        key(0),
        tensor([
          [0, 0],
          [1, 1],
        ]),
        tensor(cov),
        [2, 1],
      ),
    ).toThrow(/random.multivariateNormal: the batch axes \[2\] of mean and cov do not broadcast to the sample shape \[2,1\]/);
  });
});

describe("orthogonal", () => {
  it("QᵀQ = I to rounding, for one matrix and a batch", () => {
    const q = orthogonal(key(32), 6, [], { dtype: "float64" });
    const i6 = values(matmul(transpose(q), q));
    i6.forEach((v, j) => expect(Math.abs(v - (j % 7 === 0 ? 1 : 0))).toBeLessThan(1e-13));
    const qs = orthogonal(key(33), 3, [5], { dtype: "float64" });
    expect(qs.shape).toEqual([5, 3, 3]);
    const gram = values(matmul(transpose(qs, [0, 2, 1]), qs));
    gram.forEach((v, j) => expect(Math.abs(v - ((j % 9) % 4 === 0 ? 1 : 0))).toBeLessThan(1e-13));
  });

  it("is Haar-distributed: Q₀₀ has mean 0 and E[Q₀₀²] = 1/n; det is ±1 equally often", () => {
    const n = 4;
    const qs = values(orthogonal(key(34), n, [4000], { dtype: "float64" }));
    const q00 = qs.filter((_, i) => i % 16 === 0);
    const m = moments(q00);
    expect(Math.abs(m.mean)).toBeLessThan(5 * m.seMean);
    const sq = moments(q00.map((v) => v * v));
    expect(Math.abs(sq.mean - 1 / n)).toBeLessThan(5 * sq.seMean);
    const positive = values(det(orthogonal(key(34), n, [4000], { dtype: "float64" }))).filter((d) => d > 0).length / 4000;
    expect(Math.abs(positive - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 4000));
  });

  it("agrees under jit and vmap (it is traceable: CholeskyQR from matmul, cholesky and triangularSolve)", () => {
    const f = (k: Tensor) => orthogonal(k, 3);
    expect(values(jit(f)(key(35)))).toEqual(values(f(key(35))));
    const out = vmap(f)(batch);
    keys.forEach((k, i) => expect(values(out).slice(9 * i, 9 * i + 9)).toEqual(values(f(k))));
  });
});

describe("the orthogonal initializer on the same QR", () => {
  /** Modified Gram–Schmidt with re-orthogonalisation on the columns of a row-major m×k matrix (the initializer's former algorithm). */
  function gramSchmidt(a: number[], m: number, k: number): number[] {
    const q = a.slice();
    for (let j = 0; j < k; j++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          let r = 0;
          for (let t = 0; t < m; t++) r += q[t * k + i] * q[t * k + j];
          for (let t = 0; t < m; t++) q[t * k + j] -= r * q[t * k + i];
        }
      }
      let norm = 0;
      for (let t = 0; t < m; t++) norm += q[t * k + j] ** 2;
      for (let t = 0; t < m; t++) q[t * k + j] /= Math.sqrt(norm);
    }
    return q;
  }

  it("gives the Q that Gram–Schmidt gives on the same Gaussian draw (tall and wide), also under jit", () => {
    const tall = values(nn.initializers.orthogonal(key(37), [12, 5], "float64"));
    const reference = gramSchmidt(values(normal(key(37), [12, 5], { dtype: "float64" })), 12, 5);
    tall.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 12));
    const wide = nn.initializers.orthogonal(key(38), [3, 7], "float64");
    const wideReference = gramSchmidt(values(normal(key(38), [7, 3], { dtype: "float64" })), 7, 3);
    values(transpose(wide)).forEach((v, i) => expect(v).toBeCloseTo(wideReference[i], 12));
    expect(values(jit((k: Tensor) => nn.initializers.orthogonal(k as PRNGKey, [12, 5], "float64"))(key(37)))).toEqual(tall);
  });
});

describe("jit ≡ eager and vmap over keys ≡ the per-key loop", () => {
  const samplers: [string, (k: Tensor) => Tensor][] = [
    ["gamma", (k) => gamma(k, tensor([0.4, 3]), [3, 2])],
    ["beta", (k) => beta(k, 0.5, tensor([1, 2, 3]))],
    ["dirichlet", (k) => dirichlet(k, tensor([0.3, 1, 4]), [2])],
    ["t", (k) => t(k, 3, [4])],
    ["poisson", (k) => poisson(k, tensor([0.7, 4, 12, 80]))],
    ["exponential", (k) => exponential(k, [4])],
    ["laplace", (k) => laplace(k, [4])],
    ["logistic", (k) => logistic(k, [4])],
    ["cauchy", (k) => cauchy(k, [4])],
    ["choice", (k) => choice(k, tensor([5, 6, 7, 8]), [3], { replace: false })],
    [
      "multivariateNormal",
      (k) =>
        multivariateNormal(
          k,
          tensor([0, 1]),
          tensor([
            [1, 0.2],
            [0.2, 1],
          ]),
          [2],
        ),
    ],
  ];
  for (const [name, f] of samplers) {
    it(name, () => {
      const k = key(36);
      const eager = f(k);
      expect(values(jit(f)(k))).toEqual(values(eager));
      const out = vmap(f)(batch);
      expect(out.shape).toEqual([3, ...eager.shape]);
      keys.forEach((kk, i) => expect(values(out).slice(i * eager.size, (i + 1) * eager.size)).toEqual(values(f(kk))));
    });
  }

  it("jit of a rejection sampler traces once and stays a loop", () => {
    let traces = 0;
    const f = jit((k: Tensor) => {
      traces++;
      return gamma(k, 2, [3]);
    });
    const a = f(key(1));
    const b = f(key(2));
    expect(traces).toBe(1);
    expect(values(a)).not.toEqual(values(b));
  });
});
