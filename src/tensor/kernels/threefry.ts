/** Rotation constants of Threefry-2x32, used in turn, four per group of rounds. */
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;

/** The Skein key-schedule parity constant. */
const PARITY = 0x1bd11bda;

/**
 * Threefry-2x32 with 20 rounds (Salmon et al., SC 2011; Random123) on `n` counter pairs,
 * each under its own key: element i encrypts `(x0[i], x1[i])` under `(k0[i], k1[i])` and
 * writes the two output words to `out[i]` and `out[n + i]`. Additions wrap mod 2³².
 * @example
 * const out = new Uint32Array(2);
 * threefryKernel(Uint32Array.of(0), Uint32Array.of(0), Uint32Array.of(0), Uint32Array.of(0), out);
 * // out = [0x6b200159, 0x99ba4efe] (Random123's known answer)
 */
export function threefryKernel(k0: Uint32Array, k1: Uint32Array, x0: Uint32Array, x1: Uint32Array, out: Uint32Array): void {
  const n = x0.length;
  for (let i = 0; i < n; i++) {
    const ka = k0[i];
    const kb = k1[i];
    const kc = (ka ^ kb ^ PARITY) >>> 0;
    let a = (x0[i] + ka) >>> 0;
    let b = (x1[i] + kb) >>> 0;
    for (let group = 1; group <= 5; group++) {
      const base = group % 2 === 1 ? 0 : 4;
      for (let r = 0; r < 4; r++) {
        a = (a + b) >>> 0;
        const s = ROTATIONS[base + r];
        b = ((b << s) | (b >>> (32 - s))) ^ a;
      }
      // Key injection s = group: x0 += ks[s mod 3], x1 += ks[(s + 1) mod 3] + s.
      const m = group % 3;
      a = (a + (m === 0 ? ka : m === 1 ? kb : kc)) >>> 0;
      b = (b + (m === 0 ? kb : m === 1 ? kc : ka) + group) >>> 0;
    }
    out[i] = a;
    out[n + i] = b;
  }
}
