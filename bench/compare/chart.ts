/**
 * The comparison's picture: one panel per benchmark, in each a bar per library (median ms
 * per call on a log axis, lower is better; whiskers from the 10th to the 90th percentile),
 * libraries coloured alike in every panel, failures marked. Plain SVG built with the plot helpers of
 * src/train/plot.
 * @module
 */
import { escapeXml, makeScale, num, PALETTE, svgDocument, text, textWidth } from "../../src/train/plot/svg";

/** One bar: a library's figure in one benchmark, or why it has none. */
export interface Bar {
  readonly lib: string;
  readonly ms?: number;
  readonly p10Ms?: number;
  readonly p90Ms?: number;
  /** Shown instead of a bar (e.g. "failed: stack overflow"). */
  readonly failed?: string;
}

/** A panel: one benchmark. */
export interface Panel {
  readonly title: string;
  readonly subtitle?: string;
  readonly bars: readonly Bar[];
}

/** What {@link groupedBarChartSvg} draws. */
export interface BarChartSpec {
  readonly title: string;
  /** Lines under the title (machine, versions). */
  readonly notes?: readonly string[];
  /** Every library in legend order. */
  readonly libs: readonly string[];
  /** Colours by library (default: the palette in legend order), to keep them across runs. */
  readonly colors?: Readonly<Record<string, string>>;
  readonly panels: readonly Panel[];
  /** Panels per row (default 3). */
  readonly columns?: number;
}

/** Up to 3 significant digits, as a bar label. */
export function shortMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(2);
}

/**
 * A standalone SVG document: title, notes, a legend of the libraries, then the panels in a
 * grid, each with its own logarithmic ms axis (bars rise from the axis' lower end).
 * @example
 * groupedBarChartSvg({ title: "ms per call", libs: ["a", "b"], panels: [{ title: "B1", bars: [{ lib: "a", ms: 2 }, { lib: "b", ms: 3 }] }] })
 */
export function groupedBarChartSvg(spec: BarChartSpec): string {
  const columns = Math.max(1, Math.min(spec.columns ?? 3, spec.panels.length));
  const colorOf = (lib: string): string => spec.colors?.[lib] ?? PALETTE[Math.max(0, spec.libs.indexOf(lib)) % PALETTE.length];
  const panelW = 380;
  const panelH = 250;
  const notes = spec.notes ?? [];
  const width = Math.ceil(Math.max(columns * panelW + 20, textWidth(spec.title, 17) + 40, ...notes.map((n) => textWidth(n, 11) + 40)));
  const legendY = 40 + notes.length * 16;
  let x = 20;
  const parts: string[] = [];
  parts.push(text(width / 2, 24, spec.title, { size: 17, anchor: "middle", weight: "bold" }));
  notes.forEach((line, i) => parts.push(text(width / 2, 44 + i * 16, line, { size: 11, anchor: "middle", fill: "#555555" })));
  let row = 0;
  spec.libs.forEach((lib) => {
    const w = 22 + textWidth(lib, 12) + 18;
    if (x + w > width - 10) {
      row++;
      x = 20;
    }
    const y = legendY + 12 + row * 20;
    parts.push(`<rect x="${num(x)}" y="${num(y - 9)}" width="14" height="12" fill="${colorOf(lib)}"/>`);
    parts.push(text(x + 20, y + 1, lib, { size: 12 }));
    x += w;
  });
  const top = legendY + 24 + row * 20 + 10;
  const rows = Math.ceil(spec.panels.length / columns);
  const height = top + rows * panelH + 10;
  spec.panels.forEach((panel, p) => {
    const px = 10 + (p % columns) * panelW;
    const py = top + Math.floor(p / columns) * panelH;
    parts.push(renderPanel(panel, spec.libs, colorOf, px, py, panelW, panelH));
  });
  return svgDocument(width, height, parts.join("\n"), spec.title);
}

function renderPanel(panel: Panel, libs: readonly string[], colorOf: (lib: string) => string, x0: number, y0: number, w: number, h: number): string {
  const out: string[] = [];
  out.push(text(x0 + w / 2, y0 + 14, panel.title, { size: 13, anchor: "middle", weight: "bold" }));
  if (panel.subtitle !== undefined) out.push(text(x0 + w / 2, y0 + 29, panel.subtitle, { size: 10, anchor: "middle", fill: "#555555" }));
  const values = panel.bars.flatMap((b) => (b.ms === undefined ? [] : [b.p90Ms ?? b.ms, b.p10Ms ?? b.ms, b.ms])).filter((v) => v > 0);
  const max = values.length === 0 ? 1 : Math.max(...values);
  const min = values.length === 0 ? 0.1 : Math.min(...values);
  const plotTop = y0 + 42;
  const plotBottom = y0 + h - 22;
  // log axis: the libraries differ by up to three orders of magnitude
  const y = makeScale([min / 1.5, max * 1.8], plotBottom, plotTop, { log: true });
  const widest = Math.max(...y.ticks.map((v) => textWidth(y.label(v), 10)));
  const left = x0 + 18 + widest;
  const right = x0 + w - 12;
  // grid, y axis, tick labels
  const grid = y.ticks.map((v) => `M${num(left)} ${num(y.map(v))}H${num(right)}`).join("");
  out.push(`<path d="${grid}" stroke="#e6e6e6" stroke-width="1" fill="none"/>`);
  out.push(`<path d="M${num(left)} ${num(plotTop)}V${num(plotBottom)}H${num(right)}" stroke="#444444" stroke-width="1" fill="none"/>`);
  for (const v of y.ticks) out.push(text(left - 5, y.map(v), y.label(v), { size: 10, anchor: "end", baseline: "middle", fill: "#333333" }));
  out.push(text(x0 + 8, (plotTop + plotBottom) / 2, "ms per call (log)", { size: 10, anchor: "middle", rotate: -90, fill: "#333333" }));
  // bars, in legend order
  const bars = libs.flatMap((lib) => panel.bars.filter((b) => b.lib === lib));
  const slot = (right - left) / Math.max(1, bars.length);
  const barW = Math.min(38, slot * 0.72);
  bars.forEach((bar, i) => {
    const color = colorOf(bar.lib);
    const cx = left + slot * (i + 0.5);
    if (bar.ms === undefined) {
      out.push(`<rect x="${num(cx - barW / 2)}" y="${num(plotBottom - 3)}" width="${num(barW)}" height="3" fill="${color}"/>`);
      out.push(text(cx + 3, plotBottom - 6, "failed", { size: 10, anchor: "start", fill: "#c0392b", rotate: -90 }));
      out.push(`<title>${escapeXml(`${bar.lib}: ${bar.failed ?? "no figure"}`)}</title>`);
      return;
    }
    const yTop = y.map(bar.ms);
    out.push(
      `<rect x="${num(cx - barW / 2)}" y="${num(yTop)}" width="${num(barW)}" height="${num(Math.max(0.5, plotBottom - yTop))}" fill="${color}"><title>${escapeXml(`${bar.lib}: ${bar.ms} ms`)}</title></rect>`,
    );
    if (bar.p10Ms !== undefined && bar.p90Ms !== undefined) {
      const a = y.map(bar.p10Ms);
      const b = y.map(bar.p90Ms);
      out.push(
        `<path d="M${num(cx)} ${num(a)}V${num(b)}M${num(cx - 4)} ${num(a)}H${num(cx + 4)}M${num(cx - 4)} ${num(b)}H${num(cx + 4)}" stroke="#333333" stroke-width="1"/>`,
      );
    }
    const labelY = Math.min(yTop, bar.p90Ms === undefined ? yTop : y.map(bar.p90Ms)) - 4;
    out.push(text(cx, labelY, shortMs(bar.ms), { size: 10, anchor: "middle", fill: "#222222" }));
  });
  return `<g class="panel">\n${out.join("\n")}\n</g>`;
}
