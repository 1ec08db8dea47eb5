/**
 * SVG building blocks shared by the charts: escaping, the colour palette, scales, and
 * a frame of axes (grid, ticks, tick labels, axis labels, title) inside a box. Output
 * is a plain string with no external resources, deterministic for equal input.
 * @module
 */
import { formatTick, linearTicks, logTicks, niceDomain, niceLogDomain, niceStep, type Domain } from "./ticks";

/**
 * A rectangle in SVG user units (pixels).
 * @example
 * const box: Box = { x: 0, y: 0, width: 320, height: 200 };
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Colours of successive series (Tableau 10: distinct, readable on white).
 * @example
 * PALETTE[0] // "#4e79a7"
 */
export const PALETTE: readonly string[] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/**
 * The font stack of all text.
 * @example
 * `<svg font-family="${FONT_FAMILY}">`
 */
export const FONT_FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif";

/**
 * Text made safe for SVG content and attribute values.
 * @example escapeXml('a < b & "c"') // "a &lt; b &amp; &quot;c&quot;"
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/**
 * A coordinate with at most 2 decimals (compact output).
 * @example num(1.23456) // "1.23"
 */
export function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * The approximate width of `text` in pixels at `fontSize` (for layout).
 * @example textWidth("loss", 10) // 24
 */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/**
 * An SVG `<text>` element.
 * @example text(10, 20, "loss", { size: 12, anchor: "middle" })
 */
export function text(
  x: number,
  y: number,
  content: string,
  options: {
    readonly size: number;
    readonly anchor?: "start" | "middle" | "end";
    readonly weight?: "bold";
    readonly rotate?: number;
    readonly fill?: string;
    readonly baseline?: "middle" | "hanging";
  },
): string {
  const attrs = [`x="${num(x)}"`, `y="${num(y)}"`, `font-size="${options.size}"`];
  if (options.anchor !== undefined && options.anchor !== "start") attrs.push(`text-anchor="${options.anchor}"`);
  if (options.weight !== undefined) attrs.push(`font-weight="${options.weight}"`);
  if (options.fill !== undefined) attrs.push(`fill="${options.fill}"`);
  // dy rather than dominant-baseline: every renderer supports it
  if (options.baseline !== undefined) attrs.push(`dy="${options.baseline === "middle" ? "0.35em" : "0.8em"}"`);
  if (options.rotate !== undefined) attrs.push(`transform="rotate(${options.rotate} ${num(x)} ${num(y)})"`);
  return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}

/**
 * A whole SVG document of `width` × `height` with a white background.
 * @example svgDocument(400, 300, "<rect .../>", "Training loss")
 */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    title === undefined ? "" : `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    body,
    "</svg>",
    "",
  ]
    .filter((s) => s !== "")
    .join("\n");
}

/**
 * A mapping from data values to pixels along one axis, with its ticks.
 * @example
 * const s: Scale = makeScale([0, 1], 0, 100); s.map(0.5); // 50
 */
export interface Scale {
  readonly domain: Domain;
  readonly log: boolean;
  readonly ticks: readonly number[];
  /** The pixel position of a value (not clamped). */
  map(value: number): number;
  /** The label of a tick. */
  label(value: number): string;
}

/**
 * Options of {@link makeScale}.
 * @example
 * makeScale([1e-3, 1], 300, 0, { log: true })
 */
export interface ScaleOptions {
  /** Logarithmic (domain must be positive). */
  readonly log?: boolean;
  /** Keep the domain as given instead of widening it to round values. */
  readonly exact?: boolean;
  /** About how many ticks (default 5). */
  readonly ticks?: number;
}

/**
 * A scale from `domain` (widened to round ends unless `exact`) to the pixel interval
 * `[from, to]` (`from` may be larger, as for y axes).
 * @example
 * const y = makeScale([0.13, 0.97], 300, 20); // domain [0, 1], 0 at pixel 300
 * y.map(0.5); // 160
 */
export function makeScale(domain: Domain, from: number, to: number, options: ScaleOptions = {}): Scale {
  const log = options.log === true;
  const count = options.ticks ?? 5;
  const d: Domain = options.exact === true ? domain : log ? niceLogDomain(domain) : niceDomain(domain, count);
  const ticks = log ? logTicks(d) : linearTicks(d, count);
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const t0 = t(d[0]);
  const span = t(d[1]) - t0 || 1;
  const step = log ? 0 : niceStep(d[1] - d[0], count);
  return {
    domain: d,
    log,
    ticks,
    map: (v) => from + ((t(v) - t0) / span) * (to - from),
    label: (v) => (log ? formatTick(v, v / 10) : formatTick(v, step)),
  };
}

/**
 * What {@link drawAxes} draws.
 * @example
 * drawAxes({ area, x, y, xLabel: "step", fontSize: 11 })
 */
export interface AxesSpec {
  /** The plot area (inside the axes). */
  readonly area: Box;
  readonly x: Scale;
  readonly y: Scale;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** The base font size (tick labels; axis labels are 1 px larger). */
  readonly fontSize: number;
  /** Draw the horizontal grid lines (default true). */
  readonly grid?: boolean;
}

/**
 * Grid lines, the axis lines, ticks with labels and the axis labels around `area`.
 * @example drawAxes({ area, x, y, xLabel: "step", yLabel: "loss", fontSize: 11 })
 */
export function drawAxes(spec: AxesSpec): string {
  const { area, x, y, fontSize } = spec;
  const left = area.x;
  const right = area.x + area.width;
  const top = area.y;
  const bottom = area.y + area.height;
  const out: string[] = [];
  const inX = (px: number): boolean => px >= left - 0.5 && px <= right + 0.5;
  const inY = (py: number): boolean => py >= top - 0.5 && py <= bottom + 0.5;
  if (spec.grid !== false) {
    const lines: string[] = [];
    for (const v of y.ticks) {
      const py = y.map(v);
      if (inY(py)) lines.push(`M${num(left)} ${num(py)}H${num(right)}`);
    }
    for (const v of x.ticks) {
      const px = x.map(v);
      if (inX(px)) lines.push(`M${num(px)} ${num(top)}V${num(bottom)}`);
    }
    out.push(`<path d="${lines.join("")}" stroke="#e6e6e6" stroke-width="1" fill="none"/>`);
  }
  out.push(`<path d="M${num(left)} ${num(top)}V${num(bottom)}H${num(right)}" stroke="#444444" stroke-width="1" fill="none"/>`);
  const ticks: string[] = [];
  const labels: string[] = [];
  for (const v of y.ticks) {
    const py = y.map(v);
    if (!inY(py)) continue;
    ticks.push(`M${num(left - 4)} ${num(py)}H${num(left)}`);
    labels.push(text(left - 7, py, y.label(v), { size: fontSize, anchor: "end", baseline: "middle", fill: "#333333" }));
  }
  for (const v of x.ticks) {
    const px = x.map(v);
    if (!inX(px)) continue;
    ticks.push(`M${num(px)} ${num(bottom)}V${num(bottom + 4)}`);
    labels.push(text(px, bottom + 7, x.label(v), { size: fontSize, anchor: "middle", baseline: "hanging", fill: "#333333" }));
  }
  out.push(`<path d="${ticks.join("")}" stroke="#444444" stroke-width="1"/>`);
  out.push(...labels);
  if (spec.xLabel !== undefined) {
    out.push(
      `<g class="x-label">${text((left + right) / 2, bottom + 12 + 2 * fontSize, spec.xLabel, { size: fontSize + 1, anchor: "middle", baseline: "hanging" })}</g>`,
    );
  }
  if (spec.yLabel !== undefined) {
    const widest = Math.max(0, ...y.ticks.map((v) => textWidth(y.label(v), fontSize)));
    const px = left - 14 - widest - fontSize * 0.5;
    out.push(`<g class="y-label">${text(px, (top + bottom) / 2, spec.yLabel, { size: fontSize + 1, anchor: "middle", rotate: -90 })}</g>`);
  }
  return out.join("\n");
}

/**
 * The space the y tick labels and the y label take left of the plot area.
 * @example leftMargin(y, "loss", 11) // e.g. 62
 */
export function leftMargin(y: Scale, yLabel: string | undefined, fontSize: number): number {
  const widest = Math.max(0, ...y.ticks.map((v) => textWidth(y.label(v), fontSize)));
  return 12 + widest + (yLabel === undefined ? 0 : 2 * fontSize + 4);
}

/**
 * A `<clipPath>` for `area` with id `id`.
 * @example clipRect("c0", area) // '<clipPath id="c0"><rect .../></clipPath>'
 */
export function clipRect(id: string, area: Box): string {
  return `<clipPath id="${id}"><rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.width)}" height="${num(area.height)}"/></clipPath>`;
}
