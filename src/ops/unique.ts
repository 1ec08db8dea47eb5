import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor } from "../tensor/concrete";
import { tensor } from "../tensor/create";
import { allocate } from "../tensor/dtype";
import { showShape, type Shape } from "../tensor/shape";
import { argsort } from "./sort";

/** Options of {@link unique}: which extra results to return, in NumPy's order. */
export interface UniqueOptions {
  /** Also the index of the first occurrence of each distinct value. */
  readonly returnIndex?: boolean;
  /** Also, for each entry of x (in x's shape), the index of its value among the distinct ones. */
  readonly returnInverse?: boolean;
  /** Also how often each distinct value occurs. */
  readonly returnCounts?: boolean;
  /** NaNs count as one value (default true, as NumPy's `equal_nan`); false keeps each NaN apart. */
  readonly equalNan?: boolean;
}

type Vector = Tensor<[number]>;

/**
 * What {@link unique} returns for options `O`: the sorted distinct values alone, or a tuple
 * of them followed by the asked-for indices, inverse and counts (int32), in NumPy's order.
 */
export type Unique<S extends Shape, O extends UniqueOptions> = O extends { returnIndex: true } | { returnInverse: true } | { returnCounts: true }
  ? [
      Vector,
      ...(O extends { returnIndex: true } ? [Vector] : []),
      ...(O extends { returnInverse: true } ? [Tensor<S>] : []),
      ...(O extends { returnCounts: true } ? [Vector] : []),
    ]
  : Vector;

/**
 * The sorted distinct values of `x` (flattened), NaNs last; with options also the first
 * index of each, the inverse (x's entries as indices into the distinct values, in x's
 * shape) and the counts. How many values there are depends on the data, so `x` must be
 * concrete: under `jit`, `vmap` or `grad` it is an error.
 * @example
 * ```ts
 * import { tensor, unique } from "purediff";
 * unique(tensor([3, 1, 3, 2])).toArray(); // => [1, 2, 3]
 * ```
 * @example
 * ```ts
 * import { tensor, unique } from "purediff";
 * const [values, counts] = unique(tensor([3, 1, 3]), { returnCounts: true }); // [1, 3] and [1, 2]
 * ```
 */
export function unique<S extends Shape, const O extends UniqueOptions = Record<string, never>>(x: Tensor<S>, options?: O): Unique<S, O> {
  if (!(x instanceof ConcreteTensor)) {
    throw new Error(
      `unique: x (${x.dtype} ${showShape(x.shape)}) is traced (under jit, vmap or grad), but the number of distinct values depends on the data; call unique outside the transform`,
    );
  }
  const equalNan = options?.equalNan ?? true;
  const flat = x.data();
  const order = argsort(tensor(flat, x.dtype, [flat.length])).data() as Int32Array;
  const inverse = new Int32Array(flat.length);
  const firsts: number[] = [];
  const counts: number[] = [];
  for (let j = 0; j < order.length; j++) {
    const v = flat[order[j]];
    const previous = j === 0 ? undefined : flat[order[j - 1]];
    const same = previous !== undefined && (previous === v || (equalNan && Number.isNaN(v) && Number.isNaN(previous)));
    if (!same) {
      firsts.push(order[j]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse[order[j]] = firsts.length - 1;
  }
  const values = allocate(x.dtype, firsts.length);
  firsts.forEach((i, k) => (values[k] = flat[i]));
  const results: Tensor[] = [tensor(values, x.dtype, [firsts.length])];
  if (options?.returnIndex) results.push(tensor(Int32Array.from(firsts), "int32", [firsts.length]));
  if (options?.returnInverse) results.push(tensor(inverse, "int32", x.shape));
  if (options?.returnCounts) results.push(tensor(Int32Array.from(counts), "int32", [counts.length]));
  return (results.length === 1 ? results[0] : results) as Unique<S, O>;
}
