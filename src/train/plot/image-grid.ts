/**
 * A grid of small images as SVG: filters, feature maps, digits. Each image is drawn as
 * one rectangle per pixel, in grey (for images) or in a diverging blue–white–red scale
 * centred on 0 (for weights, whose sign matters).
 * @module
 */
import { num, svgDocument, text } from "./svg";

/**
 * One image of a grid: rows of pixel values, and an optional caption.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const tile: train.GridImage = { pixels: [[0, 1], [1, 0]], caption: "filter 1" };
 * ```
 */
export interface GridImage {
  readonly pixels: readonly (readonly number[])[];
  readonly caption?: string;
}

/**
 * What {@link imageGridSvg} draws.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const images = [{ pixels: [[0, 1], [1, 0]] }, { pixels: [[-1, 0.5], [0, 2]] }];
 * const spec: train.ImageGridSpec = { title: "first-layer filters", images, columns: 6, colors: "diverging" };
 * train.imageGridSvg(spec).startsWith("<svg"); // => true
 * ```
 */
export interface ImageGridSpec {
  readonly title: string;
  readonly images: readonly GridImage[];
  /** Images per row (default: all in one row). */
  readonly columns?: number;
  /** Side of one pixel in SVG units (default 8). */
  readonly pixelSize?: number;
  /** `"grey"` (default): black at the image's minimum, white at its maximum; `"diverging"`: blue below 0, white at 0, red above, scaled by the image's largest magnitude. */
  readonly colors?: "grey" | "diverging";
}

/** The fill of value `v` of an image whose values span [lo, hi] (largest magnitude `m`). */
function fill(v: number, lo: number, hi: number, m: number, colors: "grey" | "diverging"): string {
  if (colors === "grey") {
    const g = Math.round(255 * (hi > lo ? (v - lo) / (hi - lo) : 0));
    return `rgb(${g},${g},${g})`;
  }
  const t = m > 0 ? v / m : 0;
  const fade = (c: number): number => Math.round(255 - (255 - c) * Math.abs(t));
  return t >= 0 ? `rgb(${fade(202)},${fade(0)},${fade(32)})` : `rgb(${fade(5)},${fade(113)},${fade(176)})`;
}

/**
 * The images as one SVG document, in a grid with captions under each image.
 * @example
 * ```ts
 * import { random, train } from "purediff";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const filters = [0, 1, 2, 3, 4, 5].map((i) => random.normal(random.key(i), [5, 5]).toArray() as number[][]);
 * writeFileSync(join(tmpdir(), "filters.svg"), train.imageGridSvg({ title: "conv1 filters", images: filters.map((f, i) => ({ pixels: f, caption: `${i}` })), colors: "diverging" }));
 * ```
 */
export function imageGridSvg(spec: ImageGridSpec): string {
  const { images, colors = "grey" } = spec;
  if (images.length === 0) throw new Error("imageGridSvg: needs at least one image");
  const px = spec.pixelSize ?? 8;
  const columns = Math.max(1, Math.min(spec.columns ?? images.length, images.length));
  const cellW = Math.max(...images.map((im) => (im.pixels[0]?.length ?? 0) * px)) + 12;
  const cellH = Math.max(...images.map((im) => im.pixels.length * px)) + 26;
  const top = 34;
  const rows = Math.ceil(images.length / columns);
  const width = Math.max(columns * cellW + 12, 240);
  const height = top + rows * cellH + 6;
  const parts: string[] = [text(12, 22, spec.title, { size: 14, weight: "bold" })];
  images.forEach((im, k) => {
    const x0 = 12 + (k % columns) * cellW;
    const y0 = top + Math.floor(k / columns) * cellH;
    const flat = im.pixels.flat();
    const lo = Math.min(...flat);
    const hi = Math.max(...flat);
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    im.pixels.forEach((row, i) =>
      row.forEach((v, j) =>
        parts.push(`<rect x="${num(x0 + j * px)}" y="${num(y0 + i * px)}" width="${px}" height="${px}" fill="${fill(v, lo, hi, m, colors)}"/>`),
      ),
    );
    if (im.caption !== undefined) parts.push(text(x0, y0 + im.pixels.length * px + 14, im.caption, { size: 10 }));
  });
  return svgDocument(width, height, parts.join("\n"), spec.title);
}
