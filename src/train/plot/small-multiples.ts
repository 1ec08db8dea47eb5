/**
 * Small multiples: a grid of small charts (histograms or line charts) with titles in
 * one SVG document, e.g. the activation histogram of every layer of a network side by
 * side to see how an initialization keeps or loses the signal.
 * @module
 */
import { histogram, renderHistogram, type HistogramSpec } from "./histogram";
import { renderLineChart, type LineChartSpec } from "./line-chart";
import { escapeXml, num, svgDocument, text } from "./svg";
import type { Domain } from "./ticks";

/**
 * One panel: a histogram or a line chart, with its own title.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * const a1 = random.normal(random.key(0), [100]);
 * const p: train.Panel = { kind: "histogram", title: "layer 1", values: a1 };
 * ```
 */
export type Panel = ({ readonly kind: "histogram" } & HistogramSpec) | ({ readonly kind: "line" } & LineChartSpec);

/**
 * What {@link smallMultiples} draws.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * const panels: train.Panel[] = [0, 1].map((i) => ({ kind: "histogram", title: `layer ${i + 1}`, values: random.normal(random.key(i), [50]) }));
 * const spec: train.SmallMultiplesSpec = { title: "init", columns: 5, sharedX: true, panels };
 * train.smallMultiples(spec).startsWith("<svg"); // => true
 * ```
 */
export interface SmallMultiplesSpec {
  /** The title above the grid. */
  readonly title?: string;
  readonly panels: readonly Panel[];
  /** Panels per row (default: up to 5, rows as even as possible). */
  readonly columns?: number;
  /** Width of each panel in pixels (default 260). */
  readonly panelWidth?: number;
  /** Height of each panel in pixels (default 200). */
  readonly panelHeight?: number;
  /**
   * Give every histogram panel without its own `range` the same x range (that of all
   * their values), so the panels compare at a glance (default false).
   */
  readonly sharedX?: boolean;
  /** Base font size of the panels in pixels (default 11). */
  readonly fontSize?: number;
}

/**
 * Panels per row for `n` panels: all in one row up to 5, else rows of at most 5 as even
 * as possible.
 * @example defaultColumns(10) // 5
 * @example defaultColumns(6) // 3
 */
export function defaultColumns(n: number): number {
  if (n <= 5) return Math.max(1, n);
  return Math.ceil(n / Math.ceil(n / 5));
}

function sharedRange(panels: readonly Panel[]): Domain | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of panels) {
    if (p.kind !== "histogram" || p.range !== undefined) continue;
    const s = histogram(p.values, { bins: 1 }).stats;
    if (s.count === 0) continue;
    lo = Math.min(lo, s.min);
    hi = Math.max(hi, s.max);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * A grid of titled panels as one SVG document; each panel is a `<g class="panel">`.
 * @example
 * ```ts
 * import { random, tanh, train } from "purediff";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const activations = [0, 1, 2].map((i) => tanh(random.normal(random.key(i), [200])));
 * const svg = train.smallMultiples({
 *   title: "Activations per layer (tanh, Xavier init)",
 *   sharedX: true,
 *   panels: activations.map((a, i) => ({ kind: "histogram" as const, title: `layer ${i + 1}`, values: a, bins: 40 })),
 * });
 * writeFileSync(join(tmpdir(), "activations.svg"), svg);
 * ```
 */
export function smallMultiples(spec: SmallMultiplesSpec): string {
  const n = spec.panels.length;
  const columns = spec.columns ?? defaultColumns(n);
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`smallMultiples: columns must be a positive integer, got ${columns}`);
  const pw = spec.panelWidth ?? 260;
  const ph = spec.panelHeight ?? 200;
  const fontSize = spec.fontSize ?? 11;
  const rows = Math.max(1, Math.ceil(n / columns));
  const titleHeight = spec.title === undefined ? 0 : 40;
  const pad = 10;
  const width = columns * pw + 2 * pad;
  const height = titleHeight + rows * ph + 2 * pad;
  const range = spec.sharedX === true ? sharedRange(spec.panels) : undefined;
  const out: string[] = [];
  if (spec.title !== undefined) {
    out.push(text(width / 2, pad + 20, spec.title, { size: 17, anchor: "middle", weight: "bold" }));
  }
  spec.panels.forEach((panel, i) => {
    const box = { x: pad + (i % columns) * pw, y: pad + titleHeight + Math.floor(i / columns) * ph, width: pw, height: ph };
    const id = `panel-${i}`;
    const body =
      panel.kind === "histogram"
        ? renderHistogram({ fontSize, ...panel, range: panel.range ?? range }, box, id)
        : renderLineChart({ fontSize, ...panel }, box, id);
    const label = panel.title === undefined ? "" : ` aria-label="${escapeXml(panel.title)}"`;
    out.push(`<g class="panel"${label}>`);
    out.push(`<rect x="${num(box.x + 2)}" y="${num(box.y + 2)}" width="${num(pw - 4)}" height="${num(ph - 4)}" fill="none" stroke="#eeeeee"/>`);
    out.push(body, "</g>");
  });
  return svgDocument(width, height, out.join("\n"), spec.title);
}
