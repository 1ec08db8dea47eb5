/**
 * The assertion behind a doc example's `expr; // => value`: approximate deep equality.
 * Numbers agree when |actual − expected| ≤ 1e-9 + 1e-6·|expected| (so a value written
 * with 7 significant digits matches a float32 or float64 result), NaN matches NaN, and
 * infinities match exactly. A `Tensor` (anywhere in the value) is compared through its
 * `toArray()`, a typed array as an array; other objects key by key.
 */
import { Tensor } from "../../src/tensor/tensor";

const relativeTolerance = 1e-6;
const absoluteTolerance = 1e-9;

/** Plain data for comparison and for messages. */
function plain(value: unknown): unknown {
  if (value instanceof Tensor) return value.toArray();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object" && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function show(value: unknown): string {
  return (
    JSON.stringify(value, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : typeof v === "bigint" ? `${v}n` : v)) ?? String(value)
  );
}

/** The path of the first difference between `actual` and `expected`, or undefined. */
function difference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual) ? undefined : path;
    if (!Number.isFinite(expected) || !Number.isFinite(actual)) return expected === actual ? undefined : path;
    return Math.abs(actual - expected) <= absoluteTolerance + relativeTolerance * Math.abs(expected) ? undefined : path;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return path;
    for (let i = 0; i < expected.length; i++) {
      const d = difference(actual[i], expected[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (expected instanceof Error) return actual instanceof Error && actual.message === expected.message ? undefined : path;
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return path;
    const keys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    if (keys.length !== actualKeys.length || !keys.every((k) => Object.hasOwn(actual, k))) return path;
    for (const k of keys) {
      const d = difference((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : path;
}

/**
 * Throws unless `actual` approximately equals `expected`; `where` names the example
 * (symbol and file:line) in the message.
 */
export function expectValue(actual: unknown, expected: unknown, where: string): void {
  const a = plain(actual);
  const e = plain(expected);
  const path = difference(a, e, "");
  if (path === undefined) return;
  const at = path === "" ? "" : ` (first difference at ${path})`;
  throw new Error(`${where}: the example states ${show(e)} but the expression gives ${show(a)}${at}`);
}
