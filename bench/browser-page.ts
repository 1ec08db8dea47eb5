/**
 * The benchmarks of `npm run bench` as a Web Worker runs them: bench/browser.ts bundles
 * bench/browser-worker.ts (which calls this) for the browser, with the library's browser
 * platform, and Node calls the same function for its own figures.
 * @module
 */
import { setThreads } from "../src/index";
import { threadPool } from "../src/tensor/kernels/wasm/threads";
import { benchmarks, select } from "./run";
import { measure, round } from "./measure";

/** One benchmark's result as `npm run bench` prints it, with the thread count. */
export interface BenchLine {
  readonly bench: string;
  readonly ms: number;
  readonly threads: number;
  readonly [field: string]: number | string;
}

/**
 * Runs the benchmarks `ids` selects (as `--only` does) on `threads` threads and returns their lines.
 * @example runBenchmarks(["B1-256"], 1) // [{ bench: "B1-256", ms: 1.9, threads: 1, workerShare: 0, gflops: 17.6 }]
 */
export function runBenchmarks(ids: readonly string[], threads: number): BenchLine[] {
  setThreads(threads);
  return select(benchmarks, ids).map((b) => {
    const call = b.setup();
    const before = threadPool().stats();
    const { ms } = measure(call, b.options);
    const after = threadPool().stats();
    // The share of the tasks the pool's workers ran: 0 when the work stayed on the caller.
    const tasks = after.workerTasks - before.workerTasks + after.callerTasks - before.callerTasks;
    const workerShare = tasks === 0 ? 0 : round((after.workerTasks - before.workerTasks) / tasks, 2);
    return { bench: b.id, ms: round(ms), threads, workerShare, ...b.extra?.(ms) };
  });
}
