/**
 * A tiny seeded generator (mulberry32) for the laws' directions and samples: the same
 * seed gives the same numbers on every platform, so every failure can be replayed.
 */

/** A function returning uniform numbers in [0, 1), fully determined by `seed`. */
export function seededRandom(seed: number): () => number {
  let a = (seed | 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct integers of [0, n), in increasing order (all of them when count ≥ n). */
export function sampleIndices(n: number, count: number, seed: number): number[] {
  if (count >= n) return Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  // Partial Fisher–Yates over a lazily materialized permutation.
  const swapped = new Map<number, number>();
  const chosen: number[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    const vi = swapped.get(i) ?? i;
    const vj = swapped.get(j) ?? j;
    swapped.set(j, vi);
    chosen.push(vj);
  }
  return chosen.sort((x, y) => x - y);
}
