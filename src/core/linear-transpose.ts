import { Tensor } from "../tensor/tensor";
import { zeros } from "../tensor/create";
import { flatten, unflatten } from "../tree";
import { ShapeDtypeStruct, type Abstract } from "./eval-shape";
import { vjp } from "./vjp";

/**
 * The transpose of a linear function (JAX's `linear_transpose`): for `f` linear in its
 * arguments, a function from an output cotangent to the tuple of input cotangents,
 * ⟨f(x), c⟩ = ⟨x, fᵀ(c)⟩. `primals` only give the arguments' shapes and dtypes (tensors or
 * {@link ShapeDtypeStruct}s). Built on `vjp` at zero, which for a linear `f` is its
 * transpose: `f` is not checked for linearity (unlike JAX, which rejects non-linear
 * primitives), so for a non-linear `f` the result is the vjp at zero.
 * @example
 * ```ts
 * import { Tensor, linearTranspose, mul, tensor, zeros } from "purediff";
 * const t = linearTranspose((x: Tensor<[3]>) => mul(x, 2), zeros([3]));
 * // [tensor([2, 4, 6])]
 * t(tensor([1, 2, 3])); // => [[2, 4, 6]]
 * ```
 */
export function linearTranspose<Args extends readonly unknown[], R>(
  f: (...args: Args) => R,
  ...primals: { [K in keyof Args]: Abstract<Args[K]> }
): (cotangent: R) => Args {
  const [leaves, def] = flatten(primals, (x) => x instanceof Tensor || x instanceof ShapeDtypeStruct);
  const zero = leaves.map((x, i) => {
    if (x instanceof Tensor || x instanceof ShapeDtypeStruct) return zeros(x.shape, x.dtype);
    if (typeof x === "number") return zeros([], "float32");
    throw new Error(`linearTranspose: primal leaf ${i} is not a tensor, a number or a ShapeDtypeStruct`);
  });
  const [, pullback] = vjp(f, ...(unflatten(def, zero) as unknown as Args));
  return pullback;
}
