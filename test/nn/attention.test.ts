import { describe, expect, it } from "vitest";
import { add, astype, concat, grad, jit, mul, reshape, slice, sum, tensor, vmap, type Tensor } from "../../src/index";
import * as nn from "../../src/nn";
import * as random from "../../src/random";
import { checkGrads } from "../../laws";
import { expectClose, values } from "./helpers";

const k = random.key(0);
const x64 = (shape: number[], seed = 1): Tensor => random.normal(random.key(seed), shape, { dtype: "float64" });
const f64 = (data: readonly number[], shape: number[]): Tensor => tensor(Float64Array.from(data), "float64", shape);
const bool = (shape: number[], f: (idx: number[]) => boolean): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const idx: number[] = [];
    let r = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx.unshift(r % shape[d]);
      r = Math.floor(r / shape[d]);
    }
    data[i] = f(idx) ? 1 : 0;
  }
  return tensor(data, "bool", shape);
};

/** Attention written as loops in plain JavaScript, the reference: q [B,T,N,H], k/v [B,S,K,H]. */
function reference(q: Tensor, kk: Tensor, v: Tensor, allowed: (b: number, n: number, t: number, s: number) => boolean, scale: number): number[] {
  const [B, T, N, H] = q.shape;
  const [, S, K, Hv] = v.shape;
  const G = N / K;
  const qv = values(q);
  const kv = values(kk);
  const vv = values(v);
  const out = new Array<number>(B * T * N * Hv).fill(0);
  for (let b = 0; b < B; b++)
    for (let n = 0; n < N; n++)
      for (let t = 0; t < T; t++) {
        const kh = Math.floor(n / G);
        const logits: number[] = [];
        for (let s = 0; s < S; s++) {
          let d = 0;
          for (let h = 0; h < H; h++) d += qv[((b * T + t) * N + n) * H + h] * kv[((b * S + s) * K + kh) * H + h];
          logits.push(allowed(b, n, t, s) ? d * scale : -Infinity);
        }
        const m = Math.max(...logits);
        if (m === -Infinity) continue;
        const e = logits.map((l) => Math.exp(l - m));
        const z = e.reduce((a, c) => a + c, 0);
        for (let h = 0; h < Hv; h++) {
          let acc = 0;
          for (let s = 0; s < S; s++) acc += (e[s] / z) * vv[((b * S + s) * K + kh) * Hv + h];
          out[((b * T + t) * N + n) * Hv + h] = acc;
        }
      }
  return out;
}

describe("dotProductAttention", () => {
  const q = x64([2, 3, 4, 5], 1);
  const kk = x64([2, 6, 2, 5], 2);
  const v = x64([2, 6, 2, 3], 3);

  it("equals the plain-loop reference, with grouped heads, default scale 1/√headDim", () => {
    const y = nn.dotProductAttention(q, kk, v);
    expect(y.shape).toEqual([2, 3, 4, 3]);
    expectClose(
      y,
      f64(
        reference(q, kk, v, () => true, 1 / Math.sqrt(5)),
        [2, 3, 4, 3],
      ),
      1e-12,
    );
    expectClose(
      nn.dotProductAttention(q, kk, v, { scale: 0.3 }),
      f64(
        reference(q, kk, v, () => true, 0.3),
        [2, 3, 4, 3],
      ),
      1e-12,
    );
  });

  it("grouped-query attention equals repeating each kv head (and multi-query: one kv head)", () => {
    const rep = (x: Tensor, times: number): Tensor => {
      const heads = x.shape[2];
      const parts: Tensor[] = [];
      for (let h = 0; h < heads; h++) for (let i = 0; i < times; i++) parts.push(slice(x, [0, 0, h, 0], [x.shape[0], x.shape[1], h + 1, x.shape[3]]));
      return concat(parts, 2);
    };
    expectClose(nn.dotProductAttention(q, kk, v), nn.dotProductAttention(q, rep(kk, 2), rep(v, 2)), 1e-13);
    const k1 = x64([2, 6, 1, 5], 4);
    const v1 = x64([2, 6, 1, 3], 5);
    expectClose(nn.dotProductAttention(q, k1, v1), nn.dotProductAttention(q, rep(k1, 4), rep(v1, 4)), 1e-13);
  });

  it("causal equals an explicit lower-triangular mask, and the reference", () => {
    const qs = x64([2, 6, 4, 5], 6);
    const tril = bool([6, 6], ([t, s]) => s <= t);
    const y = nn.dotProductAttention(qs, kk, v, { causal: true });
    expectClose(y, nn.dotProductAttention(qs, kk, v, { mask: tril }), 0);
    expectClose(
      y,
      f64(
        reference(qs, kk, v, (_b, _n, t, s) => s <= t, 1 / Math.sqrt(5)),
        [2, 6, 4, 3],
      ),
      1e-12,
    );
  });

  it("a fully masked row gives zeros (not NaN), and zero gradients", () => {
    const mask = bool([2, 1, 3, 6], ([b, , t]) => !(b === 1 && t === 2));
    const y = nn.dotProductAttention(q, kk, v, { mask });
    expect(values(y).every(Number.isFinite)).toBe(true);
    expect(values(slice(y, [1, 2, 0, 0], [2, 3, 4, 3]))).toEqual(new Array(12).fill(0));
    const gq = grad((qq: Tensor) => sum(nn.dotProductAttention(qq, kk, v, { mask })))(q);
    expect(values(gq).every(Number.isFinite)).toBe(true);
    expect(values(slice(gq, [1, 2, 0, 0], [2, 3, 4, 5]))).toEqual(new Array(20).fill(0));
  });

  it("mask invariance: keys and values at padded positions change nothing, in output or gradients", () => {
    // batch 0 attends to the first 4 keys, batch 1 to the first 2
    const lengths = [4, 2];
    const mask = bool([2, 1, 1, 6], ([b, , , s]) => s < lengths[b]);
    const pad = bool([2, 6, 1, 1], ([b, s]) => s >= lengths[b]);
    const noise = (shape: number[], seed: number): Tensor => mul(x64(shape, seed), 1e3);
    const k2 = add(kk, mul(noise([2, 6, 2, 5], 7), f64(values(pad), [2, 6, 1, 1])));
    const v2 = add(v, mul(noise([2, 6, 2, 3], 8), f64(values(pad), [2, 6, 1, 1])));
    const f = (qq: Tensor, a: Tensor, b: Tensor) => nn.dotProductAttention(qq, a, b, { mask });
    expectClose(f(q, k2, v2), f(q, kk, v), 1e-12);
    expectClose(
      f(q, kk, v),
      f64(
        reference(q, kk, v, (b, _n, _t, s) => s < lengths[b], 1 / Math.sqrt(5)),
        [2, 3, 4, 3],
      ),
      1e-12,
    );
    const loss = (qq: Tensor, a: Tensor, b: Tensor) => sum(mul(f(qq, a, b), x64([2, 3, 4, 3], 9)));
    const g1 = grad(loss, { argnums: [0, 1, 2] })(q, kk, v);
    const g2 = grad(loss, { argnums: [0, 1, 2] })(q, k2, v2);
    g1.forEach((g, i) => expectClose(g2[i], g, 1e-12));
    // the gradient at the padded positions is exactly zero
    const gk = values(g1[1]);
    const padded = values(pad);
    gk.forEach((gv, i) => {
      if (padded[Math.floor(i / 10)]) expect(gv).toBe(0);
    });
  });

  it("passes finite differences in float64 (q, k, v; with a mask and causal)", () => {
    const qs = x64([1, 3, 2, 2], 11);
    const ks = x64([1, 3, 1, 2], 12);
    const vs = x64([1, 3, 1, 2], 13);
    checkGrads((a: Tensor, b: Tensor, c: Tensor) => nn.dotProductAttention(a, b, c), [qs, ks, vs], { order: 2 });
    const mask = bool([1, 1, 1, 3], ([, , , s]) => s !== 1);
    checkGrads((a: Tensor, b: Tensor, c: Tensor) => nn.dotProductAttention(a, b, c, { mask, causal: true }), [qs, ks, vs]);
  });

  it("agrees with itself under vmap (over the batch, rank-3 examples) and jit", () => {
    const mask = bool([2, 1, 1, 6], ([b, , , s]) => s < 3 + b);
    const direct = nn.dotProductAttention(q, kk, v, { mask, causal: true });
    const perExample = vmap((a: Tensor, b: Tensor, c: Tensor, m: Tensor) => nn.dotProductAttention(a, b, c, { mask: m, causal: true }))(q, kk, v, mask);
    expectClose(perExample, direct, 1e-13);
    const jitted = jit((a: Tensor, b: Tensor, c: Tensor, m: Tensor) => nn.dotProductAttention(a, b, c, { mask: m, causal: true }))(q, kk, v, mask);
    expectClose(jitted, direct, 1e-13);
    const g = (a: Tensor) => sum(nn.dotProductAttention(a, kk, v, { mask, causal: true }));
    expectClose(jit(grad(g))(q), grad(g)(q), 1e-13);
  });

  it("rank-3 inputs (no batch axis) are one example; float32 works too", () => {
    const one = (x: Tensor): Tensor => reshape(slice(x, [1, 0, 0, 0], [2, ...x.shape.slice(1)]), x.shape.slice(1));
    const mask = bool([1, 1, 6], ([, , s]) => s !== 0);
    const full = nn.dotProductAttention(q, kk, v, { mask: reshape(mask, [1, 1, 1, 6]) });
    expectClose(nn.dotProductAttention(one(q), one(kk), one(v), { mask }), one(full), 1e-14);
    expect(() => nn.dotProductAttention(one(q), one(kk), one(v), { mask: bool([2, 1, 1, 6], () => true) })).toThrow(
      "dotProductAttention: mask of shape [2,1,1,6] does not broadcast to [numHeads, seqLen, kvLen] = [4,3,6]",
    );
    const y32 = nn.dotProductAttention(astype(q, "float32"), astype(kk, "float32"), astype(v, "float32"), { causal: true });
    expect(y32.dtype).toBe("float32");
    expectClose(y32, nn.dotProductAttention(q, kk, v, { causal: true }), 1e-5);
  });

  it("bad input names the op, the argument and the shapes", () => {
    expect(() => nn.dotProductAttention(x64([3, 4]), kk, v)).toThrow(
      "dotProductAttention: q must have rank 4 [batch, length, heads, headDim] (or 3 without the batch), got shape [3,4]",
    );
    expect(() => nn.dotProductAttention(q, x64([2, 6, 2, 4]), v)).toThrow(
      "dotProductAttention: k's head dimension 4 differs from q's 5 (q [2,3,4,5], k [2,6,2,4], v [2,6,2,3])",
    );
    expect(() => nn.dotProductAttention(q, x64([2, 6, 3, 5]), x64([2, 6, 3, 3]))).toThrow(
      "dotProductAttention: the 4 query heads of q are not a multiple of the 3 kv heads of k",
    );
    expect(() => nn.dotProductAttention(q, kk, x64([2, 5, 2, 3]))).toThrow("dotProductAttention: k and v must have the same length and number of heads");
    expect(() => nn.dotProductAttention(q, kk, v, { mask: bool([2, 1, 1, 5], () => true) })).toThrow(
      "dotProductAttention: mask of shape [2,1,1,5] does not broadcast to [batch, numHeads, seqLen, kvLen] = [2,4,3,6]",
    );
    expect(() => nn.dotProductAttention(q, kk, v, { mask: tensor([1, 0, 1, 1, 1, 1]) })).toThrow(
      "dotProductAttention: mask must be a bool tensor, got float32 of shape [6]",
    );
  });
});

describe("multiHeadAttention", () => {
  const mha = nn.multiHeadAttention(2, 4, { dtype: "float64" });
  const [outShape, params] = mha.init(k, [-1, 3, 4]);
  const x = x64([2, 3, 4], 21);

  it("init: four dense projections; the shape is kept", () => {
    expect(outShape).toEqual([-1, 3, 4]);
    expect(params.query.W.shape).toEqual([4, 4]);
    expect(params.key.W.shape).toEqual([4, 4]);
    expect(params.out.b.toArray()).toEqual([0, 0, 0, 0]);
    const [, gqa] = nn.multiHeadAttention(4, 8, { numKvHeads: 2 }).init(k, [-1, 3, 8]);
    expect(gqa.key.W.shape).toEqual([8, 4]);
    expect(gqa.value.b.shape).toEqual([4]);
  });

  it("equals projections + dotProductAttention + output projection, written out", () => {
    const proj = (p: nn.DenseParams, t: Tensor): Tensor => nn.dense(p.W.shape[1]).apply(p, t);
    const heads = (t: Tensor): Tensor => reshape(t, [2, 3, 2, 2]);
    const q = heads(proj(params.query, x));
    const kk = heads(proj(params.key, x));
    const v = heads(proj(params.value, x));
    const expected = proj(params.out, reshape(nn.dotProductAttention(q, kk, v), [2, 3, 4]));
    expectClose(mha.apply(params, x), expected, 1e-13);
  });

  it("passes finite differences in float64 (params and input, with a mask)", () => {
    const mask = bool([2, 1, 1, 3], ([b, , , s]) => s < 2 + b);
    checkGrads((p: typeof params, xx: Tensor) => mha.apply(p, [xx, mask]), [params, x], { sampled: 20 });
    checkGrads((xx: Tensor) => nn.multiHeadAttention(2, 4, { causal: true }).apply(params, xx), [x]);
  });

  it("agrees under vmap and jit; padding invariance", () => {
    const mask = bool([2, 1, 1, 3], ([b, , , s]) => s < 2 + b);
    const direct = mha.apply(params, [x, mask]);
    expectClose(vmap((xx: Tensor, m: Tensor) => mha.apply(params, [xx, m]) as Tensor)(x, mask), direct as Tensor, 1e-13);
    expectClose(jit((xx: Tensor, m: Tensor) => mha.apply(params, [xx, m]) as Tensor)(x, mask), direct as Tensor, 1e-13);
    // changing the padded token of example 0 (position 2) changes nothing at its real positions
    const x2 = add(
      x,
      mul(
        bool([2, 3, 1], ([b, t]) => b === 0 && t === 2),
        100,
      ),
    );
    const y2 = mha.apply(params, [x2, mask]);
    expectClose(slice(y2, [0, 0, 0], [1, 2, 4]), slice(direct, [0, 0, 0], [1, 2, 4]), 1e-12);
  });

  it("bad input names the layer, the argument and the shapes", () => {
    expect(() => nn.multiHeadAttention(3, 8)).toThrow("multiHeadAttention(3, 8): heads = 3 does not divide the width dim = 8");
    expect(() => mha.apply(params, x64([2, 3, 5]))).toThrow("multiHeadAttention(2, 4): input x of shape [2,3,5] has 5 features, the layer's width is 4");
    expect(() => mha.apply(params, x64([4]))).toThrow(
      "multiHeadAttention(2, 4): input x must have rank 3 [batch, length, 4] (or 2 without the batch), got shape [4]",
    );
    expect(() => mha.init(k, [-1, 3, 6])).toThrow("multiHeadAttention(2, 4): input x of shape [-1,3,6] has 6 features, the layer's width is 4");
    expect(() => mha.apply(params, [x, bool([2, 1, 1, 4], () => true)])).toThrow(
      "multiHeadAttention(2, 4): dotProductAttention: mask of shape [2,1,1,4] does not broadcast to [batch, numHeads, seqLen, kvLen] = [2,2,3,3]",
    );
  });
});

describe("positional encodings", () => {
  it("sinusoidalEncoding follows the formula", () => {
    const pe = nn.sinusoidalEncoding(3, 4, { dtype: "float64" });
    expect(pe.shape).toEqual([3, 4]);
    const expected: number[] = [];
    for (let p = 0; p < 3; p++) expected.push(Math.sin(p), Math.cos(p), Math.sin(p / 100), Math.cos(p / 100));
    expectClose(pe, f64(expected, [3, 4]), 1e-15);
  });
  it("learnedPositional adds the first T rows of its table; errors name the layer", () => {
    const pos = nn.learnedPositional(5);
    const [shape, p] = pos.init(k, [-1, 3, 2]);
    expect(shape).toEqual([-1, 3, 2]);
    expect(p.table.shape).toEqual([5, 2]);
    const table = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
        [9, 10],
      ],
      "float64",
    ) as Tensor<[number, number]>;
    expect(
      pos
        .apply(
          { table },
          tensor(
            [
              [
                [0, 0],
                [1, 1],
                [2, 2],
              ],
            ],
            "float64",
          ),
        )
        .toArray(),
    ).toEqual([
      [
        [1, 2],
        [4, 5],
        [7, 8],
      ],
    ]);
    const g = grad((pp: { table: Tensor<[number, number]> }) => sum(pos.apply(pp, x64([2, 3, 2]))))({ table });
    expect(g.table.toArray()).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
      [0, 0],
      [0, 0],
    ]);
    expect(() => pos.apply({ table }, x64([1, 6, 2]))).toThrow("learnedPositional(5): input x of shape [1,6,2] has length 6 > maxLength 5");
    expect(() => pos.apply({ table }, x64([1, 3, 3]))).toThrow("learnedPositional(5): input x of shape [1,3,3] has 3 features, the table [5,2] has 2");
  });
});

describe("transformerEncoderBlock", () => {
  const block = nn.transformerEncoderBlock(2, 4, { mlpDim: 6, dtype: "float64" });
  const [outShape, params] = block.init(k, [-1, 3, 4]);
  const x = x64([2, 3, 4], 31);

  it("is x + MHA(LN(x)), then + MLP(LN(·)) with GELU, written out", () => {
    expect(outShape).toEqual([-1, 3, 4]);
    const ln = nn.layerNorm();
    const h = add(x, nn.multiHeadAttention(2, 4).apply(params.attention, ln.apply(params.norm1, x)));
    const hidden = nn.gelu(nn.dense(6).apply(params.mlpIn as never, ln.apply(params.norm2, h)));
    expectClose(block.apply(params, x), add(h, nn.dense(4).apply(params.mlpOut as never, hidden)), 1e-13);
  });

  it("passes finite differences in float64, agrees under vmap and jit", () => {
    checkGrads((p: typeof params, xx: Tensor) => block.apply(p, xx), [params, x], { sampled: 20 });
    const mask = bool([2, 1, 1, 3], ([b, , , s]) => s < 2 + b);
    const direct = block.apply(params, [x, mask]);
    expectClose(vmap((xx: Tensor, m: Tensor) => block.apply(params, [xx, m]))(x, mask), direct, 1e-13);
    expectClose(jit((xx: Tensor, m: Tensor) => block.apply(params, [xx, m]))(x, mask), direct, 1e-13);
  });

  it("composes with embedding and positions in serial; errors name the block", () => {
    const net = nn.serial(nn.embedding(10, 4), nn.learnedPositional(8), nn.transformerEncoderBlock(2, 4, { causal: true }));
    const [shape, p] = net.init(k, [-1, 5]);
    expect(shape).toEqual([-1, 5, 4]);
    const y = net.apply(p, tensor([[1, 2, 3, 4, 5]], "int32")) as Tensor;
    expect(y.shape).toEqual([1, 5, 4]);
    expect(() => nn.transformerEncoderBlock(3, 4)).toThrow("transformerEncoderBlock(3, 4): heads = 3 does not divide the width dim = 4");
    expect(() => block.apply(params, x64([2, 3, 2]))).toThrow("transformerEncoderBlock(2, 4): input x of shape [2,3,2] has 2 features, the layer's width is 4");
  });
});
