/**
 * A Web Worker for test/browser/demo.test.ts, bundled for the browser like the library: it
 * waits for the thread pool's Web Workers, computes a product on one thread and then on every
 * thread, and reports how many tasks the pool's workers ran and whether the bits agree.
 */
import { matmul, random, setThreads, threadsReady } from "../../src/index";
import { threadPool } from "../../src/tensor/kernels/wasm/threads";

/** What the worker posts back. */
export interface PoolReport {
  readonly size: number;
  readonly ready: number;
  readonly workerTasks: number;
  readonly identical: boolean;
}

const scope = globalThis as unknown as { onmessage: (() => Promise<void>) | null; postMessage(message: unknown): void };

scope.onmessage = async () => {
  const pool = threadPool();
  const size = pool.size;
  const ready = await threadsReady(20_000);
  const a = random.normal(random.key(3), [384, 384]);
  const b = random.normal(random.key(4), [384, 384]);
  setThreads(1);
  const single = matmul(a, b).data();
  setThreads(size);
  // Resizing started fresh workers, which a browser runs only once this thread yields.
  await threadsReady(20_000);
  // Whether a worker claims a task of one product depends on timing (a worker that was asleep
  // may wake after the caller has taken every task), so repeat the product, each time against
  // one thread's bits, until the workers have taken part (or 50 products).
  let workerTasks = 0;
  let identical = true;
  for (let attempt = 0; attempt < 50 && workerTasks === 0; attempt++) {
    const before = pool.stats().workerTasks;
    const pooled = matmul(a, b).data();
    workerTasks = pool.stats().workerTasks - before;
    identical &&= pooled.every((v, i) => Object.is(v, single[i]));
  }
  const report: PoolReport = { size, ready, workerTasks, identical };
  scope.postMessage(report);
};
