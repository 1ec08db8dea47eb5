/**
 * The process-wide thread pool ({@link ThreadPool}) the heavy kernels share, and the public
 * thread-count setting: `PUREDIFF_THREADS` if set, else every core; {@link setThreads} changes
 * it at run time. Workers start lazily, on the first job that wants them; a job runs on at most
 * as many threads as there are cores. The platform is Node's ({@link nodeWorkerHost}) unless
 * {@link setWorkerHost} installs another (a page's Web Workers).
 */
import { ThreadPool } from "./pool";
import type { WorkerHost } from "./worker-host";
import { nodeWorkerHost } from "./worker-host-node";

/** The most threads a pool may have (a sanity bound: each worker costs a JS engine). */
export const maxThreads = 1024;

let host: WorkerHost = nodeWorkerHost;
let pool: ThreadPool | undefined;

/**
 * The thread count a `PUREDIFF_THREADS` value asks for: `cores` when unset or empty, else the
 * positive integer it spells. Throws on anything else.
 * @example parseThreadCount("4", 2) // 4
 */
export function parseThreadCount(text: string | undefined, cores: number): number {
  if (text === undefined || text.trim() === "") return cores;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > maxThreads) {
    throw new Error(`PUREDIFF_THREADS must be a whole number of threads from 1 to ${maxThreads}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/**
 * The shared pool, created on first use with the configured size.
 * @example threadPool().run({ module, memory, exportName: "run_f32", params: [params] })
 */
export function threadPool(): ThreadPool {
  if (pool === undefined) pool = new ThreadPool(host, parseThreadCount(host.configuredThreads(), host.cores()));
  return pool;
}

/**
 * Replaces the platform the pool starts workers on (a page's Web Worker host); retires the
 * current pool's workers, keeping its size.
 * @example setWorkerHost(webWorkerHost)
 */
export function setWorkerHost(next: WorkerHost): void {
  const size = pool?.size;
  pool?.resize(1);
  host = next;
  pool = size === undefined ? undefined : new ThreadPool(host, size);
}

/**
 * How many threads the heavy kernels (matrix products, the products of convolutions) may use, the
 * calling thread included: `PUREDIFF_THREADS` if set, else the machine's cores, until
 * {@link setThreads}.
 * @example
 * ```ts
 * import { setThreads, threads } from "purediff";
 * setThreads(2);
 * threads(); // => 2
 * ```
 */
export function threads(): number {
  return threadPool().size;
}

/**
 * Sets how many threads the heavy kernels use, the calling thread included, starting or
 * retiring worker threads. Results do not depend on it. A kernel runs on at most as many
 * threads as the machine has cores (more would only take turns on them), and without shared
 * WebAssembly memory (e.g. a page that is not cross-origin isolated) on one thread.
 * @example
 * ```ts
 * import { setThreads, threads } from "purediff";
 * setThreads(1); // everything on the calling thread
 * threads(); // => 1
 * ```
 */
export function setThreads(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > maxThreads) {
    throw new Error(`setThreads: n must be a whole number of threads from 1 to ${maxThreads}, got ${n}`);
  }
  threadPool().resize(n);
}

/**
 * Starts the workers and waits for them, yielding to the event loop, until every thread a
 * kernel may use runs or `timeoutMs` passes; resolves to how many threads are ready, the
 * caller included. A browser starts a Web Worker only once the thread that created it returns
 * to its event loop, so in a page's worker await this before heavy work (and after
 * {@link setThreads}); until then products run on one thread, with the same results. Without
 * shared memory (a page that is not cross-origin isolated) it resolves to 1. Under Node the
 * workers start by themselves and this only waits for them to boot.
 * @example
 * ```ts
 * import { threads, threadsReady } from "purediff";
 * threadsReady(10_000).then((ready) => console.log(ready >= 1 && ready <= threads())); // logs true
 * ```
 */
export async function threadsReady(timeoutMs: number): Promise<number> {
  if (!(timeoutMs >= 0)) throw new Error(`threadsReady: timeoutMs must be a number of milliseconds >= 0, got ${timeoutMs}`);
  if (typeof SharedArrayBuffer === "undefined") return 1;
  const pool = threadPool();
  const end = Date.now() + timeoutMs;
  let ready = pool.waitReady(0);
  while (ready < pool.active && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ready = pool.waitReady(0);
  }
  return ready;
}
