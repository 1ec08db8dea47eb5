/**
 * The WebAssembly SIMD Threefry kernel (one key, eight pairs per step) against the
 * JavaScript kernel, word for word: counts around its step of 8 and its chunk of 2¹⁴ pairs,
 * keys and counters at the edges of uint32 (0, 1, 0xffffffff, 0x80000000), and the
 * Random123 known answers through the primitive, whose one-key path it is from 64 pairs on.
 */
import { describe, expect, it } from "vitest";
import { tensor, type Tensor } from "../../src/index";
import { threefry2x32, type PRNGKey } from "../../src/random";
import { threefryKernel } from "../../src/tensor/kernels/threefry";
import { threefryOneKeyWasm } from "../../src/tensor/kernels/wasm/threefry-wasm";

/** Counters: edge values first, then a linear congruential spread. */
function counters(n: number, seed: number): Uint32Array {
  const edges = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x243f6a88];
  let s = seed >>> 0;
  return Uint32Array.from({ length: n }, (_, i) => {
    if (i < edges.length) return edges[(i + seed) % edges.length];
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  });
}

/** The JavaScript kernel with the key repeated for every pair. */
function reference(k0: number, k1: number, x0: Uint32Array, x1: Uint32Array): Uint32Array {
  const n = x0.length;
  const out = new Uint32Array(2 * n);
  threefryKernel(new Uint32Array(n).fill(k0), new Uint32Array(n).fill(k1), x0, x1, out);
  return out;
}

describe("threefry in WebAssembly SIMD", () => {
  const keys: [number, number][] = [
    [0, 0],
    [0xffffffff, 0xffffffff],
    [0x13198a2e, 0x03707344],
    [1, 0x80000000],
  ];
  for (const n of [1, 7, 8, 9, 63, 1003, 16384, 16391, 40000]) {
    it(`${n} pairs give the JavaScript kernel's words under every edge key`, () => {
      const x0 = counters(n, 1);
      const x1 = counters(n, 2);
      for (const [k0, k1] of keys) {
        const out = new Uint32Array(2 * n);
        threefryOneKeyWasm(k0, k1, x0, x1, out);
        expect(out).toEqual(reference(k0, k1, x0, x1));
      }
    });
  }

  it("gives Random123's known answers through the primitive's one-key path (64 pairs and more)", () => {
    const n = 100;
    const k = tensor([0x13198a2e, 0x03707344], "uint32") as Tensor as PRNGKey;
    const [y0, y1] = threefry2x32(k, tensor(new Uint32Array(n).fill(0x243f6a88), "uint32"), tensor(new Uint32Array(n).fill(0x85a308d3), "uint32"));
    expect(new Set(y0.data())).toEqual(new Set([0xc4923a9c]));
    expect(new Set(y1.data())).toEqual(new Set([0x483df7a0]));
    const ones = tensor(new Uint32Array(n).fill(0xffffffff), "uint32");
    const [z0, z1] = threefry2x32(tensor([0xffffffff, 0xffffffff], "uint32") as Tensor as PRNGKey, ones, ones);
    expect(new Set(z0.data())).toEqual(new Set([0x1cb996fc]));
    expect(new Set(z1.data())).toEqual(new Set([0xbb002be7]));
  });
});
