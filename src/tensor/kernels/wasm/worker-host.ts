/**
 * The platform seam of the thread pool: how to start a worker and how many cores there are.
 * The pool ({@link ThreadPool}) only talks to a {@link WorkerHost}; `worker-host-node.ts`
 * implements it with `worker_threads` and `os`, and a page can supply one built on Web Workers.
 * Nothing here names a Node type.
 *
 * A worker's code is the source text of a JavaScript function expression
 * `(init, listen) => { … }`: the host runs it once in the new worker with the init data
 * (structured-cloned: it holds `SharedArrayBuffer`s, WebAssembly memories and modules) and
 * `listen(handler)`, which registers `handler(message)` for the messages the pool later sends
 * with {@link WorkerHandle.post}.
 */

/** One started worker. */
export interface WorkerHandle {
  /** Sends a structured-clonable message to the worker's `listen` handler. */
  post(message: unknown): void;
  /** Stops the worker (it may be in the middle of nothing: the pool retires idle workers only). */
  terminate(): void;
}

/** What the pool needs from the platform. */
export interface WorkerHost {
  /** Logical cores the machine offers this process (at least 1). */
  cores(): number;
  /**
   * The user's thread-count setting (Node: the `PUREDIFF_THREADS` environment variable), or
   * undefined when there is none.
   */
  configuredThreads(): string | undefined;
  /**
   * Starts a worker running `source` (see the file header) with `init`; `onGone` is called
   * if it fails to start, throws or exits. The worker never keeps the process alive.
   * Throws when workers cannot be started at all.
   */
  spawn(source: string, init: unknown, onGone: () => void): WorkerHandle;
}
