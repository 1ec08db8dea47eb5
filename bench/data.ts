/** Deterministic inputs for the benchmarks (no dependence on the library's PRNG). */
import { tensor, type Tensor } from "../src/index";

/** A small deterministic generator (mulberry32): uniform numbers in [0, 1). */
export function uniform01(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` float32 values uniform in [-scale, scale), deterministic (the same numbers {@link randomTensor} holds). */
export function randomValues(size: number, scale = 1, seed = 1): Float32Array {
  const next = uniform01(seed);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * next() - 1) * scale;
  return values;
}

/** A float32 tensor of the given shape, uniform in [-scale, scale). */
export function randomTensor<const S extends readonly number[]>(shape: S, scale = 1, seed = 1): Tensor<[...S]> {
  const values = randomValues(
    shape.reduce((a, b) => a * b, 1),
    scale,
    seed,
  );
  return tensor(values, "float32", [...shape]) as unknown as Tensor<[...S]>;
}

/** Labels 0..classes-1, deterministic. */
export function randomLabels(n: number, classes: number, seed = 1): number[] {
  const next = uniform01(seed);
  return Array.from({ length: n }, () => Math.floor(next() * classes));
}
