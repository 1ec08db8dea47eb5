/**
 * What the browser bundle loads in place of Node's `worker_threads`: a `Worker` that cannot
 * start, so the kernels' helper thread marks itself failed and products run on one thread.
 * @module
 */

/**
 * Node's worker thread, absent in a page: constructing one throws.
 * @example
 * try { new Worker("", {}); } catch (e) { // "worker_threads: not available in a browser page"
 * }
 */
export class Worker {
  constructor() {
    throw new Error("worker_threads: not available in a browser page");
  }
}
