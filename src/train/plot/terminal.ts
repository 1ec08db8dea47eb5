/**
 * Line charts in the terminal, drawn with Unicode braille characters (2 × 4 dots per
 * character cell), for a glance at the training curves at the end of a run.
 * @module
 */
import type { Series } from "./line-chart";

/**
 * Options of {@link lineChartTerminal}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const series = [{ name: "loss", points: [[0, 2], [1, 1], [2, 0.5]] as const }];
 * const options: train.TerminalChartOptions = { width: 80, height: 20, logY: true, color: false };
 * train.lineChartTerminal(series, options).split("\n").length; // => 20
 * ```
 */
export interface TerminalChartOptions {
  /** Total width in characters, labels included (default 72). */
  readonly width?: number;
  /** Total height in lines, title, axis and legend included (default 16). */
  readonly height?: number;
  /** A title on the first line. */
  readonly title?: string;
  /** A label under the x axis, centred between the range labels. */
  readonly xLabel?: string;
  /** A logarithmic y axis (points with y ≤ 0 are left out). */
  readonly logY?: boolean;
  /** Colour each series with ANSI escapes (default false: plain text). */
  readonly color?: boolean;
}

const ANSI = [34, 33, 31, 36, 32, 35];
/** Bit of the braille dot at column `x` (0–1), row `y` (0–3) of a cell. */
const DOT = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
];

function short(x: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function fit(s: string, width: number, align: "left" | "center" | "right" = "left"): string {
  if (s.length >= width) return s.slice(0, width);
  const pad = width - s.length;
  if (align === "right") return " ".repeat(pad) + s;
  if (align === "center") return " ".repeat(Math.floor(pad / 2)) + s + " ".repeat(pad - Math.floor(pad / 2));
  return s + " ".repeat(pad);
}

/**
 * A line chart as text: exactly `height` lines of exactly `width` characters (without
 * colour), with the y range on the left, the x range below, and a legend line when a
 * series has a name. Consecutive points are joined by straight lines.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const losses = [2.31, 1.2, 0.8, 0.6, 0.5];
 * const chart = train.lineChartTerminal([{ name: "train loss", points: losses.map((l, i) => [i, l] as const) }], { width: 60, height: 12, logY: true });
 * chart.split("\n").length; // => 12
 * ```
 */
export function lineChartTerminal(series: readonly Series[], options: TerminalChartOptions = {}): string {
  const width = options.width ?? 72;
  const height = options.height ?? 16;
  const logY = options.logY === true;
  const color = options.color === true;
  const named = series.filter((s) => s.name !== "");
  const extraLines = (options.title === undefined ? 0 : 1) + 2 + (named.length > 0 ? 1 : 0);
  const rows = height - extraLines;
  if (!Number.isInteger(width) || !Number.isInteger(height) || rows < 2 || width < 16) {
    throw new Error(`lineChartTerminal: ${width}×${height} is too small (need at least 16 columns and ${extraLines + 2} lines)`);
  }
  const ty = (y: number): number => (logY ? Math.log10(y) : y);
  const usable = (p: readonly [number, number]): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!logY || p[1] > 0);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (!usable(p)) continue;
      x0 = Math.min(x0, p[0]);
      x1 = Math.max(x1, p[0]);
      y0 = Math.min(y0, ty(p[1]));
      y1 = Math.max(y1, ty(p[1]));
    }
  }
  const empty = x0 > x1;
  if (empty) [x0, x1, y0, y1] = [0, 1, 0, 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const yText = (t: number): string => short(logY ? 10 ** t : t);
  const labels = [yText(y1), yText((y0 + y1) / 2), yText(y0)];
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cols = width - labelWidth - 2;
  const W = cols * 2;
  const H = rows * 4;
  const bits = new Uint8Array(cols * rows);
  const owner = new Int8Array(cols * rows).fill(-1);
  const plot = (px: number, py: number, s: number): void => {
    if (px < 0 || px >= W || py < 0 || py >= H) return;
    const cell = Math.floor(py / 4) * cols + Math.floor(px / 2);
    bits[cell] |= DOT[px % 2][py % 4];
    owner[cell] = s;
  };
  const toPx = (x: number): number => Math.round(((x - x0) / (x1 - x0)) * (W - 1));
  const toPy = (y: number): number => Math.round(((y1 - ty(y)) / (y1 - y0)) * (H - 1));
  series.forEach((s, si) => {
    let prev: [number, number] | undefined;
    for (const p of s.points) {
      if (!usable(p)) continue;
      const cur: [number, number] = [toPx(p[0]), toPy(p[1])];
      if (prev === undefined) plot(cur[0], cur[1], si);
      else {
        const steps = Math.max(Math.abs(cur[0] - prev[0]), Math.abs(cur[1] - prev[1]), 1);
        for (let k = 1; k <= steps; k++) {
          plot(Math.round(prev[0] + ((cur[0] - prev[0]) * k) / steps), Math.round(prev[1] + ((cur[1] - prev[1]) * k) / steps), si);
        }
      }
      prev = cur;
    }
  });
  const paint = (s: string, si: number): string => (color && si >= 0 && s !== "" ? `\x1b[${ANSI[si % ANSI.length]}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  if (options.title !== undefined) lines.push(fit(options.title, width, "center"));
  const mid = Math.floor((rows - 1) / 2);
  for (let r = 0; r < rows; r++) {
    const label = r === 0 ? labels[0] : r === rows - 1 ? labels[2] : r === mid ? labels[1] : "";
    const tick = label === "" ? "│" : "┤";
    // runs of cells of one series share one colour escape
    let row = "";
    let run = "";
    let runOwner = -1;
    for (let c = 0; c < cols; c++) {
      const b = bits[r * cols + c];
      const o = b === 0 ? -1 : owner[r * cols + c];
      if (o !== runOwner) {
        row += paint(run, runOwner);
        run = "";
        runOwner = o;
      }
      run += b === 0 ? " " : String.fromCharCode(0x2800 + b);
    }
    row += paint(run, runOwner);
    lines.push(`${fit(label, labelWidth, "right")} ${tick}${row}`);
  }
  lines.push(`${" ".repeat(labelWidth)} └${"─".repeat(cols)}`);
  const lo = empty ? "" : short(x0);
  const hi = empty ? "" : short(x1);
  const middle = fit(options.xLabel ?? "", Math.max(0, cols - lo.length - hi.length), "center");
  lines.push(fit(`${" ".repeat(labelWidth + 2)}${lo}${middle}${hi}`, width));
  if (named.length > 0) {
    const parts: string[] = [];
    let length = 0;
    series.forEach((s, si) => {
      if (s.name === "") return;
      const part = `⣀⣀ ${s.name}`;
      if (length + part.length > width - labelWidth - 2) return;
      parts.push(paint("⣀⣀", si) + part.slice(2));
      length += part.length + 3;
    });
    const visible = length === 0 ? 0 : length - 3;
    lines.push(`${" ".repeat(labelWidth + 2)}${parts.join("   ")}${" ".repeat(width - labelWidth - 2 - visible)}`);
  }
  return lines.join("\n");
}
