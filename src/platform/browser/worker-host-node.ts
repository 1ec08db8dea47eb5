/**
 * What the browser bundle loads in place of the kernels' `worker-host-node.ts` (which needs
 * `worker_threads` and `os`): the Web Worker host, under the name the thread pool imports.
 * @module
 */
export { webWorkerHost as nodeWorkerHost } from "./web-worker-host";
