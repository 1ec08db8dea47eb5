import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { scalar, tensor, type Tensor } from "../../src/index";
import { foldIn, key, keyData, split, uniform, type PRNGKey } from "../../src/random";

const words = (k: Tensor): number[] => k.toArray() as number[];

describe("PRNG keys are uint32 tensors of shape [2]", () => {
  it("key(seed) holds [seed / 2^32, seed mod 2^32] as JAX's PRNGKey", () => {
    expect(key(0).dtype).toBe("uint32");
    expect(key(0).shape).toEqual([2]);
    expect(words(key(0))).toEqual([0, 0]);
    expect(words(key(42))).toEqual([0, 42]);
    expect(words(key(2 ** 32 + 5))).toEqual([1, 5]);
    expect(words(key(-1))).toEqual([0xffffffff, 0xffffffff]);
    expect(keyData(key(42))).toEqual([0, 42]);
  });

  it("takes an int32 or uint32 scalar tensor as the seed, sign-extending int32 like a number", () => {
    expect(words(key(scalar(42, "int32")))).toEqual([0, 42]);
    expect(words(key(scalar(-1, "int32")))).toEqual(words(key(-1)));
    expect(words(key(scalar(0xffffffff, "uint32")))).toEqual([0, 0xffffffff]);
  });

  it("prints as a uint32 tensor", () => {
    expect(String(key(42))).toBe("Tensor<[2], uint32>\n[ 0, 42]");
    expect(inspect(key(1))).toBe("Tensor<[2], uint32>\n[0, 1]");
  });

  it("is immutable: its data are copies", () => {
    const k = key(3);
    const d = k.data();
    d[0] = 7;
    expect(words(k)).toEqual([0, 3]);
    expect(Object.isFrozen(keyData(k))).toBe(true);
  });

  it("split matches JAX's random.split(PRNGKey(0))", () => {
    const [a, b] = split(key(0));
    expect(words(a)).toEqual([4146024105, 967050713]);
    expect(words(b)).toEqual([2718843009, 1272950319]);
    expect(a.dtype).toBe("uint32");
    expect(a.shape).toEqual([2]);
  });

  it("split is deterministic and gives distinct keys", () => {
    const ks = split(key(7), 100);
    expect(ks).toHaveLength(100);
    expect(split(key(7), 100).map(words)).toEqual(ks.map(words));
    const seen = new Set(ks.map((k) => String(words(k))));
    expect(seen.size).toBe(100);
    expect(seen.has(String(words(key(7))))).toBe(false);
    expect(split(key(7), 0)).toEqual([]);
  });

  it("foldIn derives distinct keys per datum, deterministically", () => {
    const k = key(0);
    expect(words(foldIn(k, 1))).toEqual(words(foldIn(k, 1)));
    expect(words(foldIn(k, 1))).not.toEqual(words(foldIn(k, 2)));
    expect(words(foldIn(k, 0))).not.toEqual(words(k));
    const many = new Set(Array.from({ length: 1000 }, (_, i) => String(words(foldIn(k, i)))));
    expect(many.size).toBe(1000);
  });

  it("foldIn takes int32 and uint32 scalar tensors, agreeing with numbers", () => {
    const k = key(5);
    expect(words(foldIn(k, scalar(17, "int32")))).toEqual(words(foldIn(k, 17)));
    expect(words(foldIn(k, scalar(17, "uint32")))).toEqual(words(foldIn(k, 17)));
    expect(words(foldIn(k, scalar(-3, "int32")))).toEqual(words(foldIn(k, -3)));
    expect(words(foldIn(k, 2 ** 40 + 3))).not.toEqual(words(foldIn(k, 3)));
  });

  it("errors name the op, the shape and the dtype", () => {
    expect(() => key(1.5)).toThrow(/random.key: the seed must be a safe integer, got 1.5/);
    expect(() => key(scalar(1.5))).toThrow(/random.key: the seed must be a safe integer or an int32\/uint32 scalar tensor, got a float32 tensor of shape \[\]/);
    expect(() => split(key(0), -1)).toThrow(/random.split: n must be a non-negative integer/);
    expect(() => split({} as PRNGKey)).toThrow(
      "random.split: expected a PRNG key (a uint32 tensor of shape [2], made with random.key(seed)), got an object of type Object",
    );
    expect(() => split(tensor([0, 0]) as PRNGKey)).toThrow(/random.split: expected a PRNG key .*got a float32 tensor of shape \[2\]/);
    expect(() => uniform(tensor([1, 2, 3], "uint32") as Tensor as PRNGKey)).toThrow(/random.uniform: expected a PRNG key .*got a uint32 tensor of shape \[3\]/);
    expect(() => foldIn(key(0), 0.5)).toThrow(/random.foldIn: data must be a safe integer/);
    expect(() => foldIn(key(0), tensor([1, 2], "int32"))).toThrow(
      /random.foldIn: data must be a safe integer or an int32\/uint32 scalar tensor, got a int32 tensor of shape \[2\]/,
    );
  });
});
