/**
 * Tolerance-based equality of tensors and numbers.
 *
 * Two numbers a and b are close when |a − b| ≤ atol + rtol · max(|a|, |b|) (symmetric,
 * unlike NumPy's `isclose`, so the order of the arguments never matters). NaN is never
 * close to anything (unless `equalNaN`), and an infinity is close only to itself.
 *
 * Documented defaults:
 * - finite-difference comparisons ({@link finiteDifferenceTolerance}): float64 atol 1e-6,
 *   rtol 1e-5; float32 atol 1e-2, rtol 1e-2 (float32 finite differences are coarse: test
 *   gradients in float64);
 * - algebraic identities ({@link algebraicTolerance}, the default of {@link allClose}):
 *   float64 atol 1e-10, rtol 1e-10 ("exact-ish": only rounding differs); float32 1e-5.
 *
 * @module
 */
import type { FloatDType, Tensor } from "../src/index";
import { shapesEqual, showNumber, showShapeText, unravel, valuesOf } from "./internal/tensor-values";

/**
 * Absolute and relative tolerance.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { allClose, type Tolerance } from "purediff/laws";
 * const a = tensor([1, 2], "float64");
 * const b = tensor([1, 2 + 1e-9], "float64");
 * allClose(a, b, { atol: 1e-8, rtol: 1e-6 } satisfies Tolerance); // => true
 * ```
 */
export interface Tolerance {
  /** Absolute tolerance: what counts as zero. */
  readonly atol: number;
  /** Relative tolerance: a fraction of the larger magnitude. */
  readonly rtol: number;
}

/**
 * Options of {@link allClose} and {@link compareTensors}.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { allClose, type CloseOptions } from "purediff/laws";
 * const a = tensor([1, NaN], "float64");
 * const b = tensor([1, NaN], "float64");
 * // exact, NaN = NaN
 * allClose(a, b, { atol: 0, rtol: 0, equalNaN: true } satisfies CloseOptions); // => true
 * ```
 */
export interface CloseOptions extends Partial<Tolerance> {
  /** When true, NaN is close to NaN (default false). */
  readonly equalNaN?: boolean;
}

/**
 * Tolerances for comparing derivatives with central finite differences, by dtype.
 * @example
 * ```ts
 * import { finiteDifferenceTolerance } from "purediff/laws";
 * finiteDifferenceTolerance.float64; // => { atol: 0.000001, rtol: 0.00001 }
 * ```
 */
export const finiteDifferenceTolerance: Readonly<Record<FloatDType, Tolerance>> = Object.freeze({
  float64: Object.freeze({ atol: 1e-6, rtol: 1e-5 }),
  float32: Object.freeze({ atol: 1e-2, rtol: 1e-2 }),
});

/**
 * Tolerances for algebraic identities (two exact computations that only round
 * differently: linearity, duality, symmetry), by dtype.
 * @example
 * ```ts
 * import { algebraicTolerance } from "purediff/laws";
 * algebraicTolerance.float64; // => { atol: 1e-10, rtol: 1e-10 }
 * ```
 */
export const algebraicTolerance: Readonly<Record<FloatDType, Tolerance>> = Object.freeze({
  float64: Object.freeze({ atol: 1e-10, rtol: 1e-10 }),
  float32: Object.freeze({ atol: 1e-5, rtol: 1e-5 }),
});

/**
 * The float dtype whose tolerance applies to a comparison: float64 only when every
 * tensor is float64 (otherwise the coarser float32).
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { toleranceDType } from "purediff/laws";
 * toleranceDType(tensor([1], "float64"), tensor([1], "float32")); // => "float32"
 * ```
 */
export function toleranceDType(...tensors: readonly Tensor[]): FloatDType {
  return tensors.every((t) => t.dtype === "float64") ? "float64" : "float32";
}

/**
 * Relative error as the gradient-checking literature defines it (CS231n):
 * |a − b| / max(|a|, |b|), with a floor on the denominator so that two zeros give 0.
 * @example
 * ```ts
 * import { relativeError } from "purediff/laws";
 * relativeError(1, 1.01); // => 0.00990099
 * relativeError(0, 0); // => 0
 * ```
 */
export function relativeError(a: number, b: number, floor = 1e-300): number {
  if (a === b) return 0;
  const diff = Math.abs(a - b);
  if (Number.isNaN(diff)) return Infinity;
  return diff / Math.max(Math.abs(a), Math.abs(b), floor);
}

/**
 * Whether two numbers are close: |a − b| ≤ atol + rtol · max(|a|, |b|).
 * @example
 * ```ts
 * import { isClose } from "purediff/laws";
 * isClose(1, 1 + 1e-12, { atol: 1e-10, rtol: 1e-10 }); // => true
 * isClose(NaN, NaN, { atol: 1, rtol: 1 }); // => false
 * ```
 */
export function isClose(a: number, b: number, tolerance: Tolerance, equalNaN = false): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return equalNaN && Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance.atol + tolerance.rtol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * How far a value is outside its tolerance: |a − b| / (atol + rtol · max(|a|, |b|)).
 * Below 1 is close; used to name the worst entry of a comparison.
 * @example
 * ```ts
 * import { toleranceRatio } from "purediff/laws";
 * toleranceRatio(1, 1.1, { atol: 0, rtol: 0.2 }); // => 0.4545455
 * ```
 */
export function toleranceRatio(a: number, b: number, tolerance: Tolerance): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  if (a === b) return 0;
  const bound = tolerance.atol + tolerance.rtol * Math.max(Math.abs(a), Math.abs(b));
  const diff = Math.abs(a - b);
  if (!Number.isFinite(diff)) return Infinity;
  return bound === 0 ? Infinity : diff / bound;
}

/**
 * The entry of a comparison furthest outside the tolerance.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { compareTensors, type WorstEntry } from "purediff/laws";
 * const w: WorstEntry | undefined = compareTensors(tensor([[1, 1], [2, 1]], "float64"), tensor([[1, 1], [2.5, 1]], "float64")).worst;
 * w; // => { index: [1, 0], actual: 2, expected: 2.5 }
 * ```
 */
export interface WorstEntry {
  /** Its multi-index. */
  readonly index: readonly number[];
  readonly actual: number;
  readonly expected: number;
}

/**
 * The result of comparing two tensors.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { compareTensors, describeCloseReport, type CloseReport } from "purediff/laws";
 * const r: CloseReport = compareTensors(tensor([1, 2], "float64"), tensor([1, 2.5], "float64"));
 * r.close; // => false
 * r.worst?.index; // => [1]
 * ```
 */
export interface CloseReport {
  /** Whether every entry is close (and shapes agree). */
  readonly close: boolean;
  /** Why they are not comparable, when they are not ("shape"), else undefined. */
  readonly mismatch?: string;
  /** max |actual − expected| over the entries. */
  readonly maxAbsoluteError: number;
  /** max relative error (see {@link relativeError}) over the entries. */
  readonly maxRelativeError: number;
  /** The entry furthest outside the tolerance (undefined for empty tensors or a mismatch). */
  readonly worst?: WorstEntry;
  /** The tolerance used. */
  readonly tolerance: Tolerance;
}

/**
 * The tolerance of a comparison: the given parts, else the algebraic default of the dtype.
 * @example
 * ```ts
 * import { algebraicTolerance, resolveTolerance } from "purediff/laws";
 * resolveTolerance({ atol: 1e-8 }, algebraicTolerance.float64); // => { atol: 1e-8, rtol: 1e-10 }
 * ```
 */
export function resolveTolerance(options: Partial<Tolerance> | undefined, fallback: Tolerance): Tolerance {
  return { atol: options?.atol ?? fallback.atol, rtol: options?.rtol ?? fallback.rtol };
}

/**
 * Compares two tensors (or arrays of numbers of the same length) entry by entry and
 * reports the largest errors and the worst entry. Shapes must agree exactly (no
 * broadcasting); dtypes may differ. Default tolerance: {@link algebraicTolerance}.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { compareTensors } from "purediff/laws";
 * const r = compareTensors(tensor([1, 2], "float64"), tensor([1, 2.1], "float64"));
 * r.close; // => false
 * r.worst; // => { index: [1], actual: 2, expected: 2.1 }
 * ```
 */
export function compareTensors(actual: Tensor, expected: Tensor, options?: CloseOptions): CloseReport {
  const tolerance = resolveTolerance(options, algebraicTolerance[toleranceDType(actual, expected)]);
  if (!shapesEqual(actual.shape, expected.shape)) {
    return {
      close: false,
      mismatch: `shape ${showShapeText(actual.shape)} differs from the expected ${showShapeText(expected.shape)}`,
      maxAbsoluteError: Infinity,
      maxRelativeError: Infinity,
      tolerance,
    };
  }
  const report = compareValues(valuesOf(actual), valuesOf(expected), tolerance, options?.equalNaN ?? false);
  const worst =
    report.worstFlat === undefined ? undefined : { index: unravel(report.worstFlat, actual.shape), actual: report.worstActual, expected: report.worstExpected };
  return { close: report.close, maxAbsoluteError: report.maxAbsoluteError, maxRelativeError: report.maxRelativeError, worst, tolerance };
}

/**
 * The flat result of comparing two value arrays.
 * @example
 * ```ts
 * import { compareValues } from "purediff/laws";
 * compareValues([1, 2], [1, 3], { atol: 0, rtol: 0.1 }).worstFlat; // => 1
 * ```
 */
export interface ValuesReport {
  readonly close: boolean;
  readonly maxAbsoluteError: number;
  readonly maxRelativeError: number;
  readonly worstFlat?: number;
  readonly worstActual: number;
  readonly worstExpected: number;
}

/**
 * Compares two equally long arrays of numbers under a tolerance. With `scale`, entry i
 * may differ by atol + rtol · max(|aᵢ|, |bᵢ|, scaleᵢ): the size of the terms a sum was
 * made of, so that cancellation (a large sum of terms giving a small result) is judged
 * by the rounding error it really carries.
 * @example
 * ```ts
 * import { compareValues } from "purediff/laws";
 * compareValues([1, 2], [1, 2.5], { atol: 0, rtol: 0.1 }).worstFlat; // => 1
 * compareValues([1e-12], [0], { atol: 0, rtol: 1e-10 }, false, [100]).close; // => true
 * ```
 */
export function compareValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  equalNaN = false,
  scale?: ArrayLike<number>,
): ValuesReport {
  if (actual.length !== expected.length) {
    return { close: false, maxAbsoluteError: Infinity, maxRelativeError: Infinity, worstActual: NaN, worstExpected: NaN };
  }
  let close = true;
  let maxAbsoluteError = 0;
  let maxRelativeError = 0;
  let worstRatio = -1;
  let worstFlat: number | undefined;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const s = scale === undefined ? 0 : Math.abs(scale[i]);
    const t = s === 0 ? tolerance : { atol: tolerance.atol + tolerance.rtol * s, rtol: tolerance.rtol };
    const ok = isClose(a, e, t, equalNaN);
    if (!ok) close = false;
    const bothNaN = equalNaN && Number.isNaN(a) && Number.isNaN(e);
    const abs = bothNaN || a === e ? 0 : Math.abs(a - e);
    maxAbsoluteError = Math.max(maxAbsoluteError, Number.isNaN(abs) ? Infinity : abs);
    maxRelativeError = Math.max(maxRelativeError, bothNaN ? 0 : relativeError(a, e));
    const ratio = bothNaN ? 0 : toleranceRatio(a, e, t);
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstFlat = i;
    }
  }
  return {
    close,
    maxAbsoluteError,
    maxRelativeError,
    worstFlat,
    worstActual: worstFlat === undefined ? NaN : actual[worstFlat],
    worstExpected: worstFlat === undefined ? NaN : expected[worstFlat],
  };
}

/**
 * Whether two tensors have the same shape and every pair of entries is close.
 * Default tolerance: {@link algebraicTolerance} of the coarser dtype.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { allClose } from "purediff/laws";
 * allClose(tensor([1, 2], "float64"), tensor([1, 2 + 1e-12], "float64")); // => true
 * allClose(tensor([1, 2], "float64"), tensor([1, 2.001], "float64"), { atol: 1e-6, rtol: 1e-5 }); // => false
 * ```
 */
export function allClose(a: Tensor, b: Tensor, options?: CloseOptions): boolean {
  return compareTensors(a, b, options).close;
}

/**
 * A one-line description of a failed comparison: the errors and the worst entry.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { compareTensors, describeCloseReport } from "purediff/laws";
 * describeCloseReport(compareTensors(tensor([1]), tensor([2])))
 * // "max abs error 1, max rel error 0.5 (atol 1e-5, rtol 1e-5); worst at [0]: 1 vs expected 2"
 * ```
 */
export function describeCloseReport(report: CloseReport): string {
  if (report.mismatch !== undefined) return report.mismatch;
  const head = `max abs error ${showNumber(report.maxAbsoluteError)}, max rel error ${showNumber(report.maxRelativeError)} (atol ${report.tolerance.atol}, rtol ${report.tolerance.rtol})`;
  if (report.worst === undefined) return head;
  return `${head}; worst at [${report.worst.index.join(",")}]: ${showNumber(report.worst.actual)} vs expected ${showNumber(report.worst.expected)}`;
}
