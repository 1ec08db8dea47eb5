import { jvp } from "./jvp";
import { jit } from "./jit";

/**
 * The value of `f` at `primals` and its linear approximation there, the map from
 * input tangents to the output tangent (JAX's `linearize`). The map is staged with
 * `jit` on its first call, with the primal computation folded into constants where it
 * is small, so later calls do only the linear work.
 * @example
 * ```ts
 * import { Tensor, linearize, scalar, sin } from "purediff";
 * const [y, df] = linearize((x: Tensor) => sin(x), scalar(0));
 * // = cos 0 · 2
 * df(scalar(2)).toArray(); // => 2
 * ```
 */
export function linearize<Args extends readonly unknown[], R>(f: (...args: Args) => R, ...primals: Args): [R, (...tangents: Args) => R] {
  const [out] = jvp(f, primals, primals);
  const linear = jit((...tangents: unknown[]) => jvp(f, primals, tangents as unknown as Args)[1]);
  return [out, linear as unknown as (...tangents: Args) => R];
}
