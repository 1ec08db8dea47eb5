/**
 * Waiting, in a browser, for the thread pool's Web Workers to run. A browser starts a worker
 * only once the thread that created it returns to its event loop, so a thread that computes
 * without pause keeps its pool's workers from starting (its products then run on one thread,
 * with the same results). Awaiting this after creating or resizing the pool lets them start.
 * @module
 */
import { threadPool } from "../../tensor/kernels/wasm/threads";

/**
 * Starts the pool's workers and yields to the event loop until all run or `timeoutMs` passes;
 * resolves to how many threads are ready, the caller included.
 * @example const ready = await poolReady(10_000); // 8 in a worker of an isolated page
 */
export async function poolReady(timeoutMs: number): Promise<number> {
  const pool = threadPool();
  const end = Date.now() + timeoutMs;
  let ready = pool.waitReady(0);
  while (ready < pool.active && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ready = pool.waitReady(0);
  }
  return ready;
}
