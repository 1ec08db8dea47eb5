import type { Tensor } from "../tensor/tensor";
import { showShape, sameShape } from "../tensor/shape";
import { asTensor } from "../ops/operands";
import { broadcastTo } from "../ops/shape";
import { flatten, unflatten } from "../tree";
import { bindHigherOrder, isTraced } from "./bind";
import { stagedPerSignature } from "./higher-order/program-cache";
import { isTensorLeaf } from "./leaves";
import { customVjpCall } from "./higher-order/custom-vjp-call";

/**
 * A function with a hand-written reverse-mode rule, as JAX's `custom_vjp`.
 * `fwd(...args)` returns `[out, residuals]` (residuals: a tree of tensors);
 * `bwd(residuals, cotangent)` returns one cotangent per argument (`null` for none). Write
 * `bwd` with ops and it is itself differentiable (grad of grad works). The rule is part
 * of the staged program, so it holds under `jit` and `vmap`. Forward mode (jvp, jacfwd,
 * hessian) is an error through it, as in JAX.
 * @example
 * ```ts
 * import { Tensor, clip, customVjp, grad, jit, mul, scalar } from "purediff";
 * const clippedSquare = customVjp(
 *   (x: Tensor) => mul(x, x),
 *   (x: Tensor) => [mul(x, x), x],
 *   (x: Tensor, ct: Tensor) => [clip(mul(mul(2, x), ct), -1, 1)],
 * );
 * // the clipped rule gives 1, not 6:
 * grad(clippedSquare)(scalar(3)).toArray(); // => 1
 * grad(jit(clippedSquare))(scalar(3)).toArray(); // => 1
 * ```
 */
export function customVjp<Args extends readonly Tensor[], R extends Tensor, Res>(
  f: (...args: Args) => R,
  fwd: (...args: Args) => readonly [R, Res],
  bwd: (residuals: Res, cotangent: R) => readonly (Tensor | number | null)[],
): (...args: Args) => R {
  const name = `customVjp(${f.name || "fn"})`;
  const stage = stagedPerSignature(name, (xs) => f(...(xs as unknown as Args)));
  return (...rawArgs: Args): R => {
    const args = rawArgs.map((a) => asTensor(a as Tensor | number));
    if (!isTraced(name, args)) return f(...(args as unknown as Args));
    const { jaxpr, consts } = stage(args);
    let residualDef: ReturnType<typeof flatten>[1] | undefined;
    const flatFwd = (xs: readonly Tensor[]) => {
      const [out, residuals] = fwd(...(xs as unknown as Args));
      const [leaves, def] = flatten(residuals, isTensorLeaf);
      residualDef = def;
      return [[out], leaves as Tensor[]] as const;
    };
    const flatBwd = (residuals: readonly Tensor[], [ct]: readonly Tensor[]) => {
      const cts = bwd(unflatten(residualDef as NonNullable<typeof residualDef>, residuals) as Res, ct as R);
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
    };
    return bindHigherOrder(customVjpCall, [...consts, ...args], { jaxpr, consts: consts.length, fwd: flatFwd, bwd: flatBwd, name })[0] as R;
  };
}
