/**
 * Clipping updates: by their global norm (the norm of all leaves as one vector) and
 * elementwise by value.
 */
import { add, div, maximum, mul } from "../ops/arithmetic";
import { clip } from "../ops/compare";
import { sqrt } from "../ops/math";
import { sum } from "../ops/reduce";
import { scalar } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { castLike, checkNumber, flattenTensors, freeze, rebuild } from "./leaves";
import { mapUpdates } from "./scale";
import type { EmptyFn, EmptyState, GradientTransformation } from "./types";

function globalNormOf(leaves: readonly Tensor[]): Tensor {
  if (leaves.length === 0) return scalar(0);
  let total: Tensor = sum(mul(leaves[0], leaves[0]));
  for (let i = 1; i < leaves.length; i++) total = add(total, sum(mul(leaves[i], leaves[i])));
  return sqrt(total);
}

/**
 * The Euclidean norm of all the leaves of a tree taken as one vector,
 * `√(Σ_leaves Σ x²)`, as a scalar tensor (float64 if any leaf is; 0 for an empty tree).
 * Optax's `global_norm`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * optim.globalNorm({ a: tensor([3]), b: tensor([[4]]) }).item(); // => 5
 * ```
 */
export function globalNorm(tree: unknown): Tensor<[]> {
  const { leaves } = flattenTensors("optim.globalNorm", "tree", tree);
  return globalNormOf(leaves) as Tensor<[]>;
}

/**
 * Rescales the updates so that their global norm is at most `maxNorm` (Optax's
 * `clip_by_global_norm`): `u ← u · c / max(‖u‖, c)` with `c = maxNorm` and `‖u‖` the
 * {@link globalNorm} of all leaves together, so the direction is kept and updates whose
 * norm is already `≤ c` pass unchanged. No state.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const [u] = optim.clipByGlobalNorm(1).update({ a: tensor([3]), b: tensor([4]) }, {});
 * // { a: [0.6], b: [0.8] }
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyFn> {
  checkNumber("clipByGlobalNorm", "maxNorm", maxNorm, (x) => x > 0, "> 0");
  const op = "optim.clipByGlobalNorm.update";
  return {
    init: () => freeze({}) as EmptyState,
    update: <P>(updates: P, state: EmptyState): readonly [P, EmptyState] => {
      const { leaves, def } = flattenTensors(op, "updates", updates);
      const norm = globalNormOf(leaves);
      const factor = div(maxNorm, maximum(norm, maxNorm));
      return [
        rebuild<P>(
          def,
          leaves.map((g) => mul(g, castLike(factor, g))),
        ),
        state,
      ];
    },
  };
}

/**
 * Clips every element of the updates to `[lo, hi]`: `u ← min(max(u, lo), hi)` (Optax's
 * `clip` is the case `lo = −hi`). No state.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const [u] = optim.clipByValue(-1, 1).update({ w: tensor([-3, 0.5, 2]) }, {}); // { w: [-1, 0.5, 1] }
 * ```
 */
export function clipByValue(lo: number, hi: number): GradientTransformation<EmptyFn> {
  if (!(lo <= hi)) throw new RangeError(`clipByValue: lo (${lo}) must not exceed hi (${hi})`);
  return {
    init: () => freeze({}) as EmptyState,
    update: <P>(updates: P, state: EmptyState): readonly [P, EmptyState] => [mapUpdates("optim.clipByValue.update", updates, (g) => clip(g, lo, hi)), state],
  };
}
