/**
 * The Web Worker side of `npm run bench:browser`: receives `{ ids, threads }` (threads 0: the
 * pool's default, every core when the page is isolated), runs those benchmarks and posts
 * their lines back. A worker, because only there can the thread pool block on its workers.
 * @module
 */
import { threads } from "../src/index";
import { runBenchmarks } from "./browser-page";

/** The worker's global scope, as far as this file uses it (the project's `lib` has no DOM). */
interface WorkerScope {
  onmessage: ((event: { readonly data: { readonly ids: readonly string[]; readonly threads: number } }) => void) | null;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
const poolDefault = threads();
scope.onmessage = (event) => {
  try {
    scope.postMessage({ lines: runBenchmarks(event.data.ids, event.data.threads === 0 ? poolDefault : event.data.threads) });
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
