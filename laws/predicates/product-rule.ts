/**
 * The product rule: d(f·g) = df·g + f·dg, in both modes.
 *
 * @module
 */
import { jvp, mul, vjp, type Tensor } from "../../src/index";
import { allLaws, failed, guardLaw, type LawResult } from "../law-result";
import { algebraicTolerance, toleranceDType } from "../tolerance";
import { like, shapesEqual, showShapeText, valuesOf } from "../internal/tensor-values";
import type { AlgebraicLawOptions, TensorFunction, TensorsLike } from "../law-types";
import { argumentLabel, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link productRule}.
 * @example
 * ```ts
 * import { PRODUCT_RULE } from "purediff/laws";
 * // the `law` of a failed productRule result
 * PRODUCT_RULE; // => "product rule: d(f·g) = df·g + f·dg"
 * ```
 */
export const PRODUCT_RULE = "product rule: d(f·g) = df·g + f·dg";

/**
 * For f and g of the same arguments and the same output shape: jvp of f·g along t is
 * df·g + f·dg, and the pullback of f·g at c is pullback_f(c·g) + pullback_g(c·f).
 * @example
 * ```ts
 * import { Tensor, exp, sin, tensor } from "purediff";
 * import { productRule, randomTensorLike } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * productRule((v: Tensor) => sin(v), (v: Tensor) => exp(v), [x], [randomTensorLike(x, 1)], randomTensorLike(x, 2)); // => { ok: true }
 * ```
 */
export function productRule<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  g: TensorFunction<Args>,
  args: Args,
  tangents: TensorsLike<Args>,
  cotangent: Tensor,
  options: AlgebraicLawOptions = {},
): LawResult {
  const law = PRODUCT_RULE;
  return guardLaw(law, () => {
    const h = (...xs: Args): Tensor => mul(f(...xs), g(...xs));
    const [fx, df] = jvp(f, args, tangents as unknown as Args);
    const [gx, dg] = jvp(g, args, tangents as unknown as Args);
    if (!shapesEqual(fx.shape, gx.shape)) {
      return failed(law, `f and g must return one shape, got ${showShapeText(fx.shape)} and ${showShapeText(gx.shape)}`, {});
    }
    const tolerance = toleranceOf(options, algebraicTolerance[toleranceDType(...args)]);
    const [, dh] = jvp(h, args, tangents as unknown as Args);
    const vf = valuesOf(fx);
    const vg = valuesOf(gx);
    const vdf = valuesOf(df);
    const vdg = valuesOf(dg);
    const expected = new Float64Array(vf.length);
    const scale = new Float64Array(vf.length);
    for (let i = 0; i < vf.length; i++) {
      expected[i] = vdf[i] * vg[i] + vf[i] * vdg[i];
      scale[i] = Math.abs(vdf[i] * vg[i]) + Math.abs(vf[i] * vdg[i]);
    }
    const c = valuesOf(cotangent);
    const cg = new Float64Array(c.length);
    const cf = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      cg[i] = c[i] * vg[i];
      cf[i] = c[i] * vf[i];
    }
    const [, pullH] = vjp(h, ...args);
    const [, pullF] = vjp(f, ...args);
    const [, pullG] = vjp(g, ...args);
    const lhs = pullH(cotangent) as readonly Tensor[];
    const viaF = pullF(like(cotangent, cg)) as readonly Tensor[];
    const viaG = pullG(like(cotangent, cf)) as readonly Tensor[];
    const rhs = args.map((_, k) => {
      const a = valuesOf(viaF[k]);
      const b = valuesOf(viaG[k]);
      return { values: a.map((v, i) => v + b[i]), scale: a.map((v, i) => Math.abs(v) + Math.abs(b[i])) };
    });
    return allLaws(
      () =>
        compareLists(
          law,
          { what: () => "the forward tangent", actualName: "jvp(f·g) gives", expectedName: "df·g + f·dg gives" },
          [{ shape: dh.shape, values: valuesOf(dh) }],
          [expected],
          tolerance,
          [scale],
        ),
      () =>
        compareLists(
          law,
          { what: (k) => `the reverse cotangent of ${argumentLabel(k)}`, actualName: "vjp(f·g)(c) gives", expectedName: "vjp(f)(c·g) + vjp(g)(c·f) gives" },
          lhs.map((t) => ({ shape: t.shape, values: valuesOf(t) })),
          rhs.map((r) => r.values),
          tolerance,
          rhs.map((r) => r.scale),
        ),
    );
  });
}
