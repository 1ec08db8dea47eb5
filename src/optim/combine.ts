/**
 * Composing gradient transformations: `identity` and `chain`.
 */
import { freeze } from "./leaves";
import type { EmptyFn, EmptyState, GradientTransformation, StateFn, StateFnOf, StateOf, UpdateExtra } from "./types";

const EMPTY: EmptyState = Object.freeze({});

/**
 * The transformation that passes updates through unchanged and keeps no state (Optax's
 * `identity`). The unit of {@link chain}: `chain(identity(), t)` updates as `t` does.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const grads = { w: tensor([1, 2]) };
 * const [u, s] = optim.identity().update(grads, optim.identity().init(grads));
 * u.w === grads.w; // => true
 * ```
 */
export function identity(): GradientTransformation<EmptyFn> {
  return {
    init: () => EMPTY,
    update: <P>(updates: P, state: EmptyState): readonly [P, EmptyState] => [updates, state],
  };
}

/**
 * The states of a chain: one per member, in order (Optax keeps a tuple too).
 * @example
 * ```ts
 * import { optim, tensor, type Tensor } from "purediff";
 * type Params = { w: Tensor<[2]> };
 * type S = optim.ChainState<[ReturnType<typeof optim.scaleByAdam>, ReturnType<typeof optim.scaleByLearningRate>], Params>;
 * // readonly [ScaleByAdamState<Params>, ScaleByLearningRateState]
 * const s: S = optim.chain(optim.scaleByAdam(), optim.scaleByLearningRate(0.1)).init({ w: tensor([1, 2]) });
 * ```
 */
export type ChainState<Ts extends readonly unknown[], P> = { readonly [K in keyof Ts]: StateOf<StateFnOf<Ts[K]>, P> };

/**
 * State function of `chain(...Ts)`.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * type F = optim.ChainFn<[ReturnType<typeof optim.clipByGlobalNorm>, ReturnType<typeof optim.adam>]>;
 * ```
 */
export interface ChainFn<Ts extends readonly unknown[]> extends StateFn {
  readonly state: ChainState<Ts, this["params"]>;
}

/**
 * Applies transformations one after the other (Optax's `chain`): each `update` gets the
 * updates the previous one returned, the same `params` and the same `extra`. The state is
 * a frozen readonly array of the members' states, in order (`state[0]` is the first
 * member's), so `adam(lr).init(p)[0].mu` reads Adam's first moment.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const params = { w: tensor([3, 4]) };
 * const grads = { w: tensor([3, 4]) };
 * const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scaleByAdam(), optim.scaleByLearningRate(1e-3));
 * const state = opt.init(params); // [{}, { count, mu, nu }, { count, learningRate }], counts int32 scalars at 0
 * // rounded to float32 for float32 params
 * state[2].learningRate.item(); // => 0.001
 * const [updates, next] = opt.update(grads, state, params);
 * updates.w.toArray(); // => [-0.001, -0.001]
 * ```
 */
export function chain<const Ts extends readonly GradientTransformation<StateFn>[]>(...transformations: Ts): GradientTransformation<ChainFn<Ts>> {
  const ts: readonly GradientTransformation<StateFn>[] = [...transformations];
  return {
    init: <P>(params: P): ChainState<Ts, P> => freeze(ts.map((t) => t.init(params))) as unknown as ChainState<Ts, P>,
    update: <P>(updates: P, state: NoInfer<ChainState<Ts, P>>, params?: P, extra?: UpdateExtra): readonly [P, ChainState<Ts, P>] => {
      const states = state as unknown as readonly unknown[];
      if (!Array.isArray(states) || states.length !== ts.length) {
        throw new TypeError(
          `optim.chain.update: the state must be the array of ${ts.length} member states that init returned, ` +
            `got ${Array.isArray(states) ? `an array of ${states.length}` : typeof states}`,
        );
      }
      let u = updates;
      const next = new Array<unknown>(ts.length);
      for (let i = 0; i < ts.length; i++) {
        [u, next[i]] = ts[i].update(u, states[i], params, extra);
      }
      return [u, freeze(next) as unknown as ChainState<Ts, P>];
    },
  };
}
