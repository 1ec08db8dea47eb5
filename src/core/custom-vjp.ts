import type { Tensor } from "../tensor/tensor";
import { showShape, sameShape } from "../tensor/shape";
import { topTrace } from "./trace";
import { ReverseTrace, ReverseTracer } from "./reverse";
import { JvpTrace } from "./jvp";
import { asTensor } from "../ops/operands";
import { broadcastTo } from "../ops/shape";

/**
 * A function with a hand-written reverse-mode rule, as JAX's `custom_vjp`.
 * `fwd(...args)` returns `[out, residuals]`; `bwd(residuals, cotangent)` returns one
 * cotangent per argument (`null` for none). Write `bwd` with ops and it is itself
 * differentiable (grad of grad works). Forward mode (jvp, jacfwd, hessian) is not
 * supported through it: use an ordinary function there. Under `jit`, `f` is traced
 * as is.
 * @example
 * const clippedSquare = customVjp(
 *   (x: Tensor) => mul(x, x),
 *   (x: Tensor) => [mul(x, x), x],
 *   (x: Tensor, ct: Tensor) => [clip(mul(mul(2, x), ct), -1, 1)],
 * );
 * grad(clippedSquare)(scalar(3)); // 1 (the clipped rule), not 6
 */
export function customVjp<Args extends readonly Tensor[], R extends Tensor, Res>(
  f: (...args: Args) => R,
  fwd: (...args: Args) => readonly [R, Res],
  bwd: (residuals: Res, cotangent: R) => readonly (Tensor | number | null)[],
): (...args: Args) => R {
  return (...rawArgs: Args): R => {
    const args = rawArgs.map((a) => asTensor(a as Tensor | number)) as unknown as Args;
    const trace = topTrace("customVjp", args);
    if (trace instanceof JvpTrace) {
      throw new Error("customVjp: forward mode (jvp, jacfwd, hessian) cannot see through a customVjp function; define the derivative with an ordinary function or use reverse mode (grad, vjp, jacrev)");
    }
    if (!(trace instanceof ReverseTrace)) return f(...args);
    const primals = args.map((x) => (x instanceof ReverseTracer && x.trace === trace ? x.primal : x)) as unknown as Args;
    const [out, residuals] = fwd(...primals);
    return trace.record(
      out,
      args,
      (ct) => {
        const cts = bwd(residuals, ct as R);
        if (cts.length !== args.length) {
          throw new Error(`customVjp: bwd returned ${cts.length} cotangent(s) for ${args.length} argument(s)`);
        }
        return cts.map((c, i) => {
          if (c === null) return null;
          const t = asTensor(c, args[i].dtype);
          if (!sameShape(t.shape, args[i].shape) && t.shape.length !== 0) {
            throw new Error(`customVjp: bwd cotangent ${i} has shape ${showShape(t.shape)}, argument ${i} has ${showShape(args[i].shape)}`);
          }
          return t.shape.length === 0 && args[i].shape.length !== 0 ? broadcastTo(t, args[i].shape) : t;
        });
      },
      "customVjp",
    ) as R;
  };
}

