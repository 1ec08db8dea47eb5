/**
 * The Web Worker side of `npm run bench:browser`: receives `{ ids, threads }` (threads 0: the
 * pool's default, every core when the page is isolated), runs those benchmarks and posts
 * their lines back. A worker, because only there can the thread pool block on its workers.
 * @module
 */
import { setThreads, threads, threadsReady } from "../src/index";

import { runBenchmarks } from "./browser-page";

/** The worker's global scope, as far as this file uses it (the project's `lib` has no DOM). */
interface WorkerScope {
  onmessage: ((event: { readonly data: { readonly ids: readonly string[]; readonly threads: number } }) => Promise<void>) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
const poolDefault = threads();
scope.onmessage = async (event) => {
  try {
    const count = event.data.threads === 0 ? poolDefault : event.data.threads;
    // The pool's workers start only while this worker waits in its event loop.
    setThreads(count);
    const ready = await threadsReady(10_000);
    if (ready < count) throw new Error(`only ${ready} of ${count} threads started`);
    scope.postMessage({ lines: runBenchmarks(event.data.ids, count) });
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
