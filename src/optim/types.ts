/**
 * The shape of every optimizer: a gradient transformation is a pair of pure functions
 * `init(params) -> state` and `update(updates, state, params?, extra?) -> [updates, state]`
 * (Optax's `GradientTransformation`). Params, gradients and updates are pytrees of
 * tensors; states are named readonly records of trees of tensors and scalar tensors
 * (int32 counts, float rates), so every value of a training step is a tensor and `jit`
 * traces `update` like any other function.
 */
import type { Tensor } from "../tensor/tensor";

/**
 * A type-level function from the params type `P` (`this["params"]`) to the state type of
 * one transformation (the same encoding as `tree.LeafFn`). It lets `init` be generic in
 * the params type while the state still says what it holds: `adam(lr).init(params)` has
 * a state whose `mu` has the type of `params`.
 *
 * @example
 * ```ts
 * import type { Tensor, optim } from "purediff";
 * interface CountState { readonly count: Tensor<[]> }
 * interface CountFn extends optim.StateFn { readonly state: CountState }
 * interface MomentState<P> { readonly m: P }
 * interface MomentFn extends optim.StateFn { readonly state: MomentState<this["params"]> }
 * ```
 */
export interface StateFn {
  readonly params: unknown;
  readonly state: unknown;
}

/**
 * The state a transformation with state function `F` keeps for params of type `P`.
 * @example
 * ```ts
 * import { Tensor, optim } from "purediff";
 * type S = optim.StateOf<optim.ScaleByAdamFn, { w: Tensor<[3]> }>; // ScaleByAdamState<{ w: Tensor<[3]> }>
 * ```
 */
export type StateOf<F extends StateFn, P> = (F & { readonly params: P })["state"];

/**
 * Extra values a transformation may read in `update` (Optax's `extra_args`), e.g. the
 * current loss for {@link reduceOnPlateau}. Transformations ignore what they do not use,
 * and `chain` passes the same `extra` to every member.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const extra: optim.UpdateExtra = { loss: 0.25 };
 * ```
 */
export interface UpdateExtra {
  /** The current value of the objective (a number or a one-element tensor, traced under `jit` or not). */
  readonly loss?: number | Tensor;
  readonly [key: string]: unknown;
}

/**
 * A gradient transformation (Optax's `GradientTransformation`): `init` builds a state
 * from the params, `update` turns updates (at first the gradients) into new updates and a
 * new state. Both are pure: they never mutate their arguments and give equal outputs for
 * equal inputs; `update` computes with ops, so it runs under `jit` and `grad` like any
 * function of tensors. Trees may be plain objects, arrays, Immutable.js collections, with
 * tensor leaves (`null` / `undefined` are empty subtrees); the updates have the structure
 * of the params. Apply the final updates with `applyUpdates(params, updates)`.
 *
 * `F` describes the state (see {@link StateFn}); `GradientTransformation` alone (state
 * `unknown`) accepts every transformation.
 *
 * @example
 * ```ts
 * import { Tensor, grad, optim, square, sub, sum, tensor } from "purediff";
 * let params = { w: tensor([0, 0], "float64") };
 * const loss = (p: typeof params) => sum(square(sub(p.w, tensor([1, 2], "float64"))));
 * const opt = optim.adam(0.1);
 * let state = opt.init(params);
 * const g = grad(loss)(params);
 * const [updates, next] = opt.update(g, state, params);
 * params = optim.applyUpdates(params, updates);
 * state = next;
 * params.w.toArray(); // => [0.1, 0.1]
 * ```
 */
export interface GradientTransformation<F extends StateFn = StateFn> {
  /** Type-level only (never set at run time): the state function, so `chain` can compute its state type. */
  readonly "~state"?: F;
  /** The initial state for `params`. */
  init<P>(params: P): StateOf<F, P>;
  /**
   * New updates and the next state. `params` is needed by transformations that read the
   * params (e.g. {@link addDecayedWeights}); `extra` carries e.g. `{ loss }`. `state` is
   * the state `init` made for params of type `P`, or one typed `ReturnType<typeof
   * opt.init>` (the state for params of unknown type, as a hand-typed step function
   * declares it); it does not take part in inferring `P`.
   */
  update<P>(updates: P, state: NoInfer<StateOf<F, P> | StateOf<F, unknown>>, params?: P, extra?: UpdateExtra): readonly [updates: P, state: StateOf<F, P>];
}

/**
 * The state of a transformation that keeps none (Optax's `EmptyState`): a frozen `{}`.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const s: optim.EmptyState = optim.identity().init({ w: tensor([1]) }); // => {}
 * ```
 */
export type EmptyState = { readonly [key: string]: never };

/**
 * State function of transformations whose state is {@link EmptyState}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.EmptyFn> = optim.scale(0.5);
 * ```
 */
export interface EmptyFn extends StateFn {
  readonly state: EmptyState;
}

/**
 * The state function of a transformation (`never` for other types).
 * @example
 * ```ts
 * import { optim } from "purediff";
 * type F = optim.StateFnOf<ReturnType<typeof optim.adam>>;
 * ```
 */
export type StateFnOf<T> = T extends GradientTransformation<infer F extends StateFn> ? F : never;

/**
 * The state a transformation `T` keeps for params of type `P`.
 * @example
 * ```ts
 * import { Tensor, optim } from "purediff";
 * type S = optim.TransformationState<ReturnType<typeof optim.sgd>, { w: Tensor<[2]> }>;
 * ```
 */
export type TransformationState<T, P> = StateOf<StateFnOf<T>, P>;
