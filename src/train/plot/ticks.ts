/**
 * Axis ticks: "nice" round values (1, 2, 2.5, 5 × 10^k steps) for linear axes, powers
 * of ten (and 2, 5 multiples on short ranges) for log axes, and their labels.
 * @module
 */

/**
 * A numeric interval `[min, max]`.
 * @example
 * const d: Domain = [0, 1];
 */
export type Domain = readonly [min: number, max: number];

/**
 * A nice step for about `count` intervals over `span`: 1, 2, 2.5 or 5 times a power of 10.
 * @example niceStep(10, 5) // 2
 */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A domain widened to nice round ends (a degenerate one around its value).
 * @example niceDomain([0.13, 0.97]) // [0, 1]
 */
export function niceDomain(domain: Domain, count = 5): Domain {
  let [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/**
 * Round values from `min` to `max` (both included when they are multiples of the step).
 * @example linearTicks([0, 1], 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function linearTicks(domain: Domain, count = 5): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/**
 * Ticks of a log axis over a positive domain: powers of ten, with 2 and 5 multiples
 * when the domain spans fewer than three decades; linear ticks on a very short domain.
 * @example logTicks([0.01, 10]) // [0.01, 0.1, 1, 10]
 */
export function logTicks(domain: Domain): number[] {
  const [lo, hi] = domain;
  if (!(lo > 0) || !(hi > lo)) return [lo];
  const k0 = Math.floor(Math.log10(lo) + 1e-9);
  const k1 = Math.ceil(Math.log10(hi) - 1e-9);
  const mults = k1 - k0 <= 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) {
    for (const m of mults) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out.length >= 2 ? out : linearTicks(domain, 4).filter((v) => v > 0);
}

/**
 * A log domain widened to round values: to 1, 2 or 5 × 10^k when it spans fewer than
 * three decades, else to whole decades.
 * @example niceLogDomain([0.03, 2.5]) // [0.02, 5]
 * @example niceLogDomain([0.003, 25]) // [0.001, 100]
 */
export function niceLogDomain(domain: Domain): Domain {
  const [lo, hi] = domain;
  if (!(lo > 0) || !Number.isFinite(hi)) return [0.1, 1];
  if (lo === hi) return [lo / 2, hi * 2];
  const k0 = Math.floor(Math.log10(lo) + 1e-9);
  const k1 = Math.ceil(Math.log10(hi) - 1e-9);
  if (k1 - k0 > 3) return [10 ** k0, 10 ** k1];
  const round = (v: number): number => Number(v.toPrecision(12));
  const down = [5, 2, 1].map((m) => round(m * 10 ** k0)).find((v) => v <= lo * (1 + 1e-9)) ?? 10 ** k0;
  const up = [1, 2, 5, 10].map((m) => round(m * 10 ** (k1 - 1))).find((v) => v >= hi * (1 - 1e-9)) ?? 10 ** k1;
  return [down, up];
}

/**
 * A short label for a tick value: plain decimals with as many digits as the ticks'
 * spacing needs, exponent notation for very large or small magnitudes.
 * @example
 * formatTick(0.25, 0.05) // "0.25"
 * formatTick(20000, 5000) // "20000"
 * formatTick(0.0001, 0.0001) // "1e-4"
 */
export function formatTick(value: number, step: number): string {
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e6 || a < 1e-3) {
    const [m, e] = value.toExponential().split("e");
    const mantissa = Number(Number(m).toPrecision(3));
    return `${mantissa}e${Number(e)}`;
  }
  let decimals = 0;
  if (step > 0 && Number.isFinite(step)) {
    while (decimals < 10 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6 * step * 10 ** decimals) decimals++;
  } else {
    decimals = 3;
  }
  const text = value.toFixed(decimals);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
