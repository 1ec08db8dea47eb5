/**
 * The thread pool's {@link WorkerHost} in a browser: Web Workers started from a Blob URL,
 * sharing the kernels' WebAssembly memory. Workers share memory only in a cross-origin
 * isolated page (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`), and the pool's caller blocks with
 * `Atomics.wait`, which a page's main thread may not do: so the pool uses workers only when
 * purediff itself runs in a (dedicated) Web Worker of an isolated page, and otherwise stays on
 * one thread, with the same results bit for bit. A browser starts a worker once its creator
 * returns to the event loop (see `threadsReady`).
 * @module
 */
import type { WorkerHandle, WorkerHost } from "../../tensor/kernels/wasm/worker-host";

/** The browser's Worker, as far as the host uses it. */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: "error", listener: () => void): void;
}

/** The browser globals the host reads (the project's `lib` has no DOM types). */
interface BrowserGlobals {
  readonly Worker?: new (url: string, options?: { readonly name?: string }) => WebWorker;
  readonly crossOriginIsolated?: boolean;
  readonly document?: unknown;
  readonly navigator?: { readonly hardwareConcurrency?: number };
}

const web = globalThis as unknown as BrowserGlobals;

/**
 * Why workers cannot run here, or undefined when they can.
 * @example whyNoWorkers() // "the page is not cross-origin isolated (...)"
 */
export function whyNoWorkers(): string | undefined {
  if (web.Worker === undefined) return "this environment has no Web Workers";
  if (web.crossOriginIsolated !== true)
    return "the page is not cross-origin isolated (serve it with COOP: same-origin and COEP: require-corp), so workers cannot share memory";
  if (web.document !== undefined) return "the main thread of a page cannot block on workers: run purediff in a Web Worker to use several threads";
  return undefined;
}

/** The worker's script: the first message is the init data, the later ones go to `listen`'s handler. */
function script(source: string): string {
  return `"use strict";
self.onmessage = (first) => {
  let handler = () => {};
  self.onmessage = (event) => handler(event.data);
  (${source})(first.data, (h) => { handler = h; });
};`;
}

/** One Blob URL per worker source (the pool has one). */
const urls = new Map<string, string>();

function urlFor(source: string): string {
  let url = urls.get(source);
  if (url === undefined) {
    url = URL.createObjectURL(new Blob([script(source)], { type: "text/javascript" }));
    urls.set(source, url);
  }
  return url;
}

/**
 * Web Workers for the thread pool: every core (`navigator.hardwareConcurrency`) inside a
 * Web Worker of a cross-origin isolated page, one thread anywhere else.
 * @example webWorkerHost.cores() // 8 in a worker of an isolated page, 1 on the main thread
 */
export const webWorkerHost: WorkerHost = {
  cores: () => (whyNoWorkers() === undefined ? Math.max(1, web.navigator?.hardwareConcurrency ?? 1) : 1),
  configuredThreads: () => undefined,
  spawn(source: string, init: unknown, onGone: () => void): WorkerHandle {
    const why = whyNoWorkers();
    if (why !== undefined || web.Worker === undefined) throw new Error(`thread pool: ${why}`);
    const worker = new web.Worker(urlFor(source), { name: "purediff-pool" });
    worker.addEventListener("error", onGone);
    worker.postMessage(init);
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => worker.terminate(),
    };
  },
};
