/**
 * Zero derivatives: piecewise-constant functions (comparisons, sign, argmax) and
 * gradient barriers (stopGradient) have derivative exactly zero in both modes.
 *
 * @module
 */
import { jvp, vjp, type Tensor } from "../../src/index";
import { allLaws, failed, guardLaw, passed, type LawResult } from "../law-result";
import { showShapeText, valuesOf } from "../internal/tensor-values";
import type { TensorFunction, TensorsLike } from "../law-types";
import { checkShapes } from "./common";

/**
 * The name of {@link zeroDerivative}.
 * @example
 * ```ts
 * import { ZERO_DERIVATIVE } from "purediff/laws";
 * // the `law` of a failed zeroDerivative result
 * ZERO_DERIVATIVE; // => "zero derivative: vjp gives zero cotangents and jvp a zero tangent"
 * ```
 */
export const ZERO_DERIVATIVE = "zero derivative: vjp gives zero cotangents and jvp a zero tangent";

function firstNonZero(t: Tensor): number {
  return valuesOf(t).findIndex((v) => v !== 0);
}

/**
 * The pullback of f maps the cotangent to exact zeros of each argument's shape, and
 * jvp along the tangents gives an exact zero tangent of the output's shape.
 * @example
 * ```ts
 * import { Tensor, sign, stopGradient, tensor } from "purediff";
 * import { randomTensorLike, zeroDerivative } from "purediff/laws";
 * const x = tensor([0.5, -1], "float64");
 * const c = randomTensorLike(x, 1);
 * const t = randomTensorLike(x, 2);
 * zeroDerivative((v: Tensor) => sign(v), [x], c, [t]); // => { ok: true }
 * zeroDerivative((v: Tensor) => stopGradient(v), [x], c, [t]); // => { ok: true }
 * ```
 */
export function zeroDerivative<Args extends readonly Tensor[]>(f: TensorFunction<Args>, args: Args, cotangent: Tensor, tangents: TensorsLike<Args>): LawResult {
  const law = ZERO_DERIVATIVE;
  return guardLaw(law, () => {
    const [y, pullback] = vjp(f, ...args);
    const cts = pullback(cotangent) as readonly Tensor[];
    const [, dy] = jvp(f, args, tangents as unknown as Args);
    return allLaws(
      () => checkShapes(law, (k) => `the cotangent of argument ${k}`, cts, args),
      () => {
        for (let k = 0; k < cts.length; k++) {
          const i = firstNonZero(cts[k]);
          if (i >= 0) return failed(law, `the cotangent of argument ${k} is ${valuesOf(cts[k])[i]} at flat index ${i}, not 0`, { argument: k, index: i });
        }
        return passed;
      },
      () => checkShapes(law, () => "the output tangent", [dy], [y], false),
      () => {
        const i = firstNonZero(dy);
        return i < 0
          ? passed
          : failed(law, `the output tangent (shape ${showShapeText(dy.shape)}) is ${valuesOf(dy)[i]} at flat index ${i}, not 0`, { index: i });
      },
    );
  });
}
