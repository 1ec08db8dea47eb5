/**
 * Round-robin timing: every implementation is prepared once, then each round runs each of
 * them in turn for a short slice of time, so a change of machine load during the run falls
 * on all of them alike. The figure reported is the median over all samples of all rounds.
 * @module
 */
import { median } from "../measure";

/** An implementation ready to time. */
export interface Prepared {
  /** One call of the workload, results computed (a returned promise is awaited). */
  readonly run: () => unknown;
  /** Numbers that must agree between libraries (e.g. the loss and gradient norms), computed once. */
  readonly fingerprint: readonly number[];
  /** The first call's time in ms (tracing and compiling for jit; warm-up otherwise). */
  readonly firstMs: number;
  /** Frees what `run` keeps alive (called once after the last round). */
  readonly dispose?: () => void;
}

/** One (benchmark, library) entry of the comparison. */
export interface Entry {
  readonly bench: string;
  readonly lib: string;
  /** Makes this entry's library state current (TF.js backend, purediff matmul threads); untimed. */
  readonly activate?: () => void | Promise<void>;
  /** Builds the inputs, makes the first call and checks it (untimed). */
  readonly prepare: () => Prepared | Promise<Prepared>;
}

/** How long each entry runs in each round. */
export interface RoundOptions {
  /** Rounds (default 9). */
  readonly rounds?: number;
  /** Time sampled per entry and round, ms (default 120; at least `minSamplesPerRound` samples). */
  readonly sliceMs?: number;
  /** Samples per entry and round at least (default 2). */
  readonly minSamplesPerRound?: number;
  /** A sample shorter than this repeats the call and divides (default 5 ms). */
  readonly minSampleMs?: number;
  /** Called after each round (progress), with the round's number from 0. */
  readonly onRound?: (round: number) => void;
}

/** The timing of one entry. */
export interface Timing {
  readonly bench: string;
  readonly lib: string;
  /** Median ms per call over all samples. */
  readonly ms: number;
  /** 10th percentile of the samples (what a quieter moment gives). */
  readonly p10Ms: number;
  /** 90th percentile of the samples. */
  readonly p90Ms: number;
  readonly samples: number;
  readonly rounds: number;
  readonly callsPerSample: number;
  readonly firstMs: number;
  readonly fingerprint: readonly number[];
}

/** An entry that could not be prepared or run, with the reason. */
export interface Failure {
  readonly bench: string;
  readonly lib: string;
  readonly error: string;
}

/** The q-quantile (0..1) of a non-empty list, nearest rank. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** A one-line message of a thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]}`;
  return String(e);
}

async function call(run: () => unknown): Promise<void> {
  const r = run();
  if (r instanceof Promise) await r;
}

interface Live {
  readonly entry: Entry;
  readonly prepared: Prepared;
  readonly samples: number[];
  callsPerSample: number;
  failed?: string;
}

/**
 * Prepares every entry (in order), then runs `rounds` rounds; each round visits the entries
 * in a rotated order (round r starts at entry r) so no library always follows the same one.
 */
export async function roundRobin(entries: readonly Entry[], options: RoundOptions = {}): Promise<{ timings: Timing[]; failures: Failure[] }> {
  const rounds = options.rounds ?? 9;
  const sliceMs = options.sliceMs ?? 120;
  const minSamples = options.minSamplesPerRound ?? 2;
  const minSampleMs = options.minSampleMs ?? 5;
  const failures: Failure[] = [];
  const live: Live[] = [];
  for (const entry of entries) {
    try {
      await entry.activate?.();
      const prepared = await entry.prepare();
      live.push({ entry, prepared, samples: [], callsPerSample: 1 });
    } catch (e) {
      failures.push({ bench: entry.bench, lib: entry.lib, error: errorText(e) });
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < live.length; k++) {
      const item = live[(k + r) % live.length];
      if (item.failed !== undefined) continue;
      try {
        await item.entry.activate?.();
        // one untimed call: the previous entry evicted this one's caches and code
        const w0 = performance.now();
        await call(item.prepared.run);
        const warmMs = performance.now() - w0;
        if (r === 0) item.callsPerSample = Math.max(1, Math.ceil(minSampleMs / Math.max(warmMs, 1e-3)));
        const end = performance.now() + sliceMs;
        let taken = 0;
        while (taken < minSamples || performance.now() < end) {
          const t0 = performance.now();
          for (let i = 0; i < item.callsPerSample; i++) await call(item.prepared.run);
          item.samples.push((performance.now() - t0) / item.callsPerSample);
          taken++;
        }
      } catch (e) {
        item.failed = errorText(e);
      }
    }
    options.onRound?.(r);
  }
  const timings: Timing[] = [];
  for (const item of live) {
    item.prepared.dispose?.();
    const { bench, lib } = item.entry;
    if (item.failed !== undefined || item.samples.length === 0) {
      failures.push({ bench, lib, error: item.failed ?? "no samples" });
      continue;
    }
    timings.push({
      bench,
      lib,
      ms: median(item.samples),
      p10Ms: quantile(item.samples, 0.1),
      p90Ms: quantile(item.samples, 0.9),
      samples: item.samples.length,
      rounds,
      callsPerSample: item.callsPerSample,
      firstMs: item.prepared.firstMs,
      fingerprint: item.prepared.fingerprint,
    });
  }
  return { timings, failures };
}
