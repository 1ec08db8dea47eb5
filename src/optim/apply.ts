/**
 * `applyUpdates`: the only place where updates meet the params.
 */
import { add } from "../ops/arithmetic";
import { align, castLike, flattenTensors, rebuild } from "./leaves";

/**
 * The params moved by the updates, `p + u` leaf by leaf (Optax's `apply_updates`), each
 * result in the dtype of its param (a float32 param stays float32 even when its update is
 * float64). Pure: returns a new tree of the params' kind and never touches its inputs.
 *
 * The updates must have the params' structure and shapes: otherwise a `TreeMismatchError`
 * prints both structures (params as expected, updates as got), or an error names the
 * path and both shapes. Non-finite values are not checked: a NaN or ∞ in an update is
 * applied like any other number (the training loop watches the loss, which turns NaN
 * right away); check with {@link allFinite} beforehand to skip such a step.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * let params = { w: tensor([1, 2]) };
 * const opt = optim.sgd(0.1);
 * const state = opt.init(params);
 * const [updates, state2] = opt.update({ w: tensor([1, -1]) }, state, params);
 * params = optim.applyUpdates(params, updates);
 * params.w.toArray(); // => [0.9, 2.1]
 * ```
 */
export function applyUpdates<P>(params: P, updates: NoInfer<P>): P {
  const { def, leaves } = align(
    "optim.applyUpdates",
    [
      { name: "params", tree: params },
      { name: "updates", tree: updates },
    ],
    0,
  );
  const [ps, us] = leaves;
  return rebuild<P>(
    def,
    ps.map((p, i) => castLike(add(p, us[i]), p)),
  );
}

/**
 * True when every element of every tensor leaf of `tree` is finite (no NaN, no ±∞): a
 * guard for skipping a bad step. Reads the values, so it needs concrete tensors (not
 * inside `jit`).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * let params = { w: tensor([1, 2]) };
 * const opt = optim.sgd(0.1);
 * let state = opt.init(params);
 * const [updates, next] = opt.update({ w: tensor([1, NaN]) }, state, params);
 * optim.allFinite(updates); // => false
 * if (optim.allFinite(updates)) [params, state] = [optim.applyUpdates(params, updates), next];
 * params.w.toArray(); // => [1, 2]
 * ```
 */
export function allFinite(tree: unknown): boolean {
  const { leaves } = flattenTensors("optim.allFinite", "tree", tree);
  for (const leaf of leaves) {
    const data = leaf.data();
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(Number(data[i]))) return false;
  }
  return true;
}
