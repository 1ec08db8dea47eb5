import { describe, expect, it } from "vitest";
import { add, astype, exp, jit, less, logSoftmax, tensor, type Tensor } from "../../src/index";
import { unitFloats, unitFloats32, unitFloats32FromWords } from "../../src/random/sampling";
import { bernoulli, categorical, foldIn, gumbel, key, normal, permutation, randint, split, truncatedNormal, uniform } from "../../src/random";

const N = 100_000;

function moments(t: Tensor): { mean: number; variance: number; min: number; max: number } {
  const d = t.data();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of d) {
    s += Number(v);
    min = Math.min(min, Number(v));
    max = Math.max(max, Number(v));
  }
  const mean = s / d.length;
  let v2 = 0;
  for (const v of d) v2 += (Number(v) - mean) ** 2;
  return { mean, variance: v2 / (d.length - 1), min, max };
}

/** Pearson correlation of two equally long sample vectors. */
function correlation(a: Tensor, b: Tensor): number {
  const x = a.data();
  const y = b.data();
  const ma = moments(a).mean;
  const mb = moments(b).mean;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < x.length; i++) {
    const da = Number(x[i]) - ma;
    const db = Number(y[i]) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("uniform", () => {
  it("agrees with JAX: uniform(PRNGKey(0)) and uniform(PRNGKey(0), (3,))", () => {
    expect(uniform(key(0)).item()).toBe(0.41845703125);
    const v = uniform(key(0), [3]).toArray() as number[];
    expect(v[0]).toBeCloseTo(0.9653214, 6);
    expect(v[1]).toBeCloseTo(0.31468165, 6);
    expect(v[2]).toBeCloseTo(0.63302994, 6);
  });

  it("is deterministic, and different keys give different numbers", () => {
    const a = uniform(key(1), [1000]).data();
    expect(uniform(key(1), [1000]).data()).toEqual(a);
    expect(uniform(key(2), [1000]).data()).not.toEqual(a);
  });

  it("has the moments of U(min, max) and stays in [min, max)", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const m = moments(uniform(key(3), [N], { min: -2, max: 6, dtype }));
      expect(m.mean).toBeCloseTo(2, 1);
      expect(Math.abs(m.variance - 64 / 12)).toBeLessThan(0.08);
      expect(m.min).toBeGreaterThanOrEqual(-2);
      expect(m.max).toBeLessThan(6);
    }
  });

  it("never rounds up to max in float32", () => {
    const t = uniform(key(4), [N], { min: 0, max: 1e-30 });
    expect(moments(t).max).toBeLessThan(1e-30);
    expect(uniform(key(5), [10], { dtype: "float64" }).dtype).toBe("float64");
  });

  it("keeps the shape type and value", () => {
    const t: Tensor<[2, 3]> = uniform(key(0), [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(uniform(key(0)).shape).toEqual([]);
  });

  it("rejects bad arguments with the op name", () => {
    expect(() => uniform(key(0), [2], { min: 1, max: 1 })).toThrow(/random.uniform: need finite min < max/);
    expect(() => uniform(key(0), [-1])).toThrow(/random.uniform: shape \[-1\] must be an array of non-negative integers/);
    expect(() => uniform(key(0), [2], { dtype: "int32" as "float32" })).toThrow(/random.uniform: dtype must be/);
  });
});

describe("normal", () => {
  it("agrees with JAX: normal(PRNGKey(0)) = -0.20584226", () => {
    expect(normal(key(0)).item()).toBeCloseTo(-0.20584226, 6);
  });

  it("has mean, variance and tails of N(mean, std^2)", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const t = normal(key(11), [N], { mean: 1, std: 3, dtype });
      const m = moments(t);
      expect(Math.abs(m.mean - 1)).toBeLessThan(0.03);
      expect(Math.abs(m.variance / 9 - 1)).toBeLessThan(0.02);
      // P(|z| > 1.96) = 5%
      const outside = Array.from(t.data()).filter((v) => Math.abs((Number(v) - 1) / 3) > 1.959964).length / N;
      expect(Math.abs(outside - 0.05)).toBeLessThan(0.003);
      expect(Number.isFinite(m.min) && Number.isFinite(m.max)).toBe(true);
    }
  });

  it("split keys give independent streams", () => {
    const [a, b] = split(key(12));
    expect(Math.abs(correlation(normal(a, [N]), normal(b, [N])))).toBeLessThan(0.015);
    const [c, d] = split(foldIn(key(12), 3));
    expect(Math.abs(correlation(normal(c, [N]), normal(d, [N])))).toBeLessThan(0.015);
  });

  it("std 0 gives the mean", () => {
    expect(normal(key(0), [3], { mean: 2, std: 0 }).toArray()).toEqual([2, 2, 2]);
    expect(() => normal(key(0), [3], { std: -1 })).toThrow(/random.normal/);
  });
});

describe("truncatedNormal", () => {
  it("stays within the bounds and has the truncated variance", () => {
    const t = truncatedNormal(key(21), [N]);
    const m = moments(t);
    expect(m.min).toBeGreaterThanOrEqual(-2);
    expect(m.max).toBeLessThanOrEqual(2);
    expect(Math.abs(m.mean)).toBeLessThan(0.01);
    // Var of N(0,1) truncated to [-2, 2] is 0.87962566103423978^2.
    expect(Math.abs(m.variance - 0.87962566103423978 ** 2)).toBeLessThan(0.01);
  });

  it("handles one-sided and far-tail intervals", () => {
    const half = moments(truncatedNormal(key(22), [N], { lower: 0, upper: Infinity }));
    expect(half.min).toBeGreaterThanOrEqual(0);
    expect(Math.abs(half.mean - Math.sqrt(2 / Math.PI))).toBeLessThan(0.01);
    const tail = moments(truncatedNormal(key(23), [N], { lower: 6, upper: 7, dtype: "float64" }));
    expect(tail.min).toBeGreaterThanOrEqual(6);
    expect(tail.max).toBeLessThanOrEqual(7);
    // E[z | z > 6] ≈ 6.1585 (Mills ratio); the cap at 7 hardly matters.
    expect(Math.abs(tail.mean - 6.158)).toBeLessThan(0.01);
    const left = moments(truncatedNormal(key(24), [1000], { lower: -7, upper: -6 }));
    expect(left.min).toBeGreaterThanOrEqual(-7);
    expect(left.max).toBeLessThanOrEqual(-6);
    expect(() => truncatedNormal(key(0), [2], { lower: 1, upper: 0 })).toThrow(/need lower < upper/);
  });
});

describe("bernoulli", () => {
  it("hits with probability p, as bool by default", () => {
    const t = bernoulli(key(31), 0.3, [N]);
    expect(t.dtype).toBe("bool");
    const rate = Array.from(t.data()).reduce((s, v) => s + Number(v), 0) / N;
    expect(Math.abs(rate - 0.3)).toBeLessThan(0.005);
  });

  it("gives 0/1 floats on request, and handles p = 0 and p = 1", () => {
    const t = bernoulli(key(32), 0.5, [10], { dtype: "float32" });
    expect(t.dtype).toBe("float32");
    expect((t.toArray() as number[]).every((v) => v === 0 || v === 1)).toBe(true);
    expect((bernoulli(key(33), 0, [100]).toArray() as boolean[]).some(Boolean)).toBe(false);
    expect((bernoulli(key(33), 1, [100]).toArray() as boolean[]).every(Boolean)).toBe(true);
    expect(() => bernoulli(key(0), 1.5, [2])).toThrow(/random.bernoulli: p must be a probability in \[0, 1\], got 1.5/);
  });

  it("accepts a tensor of probabilities", () => {
    const p = tensor([0.1, 0.9]);
    const draws = bernoulli(key(34), p, [20_000, 2], { dtype: "float64" });
    const d = draws.data();
    let a = 0;
    let b = 0;
    for (let i = 0; i < d.length; i += 2) {
      a += d[i];
      b += d[i + 1];
    }
    expect(Math.abs(a / 20_000 - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(b / 20_000 - 0.9)).toBeLessThan(0.01);
    expect(bernoulli(key(0), p).shape).toEqual([2]);
    expect(() => bernoulli(key(0), p, [3])).toThrow(/random.bernoulli/);
  });
});

describe("float32 uniforms from words", () => {
  it("are JAX's bit cast (w >>> 9 | 0x3f800000) − 1 for every pattern of the top 23 bits, eager and under jit", () => {
    // Every value of the top 23 bits, with low bits that vary (they must not matter).
    const words = new Uint32Array(2 ** 23);
    for (let m = 0; m < words.length; m++) words[m] = ((m << 9) | (Math.imul(m, 37) & 511)) >>> 0;
    const reference = new Float32Array(words.length);
    const cast = new Float32Array(1);
    const castBits = new Uint32Array(cast.buffer);
    for (let m = 0; m < words.length; m++) {
      castBits[0] = (words[m] >>> 9) | 0x3f800000;
      reference[m] = cast[0] - 1;
    }
    const w = tensor(words, "uint32");
    const u = unitFloats32FromWords(w);
    expect(u.dtype).toBe("float32");
    const values = u.data();
    let mismatches = 0;
    for (let m = 0; m < words.length; m++) if (!Object.is(values[m], reference[m])) mismatches++;
    expect(mismatches).toBe(0);
    const some = tensor(words.subarray(0, 100_003), "uint32");
    const jitted = jit((x: Tensor) => add(unitFloats32FromWords(x), 0))(some);
    expect(jitted.data()).toEqual(reference.subarray(0, 100_003));
  });

  it("are the float64 uniforms of unitFloats rounded to float32, so bernoulli keeps its stream", () => {
    for (const n of [1, 2, 7, 100_003]) {
      const k = key(n);
      expect(unitFloats32(k, n).data()).toEqual(astype(unitFloats(k, n, "float32"), "float32").data());
      for (const p of [0, 0.2, 0.5, 0.8, 1 - 2 ** -24, 1]) {
        const before = less(astype(unitFloats(k, n, "float32"), "float32"), Math.fround(p));
        expect(bernoulli(k, p, [n]).data()).toEqual(before.data());
        expect(jit((kk: Tensor) => bernoulli(kk, p, [n]))(k).data()).toEqual(before.data());
      }
    }
  });
});

describe("permutation", () => {
  it("is a permutation of 0..n-1, int32, deterministic per key", () => {
    const p = permutation(key(41), 1000);
    expect(p.dtype).toBe("int32");
    const v = Array.from(p.data());
    expect([...v].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(key(41), 1000).data())).toEqual(v);
    expect(Array.from(permutation(key(42), 1000).data())).not.toEqual(v);
    expect(permutation(key(0), 0).shape).toEqual([0]);
    expect(permutation(key(0), 1).toArray()).toEqual([0]);
  });

  it("is uniform over the 6 orders of 3 items", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const order = String(permutation(foldIn(key(43), i), 3).toArray());
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it("shuffles the rows of a tensor", () => {
    const x = tensor([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    const y = permutation(key(44), x);
    expect(y.shape).toEqual([4, 2]);
    const rows = y.toArray() as number[][];
    expect(rows.map((r) => r[0]).sort()).toEqual([1, 2, 3, 4]);
    expect(rows.every((r) => r[0] === r[1])).toBe(true);
    expect(() => permutation(key(0), -2)).toThrow(/random.permutation: n must be an integer/);
  });
});

describe("randint", () => {
  it("draws integers in [min, max) uniformly", () => {
    const t = randint(key(51), [N], -3, 7);
    expect(t.dtype).toBe("int32");
    const counts = new Array<number>(10).fill(0);
    for (const v of t.data()) counts[Number(v) + 3]++;
    for (const c of counts) expect(Math.abs(c / N - 0.1)).toBeLessThan(0.005);
    expect(() => randint(key(0), [2], 3, 3)).toThrow(/random.randint/);
  });
});

describe("categorical", () => {
  it("samples with frequencies softmax(logits)", () => {
    const logits = tensor([1, 0, -1, 2]);
    const probs = exp(logSoftmax(logits)).toArray() as number[];
    const draws = categorical(key(61), logits, -1, [N]);
    expect(draws.dtype).toBe("int32");
    expect(draws.shape).toEqual([N]);
    const freq = new Array<number>(4).fill(0);
    for (const v of draws.data()) freq[Number(v)]++;
    freq.forEach((c, i) => expect(Math.abs(c / N - probs[i])).toBeLessThan(0.006));
  });

  it("samples per row of a batch, along another axis too", () => {
    const logits = tensor([
      [0, 100, 0],
      [100, 0, 0],
    ]);
    expect(categorical(key(62), logits).toArray()).toEqual([1, 0]);
    expect(categorical(key(62), logits, 0).toArray()).toEqual([1, 0, 0].map((_, j) => (j === 1 ? 0 : 1)));
    const many = categorical(key(63), logits, -1, [5, 2]);
    expect(many.toArray()).toEqual(Array.from({ length: 5 }, () => [1, 0]));
    expect(() => categorical(key(0), logits, -1, [5, 3])).toThrow(/random.categorical: sample shape \[5,3\] must end with the batch shape \[2\]/);
  });

  it("gumbel noise has mean Euler's gamma", () => {
    const m = moments(gumbel(key(64), [N]));
    expect(Math.abs(m.mean - 0.5772156649)).toBeLessThan(0.02);
    expect(Math.abs(m.variance - Math.PI ** 2 / 6)).toBeLessThan(0.05);
  });
});
