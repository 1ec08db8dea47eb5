/**
 * What the browser bundle loads in place of Node's `os` (the kernels ask it how many cores
 * to use): one, so products stay on the calling thread until a Web Worker host is in place.
 * @module
 */

/**
 * The cores the kernels may use in a page: 1.
 * @example availableParallelism() // 1
 */
export function availableParallelism(): number {
  return 1;
}
