/**
 * Duality of the two modes: ⟨J·t, c⟩ = ⟨t, Jᵀ·c⟩, i.e. `vjp` is the transpose of `jvp`.
 *
 * @module
 */
import { jvp, vjp, type Tensor } from "../../src/index";
import { failed, guardLaw, passed, type LawResult } from "../law-result";
import { algebraicTolerance, toleranceDType } from "../tolerance";
import { innerWithScale, showNumber, valuesOf } from "../internal/tensor-values";
import type { AlgebraicLawOptions, TensorFunction, TensorsLike } from "../law-types";
import { toleranceOf } from "./common";

/**
 * The name of {@link vjpJvpDuality}.
 * @example
 * ```ts
 * import { VJP_JVP_DUALITY } from "purediff/laws";
 * // the `law` of a failed vjpJvpDuality result
 * VJP_JVP_DUALITY; // => "vjp/jvp duality: ⟨J·t, c⟩ = ⟨t, Jᵀ·c⟩"
 * ```
 */
export const VJP_JVP_DUALITY = "vjp/jvp duality: ⟨J·t, c⟩ = ⟨t, Jᵀ·c⟩";

/**
 * ⟨jvp(f)(x; t), c⟩ = Σₖ ⟨tₖ, vjp(f)(x)(c)ₖ⟩, judged against the size of the terms summed.
 * @example
 * ```ts
 * import { Tensor, matmul, tensor } from "purediff";
 * import { randomTensorLike, vjpJvpDuality } from "purediff/laws";
 * const a = tensor([[1, 2], [3, 4]], "float64");
 * const b = tensor([[0.5], [-1]], "float64");
 * vjpJvpDuality((a: Tensor, b: Tensor) => matmul(a, b), [a, b], [randomTensorLike(a, 1), randomTensorLike(b, 2)], randomTensorLike(matmul(a, b), 3)); // => { ok: true }
 * ```
 */
export function vjpJvpDuality<Args extends readonly Tensor[]>(
  f: TensorFunction<Args>,
  args: Args,
  tangents: TensorsLike<Args>,
  cotangent: Tensor,
  options: AlgebraicLawOptions = {},
): LawResult {
  const law = VJP_JVP_DUALITY;
  return guardLaw(law, () => {
    const [, dy] = jvp(f, args, tangents as unknown as Args);
    const [, pullback] = vjp(f, ...args);
    const cts = pullback(cotangent) as readonly Tensor[];
    const forward = innerWithScale(valuesOf(dy), valuesOf(cotangent));
    let reverse = 0;
    let scale = forward.scale;
    args.forEach((_, k) => {
      const term = innerWithScale(valuesOf(tangents[k]), valuesOf(cts[k]));
      reverse += term.value;
      scale += term.scale;
    });
    const tolerance = toleranceOf(options, algebraicTolerance[toleranceDType(...args)]);
    const diff = Math.abs(forward.value - reverse);
    const bound = tolerance.atol + tolerance.rtol * Math.max(scale, Math.abs(forward.value), Math.abs(reverse));
    if (diff <= bound) return passed;
    return failed(
      law,
      `⟨J·t, c⟩ = ${showNumber(forward.value)} but ⟨t, Jᵀ·c⟩ = ${showNumber(reverse)} (difference ${showNumber(diff)}, allowed ${showNumber(bound)}: atol ${tolerance.atol}, rtol ${tolerance.rtol} × Σ|terms| ${showNumber(scale)})`,
      { forward: forward.value, reverse, difference: diff, allowed: bound },
    );
  });
}
