import { ConcreteTensor } from "../tensor/concrete";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { take } from "../ops/indexing";
import { checkKey } from "./key";
import { concreteSamples, unitDoubles } from "./sampling";

/** Fisher–Yates on 0..n−1 driven by 53-bit uniforms (bias below n/2⁵³, negligible). */
function shuffledIndices(k: Tensor, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const u = concreteSamples("random.permutation", unitDoubles(k, Math.max(n - 1, 0)));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[n - 1 - i] * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/**
 * A random permutation: of 0..n−1 (an int32 tensor) when given a count, or of the slices
 * of a tensor along `axis` (0 by default; rows of a matrix, examples of a batch).
 * Fisher–Yates shuffling driven by the key, so the same key always gives the same order:
 * shuffle each epoch with `foldIn(key, epoch)`. The only sampler that needs a concrete
 * key: Fisher–Yates is sequential, and a traceable shuffle needs a sort primitive
 * (ranking n keys costs n² comparisons, too many for a training set); inside `jit` or
 * `vmap` it is an error, so draw the permutation outside and pass it in (or use
 * `choice(k, n, [n], { replace: false })`, traceable for moderate n).
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * const key = random.key(0);
 * // int32
 * random.permutation(key, 5).toArray(); // => [0, 4, 3, 1, 2]
 * const xs = tensor([[1, 2], [3, 4], [5, 6]]);
 * const epoch = 2;
 * // rows of xs in a random order
 * const shuffled = random.permutation(random.foldIn(key, epoch), xs); // => [[5, 6], [3, 4], [1, 2]]
 * // columns shuffled
 * random.permutation(key, tensor([[1, 2, 3], [4, 5, 6]]), 1).toArray(); // => [[2, 1, 3], [5, 4, 6]]
 * ```
 */
export function permutation<const N extends number>(k: Tensor, n: N): Tensor<[N]>;
export function permutation<S extends Shape>(k: Tensor, x: Tensor<S>, axis?: number): Tensor<S>;
export function permutation(k: Tensor, nOrX: number | Tensor, axis = 0): Tensor {
  checkKey("random.permutation", k);
  if (nOrX instanceof Tensor) {
    if (nOrX.shape.length === 0)
      throw new Error(`random.permutation: cannot shuffle a scalar (shape ${showShape(nOrX.shape)}); give a tensor with at least one axis`);
    const a = normalizeAxis("random.permutation", axis, nOrX.shape.length);
    const idx = new ConcreteTensor(shuffledIndices(k, nOrX.shape[a]), [nOrX.shape[a]], "int32");
    return take(nOrX, idx, a);
  }
  if (!Number.isInteger(nOrX) || nOrX < 0 || nOrX > 2 ** 31 - 1) {
    throw new Error(`random.permutation: n must be an integer in [0, 2^31), got ${nOrX}`);
  }
  return new ConcreteTensor(shuffledIndices(k, nOrX), [nOrX], "int32");
}
