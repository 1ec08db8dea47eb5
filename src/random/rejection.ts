/**
 * The loop behind the rejection samplers (gamma, Poisson): every element draws afresh
 * each round until it is done, as one `lax.whileLoop`, so the samplers stay traceable
 * under `jit` and `vmap` (a batched loop runs until every example is done). Internal.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { scalar } from "../tensor/create";
import { whileLoop } from "../lax/loops";
import { add } from "../ops/arithmetic";
import { bitwiseNot, bitwiseOr } from "../ops/bitwise";
import { greater, where } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { max } from "../ops/reduce";
import { sizeOf } from "../tensor/shape";
import { foldIn } from "./key";

/**
 * Runs `step` round after round (round i draws with `foldIn(k, i)`) until every element
 * of `done` is true: each round, elements not yet done take the state `step` proposes, and
 * those it reports finished are done. Returns the final state.
 * @example
 * // Marsaglia–Tsang: propose, accept or draw again.
 * const [x] = untilDone(k, zeros([n], "bool"), [zeros([n], "float64")], (ki) => [[proposal(ki)], accepted]);
 */
export function untilDone(
  k: Tensor,
  done: Tensor,
  state: readonly Tensor[],
  step: (k: Tensor, state: readonly Tensor[]) => readonly [readonly Tensor[], Tensor],
): Tensor[] {
  if (sizeOf(done.shape) === 0) return state.slice();
  const [, , ...out] = whileLoop(
    ([, finished]: readonly Tensor[]) => greater(max(astype(bitwiseNot(finished), "int32")), 0),
    ([round, finished, ...current]: readonly Tensor[]) => {
      const [proposed, accepted] = step(foldIn(k, round), current);
      const next = proposed.map((x, i) => where(finished, current[i], x));
      return [add(round, 1), bitwiseOr(finished, accepted), ...next];
    },
    [scalar(0, "int32"), done, ...state] as readonly Tensor[],
  );
  return out;
}
