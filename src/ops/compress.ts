import { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape } from "../tensor/shape";
import { tensor } from "../tensor/create";
import { bind } from "../core/bind";

/**
 * The slices of `x` along `axis` where `condition` holds (NumPy's compress); without an
 * axis, `x` is flattened first. `condition` is concrete (the result's shape depends on
 * it): bools or numbers (non-zero is true), at most as long as the axis; entries past
 * its end are dropped. Differentiable in `x`.
 * @example
 * ```ts
 * import { compress, tensor } from "purediff";
 * compress([true, false, true], tensor([[1, 2], [3, 4], [5, 6]]), 0).toArray(); // => [[1, 2], [5, 6]]
 * ```
 */
export function compress(condition: readonly (boolean | number)[] | Tensor, x: Tensor, axis?: number): Tensor<number[]> {
  let flags: number[];
  if (condition instanceof Tensor) {
    if (condition.shape.length !== 1) throw new Error(`compress: condition must be rank 1, got shape ${showShape(condition.shape)}`);
    try {
      flags = Array.from(condition.data(), Number);
    } catch (e) {
      throw new Error(`compress: condition must be concrete (the result's shape depends on it): ${(e as Error).message}`);
    }
  } else flags = condition.map(Number);
  const source = axis === undefined ? bind("reshape", [x], { shape: [x.size] }) : x;
  if (source.shape.length === 0) throw new Error("compress: x must have rank 1 or more when an axis is given, got a scalar");
  const ax = normalizeAxis("compress", axis ?? 0, source.shape.length);
  const n = source.shape[ax];
  if (flags.length > n) {
    throw new Error(`compress: condition has ${flags.length} entries, more than axis ${ax} of shape ${showShape(source.shape)} (size ${n})`);
  }
  const kept = flags.flatMap((f, i) => (f !== 0 ? [i] : []));
  return bind("gather", [source, tensor(kept, "int32")], { axis: ax }) as Tensor<number[]>;
}
