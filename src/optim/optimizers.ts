/**
 * The classic optimizers, each a `chain` of building blocks exactly as Optax builds them
 * (so their states are arrays of the members' states). `lr` is a number or a
 * {@link Schedule}; the last member's state shows the learning rate.
 */
import { chain, identity, type ChainFn } from "./combine";
import {
  scaleByAdam,
  scaleByRms,
  scaleByRss,
  scaleByStddev,
  traceMomentum,
  type ScaleByAdamFn,
  type ScaleByAdamOptions,
  type ScaleByRmsFn,
  type ScaleByRssFn,
  type ScaleByRssOptions,
  type ScaleByStddevFn,
  type TraceFn,
} from "./moments";
import { checkNumber } from "./leaves";
import { scaleByLearningRate, type ScaleByLearningRateFn } from "./scale";
import type { Schedule } from "./schedules";
import type { EmptyFn, GradientTransformation, StateFn } from "./types";
import { addDecayedWeights, type Mask } from "./weight-decay";

type GT<F extends StateFn> = GradientTransformation<F>;
type LearningRate = GT<ScaleByLearningRateFn>;
/** `traceMomentum` when a momentum is given, else `identity`. */
type MaybeMomentum = GT<TraceFn> | GT<EmptyFn>;

/**
 * Options of {@link sgd}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.sgd(0.01, { momentum: 0.9, nesterov: true });
 * ```
 */
export interface SgdOptions {
  /** Momentum β (default 0: plain gradient descent, no momentum buffer). */
  readonly momentum?: number;
  /** Nesterov momentum (default false; needs `momentum > 0` to matter). */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent (Optax's `sgd`): `chain(traceMomentum(β, { nesterov }),
 * scaleByLearningRate(lr))`, the momentum member being `identity()` when `β = 0`:
 * - plain: `p ← p − η·g`;
 * - momentum: `m ← g + β·m`, `p ← p − η·m`;
 * - Nesterov: `m ← g + β·m`, `p ← p − η·(g + β·m)` (the Optax / PyTorch form).
 * State: `[momentumState, { count, learningRate }]` (`{ trace }` or `{}` first).
 *
 * @example
 * ```ts
 * import { grad, optim, square, sum, tensor } from "purediff";
 * let params = { w: tensor([1, 2]) };
 * const loss = (p: typeof params) => sum(square(p.w));
 * const opt = optim.sgd(0.1, { momentum: 0.9 });
 * const state = opt.init(params);
 * const [updates, next] = opt.update(grad(loss)(params), state);
 * params = optim.applyUpdates(params, updates);
 * params.w.toArray(); // => [0.8, 1.6]
 * ```
 */
export function sgd(lr: number | Schedule, options: SgdOptions = {}): GT<ChainFn<readonly [MaybeMomentum, LearningRate]>> {
  const { momentum: beta = 0, nesterov: useNesterov = false } = options;
  checkNumber("sgd", "momentum", beta, (b) => Number.isFinite(b) && b >= 0, "a finite number >= 0 (0: no momentum)");
  const first: MaybeMomentum = beta > 0 ? traceMomentum(beta, { nesterov: useNesterov }) : identity();
  return chain(first, scaleByLearningRate(lr));
}

/**
 * SGD with (heavy-ball) momentum: `sgd(lr, { momentum: beta })`, i.e. `m ← g + β·m`,
 * `p ← p − η·m`.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const opt = optim.momentum(0.01, 0.9);
 * ```
 */
export function momentum(lr: number | Schedule, beta = 0.9): GT<ChainFn<readonly [MaybeMomentum, LearningRate]>> {
  return sgd(lr, { momentum: beta });
}

/**
 * SGD with Nesterov momentum: `sgd(lr, { momentum: beta, nesterov: true })`, i.e.
 * `m ← g + β·m`, `p ← p − η·(g + β·m)`.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const opt = optim.nesterov(0.01, 0.9);
 * ```
 */
export function nesterov(lr: number | Schedule, beta = 0.9): GT<ChainFn<readonly [MaybeMomentum, LearningRate]>> {
  return sgd(lr, { momentum: beta, nesterov: true });
}

/**
 * Adagrad (Duchi et al. 2011; Optax's `adagrad`): `chain(scaleByRss(options),
 * scaleByLearningRate(lr))`, i.e. `s ← s + g²` (from `initialAccumulatorValue`, default
 * 0.1), `p ← p − η·g / √(s + ε)` (ε = 1e-7 inside the square root).
 * State: `[{ sumOfSquares }, { count, learningRate }]`.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const opt = optim.adagrad(0.1);
 * ```
 */
export function adagrad(lr: number | Schedule, options: ScaleByRssOptions = {}): GT<ChainFn<readonly [GT<ScaleByRssFn>, LearningRate]>> {
  return chain(scaleByRss(options), scaleByLearningRate(lr));
}

/**
 * Options of {@link rmsprop}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.rmsprop(1e-3, { decay: 0.99, centered: true, momentum: 0.9 });
 * ```
 */
export interface RmspropOptions {
  /** Decay ρ of the moving averages (default 0.9). */
  readonly decay?: number;
  /** ε of the denominator (default 1e-8), inside the square root unless `epsInSqrt: false`. */
  readonly eps?: number;
  /** Divide by the standard deviation rather than the root mean square (default false). */
  readonly centered?: boolean;
  /** Momentum β applied after the learning rate (default 0: none). */
  readonly momentum?: number;
  /** Nesterov form of that momentum (default false). */
  readonly nesterov?: boolean;
  /** Starting value of the average of squares (default 0). */
  readonly initialScale?: number;
  /** ε inside the square root (default true, as Optax) or outside (as PyTorch). */
  readonly epsInSqrt?: boolean;
}

/**
 * RMSProp (Tieleman & Hinton 2012; Optax's `rmsprop`): `chain(scaleByRms | scaleByStddev,
 * scaleByLearningRate(lr), traceMomentum(β) | identity)`:
 * - `ν ← ρ·ν + (1 − ρ)·g²`, `u = −η·g / √(ν + ε)` (ε inside the square root, as Optax;
 *   `epsInSqrt: false` gives `√ν + ε`, as PyTorch);
 * - centered: also `μ ← ρ·μ + (1 − ρ)·g` and `u = −η·g / √(ν − μ² + ε)`;
 * - momentum β > 0: `m ← u + β·m` and the step is `m` (Nesterov: `u + β·m`). As in Optax
 *   the momentum acts on the already scaled step (PyTorch's `buf = β·buf + g/√ν`,
 *   `p −= η·buf` is the same for a constant η).
 * State: `[{ nu } | { mu, nu }, { count, learningRate }, { trace } | {}]`.
 *
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const opt = optim.rmsprop(1e-3, { centered: true, momentum: 0.9 });
 * ```
 */
export function rmsprop(
  lr: number | Schedule,
  options: RmspropOptions = {},
): GT<ChainFn<readonly [GT<ScaleByRmsFn> | GT<ScaleByStddevFn>, LearningRate, MaybeMomentum]>> {
  const { decay = 0.9, eps = 1e-8, centered = false, momentum: beta = 0, nesterov: useNesterov = false } = options;
  const rms = { decay, eps, initialScale: options.initialScale ?? 0, epsInSqrt: options.epsInSqrt ?? true };
  const first: GT<ScaleByRmsFn> | GT<ScaleByStddevFn> = centered ? scaleByStddev(rms) : scaleByRms(rms);
  const last: MaybeMomentum = beta > 0 ? traceMomentum(beta, { nesterov: useNesterov }) : identity();
  return chain(first, scaleByLearningRate(lr), last);
}

/**
 * Adam (Kingma & Ba 2014; Optax's `adam`): `chain(scaleByAdam(options),
 * scaleByLearningRate(lr))`, with `t` the step number from 1:
 * `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²`, `m̂ = m / (1 − β₁ᵗ)`,
 * `v̂ = v / (1 − β₂ᵗ)`, `p ← p − η·m̂ / (√v̂ + ε)` (ε outside the square root of the
 * bias-corrected v̂). State: `[{ count, mu, nu }, { count, learningRate }]`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const params = { w: tensor([1, 2]) };
 * const opt = optim.adam(1e-3);
 * const state = opt.init(params);
 * // zeros like params
 * state[0].mu; // => { w: [0, 0] }
 * ```
 */
export function adam(lr: number | Schedule, options: ScaleByAdamOptions = {}): GT<ChainFn<readonly [GT<ScaleByAdamFn>, LearningRate]>> {
  return chain(scaleByAdam(options), scaleByLearningRate(lr));
}

/**
 * Options of {@link adamw}; `P` types the params a mask function receives.
 * @example
 * ```ts
 * import { Tensor, optim } from "purediff";
 * optim.adamw(1e-3, { weightDecay: 1e-2, mask: (p: { W: Tensor; b: Tensor }) => ({ W: true, b: false }) });
 * ```
 */
export interface AdamwOptions<P = unknown> extends ScaleByAdamOptions {
  /** The decoupled weight decay λ (default 1e-4, as Optax). */
  readonly weightDecay?: number;
  /** Which params decay (default: all but the biases, see `excludeBiases`). */
  readonly mask?: Mask<P>;
}

/**
 * AdamW, Adam with decoupled weight decay (Loshchilov & Hutter 2019; Optax's `adamw`):
 * `chain(scaleByAdam(options), addDecayedWeights(weightDecay, { mask }),
 * scaleByLearningRate(lr))`, i.e. `p ← p − η·(m̂ / (√v̂ + ε) + λ·p)` on the masked leaves
 * (all but the biases by default) and the plain Adam step elsewhere.
 * State: `[{ count, mu, nu }, {}, { count, learningRate }]`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const params = { w: tensor([1, 2]) };
 * const grads = { w: tensor([0.5, -0.5]) };
 * const opt = optim.adamw(1e-3, { weightDecay: 1e-2 });
 * // params needed
 * const [updates, state] = opt.update(grads, opt.init(params), params);
 * updates.w.toArray(); // => [-0.00101, 0.00098]
 * ```
 */
export function adamw<P = unknown>(lr: number | Schedule, options: AdamwOptions<P> = {}): GT<ChainFn<readonly [GT<ScaleByAdamFn>, GT<EmptyFn>, LearningRate]>> {
  const { weightDecay = 1e-4, mask, ...adamOptions } = options;
  return chain(scaleByAdam(adamOptions), addDecayedWeights(weightDecay, mask === undefined ? {} : { mask }), scaleByLearningRate(lr));
}
