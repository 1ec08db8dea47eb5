import { describe, expect, it } from "vitest";
import { tensor } from "../../src/index";
import { histogram, histogramSvg, lineChartSvg, lineChartTerminal, smallMultiples, valueStats } from "../../src/train";
import { formatTick, linearTicks, logTicks, niceDomain, niceLogDomain } from "../../src/train/plot/ticks";

const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length;
const textsOf = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

const curve = (n: number, f: (i: number) => number): [number, number][] => Array.from({ length: n }, (_, i) => [i, f(i)]);

describe("ticks", () => {
  it("are round numbers covering the domain", () => {
    expect(niceDomain([0.13, 0.97])).toEqual([0, 1]);
    expect(linearTicks([0, 1], 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks([-3.7, 3.2], 3)).toEqual([-2.5, 0, 2.5]);
    expect(logTicks([0.01, 10])).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks([1e-6, 1])).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]);
    expect(niceLogDomain([0.039, 2.39])).toEqual([0.02, 5]);
    expect(niceLogDomain([0.003, 25])).toEqual([0.001, 100]);
  });

  it("are labelled with the digits their spacing needs", () => {
    expect(formatTick(2.5, 2.5)).toBe("2.5");
    expect(formatTick(0.30000000000000004, 0.1)).toBe("0.3");
    expect(formatTick(20000, 5000)).toBe("20000");
    expect(formatTick(0.0001, 0.0001)).toBe("1e-4");
    expect(formatTick(2e6, 1e6)).toBe("2e6");
  });
});

describe("lineChartSvg", () => {
  const svg = lineChartSvg({
    title: "Loss <train> & validation",
    xLabel: "epoch",
    yLabel: "loss",
    series: [
      { name: "train", points: curve(50, (i) => 2 * Math.exp(-i / 10) + 0.1) },
      { name: "validation", points: curve(50, (i) => 2 * Math.exp(-i / 12) + 0.2), dashed: true },
      {
        name: "lr",
        points: [
          [0, NaN],
          [10, 1],
          [20, Infinity],
        ],
      },
    ],
    width: 500,
    height: 300,
  });

  it("is one SVG document with one polyline per series", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="300"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(count(svg, /<polyline /g)).toBe(3);
    expect(count(svg, /stroke-dasharray/g)).toBe(2); // the dashed line and its legend swatch
    expect(count(svg, /<circle /g)).toBe(1); // the series with a single finite point
  });

  it("has axis labels, tick labels, an escaped title and a legend", () => {
    const texts = textsOf(svg);
    expect(texts).toContain("epoch");
    expect(texts).toContain("loss");
    expect(texts).toContain("Loss &lt;train&gt; &amp; validation");
    expect(texts).toEqual(expect.arrayContaining(["train", "validation", "lr"]));
    expect(texts).toEqual(expect.arrayContaining(["0", "10", "20", "30", "40"]));
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("keeps every point inside the plot area, on a log axis too", () => {
    const log = lineChartSvg({
      logY: true,
      series: [
        { name: "", points: curve(30, (i) => 10 ** (-i / 10)) },
        {
          name: "zero",
          points: [
            [0, 0],
            [1, -1],
          ],
        },
      ],
    });
    expect(count(log, /<polyline /g)).toBe(2);
    const pts = [...log.matchAll(/<polyline points="([^"]*)"/g)][0][1].split(" ").map((p) => p.split(",").map(Number));
    expect(pts).toHaveLength(30);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(640);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(400);
    }
    expect(textsOf(log)).toEqual(expect.arrayContaining(["1", "0.1", "0.01"]));
    expect(textsOf(log)).not.toContain(""); // the unnamed series has no legend entry
  });

  it("is deterministic", () => {
    const spec = { series: [{ name: "a", points: curve(5, (i) => i) }] };
    expect(lineChartSvg(spec)).toBe(lineChartSvg(spec));
  });
});

describe("histograms", () => {
  it("count values in equal bins, leaving out non-finite ones", () => {
    const h = histogram([0, 0.1, 0.5, 1, NaN, Infinity], { bins: 2 });
    expect(h.edges).toEqual([0, 0.5, 1]);
    expect(h.counts).toEqual([2, 2]);
    expect(h.stats.nonFinite).toBe(2);
    expect(histogram([5, 6, 100], { bins: 2, range: [0, 10] }).outside).toBe(1);
    const s = valueStats(tensor([1, 2, 3]));
    expect(s.mean).toBe(2);
    expect(s.std).toBeCloseTo(Math.sqrt(2 / 3), 6);
  });

  it("draw one bar per non-empty bin with stats under the title", () => {
    const svg = histogramSvg({ title: "W1", values: [0, 0.1, 0.5, 1, 1, 1], bins: 4, xLabel: "weight" });
    const bars = svg.slice(svg.indexOf('class="bars"'));
    expect(count(bars, /<rect /g)).toBe(3);
    const texts = textsOf(svg);
    expect(texts).toEqual(expect.arrayContaining(["W1", "weight", "count"]));
    expect(texts.some((t) => t.startsWith("mean 0.6 · std"))).toBe(true);
  });

  it("compose into small multiples in a grid with a shared x range", () => {
    const panels = Array.from({ length: 10 }, (_, i) => ({
      kind: "histogram" as const,
      title: `layer ${i + 1}`,
      values: Array.from({ length: 100 }, (_, j) => ((j - 50) / 50) * (i + 1)),
      bins: 10,
    }));
    const svg = smallMultiples({ title: "Activations", panels, sharedX: true, panelWidth: 200, panelHeight: 150 });
    expect(count(svg, /<g class="panel"/g)).toBe(10);
    expect(svg).toContain('width="1020" height="360"'); // 5 columns × 2 rows, padding and title
    const texts = textsOf(svg);
    for (let i = 1; i <= 10; i++) expect(texts).toContain(`layer ${i}`);
    expect(texts).toContain("Activations");
    // ids of clip paths are unique
    const ids = [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(10);
    // line panels mix in
    const mixed = smallMultiples({ panels: [panels[0], { kind: "line", title: "loss", series: [{ name: "", points: curve(5, (i) => i) }] }] });
    expect(count(mixed, /<polyline /g)).toBe(1);
  });
});

describe("lineChartTerminal", () => {
  const series = [
    { name: "train", points: curve(100, (i) => Math.exp(-i / 20)) },
    { name: "val", points: curve(100, (i) => Math.exp(-i / 25) + 0.05) },
  ];

  it("has exactly height lines of exactly width characters", () => {
    for (const [width, height] of [
      [60, 12],
      [40, 8],
      [100, 25],
    ]) {
      const chart = lineChartTerminal(series, { width, height, title: "loss", xLabel: "step" });
      const lines = chart.split("\n");
      expect(lines).toHaveLength(height);
      for (const line of lines) expect([...line].length).toBe(width);
    }
    const bare = lineChartTerminal([{ name: "", points: curve(10, (i) => i) }], { width: 30, height: 6 });
    expect(bare.split("\n")).toHaveLength(6);
  });

  it("draws with braille characters, the y range on the left and the legend", () => {
    const chart = lineChartTerminal(series, { width: 60, height: 12, logY: true });
    expect(chart).toMatch(/[\u2801-\u28ff]/);
    const lines = chart.split("\n");
    expect(lines[0].trimStart().startsWith("1.05")).toBe(true);
    expect(lines[lines.length - 1]).toContain("train");
    expect(lines[lines.length - 1]).toContain("val");
    expect(lines[lines.length - 2]).toMatch(/^\s+0\s+99\s*$/);
  });

  it("colours series with ANSI escapes on request", () => {
    const chart = lineChartTerminal(series, { width: 60, height: 12, color: true });
    expect(chart).toContain("\x1b[34m");
    expect(chart).toContain("\x1b[33m");
  });

  it("refuses sizes too small to draw", () => {
    expect(() => lineChartTerminal(series, { width: 10, height: 12 })).toThrow(/too small/);
    expect(() => lineChartTerminal(series, { width: 40, height: 4 })).toThrow(/too small/);
  });
});
