/**
 * Finite-difference agreement: the derivatives computed by `vjp` and `jvp` equal central
 * finite differences of the function (checked in float64).
 *
 * @module
 */
import { jvp, vjp, type Tensor } from "../../src/index";
import { guardLaw, passed, allLaws, failed, type LawResult } from "../law-result";
import { defaultEpsFor, numericJvp, numericVjp, selectCoordinates } from "../finite-difference";
import { finiteDifferenceTolerance, toleranceDType } from "../tolerance";
import { showShapeText, valuesOf } from "../internal/tensor-values";
import type { FiniteDifferenceLawOptions, TensorFunction, TensorsLike } from "../law-types";
import { argumentLabel, checkShapes, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link vjpMatchesFiniteDifferences}.
 * @example
 * ```ts
 * import { Tensor, customVjp, mul, sin, tensor } from "purediff";
 * import { VJP_FINITE_DIFFERENCES, randomTensorLike, vjpMatchesFiniteDifferences } from "purediff/laws";
 * // sin with a wrong backward rule (2·ct instead of cos(x)·ct)
 * const brokenSin = customVjp((x: Tensor) => sin(x), (x: Tensor) => [sin(x), x], (x: Tensor, ct: Tensor) => [mul(ct, 2)]);
 * const x = tensor([0.5, -1.2], "float64");
 * const r = vjpMatchesFiniteDifferences(brokenSin, [x], randomTensorLike(x, 1));
 * r.ok; // => false
 * !r.ok && r.law === VJP_FINITE_DIFFERENCES; // => true
 * ```
 */
export const VJP_FINITE_DIFFERENCES = "vjp agrees with finite differences";
/**
 * The name of {@link jvpMatchesFiniteDifferences}.
 * @example
 * ```ts
 * import { JVP_FINITE_DIFFERENCES } from "purediff/laws";
 * // the `law` of a failed jvpMatchesFiniteDifferences result
 * JVP_FINITE_DIFFERENCES; // => "jvp agrees with finite differences"
 * ```
 */
export const JVP_FINITE_DIFFERENCES = "jvp agrees with finite differences";

/**
 * cᵀJ from `vjp` equals the central differences of ⟨c, f(x)⟩, coordinate by coordinate
 * (or at `sampled` seeded coordinates); the cotangents have the arguments' shapes and dtypes.
 * @example
 * ```ts
 * import { Tensor, mul, sin, tensor } from "purediff";
 * import { randomTensorLike, vjpMatchesFiniteDifferences } from "purediff/laws";
 * const a = tensor([0.5, -1], "float64");
 * const b = tensor([2, 3], "float64");
 * vjpMatchesFiniteDifferences((a: Tensor, b: Tensor) => mul(sin(a), b), [a, b], randomTensorLike(mul(a, b), 1)); // => { ok: true }
 * ```
 */
export function vjpMatchesFiniteDifferences<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  cotangent: Tensor,
  options: FiniteDifferenceLawOptions = {},
): LawResult {
  const law = VJP_FINITE_DIFFERENCES;
  return guardLaw(law, () => {
    const [y, pullback] = vjp(f, ...args);
    if (showShapeText(y.shape) !== showShapeText(cotangent.shape)) {
      return failed(law, `the cotangent has shape ${showShapeText(cotangent.shape)} but f returns ${showShapeText(y.shape)}`, {});
    }
    const cts = pullback(cotangent) as readonly Tensor[];
    const shapes = checkShapes(law, (i) => `the cotangent of argument ${i}`, cts, args);
    if (!shapes.ok) return shapes;
    const eps = options.eps ?? defaultEpsFor(args);
    const coordinates = selectCoordinates(
      args.map((a) => a.shape),
      options.sampled,
      options.seed ?? 0,
    );
    const numeric = numericVjp(f, args, cotangent, { eps, coordinates });
    const analyticValues = cts.map(valuesOf);
    const tolerance = toleranceOf(options, finiteDifferenceTolerance[toleranceDType(...args, y)]);
    // Compare only the checked coordinates: one value list per argument.
    const actual = args.map((a, k) => {
      const entries = numeric.filter((e) => e.argument === k);
      return { shape: a.shape, entries };
    });
    return compareLists(
      law,
      { what: argumentLabel, actualName: "vjp gives", expectedName: "finite differences give" },
      actual.map(({ shape, entries }, k) => ({ shape, values: fillAt(shape, entries, (e) => analyticValues[k][e.index]) })),
      actual.map(({ shape, entries }) => fillAt(shape, entries, (e) => e.value)),
      tolerance,
      undefined,
      `; eps ${eps}`,
    );
  });
}

/** A full-size array holding `value(e)` at each entry's index and 0 elsewhere (unchecked coordinates compare 0 with 0). */
function fillAt<E extends { readonly index: number }>(shape: readonly number[], entries: readonly E[], value: (e: E) => number): Float64Array {
  const out = new Float64Array(shape.reduce((a, b) => a * b, 1));
  for (const e of entries) out[e.index] = value(e);
  return out;
}

/**
 * J·t from `jvp` equals the central difference (f(x + h·t) − f(x − h·t)) / 2h, and the
 * primal output of `jvp` equals f(x).
 * @example
 * ```ts
 * import { Tensor, exp, tensor } from "purediff";
 * import { jvpMatchesFiniteDifferences, randomTensorLike } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * jvpMatchesFiniteDifferences((v: Tensor) => exp(v), [x], [randomTensorLike(x, 3)]); // => { ok: true }
 * ```
 */
export function jvpMatchesFiniteDifferences<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  tangents: TensorsLike<Args>,
  options: FiniteDifferenceLawOptions = {},
): LawResult {
  const law = JVP_FINITE_DIFFERENCES;
  return guardLaw(law, () => {
    const [y, dy] = jvp(f, args, tangents as unknown as Args);
    const plain = f(...args);
    const eps = options.eps ?? defaultEpsFor(args);
    return allLaws(
      () => checkShapes(law, () => "the tangent output", [dy], [y], false),
      () => checkShapes(law, () => "jvp's primal output", [y], [plain]),
      () => {
        const same = valuesOf(y);
        const ref = valuesOf(plain);
        for (let i = 0; i < ref.length; i++) {
          if (!Object.is(same[i], ref[i]) && !(Math.abs(same[i] - ref[i]) <= 1e-12 * Math.max(1, Math.abs(ref[i])))) {
            return failed(law, `jvp's primal output differs from f(x) at flat index ${i}: ${same[i]} vs ${ref[i]}`, { index: i, jvp: same[i], f: ref[i] });
          }
        }
        return passed;
      },
      () => {
        const numeric = numericJvp(f, args, tangents, { eps });
        const tolerance = toleranceOf(options, finiteDifferenceTolerance[toleranceDType(...args, y)]);
        return compareLists(
          law,
          { what: () => "the output tangent", actualName: "jvp gives", expectedName: "finite differences give" },
          [{ shape: dy.shape, values: valuesOf(dy) }],
          [valuesOf(numeric)],
          tolerance,
          undefined,
          `; eps ${eps}`,
        );
      },
    );
  });
}
