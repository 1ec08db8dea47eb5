/**
 * Histograms of values (weights, activations, gradients) as standalone SVG: bars of
 * equal-width bins, axes, an optional line of summary statistics.
 * @module
 */
import { Tensor } from "../../tensor/tensor";
import type { Domain } from "./ticks";
import { clipRect, drawAxes, leftMargin, makeScale, num, PALETTE, svgDocument, text, type Box } from "./svg";

/**
 * Numbers to summarise: an array, a typed array, or a tensor (all its elements).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.histogram(tensor([0.1, 0.2])); train.histogram(new Float32Array(100)); train.histogram([1, 2, 3]);
 * ```
 */
export type Values = ArrayLike<number> | Tensor;

/**
 * Summary statistics of the finite values.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const activations = tensor([1, 2, 3, NaN]);
 * const { mean, std }: train.ValueStats = train.valueStats(activations);
 * [mean, std]; // => [2, 0.8164966]
 * ```
 */
export interface ValueStats {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** How many values were NaN or infinite (left out of everything else). */
  readonly nonFinite: number;
}

/**
 * Bin counts over equal-width bins.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const w = tensor([0, 0.2, 0.4, 1]);
 * const { edges, counts }: train.Histogram = train.histogram(w, { bins: 2 });
 * [edges, counts]; // => [[0, 0.5, 1], [3, 1]]
 * ```
 */
export interface Histogram {
  /** `bins + 1` bin edges, increasing. */
  readonly edges: readonly number[];
  /** The count of each bin (the last bin includes its right edge). */
  readonly counts: readonly number[];
  /** Finite values outside the range, not counted in any bin. */
  readonly outside: number;
  readonly stats: ValueStats;
}

/**
 * Options of {@link histogram}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const w = tensor([-0.5, 0, 0.7, 3]);
 * const h = train.histogram(w, { bins: 2, range: [-1, 1] } satisfies train.HistogramOptions);
 * [h.counts, h.outside]; // => [[1, 2], 1]
 * ```
 */
export interface HistogramOptions {
  /** Number of bins (default 30). */
  readonly bins?: number;
  /** The binned range (default: from the smallest to the largest finite value). */
  readonly range?: Domain;
}

function toNumbers(values: Values): ArrayLike<number> {
  if (values instanceof Tensor) {
    const d = values.data();
    return d instanceof Uint8Array ? Float64Array.from(d) : d;
  }
  return values;
}

/**
 * Count, mean, standard deviation, min and max of the finite values.
 * @example
 * ```ts
 * import { train } from "purediff";
 * // { count: 3, mean: 2, std: 0.816…, min: 1, max: 3, nonFinite: 1 }
 * train.valueStats([1, 2, 3, NaN]); // => { count: 3, mean: 2, std: 0.8164966, min: 1, max: 3, nonFinite: 1 }
 * ```
 */
export function valueStats(values: Values): ValueStats {
  const xs = toNumbers(values);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count === 0 ? NaN : sum / count;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
  }
  return { count, mean, std: count === 0 ? NaN : Math.sqrt(ss / count), min, max, nonFinite: xs.length - count };
}

/**
 * The counts of `values` in `bins` equal-width bins over `range` (default: their
 * finite min to max). NaN and infinities are left out (see `stats.nonFinite`).
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.histogram([0, 0.1, 0.5, 1], { bins: 2 }); // edges [0, 0.5, 1], counts [2, 2]
 * ```
 */
export function histogram(values: Values, options: HistogramOptions = {}): Histogram {
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram: bins must be a positive integer, got ${bins}`);
  const xs = toNumbers(values);
  const stats = valueStats(xs);
  let [lo, hi] = options.range ?? (stats.count === 0 ? [0, 1] : [stats.min, stats.max]);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo || v > hi) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return { edges, counts, outside, stats };
}

/**
 * What {@link histogramSvg} draws.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * const a2 = random.normal(random.key(0), [100]);
 * const spec: train.HistogramSpec = { title: "layer 2", values: a2, bins: 40, xLabel: "activation" };
 * train.histogramSvg(spec).startsWith("<svg"); // => true
 * ```
 */
export interface HistogramSpec extends HistogramOptions {
  readonly title?: string;
  readonly values: Values;
  readonly xLabel?: string;
  /** Default `"count"`. */
  readonly yLabel?: string;
  /** Width in pixels (default 480). */
  readonly width?: number;
  /** Height in pixels (default 320). */
  readonly height?: number;
  /** Bar colour (default the first palette colour). */
  readonly color?: string;
  /** Print mean, std and count under the title (default true). */
  readonly showStats?: boolean;
  /** Base font size in pixels (default 12). */
  readonly fontSize?: number;
}

function short(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

/**
 * The SVG elements of a histogram laid out in `box` (for composing several charts);
 * `id` makes its clip path's id unique in the document.
 * @example renderHistogram({ values: w, title: "layer 1" }, { x: 0, y: 0, width: 240, height: 160 }, "h1")
 */
export function renderHistogram(spec: HistogramSpec, box: Box, id: string): string {
  const fontSize = spec.fontSize ?? 12;
  const h = histogram(spec.values, spec);
  const showStats = spec.showStats !== false;
  const titleHeight = (spec.title === undefined ? 8 : fontSize * 2 + 6) + (showStats ? fontSize + 10 : 0);
  const bottomMargin = 14 + fontSize + (spec.xLabel === undefined ? 0 : fontSize + 12);
  const top = box.y + titleHeight;
  const bottom = box.y + box.height - bottomMargin;
  const maxCount = Math.max(1, ...h.counts);
  const yLabel = spec.yLabel ?? "count";
  const yScale = makeScale([0, maxCount], bottom, top, { ticks: Math.max(2, Math.min(5, Math.floor((bottom - top) / 30))) });
  const left = box.x + leftMargin(yScale, yLabel, fontSize - 1);
  const right = box.x + box.width - 12;
  const lo = h.edges[0];
  const hi = h.edges[h.edges.length - 1];
  const xScale = makeScale([lo, hi], left, right, { exact: true, ticks: Math.max(2, Math.min(6, Math.floor((right - left) / 60))) });
  const area: Box = { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
  const out: string[] = [];
  if (spec.title !== undefined) {
    out.push(text(box.x + box.width / 2, box.y + fontSize + 6, spec.title, { size: fontSize + 2, anchor: "middle", weight: "bold" }));
  }
  if (showStats) {
    const s = h.stats;
    const parts = [`mean ${short(s.mean)}`, `std ${short(s.std)}`, `n ${s.count}`];
    if (s.nonFinite > 0) parts.push(`${s.nonFinite} non-finite`);
    if (h.outside > 0) parts.push(`${h.outside} outside`);
    out.push(text(box.x + box.width / 2, top - 12, parts.join(" · "), { size: fontSize - 1, anchor: "middle", fill: "#555555" }));
  }
  out.push(drawAxes({ area, x: xScale, y: yScale, xLabel: spec.xLabel, yLabel, fontSize: fontSize - 1 }));
  out.push(clipRect(id, area));
  const color = spec.color ?? PALETTE[0];
  const bars: string[] = [];
  h.counts.forEach((c, i) => {
    if (c === 0) return;
    const x0 = xScale.map(h.edges[i]);
    const x1 = xScale.map(h.edges[i + 1]);
    const y = yScale.map(c);
    bars.push(`<rect x="${num(x0)}" y="${num(y)}" width="${num(Math.max(0.5, x1 - x0 - 0.5))}" height="${num(bottom - y)}"/>`);
  });
  out.push(`<g clip-path="url(#${id})" fill="${color}" class="bars">\n${bars.join("\n")}\n</g>`);
  return out.join("\n");
}

/**
 * A histogram as a standalone SVG document, with the mean, standard deviation and count
 * of the values under the title.
 * @example
 * ```ts
 * import { nn, random, train } from "purediff";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const [, params] = nn.serial(nn.dense(16), nn.dense(2)).init(random.key(0), [-1, 8]);
 * writeFileSync(join(tmpdir(), "w1.svg"), train.histogramSvg({ title: "layer 1 weights", values: params[0].W, bins: 40 }));
 * ```
 */
export function histogramSvg(spec: HistogramSpec): string {
  const width = spec.width ?? 480;
  const height = spec.height ?? 320;
  return svgDocument(width, height, renderHistogram(spec, { x: 0, y: 0, width, height }, "plot-area"), spec.title);
}
