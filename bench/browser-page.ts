/**
 * The benchmarks of `npm run bench` as a Web Worker runs them: bench/browser.ts bundles
 * bench/browser-worker.ts (which calls this) for the browser, with the library's browser
 * platform, and Node calls the same function for its own figures.
 * @module
 */
import { setThreads } from "../src/index";
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
 * @example runBenchmarks(["B1-256"], 1) // [{ bench: "B1-256", ms: 1.9, threads: 1, gflops: 17.6 }]
 */
export function runBenchmarks(ids: readonly string[], threads: number): BenchLine[] {
  setThreads(threads);
  return select(benchmarks, ids).map((b) => {
    const call = b.setup();
    const { ms } = measure(call, b.options);
    return { bench: b.id, ms: round(ms), threads, ...b.extra?.(ms) };
  });
}
