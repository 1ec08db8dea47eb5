/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011; the Random123 library), the counter-based block cipher behind JAX's
 * default PRNG. Plain TypeScript on uint32 values: additions are taken mod 2³² with
 * `>>> 0`, so results are identical on every machine.
 * @module
 */

/** Rotation constants of Threefry-2x32, used in turn, four per group of rounds. */
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;

/** The Skein key-schedule parity constant. */
const PARITY = 0x1bd11bda;

/**
 * Two uint32 words.
 * @example const w: Word2 = key(0).words; // [0, 0]
 */
export type Word2 = readonly [number, number];

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/**
 * Encrypts the counter `[c0, c1]` under the key `[k0, k1]` with Threefry-2x32 (20 rounds):
 * five groups of four mix rounds, with a key injection after each group. Every input is
 * taken mod 2³²; the output is two uint32.
 * @example
 * threefry2x32([0, 0], [0, 0]); // [0x6b200159, 0x99ba4efe] (Random123's known answer)
 */
export function threefry2x32(key: Word2, counter: Word2): [number, number] {
  const out = new Uint32Array(2);
  threefryInto(key[0] >>> 0, key[1] >>> 0, counter[0] >>> 0, counter[1] >>> 0, out, 0, out, 1);
  return [out[0], out[1]];
}

/**
 * Threefry-2x32 of one counter, writing the two output words to `a[i]` and `b[j]`.
 * Internal: the loop kernel of {@link threefry2x32} and {@link randomWords}.
 */
function threefryInto(k0: number, k1: number, c0: number, c1: number, a: Uint32Array, i: number, b: Uint32Array, j: number): void {
  const k2 = (k0 ^ k1 ^ PARITY) >>> 0;
  const ks0 = k0;
  const ks1 = k1;
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let group = 1; group <= 5; group++) {
    const base = group % 2 === 1 ? 0 : 4;
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, ROTATIONS[base + r]);
      x1 = (x1 ^ x0) >>> 0;
    }
    // Key injection s = group: x0 += ks[s mod 3], x1 += ks[(s+1) mod 3] + s.
    const m = group % 3;
    x0 = (x0 + (m === 0 ? ks0 : m === 1 ? ks1 : k2)) >>> 0;
    x1 = (x1 + (m === 0 ? ks1 : m === 1 ? k2 : ks0) + group) >>> 0;
  }
  a[i] = x0;
  b[j] = x1;
}

/**
 * `n` pseudo-random uint32 words from a key, laid out as JAX lays out
 * `threefry_2x32(key, iota(n))` (with `jax_threefry_partitionable` off): the counters
 * 0..n−1 (padded with one 0 when n is odd) are split into two halves that form the
 * counter pairs `(i, i + ⌈n/2⌉)`; the first output words fill the first half, the second
 * output words the second half.
 * @example
 * randomWords([0, 0], 1); // Uint32Array [0x6b200159]
 */
export function randomWords(key: Word2, n: number): Uint32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`random: cannot draw ${n} words; the count must be a non-negative integer`);
  const half = Math.ceil(n / 2);
  const padded = new Uint32Array(2 * half);
  const k0 = key[0] >>> 0;
  const k1 = key[1] >>> 0;
  const odd = n % 2 === 1;
  for (let i = 0; i < half; i++) {
    const c1 = odd && i === half - 1 ? 0 : i + half;
    threefryInto(k0, k1, i, c1, padded, i, padded, i + half);
  }
  return odd ? padded.slice(0, n) : padded;
}
