/**
 * The Node implementation of {@link WorkerHost}: `worker_threads` Workers running an `eval`
 * script (so it works the same from TypeScript sources and from `dist/`), unref'd, and
 * `os.availableParallelism()` cores. The only kernel file that imports Node modules.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { WorkerHandle, WorkerHost } from "./worker-host";

/** The core count, asked once (every job consults it). */
let cores: number | undefined;

/**
 * Workers and core count on Node.
 * @example nodeWorkerHost.cores() // 2 on a two-core machine
 */
export const nodeWorkerHost: WorkerHost = {
  cores: () => (cores ??= Math.max(1, availableParallelism())),
  configuredThreads: () => process.env.PUREDIFF_THREADS,
  spawn(source: string, init: unknown, onGone: () => void): WorkerHandle {
    const script = `"use strict";
const { workerData, parentPort } = require("worker_threads");
(${source})(workerData, (handler) => parentPort.on("message", handler));`;
    const worker = new Worker(script, { eval: true, workerData: init });
    worker.unref();
    worker.on("error", onGone);
    worker.on("exit", onGone);
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => void worker.terminate(),
    };
  },
};
