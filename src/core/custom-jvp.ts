import type { Tensor } from "../tensor/tensor";
import { asTensor } from "../ops/operands";
import { bindHigherOrder, isTraced } from "./bind";
import { stagedPerSignature } from "./higher-order/program-cache";
import { customJvpCall } from "./higher-order/custom-jvp-call";

/**
 * A function with a hand-written forward-mode rule, as JAX's `custom_jvp`.
 * `rule(primals, tangents)` returns `[out, tangentOut]` and must be linear in the
 * tangents. Reverse mode (grad, vjp) is derived from it by transposing that linear map,
 * so one rule serves both modes; written with ops, it differentiates again. The rule
 * is part of the staged program, so it holds under `jit`, `vmap` and `grad` in any
 * nesting. Values the function closes over are constants to the rule: pass what should
 * be differentiated as arguments.
 * @example
 * ```ts
 * import { Tensor, customJvp, grad, jit, mul, scalar, sigmoid, softplus } from "purediff";
 * const safeLog1pExp = customJvp(
 *   (x: Tensor) => softplus(x),
 *   ([x], [t]) => [softplus(x), mul(t, sigmoid(x))],
 * );
 * // not NaN
 * grad(safeLog1pExp)(scalar(1000)).toArray(); // => 1
 * grad(jit(safeLog1pExp))(scalar(1000)).toArray(); // => 1
 * ```
 */
export function customJvp<Args extends readonly Tensor[], R extends Tensor>(
  f: (...args: Args) => R,
  rule: (primals: Args, tangents: Args) => readonly [R, Tensor],
): (...args: Args) => R {
  const name = `customJvp(${f.name || "fn"})`;
  const stage = stagedPerSignature(name, (xs) => f(...(xs as unknown as Args)));
  return (...rawArgs: Args): R => {
    const args = rawArgs.map((a) => asTensor(a as Tensor | number));
    if (!isTraced(name, args)) return f(...(args as unknown as Args));
    const { jaxpr, consts } = stage(args);
    const flatRule = (primals: readonly Tensor[], tangents: readonly Tensor[]) => {
      const [out, tangent] = rule(primals as unknown as Args, tangents as unknown as Args);
      return [[out], [tangent]] as const;
    };
    return bindHigherOrder(customJvpCall, [...consts, ...args], { jaxpr, consts: consts.length, rule: flatRule, name })[0] as R;
  };
}
