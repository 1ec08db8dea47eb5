/**
 * A Web Worker for test/browser/demo.test.ts, bundled for the browser like the library: it
 * waits for the thread pool's Web Workers, computes a product on every thread and on one, and
 * reports how many tasks the pool's workers ran and whether the bits agree.
 */
import { matmul, random, setThreads } from "../../src/index";
import { threadPool } from "../../src/tensor/kernels/wasm/threads";
import { poolReady } from "../../src/platform/browser/pool-ready";

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
  const ready = await poolReady(20_000);
  const a = random.normal(random.key(3), [384, 384]);
  const b = random.normal(random.key(4), [384, 384]);
  const before = pool.stats().workerTasks;
  const pooled = matmul(a, b).data();
  const workerTasks = pool.stats().workerTasks - before;
  setThreads(1);
  const single = matmul(a, b).data();
  setThreads(size);
  const report: PoolReport = { size, ready, workerTasks, identical: pooled.every((v, i) => Object.is(v, single[i])) };
  scope.postMessage(report);
};
