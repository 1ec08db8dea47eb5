/**
 * Internal helpers shared by the law predicates: comparing lists of tensors and value
 * arrays, and phrasing the failures with the numbers.
 */
import type { Tensor } from "../../src/index";
import { failed, passed, type LawResult } from "../law-result";
import { compareValues, resolveTolerance, type Tolerance } from "../tolerance";
import { shapesEqual, showNumber, showShapeText, unravel } from "../internal/tensor-values";

/** A list of value arrays, one per argument (or output), with their shapes. */
export interface Valued {
  readonly shape: readonly number[];
  readonly values: ArrayLike<number>;
}

/** Checks that each tensor of `actual` has the shape (and dtype, when given) of the matching `expected`. */
export function checkShapes(law: string, what: (i: number) => string, actual: readonly Tensor[], expected: readonly Tensor[], checkDType = true): LawResult {
  if (actual.length !== expected.length) {
    return failed(law, `${what(0)}: expected ${expected.length} tensor(s), got ${actual.length}`, { expected: expected.length, actual: actual.length });
  }
  for (let i = 0; i < actual.length; i++) {
    if (!shapesEqual(actual[i].shape, expected[i].shape)) {
      return failed(law, `${what(i)} has shape ${showShapeText(actual[i].shape)}, expected ${showShapeText(expected[i].shape)}`, {
        index: i,
        actualShape: [...actual[i].shape],
        expectedShape: [...expected[i].shape],
      });
    }
    if (checkDType && actual[i].dtype !== expected[i].dtype) {
      return failed(law, `${what(i)} has dtype ${actual[i].dtype}, expected ${expected[i].dtype}`, {
        index: i,
        actualDType: actual[i].dtype,
        expectedDType: expected[i].dtype,
      });
    }
  }
  return passed;
}

/**
 * Compares `actual[k]` with `expected[k]` for every k (optionally with a per-entry scale)
 * and fails with the worst entry over all of them.
 */
export function compareLists(
  law: string,
  labels: { readonly what: (k: number) => string; readonly actualName: string; readonly expectedName: string },
  actual: readonly Valued[],
  expected: readonly ArrayLike<number>[],
  tolerance: Tolerance,
  scales?: readonly ArrayLike<number>[],
  extra: string = "",
): LawResult {
  let worst: { k: number; flat: number; a: number; e: number; ratio: number } | undefined;
  let maxAbs = 0;
  let maxRel = 0;
  let ok = true;
  for (let k = 0; k < actual.length; k++) {
    const r = compareValues(actual[k].values, expected[k], tolerance, false, scales?.[k]);
    maxAbs = Math.max(maxAbs, r.maxAbsoluteError);
    maxRel = Math.max(maxRel, r.maxRelativeError);
    if (!r.close) {
      ok = false;
      const flat = r.worstFlat ?? 0;
      const a = r.worstActual;
      const e = r.worstExpected;
      const s = scales?.[k]?.[flat] ?? 0;
      const bound = tolerance.atol + tolerance.rtol * Math.max(Math.abs(a), Math.abs(e), Math.abs(s));
      const ratio = Number.isFinite(a - e) ? Math.abs(a - e) / bound : Infinity;
      if (worst === undefined || ratio > worst.ratio) worst = { k, flat, a, e, ratio };
    }
  }
  if (ok || worst === undefined) return passed;
  const index = unravel(worst.flat, actual[worst.k].shape);
  const message =
    `${labels.what(worst.k)} at [${index.join(",")}]: ${labels.actualName} ${showNumber(worst.a)}, ${labels.expectedName} ${showNumber(worst.e)} ` +
    `(abs error ${showNumber(Math.abs(worst.a - worst.e))}; max abs error ${showNumber(maxAbs)}, max rel error ${showNumber(maxRel)}; ` +
    `atol ${tolerance.atol}, rtol ${tolerance.rtol}${extra})`;
  return failed(law, message, {
    which: worst.k,
    index,
    actual: worst.a,
    expected: worst.e,
    maxAbsoluteError: maxAbs,
    maxRelativeError: maxRel,
    atol: tolerance.atol,
    rtol: tolerance.rtol,
  });
}

/** The tolerance of a law: the options' parts over a default. */
export function toleranceOf(options: Partial<Tolerance> | undefined, fallback: Tolerance): Tolerance {
  return resolveTolerance(options, fallback);
}

/** α·a + β·b entrywise, with |α·a| + |β·b| as the scale of its rounding. */
export function combine(alpha: number, a: ArrayLike<number>, beta: number, b: ArrayLike<number>): { values: Float64Array; scale: Float64Array } {
  const values = new Float64Array(a.length);
  const scale = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    values[i] = alpha * a[i] + beta * b[i];
    scale[i] = Math.abs(alpha * a[i]) + Math.abs(beta * b[i]);
  }
  return { values, scale };
}

/** "argument 0" */
export const argumentLabel = (k: number): string => `argument ${k}`;
