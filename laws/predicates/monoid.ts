/**
 * Gradients form a monoid: the zero is the gradient of an input a function ignores (a
 * zero tensor of its shape, never an error), and gradients add: ∇(f + g) = ∇f + ∇g.
 *
 * @module
 */
import { add, grad, type Tensor } from "../../src/index";
import { allLaws, failed, guardLaw, passed, type LawResult } from "../law-result";
import { algebraicTolerance, toleranceDType } from "../tolerance";
import { showShapeText, valuesOf } from "../internal/tensor-values";
import type { AlgebraicLawOptions, TensorFunction } from "../law-types";
import { argumentLabel, checkShapes, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link gradientOfUnusedIsZero}.
 * @example
 * ```ts
 * import { GRADIENT_ZERO } from "purediff/laws";
 * // the `law` of a failed gradientOfUnusedIsZero result
 * GRADIENT_ZERO; // => "gradient monoid (zero): an ignored input gets zeros of its shape"
 * ```
 */
export const GRADIENT_ZERO = "gradient monoid (zero): an ignored input gets zeros of its shape";
/**
 * The name of {@link gradientAdditivity}.
 * @example
 * ```ts
 * import { GRADIENT_ADD } from "purediff/laws";
 * // the `law` of a failed gradientAdditivity result
 * GRADIENT_ADD; // => "gradient monoid (add): ∇(f + g) = ∇f + ∇g"
 * ```
 */
export const GRADIENT_ADD = "gradient monoid (add): ∇(f + g) = ∇f + ∇g";

function gradients<Args extends readonly Tensor[]>(f: TensorFunction<Args>, xs: Args): readonly Tensor[] {
  const argnums = xs.map((_, i) => i);
  const g = f as unknown as (...ys: Tensor[]) => Tensor;
  return grad(g, { argnums })(...xs) as unknown as readonly Tensor[];
}

/**
 * For scalar f: adding an argument `unused` that f ignores gives it a gradient of zeros
 * with its shape and dtype, and leaves the other gradients as they were.
 * @example
 * ```ts
 * import { Tensor, exp, sum, tensor, zeros } from "purediff";
 * import { gradientOfUnusedIsZero } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * gradientOfUnusedIsZero((v: Tensor) => sum(exp(v)), [x], zeros([2, 3], "float64")); // => { ok: true }
 * ```
 */
export function gradientOfUnusedIsZero<Args extends readonly Tensor[]>(f: TensorFunction<Args>, args: Args, unused: Tensor): LawResult {
  const law = GRADIENT_ZERO;
  return guardLaw(law, () => {
    const n = args.length;
    const extended = (...xs: Tensor[]): Tensor => f(...(xs.slice(0, n) as unknown as Args));
    const all = gradients(extended, [...args, unused]);
    const plain = gradients(f, args);
    const zero = all[n];
    return allLaws(
      () => checkShapes(law, () => "the gradient of the ignored input", [zero], [unused]),
      () => {
        const values = valuesOf(zero);
        const i = values.findIndex((v) => v !== 0);
        return i < 0
          ? passed
          : failed(law, `the gradient of the ignored input (shape ${showShapeText(unused.shape)}) is ${values[i]} at flat index ${i}, not 0`, {
              index: i,
              value: values[i],
            });
      },
      () =>
        compareLists(
          law,
          { what: argumentLabel, actualName: "with the ignored input the gradient is", expectedName: "without it" },
          all.slice(0, n).map((g) => ({ shape: g.shape, values: valuesOf(g) })),
          plain.map(valuesOf),
          { atol: 0, rtol: 0 },
        ),
    );
  });
}

/**
 * For scalar f and g of the same arguments: the gradients of f + g are the sums of
 * their gradients.
 * @example
 * ```ts
 * import { Tensor, sin, square, sum, tensor } from "purediff";
 * import { gradientAdditivity } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * gradientAdditivity((v: Tensor) => sum(sin(v)), (v: Tensor) => sum(square(v)), [x]); // => { ok: true }
 * ```
 */
export function gradientAdditivity<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  g: TensorFunction<Args>,
  args: Args,
  options: AlgebraicLawOptions = {},
): LawResult {
  const law = GRADIENT_ADD;
  return guardLaw(law, () => {
    const both = gradients((...xs: Args) => add(f(...xs), g(...xs)), args);
    const gf = gradients(f, args);
    const gg = gradients(g, args);
    const expected = gf.map((a, k) => {
      const va = valuesOf(a);
      const vb = valuesOf(gg[k]);
      return { values: va.map((v, i) => v + vb[i]), scale: va.map((v, i) => Math.abs(v) + Math.abs(vb[i])) };
    });
    return allLaws(
      () => checkShapes(law, (k) => `∇(f + g) for argument ${k}`, both, args),
      () =>
        compareLists(
          law,
          { what: argumentLabel, actualName: "∇(f + g) gives", expectedName: "∇f + ∇g gives" },
          both.map((t) => ({ shape: t.shape, values: valuesOf(t) })),
          expected.map((e) => e.values),
          toleranceOf(options, algebraicTolerance[toleranceDType(...args)]),
          expected.map((e) => e.scale),
        ),
    );
  });
}
