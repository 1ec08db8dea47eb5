/**
 * Randomness as tensors: keys and every sampler work inside jit (one trace for any number
 * of fresh keys, the eager values bit for bit), vmap (a batch of keys gives each key's
 * samples) and grad (samples are constants); permutation, the one concrete-only function,
 * says so clearly.
 */
import { describe, expect, it } from "vitest";
import { add, div, grad, jit, makeJaxpr, mul, optim, nn, scalar, stack, sum, tensor, valueAndGrad, vmap, where, type Tensor } from "../../src/index";
import {
  bernoulli,
  bits,
  categorical,
  foldIn,
  gumbel,
  key,
  keyData,
  normal,
  permutation,
  randint,
  split,
  truncatedNormal,
  uniform,
  type PRNGKey,
} from "../../src/random";
import { makeStep } from "../../src/train";

/** Every traceable sampler, as a function of the key alone. */
const samplers: readonly [string, (k: Tensor) => Tensor][] = [
  ["bits", (k) => bits(k, [5])],
  ["uniform float32", (k) => uniform(k, [2, 3])],
  ["uniform float64 in [-2, 5)", (k) => uniform(k, [7], { min: -2, max: 5, dtype: "float64" })],
  ["normal float32", (k) => normal(k, [9], { mean: 1, std: 2 })],
  ["normal float64", (k) => normal(k, [9], { dtype: "float64" })],
  ["truncatedNormal float32", (k) => truncatedNormal(k, [9])],
  ["truncatedNormal float64 far tail", (k) => truncatedNormal(k, [9], { lower: 9, upper: 10, dtype: "float64" })],
  ["bernoulli", (k) => bernoulli(k, 0.3, [11])],
  ["bernoulli with tensor p", (k) => bernoulli(k, tensor([0.1, 0.9]), [3, 2], { dtype: "float32" })],
  ["randint", (k) => randint(k, [8], -5, 1000)],
  ["gumbel", (k) => gumbel(k, [4], "float64")],
  [
    "categorical",
    (k) =>
      categorical(
        k,
        tensor([
          [0, 1, 2],
          [2, 1, 0],
        ]),
      ),
  ],
  ["split", (k) => stack(split(k, 3))],
  ["foldIn", (k) => foldIn(k, 12345)],
];

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("jit: a fresh key each call, one trace", () => {
  it("a dropout-like mask traced once for 5 keys equals the eager masks", () => {
    let traces = 0;
    const mask = (k: PRNGKey, x: Tensor): Tensor => {
      traces++;
      const keep = bernoulli(k, 0.75, x.shape);
      return where(keep, div(x, 0.75), 0);
    };
    const jitted = jit(mask);
    const x = tensor([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ]);
    const keys = split(key(0), 5);
    const outs = keys.map((k) => jitted(k, x));
    expect(traces).toBe(1);
    const eager = keys.map((k) => mask(k, x));
    outs.forEach((o, i) => expect(values(o)).toEqual(values(eager[i])));
    // Different keys, different masks: the key is an input of the program, not a constant.
    expect(new Set(outs.map((o) => String(values(o)))).size).toBe(5);
  });

  for (const [name, f] of samplers) {
    it(`${name} under jit equals eager, bit for bit`, () => {
      let traces = 0;
      const g = jit((k: Tensor) => {
        traces++;
        return f(k);
      });
      for (const k of split(key(3), 3)) {
        const out = g(k);
        const expected = f(k);
        expect(out.dtype).toBe(expected.dtype);
        expect(out.shape).toEqual(expected.shape);
        expect(values(out)).toEqual(values(expected));
      }
      expect(traces).toBe(1);
    });
  }

  it("keys are program inputs in the IR, the generator is primitives", () => {
    const text = makeJaxpr((k: Tensor) => uniform(k, [4]))(key(0)).toString();
    expect(text).toMatch(/^\{ lambda ; a:u32\[2\]\. let/);
    expect(text).toContain("threefry2x32");
    expect(text).toContain("bitwise[op=shiftRightLogical]");
  });

  it("key and foldIn take traced integers: a step counter inside jit", () => {
    const stepKey = jit((k: PRNGKey, step: Tensor) => foldIn(k, step));
    const fromSeed = jit((seed: Tensor) => key(seed));
    for (const i of [0, 1, -7, 2 ** 31 - 1]) {
      expect(values(stepKey(key(9), scalar(i, "int32")))).toEqual(values(foldIn(key(9), i)));
      expect(values(fromSeed(scalar(i, "int32")))).toEqual(values(key(i)));
    }
  });
});

describe("vmap over a batch of keys", () => {
  const keys = split(key(11), 4);
  const batch = stack(keys); // uint32 [4, 2]

  it("the batch of keys is a uint32 [n, 2] tensor", () => {
    expect(batch.dtype).toBe("uint32");
    expect(batch.shape).toEqual([4, 2]);
  });

  for (const [name, f] of samplers) {
    it(`${name}: row i is the sample of key i`, () => {
      const out = vmap(f)(batch);
      expect(out.shape[0]).toBe(4);
      keys.forEach((k, i) => {
        const row = f(k);
        const size = row.size;
        expect(values(out).slice(i * size, (i + 1) * size)).toEqual(values(row));
      });
    });
  }

  it("composes with jit: jit(vmap(sampler)) is traced once", () => {
    let traces = 0;
    const g = jit(
      vmap((k: Tensor) => {
        traces++;
        return normal(k, [3]);
      }),
    );
    const a = g(batch);
    const b = g(stack(split(key(12), 4)));
    expect(traces).toBe(1);
    expect(values(a)).toEqual(keys.flatMap((k) => values(normal(k, [3]))));
    expect(values(b)).not.toEqual(values(a));
  });
});

describe("grad: samples are constants", () => {
  it("d/dx Σ x·ε(k) is ε(k), with the key closed over or passed in", () => {
    const k = key(5);
    const x = tensor([1, 2, 3]);
    expect(values(grad((v: Tensor) => sum(mul(v, normal(k, [3]))))(x))).toEqual(values(normal(k, [3])));
    const withKey = grad((v: Tensor, kk: PRNGKey) => sum(mul(v, uniform(kk, [3]))));
    expect(values(withKey(x, k))).toEqual(values(uniform(k, [3])));
  });

  it("the noise of noisy parameters gets no gradient of its own, also under jit", () => {
    const f = (w: Tensor, k: PRNGKey) => sum(mul(add(w, normal(k, [2], { std: 0.1 })), add(w, normal(k, [2], { std: 0.1 }))));
    const w = tensor([0.5, -1]);
    const k = key(8);
    const eps = normal(k, [2], { std: 0.1 });
    // d/dw Σ (w + ε)² = 2 (w + ε)
    const expected = values(mul(2, add(w, eps)));
    const [, g] = valueAndGrad(f)(w, k);
    values(g).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    const jg = jit(grad(f));
    values(jg(w, k)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it("dropout inside grad inside jit: one trace, the eager gradient", () => {
    let traces = 0;
    const loss = (w: Tensor, k: PRNGKey) => {
      traces++;
      return sum(where(bernoulli(k, 0.5, w.shape), mul(w, w), 0));
    };
    const g = jit(grad(loss));
    const w = tensor([1, 2, 3, 4, 5, 6]);
    for (const k of split(key(2), 4)) {
      const keep = values(bernoulli(k, 0.5, [6]));
      expect(values(g(w, k))).toEqual(values(w).map((v, i) => (keep[i] ? 2 * v : 0)));
    }
    expect(traces).toBe(1);
  });
});

describe("makeStep: a jitted training step with a fresh key per step", () => {
  it("traces the loss once for 5 keys and gives the eager step's numbers", () => {
    const net = nn.serial(nn.dense(8), nn.activation(nn.relu), nn.dropout(0.5), nn.dense(2));
    const [, params] = net.init(key(0), [-1, 3]);
    let traces = 0;
    const lossFn = (p: typeof params, batch: { x: Tensor; y: Tensor }, ctx: nn.ApplyContext) => {
      traces++;
      return nn.mse(net.apply(p, batch.x, ctx) as Tensor, batch.y);
    };
    const opt = optim.sgd(0.1);
    const batch = {
      x: tensor([
        [1, 2, 3],
        [0, -1, 1],
      ]),
      y: tensor([
        [1, 0],
        [0, 1],
      ]),
    };
    const step = makeStep({ lossFn, optimizer: opt });
    const eagerStep = makeStep({ lossFn, optimizer: opt, jit: false });
    let p = params;
    let s = opt.init(params);
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const stepKey = foldIn(key(1), i);
      const [p1, s1, m] = step(p, s, batch, { key: stepKey });
      const [, , eager] = eagerStep(p, s, batch, { key: stepKey });
      expect(m.loss).toBeCloseTo(eager.loss, 5);
      losses.push(m.loss);
      [p, s] = [p1, s1];
    }
    // One trace for the jitted step, plus one per eager call.
    expect(traces).toBe(1 + 5);
    expect(new Set(losses).size).toBeGreaterThan(1);
    expect(() => step(params, opt.init(params), batch, { key: tensor([1, 2]) as Tensor as PRNGKey })).toThrow(/step \(extra.key\): expected a PRNG key/);
  });
});

describe("the concrete-only functions say so", () => {
  it("permutation and keyData inside jit or vmap name the op", () => {
    expect(() => jit((k: Tensor) => permutation(k, 5))(key(0))).toThrow(/random.permutation: needs a concrete key, but it runs inside jit or vmap/);
    expect(() => vmap((k: Tensor) => permutation(k, 5))(stack(split(key(0), 2)))).toThrow(/random.permutation: needs a concrete key/);
    expect(() => jit((k: Tensor) => scalar(keyData(k)[0]))(key(0))).toThrow(/random.keyData: the key is traced by jit/);
  });

  it("the orthogonal initializer is traceable now (a QR from matmul, cholesky and triangularSolve)", () => {
    const init = (k: Tensor) => nn.initializers.orthogonal(k as PRNGKey, [3, 3]);
    expect(values(jit(init)(key(0)))).toEqual(values(init(key(0))));
  });

  it("permutation works inside grad (its key is a constant there)", () => {
    const x = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const g = grad((v: Tensor) =>
      sum(
        mul(
          permutation(key(3), v),
          tensor([
            [1, 0],
            [0, 0],
            [0, 0],
          ]),
        ),
      ),
    )(x);
    expect(values(g).reduce((a, b) => a + b, 0)).toBe(1);
  });
});
