/**
 * Linearity: the pullback of `vjp` is linear in the cotangent, the pushforward of `jvp`
 * linear in the tangent.
 *
 * @module
 */
import { jvp, vjp, type Tensor } from "../../src/index";
import { allLaws, guardLaw, type LawResult } from "../law-result";
import { algebraicTolerance, toleranceDType } from "../tolerance";
import { like, valuesOf } from "../internal/tensor-values";
import type { AlgebraicLawOptions, TensorFunction, TensorsLike } from "../law-types";
import { argumentLabel, checkShapes, combine, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link vjpLinearity}.
 * @example
 * ```ts
 * import { VJP_LINEARITY } from "purediff/laws";
 * // the `law` of a failed vjpLinearity result
 * VJP_LINEARITY; // => "vjp is linear in the cotangent: pullback(αc₁ + βc₂) = α·pullback(c₁) + β·pullback(c₂)"
 * ```
 */
export const VJP_LINEARITY = "vjp is linear in the cotangent: pullback(αc₁ + βc₂) = α·pullback(c₁) + β·pullback(c₂)";
/**
 * The name of {@link jvpLinearity}.
 * @example
 * ```ts
 * import { JVP_LINEARITY } from "purediff/laws";
 * // the `law` of a failed jvpLinearity result
 * JVP_LINEARITY; // => "jvp is linear in the tangent: jvp(αt₁ + βt₂) = α·jvp(t₁) + β·jvp(t₂)"
 * ```
 */
export const JVP_LINEARITY = "jvp is linear in the tangent: jvp(αt₁ + βt₂) = α·jvp(t₁) + β·jvp(t₂)";

/** α·a + β·b as a tensor like a (combined in float64 arithmetic, then stored in a's dtype). */
function combined(alpha: number, a: Tensor, beta: number, b: Tensor): Tensor {
  return like(a, combine(alpha, valuesOf(a), beta, valuesOf(b)).values);
}

/**
 * pullback(α·c₁ + β·c₂) = α·pullback(c₁) + β·pullback(c₂) for every argument.
 * @example
 * ```ts
 * import { Tensor, sin, tensor } from "purediff";
 * import { randomTensorLike, vjpLinearity } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * vjpLinearity((v: Tensor) => sin(v), [x], randomTensorLike(x, 1), randomTensorLike(x, 2), 2, -0.5); // => { ok: true }
 * ```
 */
export function vjpLinearity<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  c1: Tensor,
  c2: Tensor,
  alpha: number,
  beta: number,
  options: AlgebraicLawOptions = {},
): LawResult {
  const law = VJP_LINEARITY;
  return guardLaw(law, () => {
    const [, pullback] = vjp(f, ...args);
    const lhs = pullback(combined(alpha, c1, beta, c2)) as readonly Tensor[];
    const p1 = pullback(c1) as readonly Tensor[];
    const p2 = pullback(c2) as readonly Tensor[];
    const rhs = args.map((_, k) => combine(alpha, valuesOf(p1[k]), beta, valuesOf(p2[k])));
    return allLaws(
      () => checkShapes(law, (i) => `the cotangent of argument ${i}`, lhs, args),
      () =>
        compareLists(
          law,
          { what: argumentLabel, actualName: "pullback(αc₁ + βc₂) gives", expectedName: "α·pullback(c₁) + β·pullback(c₂) gives" },
          lhs.map((t) => ({ shape: t.shape, values: valuesOf(t) })),
          rhs.map((r) => r.values),
          toleranceOf(options, algebraicTolerance[toleranceDType(...args)]),
          rhs.map((r) => r.scale),
          `; α ${alpha}, β ${beta}`,
        ),
    );
  });
}

/**
 * jvp(f)(x; α·t₁ + β·t₂) = α·jvp(f)(x; t₁) + β·jvp(f)(x; t₂).
 * @example
 * ```ts
 * import { Tensor, exp, tensor } from "purediff";
 * import { jvpLinearity } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * jvpLinearity((v: Tensor) => exp(v), [x], [tensor([1, 0], "float64")], [tensor([0, 1], "float64")], 3, 0.25); // => { ok: true }
 * ```
 */
export function jvpLinearity<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  t1: TensorsLike<Args>,
  t2: TensorsLike<Args>,
  alpha: number,
  beta: number,
  options: AlgebraicLawOptions = {},
): LawResult {
  const law = JVP_LINEARITY;
  return guardLaw(law, () => {
    const mixed = args.map((_, k) => combined(alpha, t1[k], beta, t2[k]));
    const [, lhs] = jvp(f, args, mixed as unknown as Args);
    const [, d1] = jvp(f, args, t1 as unknown as Args);
    const [, d2] = jvp(f, args, t2 as unknown as Args);
    const rhs = combine(alpha, valuesOf(d1), beta, valuesOf(d2));
    return allLaws(
      () => checkShapes(law, () => "jvp(αt₁ + βt₂)", [lhs], [d1]),
      () =>
        compareLists(
          law,
          { what: () => "the output tangent", actualName: "jvp(αt₁ + βt₂) gives", expectedName: "α·jvp(t₁) + β·jvp(t₂) gives" },
          [{ shape: lhs.shape, values: valuesOf(lhs) }],
          [rhs.values],
          toleranceOf(options, algebraicTolerance[toleranceDType(...args)]),
          [rhs.scale],
          `; α ${alpha}, β ${beta}`,
        ),
    );
  });
}
