import { describe, expect, it } from "vitest";
import { randomWords, threefry2x32 } from "../../src/random";

describe("threefry2x32 (20 rounds)", () => {
  // Random123 kat_vectors: "threefry2x32 20 <ctr0> <ctr1> <key0> <key1> <out0> <out1>".
  it("matches Random123's known answer for key and counter all zero", () => {
    expect(threefry2x32([0, 0], [0, 0])).toEqual([0x6b200159, 0x99ba4efe]);
  });

  it("matches Random123's known answer for key and counter all 0xffffffff", () => {
    expect(threefry2x32([0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])).toEqual([0x1cb996fc, 0xbb002be7]);
  });

  it("matches Random123's known answer for the digits of pi", () => {
    expect(threefry2x32([0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3])).toEqual([0xc4923a9c, 0x483df7a0]);
  });

  it("takes its inputs mod 2^32", () => {
    expect(threefry2x32([-1, -1], [-1, -1])).toEqual([0x1cb996fc, 0xbb002be7]);
    expect(threefry2x32([2 ** 32, 0], [0, 2 ** 32])).toEqual([0x6b200159, 0x99ba4efe]);
  });

  it("lays out words as JAX does: counters (i, i + n/2), first outputs first", () => {
    const [a0, a1] = threefry2x32([0, 0], [0, 2]);
    const [b0, b1] = threefry2x32([0, 0], [1, 3]);
    expect([...randomWords([0, 0], 4)]).toEqual([a0, b0, a1, b1]);
    // An odd count pads the counters with one 0: the last pair is (⌈n/2⌉ − 1, 0).
    expect([...randomWords([0, 0], 1)]).toEqual([0x6b200159]);
    expect([...randomWords([0, 0], 3)]).toEqual([threefry2x32([0, 0], [0, 2])[0], threefry2x32([0, 0], [1, 0])[0], threefry2x32([0, 0], [0, 2])[1]]);
  });

  it("rejects a bad count", () => {
    expect(() => randomWords([0, 0], -1)).toThrow(/non-negative integer/);
  });
});
