/**
 * What every implementation of the comparison uses to check and time its first call:
 * a fingerprint of its results that does not depend on summation order, and a timer.
 * @module
 */

/**
 * Mean absolute value of an array (a fingerprint robust to summation order).
 * @example meanAbs(Float32Array.of(1, -3)) // 2
 */
export function meanAbs(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.abs(xs[i]);
  return s / Math.max(1, xs.length);
}

/**
 * Time of one call of `f` in ms, with its result.
 * @example const { result, ms } = timed(() => vg(params, x));
 */
export function timed<R>(f: () => R): { readonly result: R; readonly ms: number } {
  const t0 = performance.now();
  const result = f();
  return { result, ms: performance.now() - t0 };
}
