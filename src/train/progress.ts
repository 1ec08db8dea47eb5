/**
 * Progress of a training loop: the loop calls `start(total, label)` at the start of an
 * epoch, `update(step, { loss, ... })` after steps, `stop(summary)` at its end. On a
 * terminal a live bar (cli-progress) shows the steps, the metrics, the throughput and
 * the time left; in CI, when the output is not a TTY or in a browser (no terminal), plain
 * lines are printed (one per epoch, or every N steps); tests use the silent or recording
 * reporters.
 * @module
 */
import { platform, type ProgressBar } from "../platform";

/**
 * Numbers to show next to the progress, e.g. `{ loss: 0.31, accuracy: 0.91 }`.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { reporter, events } = train.recordProgress();
 * const metrics: train.Metrics = { loss: 0.31, accuracy: 0.91 };
 * reporter.start(10, "epoch 1");
 * reporter.update(1, metrics);
 * events.length; // => 2
 * ```
 */
export interface Metrics {
  readonly [name: string]: number | undefined;
}

/**
 * What a training loop reports its progress to.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const { reporter: progress, events } = train.recordProgress();
 * const reporter: train.ProgressReporter = progress;
 * reporter.start(3, "epoch 1/1");
 * reporter.update(1, { loss: 0.9 });
 * reporter.stop({ loss: 0.8 });
 * events.map((e) => e.kind); // => ["start", "update", "stop"]
 * ```
 */
export interface ProgressReporter {
  /** A new run of `total` steps begins (e.g. an epoch), labelled `label`. */
  start(total: number, label?: string): void;
  /** `step` steps (of `total`) are done; `metrics` are the latest values. */
  update(step: number, metrics?: Metrics): void;
  /** The run ends; `summary` (e.g. the epoch's mean loss, the validation loss) is shown. */
  stop(summary?: Metrics): void;
}

/**
 * Options shared by the reporters.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.plainProgress({ unit: "batches", batchSize: 64 })
 * ```
 */
export interface ProgressOptions {
  /** What a step is called in the throughput (default `"steps"`). */
  readonly unit?: string;
  /** Examples per step: the throughput is then also shown in examples per second. */
  readonly batchSize?: number;
  /** The clock in milliseconds (default `performance.now`), replaceable in tests. */
  readonly now?: () => number;
}

/**
 * Options of {@link plainProgress}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const log: string[] = [];
 * const progress = train.plainProgress({ every: 100, write: (line) => log.push(line) } satisfies train.PlainProgressOptions);
 * progress.start(200, "epoch 1/1");
 * for (let s = 1; s <= 200; s++) progress.update(s, { loss: 0.5 });
 * log.length; // => 2
 * ```
 */
export interface PlainProgressOptions extends ProgressOptions {
  /** Where lines go (default: `console.log`). */
  readonly write?: (line: string) => void;
  /** Also print a line every `every` steps (default: only at `stop`). */
  readonly every?: number;
}

/**
 * Options of {@link barProgress}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.barProgress({ stream: process.stdout })
 * ```
 */
export interface BarProgressOptions extends ProgressOptions {
  /** The stream the bar is drawn on (default `process.stderr`; a browser has none). */
  readonly stream?: NodeJS.WritableStream;
}

/**
 * A number with 4 significant digits (exponent notation when tiny or huge).
 * @example formatMetric(0.123456) // "0.1235"
 */
export function formatMetric(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/**
 * Metrics as `name value` pairs joined by ` · `.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.formatMetrics({ loss: 0.5, accuracy: 0.91234 }); // => "loss 0.5 · accuracy 0.9123"
 * ```
 */
export function formatMetrics(metrics: Metrics | undefined): string {
  if (metrics === undefined) return "";
  return Object.entries(metrics)
    .filter((e): e is [string, number] => typeof e[1] === "number")
    .map(([k, v]) => `${k} ${formatMetric(v)}`)
    .join(" · ");
}

function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}

/** Shared bookkeeping: elapsed time, throughput. */
class Clock {
  private t0 = 0;
  constructor(private readonly options: ProgressOptions) {}
  private get now(): () => number {
    return this.options.now ?? (() => performance.now());
  }
  reset(): void {
    this.t0 = this.now();
  }
  elapsed(): number {
    return this.now() - this.t0;
  }
  /** e.g. "1234 steps/s · 39488 examples/s" */
  rate(steps: number): string {
    const seconds = this.elapsed() / 1000;
    if (!(seconds > 0) || steps <= 0) return "";
    const perSecond = steps / seconds;
    const parts = [`${formatRate(perSecond)} ${this.options.unit ?? "steps"}/s`];
    if (this.options.batchSize !== undefined) parts.push(`${formatRate(perSecond * this.options.batchSize)} examples/s`);
    return parts.join(" · ");
  }
}

function formatRate(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3);
}

function join(parts: readonly string[]): string {
  return parts.filter((p) => p !== "").join(" · ");
}

/**
 * A reporter that does nothing (for tests and quiet runs).
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * train.fit({ model: net, params, optimizer: optim.sgd(0.1), data: { x, y }, epochs: 1, batchSize: 50, key: random.key(1), progress: train.silentProgress() }).history.length; // => 1
 * ```
 */
export function silentProgress(): ProgressReporter {
  return { start() {}, update() {}, stop() {} };
}

/**
 * One call received by a {@link recordProgress} reporter.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const e: train.ProgressEvent = { kind: "update", step: 3, metrics: { loss: 0.5 } };
 * ```
 */
export type ProgressEvent =
  | { readonly kind: "start"; readonly total: number; readonly label: string | undefined }
  | { readonly kind: "update"; readonly step: number; readonly metrics: Metrics | undefined }
  | { readonly kind: "stop"; readonly summary: Metrics | undefined };

/**
 * A reporter that records every call, to check in tests what a training loop reports.
 * @example
 * ```ts
 * import { nn, optim, random, train } from "purediff";
 * const { x, y } = train.loadIris();
 * const net = nn.dense(3);
 * const [, params] = net.init(random.key(0), [-1, 4]);
 * const { reporter, events } = train.recordProgress();
 * train.fit({ model: net, params, optimizer: optim.sgd(0.1), data: { x, y }, epochs: 2, batchSize: 50, key: random.key(1), progress: reporter });
 * // the number of epochs
 * events.filter((e) => e.kind === "stop").length; // => 2
 * ```
 */
export function recordProgress(): { readonly reporter: ProgressReporter; readonly events: readonly ProgressEvent[] } {
  const events: ProgressEvent[] = [];
  return {
    events,
    reporter: {
      start: (total, label) => void events.push({ kind: "start", total, label }),
      update: (step, metrics) => void events.push({ kind: "update", step, metrics }),
      stop: (summary) => void events.push({ kind: "stop", summary }),
    },
  };
}

/**
 * Plain lines for logs and CI: one line at each `stop` (`epoch 3/10: 469/469 steps ·
 * loss 0.1234 · 1530 steps/s · 0.31 s`), and one every `every` steps when set.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const progress = train.plainProgress({ every: 100, batchSize: 128 });
 * progress.start(469, "epoch 1/10");
 * // prints "epoch 1/10: step 100/469 · loss 0.52 · ..."
 * progress.update(100, { loss: 0.52 }); // => undefined
 * ```
 */
export function plainProgress(options: PlainProgressOptions = {}): ProgressReporter {
  const write = options.write ?? ((line: string) => console.log(line));
  const clock = new Clock(options);
  let total = 0;
  let label = "";
  let last = 0;
  let lastMetrics: Metrics | undefined;
  const prefix = (): string => (label === "" ? "" : `${label}: `);
  return {
    start(n, l) {
      total = n;
      label = l ?? "";
      last = 0;
      lastMetrics = undefined;
      clock.reset();
    },
    update(step, metrics) {
      const crossed = options.every !== undefined && options.every > 0 && Math.floor(step / options.every) > Math.floor(last / options.every);
      last = step;
      lastMetrics = metrics ?? lastMetrics;
      if (crossed) write(prefix() + join([`step ${step}/${total}`, formatMetrics(lastMetrics), clock.rate(step)]));
    },
    stop(summary) {
      const unit = options.unit ?? "steps";
      write(prefix() + join([`${last}/${total} ${unit}`, formatMetrics(summary ?? lastMetrics), clock.rate(last), formatDuration(clock.elapsed())]));
    },
  };
}

/**
 * A live progress bar (cli-progress) with the metrics, throughput and time left; at
 * `stop` the bar stays with the summary on a line below. Where there is no terminal (a
 * browser) and no `stream` is given, plain lines on the console ({@link plainProgress}).
 * @example
 * ```ts
 * import { train } from "purediff";
 * import { Writable } from "node:stream";
 * const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
 * const progress = train.barProgress({ batchSize: 128, stream: quiet });
 * progress.start(469, "epoch 1/10");
 * for (let s = 1; s <= 469; s++) progress.update(s, { loss: 0.5 });
 * progress.stop({ loss: 0.5, "val loss": 0.6 });
 * ```
 */
export function barProgress(options: BarProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? platform.terminal.errorStream();
  if (stream === undefined) return plainProgress(options);
  const clock = new Clock(options);
  let bar: ProgressBar | undefined;
  let label = "";
  let last = 0;
  let lastMetrics: Metrics | undefined;
  return {
    start(total, l) {
      bar?.stop();
      label = l ?? "";
      last = 0;
      lastMetrics = undefined;
      clock.reset();
      bar = platform.terminal.progressBar({
        format: `${label === "" ? "" : `${label} `}{bar} {value}/{total} | {metrics} | {rate} | ETA {eta_formatted}`,
        stream,
        barsize: 30,
      });
      bar.start(total, 0, { metrics: "", rate: "" });
    },
    update(step, metrics) {
      last = step;
      lastMetrics = metrics ?? lastMetrics;
      bar?.update(step, { metrics: formatMetrics(lastMetrics), rate: clock.rate(step) });
    },
    stop(summary) {
      if (bar !== undefined) {
        bar.update(last, { metrics: formatMetrics(lastMetrics), rate: clock.rate(last) });
        bar.stop();
        bar = undefined;
      }
      const line = join([formatMetrics(summary ?? lastMetrics), clock.rate(last), formatDuration(clock.elapsed())]);
      stream.write(`${label === "" ? "" : `${label}: `}${line}\n`);
    },
  };
}

/**
 * True when running in CI (the `CI` environment variable is set and not `false`/`0`).
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.isCI({ CI: "true" }); // => true
 * train.isCI({ CI: "false" }); // => false
 * train.isCI({}); // => false
 * ```
 */
export function isCI(env: NodeJS.ProcessEnv = platform.terminal.env()): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/**
 * The reporter that suits where the program runs: a live bar on an interactive terminal,
 * plain lines in CI, when the output is redirected, or in a browser.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const progress = train.defaultProgress({ batchSize: 128, every: 100 });
 * ```
 */
export function defaultProgress(options: PlainProgressOptions & BarProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? platform.terminal.errorStream();
  const tty = (stream as (NodeJS.WritableStream & { isTTY?: boolean }) | undefined)?.isTTY === true;
  return tty && !isCI() ? barProgress(options) : plainProgress(options);
}
