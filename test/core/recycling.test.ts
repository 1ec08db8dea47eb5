import { describe, expect, it } from "vitest";
import { type Tensor, add, concat, customVjp, exp, grad, jit, mul, neg, random, reshape, sin, slice, sum, tanh, valueAndGrad, vjp } from "../../src/index";
import { allocate } from "../../src/tensor/dtype";
import { pooledStorageBytes, withRecycling } from "../../src/tensor/recycled-storage";

/**
 * Recycling of large arrays by the eager backward pass and by jitted programs: arrays the
 * pass or program proves dead are reused by later allocations, and nothing a caller can
 * still see is ever overwritten. The arrays here are large enough to be pooled (≥ 64 KiB).
 */
const n = 50_001;

const draw = (seed: number, size = n): Tensor<[number]> => random.normal(random.key(seed), [size]) as Tensor<[number]>;

/** An elementwise function with many large intermediates, so its gradient has many dead temporaries. */
const f = (x: Tensor): Tensor => sum(add(mul(tanh(x), x), exp(neg(mul(x, sin(x))))));

/** The same gradient computed on slices too small to be pooled, then joined: the reference. */
function chunkedGrad(x: Tensor<[number]>): Float32Array {
  const parts: Tensor[] = [];
  for (let start = 0; start < n; start += 1000) parts.push(grad(f)(slice(x, [start], [Math.min(n, start + 1000)])));
  return concat(parts, 0).data() as Float32Array;
}

describe("recycling of large arrays", () => {
  it("gives the eager gradient the bits of the unpooled computation, call after call", () => {
    for (const seed of [1, 2, 3]) {
      const x = draw(seed);
      expect(grad(f)(x).data()).toEqual(chunkedGrad(x));
    }
  });

  it("puts the backward pass's dead temporaries in the pool, and allocations take them back", () => {
    grad(f)(draw(4));
    const pooled = pooledStorageBytes();
    expect(pooled).toBeGreaterThan(0);
    const taken = allocate("float32", n);
    expect(pooledStorageBytes()).toBe(pooled - 4 * n);
    expect(taken.every((v) => v === 0)).toBe(true);
  });

  it("never overwrites gradients and values a caller still holds", () => {
    const x = draw(5);
    const [value, g] = valueAndGrad(f)(x);
    const valueBefore = value.item();
    const gBefore = g.data().slice();
    for (let seed = 6; seed < 10; seed++) grad(f)(draw(seed));
    expect(value.item()).toBe(valueBefore);
    expect(g.data()).toEqual(gBefore);
  });

  it("never reuses the forward pass's values a caller can still see: aux outputs, constants computed inside, reshaped inputs", () => {
    const x = draw(30);
    const xBits = x.data().slice();
    const constant = draw(31);
    let stashed: Tensor[] = [];
    const withAux = (v: Tensor) => {
      const c = exp(constant);
      const unused = sin(constant);
      stashed = [c, unused];
      const hidden = tanh(mul(reshape(v, [n, 1]), reshape(c, [n, 1])));
      return [sum(hidden), { hidden }] as const;
    };
    const [[, aux], g] = valueAndGrad(withAux, { hasAux: true })(x);
    const held = [aux.hidden.data().slice(), g.data().slice(), stashed[0].data().slice(), stashed[1].data().slice()];
    const kept = [aux.hidden, g, ...stashed];
    for (let seed = 32; seed < 36; seed++) grad((v: Tensor) => withAux(v)[0])(draw(seed));
    expect(kept.map((t) => t.data())).toEqual(held);
    expect(x.data()).toEqual(xBits);
  });

  it("keeps a pullback's results intact when it is called again", () => {
    const x = draw(11);
    const [, pullback] = vjp((v: Tensor) => mul(tanh(v), exp(v)), x);
    const [first] = pullback(draw(12)) as [Tensor];
    const firstBits = first.data().slice();
    const [again] = pullback(draw(12)) as [Tensor];
    pullback(draw(13));
    expect(first.data()).toEqual(firstBits);
    expect(again.data()).toEqual(firstBits);
  });

  it("never reuses what a custom_vjp rule was given, even if the rule keeps it", () => {
    const kept: Tensor[] = [];
    const scaled = customVjp(
      (v: Tensor) => mul(v, 3),
      (v: Tensor) => [mul(v, 3), null],
      (_res: null, ct: Tensor) => {
        kept.push(ct);
        return [mul(ct, 3)];
      },
    );
    // The add's cotangent reaches both the rule and sin's slot, which a later step drops.
    const h = (v: Tensor): Tensor => {
      const u = sin(v);
      return sum(add(scaled(tanh(v)), u));
    };
    grad(h)(draw(14));
    const keptBits = kept[0].data().slice();
    for (let seed = 15; seed < 19; seed++) grad(h)(draw(seed));
    expect(kept[0].data()).toEqual(keptBits);
  });

  it("gives grad of grad (an outer transform: no recycling inside) the values of the unpooled computation", () => {
    const x = draw(20);
    const second = (v: Tensor) => sum(grad(f)(v));
    const g2 = grad(second)(x).data();
    const small = grad(second)(slice(x, [0], [1000])).data();
    expect(g2.slice(0, 1000)).toEqual(small);
  });

  it("recycles a jitted program's dead intermediates without touching its earlier outputs", () => {
    const program = jit((v: Tensor) => {
      const a = mul(tanh(v), v);
      const b = concat([a, a], 0);
      return [sum(b), slice(b, [1], [n + 1]), add(a, 1)] as const;
    });
    const x = draw(21);
    const [s1, mid1, plus1] = program(x);
    const bits = [s1.data().slice(), mid1.data().slice(), plus1.data().slice()];
    for (let seed = 22; seed < 26; seed++) program(draw(seed));
    const [s2, mid2, plus2] = program(x);
    expect([s1.data(), mid1.data(), plus1.data()]).toEqual(bits);
    expect([s2.data(), mid2.data(), plus2.data()]).toEqual(bits);
  });

  it("releases only arrays its scope allocated", () => {
    const outside = allocate("float32", n);
    const before = pooledStorageBytes();
    withRecycling((scope) => scope.release(outside.buffer));
    expect(pooledStorageBytes()).toBe(before);
    withRecycling((scope) => {
      const inside = allocate("float64", n);
      const afterTaking = pooledStorageBytes();
      scope.release(inside.buffer);
      expect(pooledStorageBytes()).toBe(afterTaking + 8 * n);
      scope.release(inside.buffer);
      expect(pooledStorageBytes()).toBe(afterTaking + 8 * n);
    });
  });
});
