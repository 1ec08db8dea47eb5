/**
 * Timing helper shared by the benchmarks: warm up, then take samples until there are
 * enough of them and enough time has passed, and report the median.
 */

/** How long and how often to measure. */
export interface MeasureOptions {
  /** Warm-up time in ms (at least `minWarmupRuns` calls). Default 300. */
  readonly warmupMs?: number;
  /** Calls made during warm-up whatever the time. Default 3. */
  readonly minWarmupRuns?: number;
  /** Samples taken at least. Default 15. */
  readonly minSamples?: number;
  /** Sampling continues until this many ms have passed (and `minSamples` are taken). Default 1000. */
  readonly targetMs?: number;
  /** Samples taken at most. Default 500. */
  readonly maxSamples?: number;
  /** A sample shorter than this (ms) repeats the call several times and divides. Default 2. */
  readonly minSampleMs?: number;
}

/** The result of {@link measure}: milliseconds per call. */
export interface Measurement {
  /** Median time per call. */
  readonly ms: number;
  /** Fastest sample. */
  readonly minMs: number;
  /** Number of samples. */
  readonly samples: number;
  /** Calls per sample. */
  readonly callsPerSample: number;
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median: empty list");
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Times `fn` (milliseconds per call, median over samples after warm-up). */
export function measure(fn: () => unknown, options: MeasureOptions = {}): Measurement {
  const warmupMs = options.warmupMs ?? 300;
  const minWarmupRuns = options.minWarmupRuns ?? 3;
  const minSamples = options.minSamples ?? 15;
  const targetMs = options.targetMs ?? 1000;
  const maxSamples = options.maxSamples ?? 500;
  const minSampleMs = options.minSampleMs ?? 2;

  const warmEnd = performance.now() + warmupMs;
  let runs = 0;
  let last = 0;
  while (runs < minWarmupRuns || performance.now() < warmEnd) {
    const t0 = performance.now();
    fn();
    last = performance.now() - t0;
    runs++;
  }
  const callsPerSample = Math.max(1, Math.ceil(minSampleMs / Math.max(last, 1e-3)));

  const samples: number[] = [];
  const end = performance.now() + targetMs;
  while (samples.length < minSamples || (performance.now() < end && samples.length < maxSamples)) {
    const t0 = performance.now();
    for (let i = 0; i < callsPerSample; i++) fn();
    samples.push((performance.now() - t0) / callsPerSample);
  }
  return { ms: median(samples), minMs: Math.min(...samples), samples: samples.length, callsPerSample };
}

/** Rounds to `digits` significant digits (for printing). */
export function round(x: number, digits = 4): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}
