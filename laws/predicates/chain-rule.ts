/**
 * The chain rule: differentiating a composition equals composing the derivatives.
 *
 * @module
 */
import { grad, jvp, vjp, type Tensor } from "../../src/index";
import { allLaws, guardLaw, type LawResult } from "../law-result";
import { algebraicTolerance, toleranceDType } from "../tolerance";
import { valuesOf } from "../internal/tensor-values";
import type { AlgebraicLawOptions } from "../law-types";
import { checkShapes, compareLists, toleranceOf } from "./common";

/**
 * The name of {@link chainRule}.
 * @example
 * ```ts
 * import { CHAIN_RULE } from "purediff/laws";
 * // the `law` of a failed chainRule result
 * CHAIN_RULE; // => "chain rule (reverse): grad(f ∘ g)(x) = vjp(g, x)(grad(f)(g(x)))"
 * ```
 */
export const CHAIN_RULE = "chain rule (reverse): grad(f ∘ g)(x) = vjp(g, x)(grad(f)(g(x)))";
/**
 * The name of {@link forwardChainRule}.
 * @example
 * ```ts
 * import { FORWARD_CHAIN_RULE } from "purediff/laws";
 * // the `law` of a failed forwardChainRule result
 * FORWARD_CHAIN_RULE; // => "chain rule (forward): jvp(f ∘ g)(x; t) = jvp(f)(g(x); jvp(g)(x; t))"
 * ```
 */
export const FORWARD_CHAIN_RULE = "chain rule (forward): jvp(f ∘ g)(x; t) = jvp(f)(g(x); jvp(g)(x; t))";

/**
 * grad(f ∘ g)(x) equals the pullback of g at x applied to grad(f) at g(x), for scalar f.
 * @example
 * ```ts
 * import { Tensor, matmul, sum, tanh, tensor } from "purediff";
 * import { chainRule } from "purediff/laws";
 * const w = tensor([[1, 2], [0, 1]], "float64");
 * const x = tensor([0.5, -0.3], "float64");
 * chainRule((y: Tensor) => sum(tanh(y)), (v: Tensor) => matmul(w, v), x); // => { ok: true }
 * ```
 */
export function chainRule<X extends Tensor, Y extends Tensor>(f: (y: Y) => Tensor, g: (x: X) => Y, x: X, options: AlgebraicLawOptions = {}): LawResult {
  const law = CHAIN_RULE;
  return guardLaw(law, () => {
    const whole = grad((u: X) => f(g(u)))(x) as Tensor;
    const [y, pullback] = vjp(g, x);
    const outer = grad(f)(y) as Tensor;
    const [composed] = pullback(outer as Y) as unknown as readonly Tensor[];
    return allLaws(
      () => checkShapes(law, () => "grad(f ∘ g)(x)", [whole], [x]),
      () => checkShapes(law, () => "the pulled-back gradient", [composed], [x]),
      () =>
        compareLists(
          law,
          { what: () => "the gradient", actualName: "grad(f ∘ g) gives", expectedName: "vjp(g)(grad f) gives" },
          [{ shape: x.shape, values: valuesOf(whole) }],
          [valuesOf(composed)],
          toleranceOf(options, algebraicTolerance[toleranceDType(x, whole)]),
        ),
    );
  });
}

/**
 * jvp of f ∘ g at x along t equals jvp of f at g(x) along the tangent jvp of g gives.
 * @example
 * ```ts
 * import { Tensor, exp, mul, tensor } from "purediff";
 * import { forwardChainRule } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * const t = tensor([1, 2], "float64");
 * forwardChainRule((y: Tensor) => exp(y), (v: Tensor) => mul(v, v), x, t); // => { ok: true }
 * ```
 */
export function forwardChainRule<X extends Tensor, Y extends Tensor>(
  f: (y: Y) => Tensor,
  g: (x: X) => Y,
  x: X,
  t: Tensor,
  options: AlgebraicLawOptions = {},
): LawResult {
  const law = FORWARD_CHAIN_RULE;
  return guardLaw(law, () => {
    const [, whole] = jvp((u: X) => f(g(u)), [x], [t as X]);
    const [y, dy] = jvp(g, [x], [t as X]);
    const [, composed] = jvp(f, [y], [dy]);
    return allLaws(
      () => checkShapes(law, () => "jvp(f ∘ g)", [whole], [composed]),
      () =>
        compareLists(
          law,
          { what: () => "the output tangent", actualName: "jvp(f ∘ g) gives", expectedName: "jvp(f)(jvp(g)) gives" },
          [{ shape: whole.shape, values: valuesOf(whole) }],
          [valuesOf(composed)],
          toleranceOf(options, algebraicTolerance[toleranceDType(x, whole)]),
        ),
    );
  });
}
