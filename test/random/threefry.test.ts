import { describe, expect, it } from "vitest";
import { tensor, type Tensor } from "../../src/index";
import { bits, key, threefry2x32, type PRNGKey } from "../../src/random";

/** One Threefry block of plain numbers, through the tensor implementation. */
function block(k: readonly [number, number], c: readonly [number, number]): [number, number] {
  const [y0, y1] = threefry2x32(tensor([k[0], k[1]], "uint32") as Tensor as PRNGKey, tensor([c[0]], "uint32"), tensor([c[1]], "uint32"));
  return [y0.item(), y1.item()];
}

describe("threefry2x32 (20 rounds) on uint32 tensors", () => {
  // Random123 kat_vectors: "threefry2x32 20 <ctr0> <ctr1> <key0> <key1> <out0> <out1>".
  it("matches Random123's known answer for key and counter all zero", () => {
    expect(block([0, 0], [0, 0])).toEqual([0x6b200159, 0x99ba4efe]);
  });

  it("matches Random123's known answer for key and counter all 0xffffffff", () => {
    expect(block([0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])).toEqual([0x1cb996fc, 0xbb002be7]);
  });

  it("matches Random123's known answer for the digits of pi", () => {
    expect(block([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3])).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it("encrypts whole vectors of counters at once, elementwise", () => {
    const k = tensor([0x13198a2e, 0x03707344], "uint32") as Tensor as PRNGKey;
    const [y0, y1] = threefry2x32(k, tensor([0, 0x243f6a88, 0xffffffff], "uint32"), tensor([0, 0x85a308d3, 0xffffffff], "uint32"));
    expect(y0.toArray()).toEqual([0, 1, 2].map((i) => block([0x13198a2e, 0x03707344], [[0, 0x243f6a88, 0xffffffff][i], [0, 0x85a308d3, 0xffffffff][i]])[0]));
    expect((y1.toArray() as number[])[1]).toBe(0x483df7a0);
  });

  it("lays out words as JAX does: counters (i, i + n/2), first outputs first", () => {
    const [a0, a1] = block([0, 0], [0, 2]);
    const [b0, b1] = block([0, 0], [1, 3]);
    expect(bits(key(0), [4]).toArray()).toEqual([a0, b0, a1, b1]);
    expect(bits(key(0), [2, 2]).toArray()).toEqual([
      [a0, b0],
      [a1, b1],
    ]);
    // An odd count pads the counters with one 0: the last pair is (⌈n/2⌉ − 1, 0).
    expect(bits(key(0), [1]).toArray()).toEqual([0x6b200159]);
    expect(bits(key(0)).toArray()).toBe(0x6b200159);
    expect(bits(key(0), [3]).toArray()).toEqual([block([0, 0], [0, 2])[0], block([0, 0], [1, 0])[0], block([0, 0], [0, 2])[1]]);
    expect(bits(key(0), [0]).shape).toEqual([0]);
  });

  it("rejects bad arguments, naming the op", () => {
    expect(() => bits(key(0), [-1])).toThrow(/random.bits: shape \[-1\] must be an array of non-negative integers/);
    expect(() => threefry2x32(key(0), tensor([0]), tensor([0], "uint32"))).toThrow(/random.threefry2x32: counter x0 must be uint32, got float32/);
  });
});
