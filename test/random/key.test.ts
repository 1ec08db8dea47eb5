import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { fold, key, PRNGKey, split } from "../../src/random";

describe("PRNG keys", () => {
  it("key(seed) holds [seed / 2^32, seed mod 2^32] as JAX's PRNGKey", () => {
    expect(key(0).words).toEqual([0, 0]);
    expect(key(42).words).toEqual([0, 42]);
    expect(key(2 ** 32 + 5).words).toEqual([1, 5]);
    expect(key(-1).words).toEqual([0xffffffff, 0xffffffff]);
  });

  it("prints readably", () => {
    expect(String(key(42))).toBe("PRNGKey(0x00000000, 0x0000002a)");
    expect(inspect(key(1))).toBe("PRNGKey(0x00000000, 0x00000001)");
  });

  it("is immutable", () => {
    const k = key(3);
    expect(Object.isFrozen(k)).toBe(true);
    expect(Object.isFrozen(k.words)).toBe(true);
    expect(() => {
      (k.words as unknown as number[])[0] = 7;
    }).toThrow();
  });

  it("split matches JAX's random.split(PRNGKey(0))", () => {
    const [a, b] = split(key(0));
    expect(a.words).toEqual([4146024105, 967050713]);
    expect(b.words).toEqual([2718843009, 1272950319]);
  });

  it("split is deterministic and gives distinct keys", () => {
    const ks = split(key(7), 100);
    expect(ks).toHaveLength(100);
    expect(split(key(7), 100).every((k, i) => k.equals(ks[i]))).toBe(true);
    const seen = new Set(ks.map(String));
    expect(seen.size).toBe(100);
    expect(seen.has(String(key(7)))).toBe(false);
    expect(split(key(7), 0)).toEqual([]);
  });

  it("fold derives distinct keys per datum, deterministically", () => {
    const k = key(0);
    expect(fold(k, 1).equals(fold(k, 1))).toBe(true);
    expect(fold(k, 1).equals(fold(k, 2))).toBe(false);
    expect(fold(k, 0).equals(k)).toBe(false);
    const many = new Set(Array.from({ length: 1000 }, (_, i) => String(fold(k, i))));
    expect(many.size).toBe(1000);
  });

  it("errors are readable", () => {
    expect(() => key(1.5)).toThrow(/random.key: the seed must be a safe integer, got 1.5/);
    expect(() => split(key(0), -1)).toThrow(/random.split: n must be a non-negative integer/);
    expect(() => split({} as PRNGKey)).toThrow(/random.split: expected a PRNGKey/);
    expect(() => fold(key(0), 0.5)).toThrow(/random.fold: data must be a safe integer/);
  });
});
