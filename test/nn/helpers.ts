import { expect } from "vitest";
import { Tensor, tensor } from "../../src/index";

/** The values of a tensor as a flat array of numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.data(), Number);
}

/** Expects two tensors (or a tensor and nested numbers) to agree elementwise within `tol`. */
export function expectClose(actual: Tensor, expected: Tensor | number | readonly unknown[], tol = 1e-5): void {
  const e = expected instanceof Tensor ? expected : typeof expected === "number" ? tensor(expected, "float64") : tensor(expected as number[], "float64");
  expect(actual.shape).toEqual(e.shape);
  const a = values(actual);
  const b = values(e);
  a.forEach((v, i) => {
    if (!(Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])))) {
      throw new Error(`element ${i}: got ${v}, expected ${b[i]} (tol ${tol})\nactual: ${a.join(", ")}\nexpected: ${b.join(", ")}`);
    }
  });
}

/** Expects every value of a tensor to be finite. */
export function expectFinite(t: Tensor): void {
  for (const v of values(t)) expect(Number.isFinite(v)).toBe(true);
}

/** Sample mean and (unbiased) variance of a tensor's values. */
export function moments(t: Tensor): { mean: number; variance: number } {
  const v = values(t);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
  return { mean, variance };
}
