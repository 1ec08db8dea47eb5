/**
 * The benchmarks of `npm run bench` as the page runs them: bundled for the browser by
 * bench/browser.ts (the library's browser build, with its browser platform) and called from
 * the page with a list of ids.
 * @module
 */
import { benchmarks, select } from "./run";
import { measure, round } from "./measure";

/** One benchmark's result as `npm run bench` prints it. */
export interface BenchLine {
  readonly bench: string;
  readonly ms: number;
  readonly [field: string]: number | string;
}

/**
 * Runs the benchmarks `ids` selects (as `--only` does) and returns their lines.
 * @example runBenchmarks(["B1-256"]) // [{ bench: "B1-256", ms: 1.9, gflops: 17.6 }]
 */
export function runBenchmarks(ids: readonly string[]): BenchLine[] {
  return select(benchmarks, ids).map((b) => {
    const call = b.setup();
    const { ms } = measure(call, b.options);
    return { bench: b.id, ms: round(ms), ...b.extra?.(ms) };
  });
}
