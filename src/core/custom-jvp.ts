import type { Tensor } from "../tensor/tensor";
import { zerosLike } from "../tensor/create";
import { topTrace } from "./trace";
import { JvpTrace, JvpTracer } from "./jvp";
import { ReverseTrace, ReverseTracer } from "./reverse";
import { vjp } from "./vjp";
import { asTensor } from "../ops/operands";

/**
 * A function with a hand-written forward-mode rule, as JAX's `custom_jvp`.
 * `rule(primals, tangents)` returns `[out, tangentOut]` and must be linear in the
 * tangents. Reverse mode (grad, vjp) is derived from it by transposing that linear map,
 * so one rule serves both modes; written with ops, it differentiates again.
 * @example
 * const safeLog1pExp = customJvp(
 *   (x: Tensor) => softplus(x),
 *   ([x], [t]) => [softplus(x), mul(t, sigmoid(x))],
 * );
 * grad(safeLog1pExp)(scalar(1000)); // 1, not NaN
 */
export function customJvp<Args extends readonly Tensor[], R extends Tensor>(
  f: (...args: Args) => R,
  rule: (primals: Args, tangents: Args) => readonly [R, Tensor],
): (...args: Args) => R {
  return (...rawArgs: Args): R => {
    const args = rawArgs.map((a) => asTensor(a as Tensor | number)) as unknown as Args;
    const trace = topTrace("customJvp", args);
    if (trace instanceof JvpTrace) {
      const primals = args.map((x) => (x instanceof JvpTracer && x.trace === trace ? x.primal : x)) as unknown as Args;
      const tangents = args.map((x) => (x instanceof JvpTracer && x.trace === trace ? x.tangent : zerosLike(x))) as unknown as Args;
      const [out, tangentOut] = rule(primals, tangents);
      return new JvpTracer(trace, out, tangentOut) as unknown as R;
    }
    if (trace instanceof ReverseTrace) {
      const primals = args.map((x) => (x instanceof ReverseTracer && x.trace === trace ? x.primal : x)) as unknown as Args;
      const zeros = primals.map((x) => zerosLike(x)) as unknown as Args;
      const [out] = rule(primals, zeros);
      // The tangent map t ↦ rule(primals, t)[1] is linear; its transpose is its vjp at any point.
      const [, pullback] = vjp((...t: Tensor[]) => rule(primals, t as unknown as Args)[1], ...(zeros as unknown as Tensor[]));
      return trace.record(out, args, (ct) => pullback(ct), "customJvp") as R;
    }
    return f(...args);
  };
}
