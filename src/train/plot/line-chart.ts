/**
 * Line charts of training curves (loss, accuracy, learning rate against step or epoch)
 * as standalone SVG: axes with round ticks, an optional log y axis, one polyline per
 * series, a legend.
 * @module
 */
import type { Domain } from "./ticks";
import { clipRect, drawAxes, leftMargin, makeScale, num, PALETTE, svgDocument, text, textWidth, type Box } from "./svg";

/**
 * One curve: a name for the legend and its `[x, y]` points.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const s: train.Series = { name: "train", points: [[1, 2.3], [2, 1.1]] };
 * ```
 */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** A CSS colour (default: the palette colour of its position). */
  readonly color?: string;
  /** Draw dashed (e.g. validation curves). */
  readonly dashed?: boolean;
}

/**
 * What {@link lineChartSvg} draws.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const s = { name: "train", points: [[1, 2.3], [2, 0.9], [3, 0.4]] as const };
 * const spec: train.LineChartSpec = { title: "loss", xLabel: "epoch", yLabel: "loss", logY: true, series: [s] };
 * train.lineChartSvg(spec).startsWith("<svg"); // => true
 * ```
 */
export interface LineChartSpec {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly series: readonly Series[];
  /** Width in pixels (default 640). */
  readonly width?: number;
  /** Height in pixels (default 400). */
  readonly height?: number;
  /** A logarithmic y axis (points with y ≤ 0 are left out). */
  readonly logY?: boolean;
  /** The x range (default: the data's, from the first to the last x). */
  readonly xDomain?: Domain;
  /** The y range (default: the data's, widened to round values); points outside are clipped. */
  readonly yDomain?: Domain;
  /** Base font size in pixels (default 12). */
  readonly fontSize?: number;
}

function usable(p: readonly [number, number], logY: boolean): boolean {
  return Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!logY || p[1] > 0);
}

function extent(values: readonly number[]): Domain | undefined {
  if (values.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * The SVG elements of a line chart laid out in `box` (for composing several charts);
 * `id` makes its clip path's id unique in the document.
 * @example
 * const body = renderLineChart({ series }, { x: 0, y: 0, width: 320, height: 200 }, "c1");
 */
export function renderLineChart(spec: LineChartSpec, box: Box, id: string): string {
  const fontSize = spec.fontSize ?? 12;
  const logY = spec.logY === true;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.series) {
    for (const p of s.points) {
      if (!usable(p, logY)) continue;
      xs.push(p[0]);
      ys.push(p[1]);
    }
  }
  const xData = spec.xDomain ?? extent(xs) ?? [0, 1];
  const yData = spec.yDomain ?? extent(ys) ?? (logY ? [0.1, 1] : [0, 1]);
  const titleHeight = spec.title === undefined ? 8 : fontSize * 2 + 8;
  const named = spec.series.filter((s) => s.name !== "");
  const legendWidth = named.length === 0 ? 0 : 36 + Math.max(...named.map((s) => textWidth(s.name, fontSize)));
  const bottomMargin = 14 + fontSize + (spec.xLabel === undefined ? 0 : fontSize + 12);
  const top = box.y + titleHeight;
  const bottom = box.y + box.height - bottomMargin;
  const yScale = makeScale(yData, bottom, top, { log: logY, exact: spec.yDomain !== undefined });
  const left = box.x + leftMargin(yScale, spec.yLabel, fontSize - 1);
  const right = box.x + box.width - 14 - legendWidth;
  // x: the data's range as it is (training curves span exactly their steps), round ticks inside
  const xScale = makeScale(xData, left, right, { exact: xData[0] < xData[1], ticks: Math.max(2, Math.min(10, Math.floor((right - left) / 55))) });
  const area: Box = { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
  const out: string[] = [];
  if (spec.title !== undefined) {
    out.push(text(box.x + box.width / 2, box.y + fontSize + 6, spec.title, { size: fontSize + 3, anchor: "middle", weight: "bold" }));
  }
  out.push(drawAxes({ area, x: xScale, y: yScale, xLabel: spec.xLabel, yLabel: spec.yLabel, fontSize: fontSize - 1 }));
  out.push(clipRect(id, area));
  const lines: string[] = [];
  spec.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter((p) => usable(p, logY)).map((p) => `${num(xScale.map(p[0]))},${num(yScale.map(p[1]))}`);
    const dash = s.dashed === true ? ` stroke-dasharray="6 4"` : "";
    lines.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"${dash}/>`);
    if (pts.length === 1) {
      const [cx, cy] = pts[0].split(",");
      lines.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
    }
  });
  out.push(`<g clip-path="url(#${id})">\n${lines.join("\n")}\n</g>`);
  if (named.length > 0) {
    const lx = right + 14;
    const legend: string[] = [];
    let k = -1;
    spec.series.forEach((s, i) => {
      if (s.name === "") return;
      k++;
      const ly = top + 8 + k * (fontSize + 8);
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const dash = s.dashed === true ? ` stroke-dasharray="6 4"` : "";
      legend.push(`<path d="M${num(lx)} ${num(ly)}H${num(lx + 20)}" stroke="${color}" stroke-width="2.5"${dash}/>`);
      legend.push(text(lx + 26, ly, s.name, { size: fontSize, baseline: "middle" }));
    });
    out.push(`<g class="legend">\n${legend.join("\n")}\n</g>`);
  }
  return out.join("\n");
}

/**
 * A line chart as a standalone SVG document: one polyline per series (non-finite
 * points, and with `logY` points with y ≤ 0, are left out), axes with round ticks,
 * axis labels, a title and a legend of the named series.
 * @example
 * ```ts
 * import { train } from "purediff";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const trainLoss = [2.3, 0.9, 0.4];
 * const valLoss = [2.4, 1.1, 0.6];
 * const svg = train.lineChartSvg({
 *   title: "MNIST MLP", xLabel: "epoch", yLabel: "loss", logY: true,
 *   series: [
 *     { name: "train", points: trainLoss.map((l, i) => [i + 1, l] as const) },
 *     { name: "validation", points: valLoss.map((l, i) => [i + 1, l] as const), dashed: true },
 *   ],
 * });
 * writeFileSync(join(tmpdir(), "loss.svg"), svg);
 * ```
 */
export function lineChartSvg(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 400;
  return svgDocument(width, height, renderLineChart(spec, { x: 0, y: 0, width, height }, "plot-area"), spec.title);
}
