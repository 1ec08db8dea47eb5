/**
 * Transformations that keep running statistics of the updates, the building blocks of
 * the classic optimizers (Optax names): `traceMomentum` (momentum, Nesterov),
 * `scaleByRss` (Adagrad), `scaleByRms` (RMSProp), `scaleByStddev` (centered RMSProp),
 * `scaleByAdam` (Adam). `g` below is the incoming update (the gradient when the
 * transformation comes first); all arithmetic is elementwise, and each state tree keeps
 * the dtype its leaf got at `init` (the params' dtype).
 */
import { add, div, mul, pow, square, sub } from "../ops/arithmetic";
import { greater, where } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { sqrt } from "../ops/math";
import { full, zerosLike } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { align, castLike, checkNumber, flattenTensors, freeze, rebuild } from "./leaves";
import { increment, readCount, zeroCount } from "./scalars";
import type { GradientTransformation, StateFn } from "./types";

/** A tree of the params' structure whose leaves are `f(param leaf)` (internal). */
function likeParams<P>(operation: string, params: P, f: (p: Tensor) => Tensor): P {
  const { leaves, def } = flattenTensors(operation, "params", params);
  return rebuild<P>(def, leaves.map(f));
}

/** `(1 − decay) · g + decay · t`, in the dtype of `t` (Optax's `update_moment`). */
function ema(g: Tensor, t: Tensor, decay: number): Tensor {
  return castLike(add(mul(g, 1 - decay), mul(t, decay)), t);
}

/** `(1 − decay) · g² + decay · t`, in the dtype of `t` (Optax's `update_moment_per_elem_norm`, order 2). */
function emaSquare(g: Tensor, t: Tensor, decay: number): Tensor {
  return castLike(add(mul(square(g), 1 - decay), mul(t, decay)), t);
}

const unit = (x: number): boolean => x >= 0 && x < 1;
const nonNegative = (x: number): boolean => x >= 0 && Number.isFinite(x);

// ---------------------------------------------------------------------------------------
// traceMomentum

/**
 * State of {@link traceMomentum}: the momentum buffer, a tree like the params.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * optim.traceMomentum(0.9).init({ w: tensor([1, 2]) }); // => { trace: { w: [0, 0] } }
 * ```
 */
export interface TraceState<P> {
  readonly trace: P;
}

/**
 * State function of {@link traceMomentum}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.TraceFn> = optim.traceMomentum(0.9);
 * ```
 */
export interface TraceFn extends StateFn {
  readonly state: TraceState<this["params"]>;
}

/**
 * Options of {@link traceMomentum}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.traceMomentum(0.9, { nesterov: true });
 * ```
 */
export interface TraceOptions {
  /** Use Nesterov's look-ahead form (default false). */
  readonly nesterov?: boolean;
}

/**
 * Momentum (Optax's `trace`), with the trace `m` starting at 0:
 * `m ← g + β·m`, then `u = m`, or with `nesterov` `u = g + β·m` (the new `m`: the
 * Optax / PyTorch form of Nesterov momentum, Sutskever et al. 2013).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const t = optim.traceMomentum(0.9);
 * const [u1, s1] = t.update({ w: tensor([1]) }, t.init({ w: tensor([0]) })); // u1.w = [1]
 * const [u2] = t.update({ w: tensor([1]) }, s1); // u2.w = [1.9]
 * ```
 */
export function traceMomentum(decay: number, options: TraceOptions = {}): GradientTransformation<TraceFn> {
  checkNumber("traceMomentum", "decay", decay, nonNegative, "a finite number >= 0");
  const nesterov = options.nesterov ?? false;
  const op = "optim.traceMomentum.update";
  return {
    init: <P>(params: P): TraceState<P> => freeze({ trace: likeParams("optim.traceMomentum.init", params, zerosLike) }),
    update: <P>(updates: P, state: NoInfer<TraceState<P>>): readonly [P, TraceState<P>] => {
      const { def, leaves } = align(op, [
        { name: "updates", tree: updates },
        { name: "state.trace (like the params given to init)", tree: state.trace },
      ]);
      const [gs, ts] = leaves;
      const trace = gs.map((g, i) => castLike(add(g, mul(ts[i], decay)), ts[i]));
      const out = nesterov ? gs.map((g, i) => add(g, mul(trace[i], decay))) : trace;
      return [rebuild<P>(def, out), freeze({ trace: rebuild<P>(def, trace) })];
    },
  };
}

// ---------------------------------------------------------------------------------------
// scaleByRss (Adagrad)

/**
 * State of {@link scaleByRss}: the running sum of squared updates.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * optim.scaleByRss().init({ w: tensor([1, 2]) }); // => { sumOfSquares: { w: [0.1, 0.1] } }
 * ```
 */
export interface ScaleByRssState<P> {
  readonly sumOfSquares: P;
}

/**
 * State function of {@link scaleByRss}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.ScaleByRssFn> = optim.scaleByRss();
 * ```
 */
export interface ScaleByRssFn extends StateFn {
  readonly state: ScaleByRssState<this["params"]>;
}

/**
 * Options of {@link scaleByRss} and `adagrad`.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.adagrad(0.1, { initialAccumulatorValue: 0, eps: 1e-10 });
 * ```
 */
export interface ScaleByRssOptions {
  /** Starting value of the sum of squares (default 0.1). */
  readonly initialAccumulatorValue?: number;
  /** Added inside the square root (default 1e-7). */
  readonly eps?: number;
}

/**
 * Divides by the root of the sum of squares of all past updates (Adagrad; Optax's
 * `scale_by_rss`): `s ← s + g²` (with `s₀ = initialAccumulatorValue`), then
 * `u = g / √(s + ε)` where `s > 0` and `0` where `s = 0` (ε inside the square root).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const t = optim.scaleByRss({ initialAccumulatorValue: 0, eps: 0 });
 * const [u] = t.update({ w: tensor([3]) }, t.init({ w: tensor([0]) })); // u.w = [1]
 * ```
 */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssFn> {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = options;
  checkNumber("scaleByRss", "initialAccumulatorValue", initialAccumulatorValue, nonNegative, "a finite number >= 0");
  checkNumber("scaleByRss", "eps", eps, nonNegative, "a finite number >= 0");
  const op = "optim.scaleByRss.update";
  return {
    init: <P>(params: P): ScaleByRssState<P> =>
      freeze({
        sumOfSquares: likeParams("optim.scaleByRss.init", params, (p) => full(p.shape, initialAccumulatorValue, p.dtype)),
      }),
    update: <P>(updates: P, state: NoInfer<ScaleByRssState<P>>): readonly [P, ScaleByRssState<P>] => {
      const { def, leaves } = align(op, [
        { name: "updates", tree: updates },
        { name: "state.sumOfSquares (like the params given to init)", tree: state.sumOfSquares },
      ]);
      const [gs, ss] = leaves;
      const sums = gs.map((g, i) => castLike(add(square(g), ss[i]), ss[i]));
      const out = gs.map((g, i) => where(greater(sums[i], 0), div(g, sqrt(add(sums[i], eps))), 0) as Tensor);
      return [rebuild<P>(def, out), freeze({ sumOfSquares: rebuild<P>(def, sums) })];
    },
  };
}

// ---------------------------------------------------------------------------------------
// scaleByRms (RMSProp)

/**
 * State of {@link scaleByRms}: the moving average of squared updates.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * optim.scaleByRms().init({ w: tensor([1, 2]) }); // => { nu: { w: [0, 0] } }
 * ```
 */
export interface ScaleByRmsState<P> {
  readonly nu: P;
}

/**
 * State function of {@link scaleByRms}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.ScaleByRmsFn> = optim.scaleByRms();
 * ```
 */
export interface ScaleByRmsFn extends StateFn {
  readonly state: ScaleByRmsState<this["params"]>;
}

/**
 * Options of {@link scaleByRms} and {@link scaleByStddev}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.scaleByRms({ decay: 0.99, eps: 1e-8, epsInSqrt: false });
 * ```
 */
export interface ScaleByRmsOptions {
  /** Decay of the moving averages (default 0.9). */
  readonly decay?: number;
  /** The ε of the denominator (default 1e-8). */
  readonly eps?: number;
  /** Starting value of the average of squares (default 0). */
  readonly initialScale?: number;
  /**
   * Where ε sits: inside the square root, `g / √(ν + ε)` (the default, as Optax), or
   * outside, `g / (√ν + ε)` (as PyTorch and Keras).
   */
  readonly epsInSqrt?: boolean;
}

/**
 * Divides by the root of a moving average of squared updates (RMSProp; Optax's
 * `scale_by_rms`): `ν ← ρ·ν + (1 − ρ)·g²` (with `ν₀ = initialScale`), then
 * `u = g / √(ν + ε)`: ε inside the square root by default, as Optax
 * (`epsInSqrt: false` gives `g / (√ν + ε)`). No bias correction.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const t = optim.scaleByRms({ decay: 0.5, eps: 0 });
 * const [u] = t.update({ w: tensor([2]) }, t.init({ w: tensor([0]) })); // ν = 2, u.w = [√2]
 * ```
 */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsFn> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true } = options;
  checkNumber("scaleByRms", "decay", decay, (x) => x >= 0 && x <= 1, "in [0, 1]");
  checkNumber("scaleByRms", "eps", eps, nonNegative, "a finite number >= 0");
  checkNumber("scaleByRms", "initialScale", initialScale, nonNegative, "a finite number >= 0");
  const op = "optim.scaleByRms.update";
  return {
    init: <P>(params: P): ScaleByRmsState<P> => freeze({ nu: likeParams("optim.scaleByRms.init", params, (p) => full(p.shape, initialScale, p.dtype)) }),
    update: <P>(updates: P, state: NoInfer<ScaleByRmsState<P>>): readonly [P, ScaleByRmsState<P>] => {
      const { def, leaves } = align(op, [
        { name: "updates", tree: updates },
        { name: "state.nu (like the params given to init)", tree: state.nu },
      ]);
      const [gs, ns] = leaves;
      const nu = gs.map((g, i) => emaSquare(g, ns[i], decay));
      const out = gs.map((g, i) => div(g, epsInSqrt ? sqrt(add(nu[i], eps)) : add(sqrt(nu[i]), eps)));
      return [rebuild<P>(def, out), freeze({ nu: rebuild<P>(def, nu) })];
    },
  };
}

// ---------------------------------------------------------------------------------------
// scaleByStddev (centered RMSProp)

/**
 * State of {@link scaleByStddev}: moving averages of the updates and of their squares.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * optim.scaleByStddev().init({ w: tensor([1]) }); // => { mu: { w: [0] }, nu: { w: [0] } }
 * ```
 */
export interface ScaleByStddevState<P> {
  readonly mu: P;
  readonly nu: P;
}

/**
 * State function of {@link scaleByStddev}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.ScaleByStddevFn> = optim.scaleByStddev();
 * ```
 */
export interface ScaleByStddevFn extends StateFn {
  readonly state: ScaleByStddevState<this["params"]>;
}

/**
 * Divides by a running estimate of the standard deviation of the updates (centered
 * RMSProp; Optax's `scale_by_stddev`): `μ ← ρ·μ + (1 − ρ)·g`, `ν ← ρ·ν + (1 − ρ)·g²`
 * (with `μ₀ = 0`, `ν₀ = initialScale`), then `u = g / √(ν − μ² + ε)` (ε inside the
 * square root by default, `epsInSqrt: false` gives `g / (√(ν − μ²) + ε)`).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const t = optim.scaleByStddev({ decay: 0.5, eps: 0 });
 * const [u] = t.update({ w: tensor([2]) }, t.init({ w: tensor([0]) })); // μ = 1, ν = 2, u.w = [2]
 * ```
 */
export function scaleByStddev(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByStddevFn> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true } = options;
  checkNumber("scaleByStddev", "decay", decay, (x) => x >= 0 && x <= 1, "in [0, 1]");
  checkNumber("scaleByStddev", "eps", eps, nonNegative, "a finite number >= 0");
  checkNumber("scaleByStddev", "initialScale", initialScale, nonNegative, "a finite number >= 0");
  const op = "optim.scaleByStddev.update";
  return {
    init: <P>(params: P): ScaleByStddevState<P> =>
      freeze({
        mu: likeParams("optim.scaleByStddev.init", params, zerosLike),
        nu: likeParams("optim.scaleByStddev.init", params, (p) => full(p.shape, initialScale, p.dtype)),
      }),
    update: <P>(updates: P, state: NoInfer<ScaleByStddevState<P>>): readonly [P, ScaleByStddevState<P>] => {
      const { def, leaves } = align(op, [
        { name: "updates", tree: updates },
        { name: "state.mu (like the params given to init)", tree: state.mu },
        { name: "state.nu (like the params given to init)", tree: state.nu },
      ]);
      const [gs, ms, ns] = leaves;
      const mu = gs.map((g, i) => ema(g, ms[i], decay));
      const nu = gs.map((g, i) => emaSquare(g, ns[i], decay));
      const out = gs.map((g, i) => {
        const variance = sub(nu[i], square(mu[i]));
        return div(g, epsInSqrt ? sqrt(add(variance, eps)) : add(sqrt(variance), eps));
      });
      return [rebuild<P>(def, out), freeze({ mu: rebuild<P>(def, mu), nu: rebuild<P>(def, nu) })];
    },
  };
}

// ---------------------------------------------------------------------------------------
// scaleByAdam

/**
 * State of {@link scaleByAdam}: the step count and the first and second moments.
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * // { count: 0 (int32 scalar), mu: { w: [0] }, nu: { w: [0] } }
 * optim.scaleByAdam().init({ w: tensor([1]) }); // => { count: 0, mu: { w: [0] }, nu: { w: [0] } }
 * ```
 */
export interface ScaleByAdamState<P> {
  /** Updates done so far (an int32 scalar). */
  readonly count: Tensor<[]>;
  /** Moving average of the updates (first moment, not bias-corrected). */
  readonly mu: P;
  /** Moving average of the squared updates (second moment, not bias-corrected). */
  readonly nu: P;
}

/**
 * State function of {@link scaleByAdam}.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * const t: optim.GradientTransformation<optim.ScaleByAdamFn> = optim.scaleByAdam();
 * ```
 */
export interface ScaleByAdamFn extends StateFn {
  readonly state: ScaleByAdamState<this["params"]>;
}

/**
 * Options of {@link scaleByAdam}, `adam` and `adamw`.
 * @example
 * ```ts
 * import { optim } from "purediff";
 * optim.adam(1e-3, { b1: 0.9, b2: 0.98, eps: 1e-9 });
 * ```
 */
export interface ScaleByAdamOptions {
  /** Decay of the first moment (default 0.9). */
  readonly b1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly b2?: number;
  /** Added to the root of the bias-corrected second moment (default 1e-8). */
  readonly eps?: number;
  /** Added to the bias-corrected second moment inside the square root (default 0). */
  readonly epsRoot?: number;
}

/**
 * Adam's rescaling (Kingma & Ba 2014; Optax's `scale_by_adam`), with `t` the new count:
 * `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²`, `m̂ = m / (1 − β₁ᵗ)`,
 * `v̂ = v / (1 − β₂ᵗ)`, `u = m̂ / (√(v̂ + ε_root) + ε)`: ε outside the square root of the
 * bias-corrected `v̂`. The count is an int32 scalar tensor; the corrections `1 − βᵗ` are
 * computed with ops in float64 and rounded to each leaf's dtype, so `update` traces
 * under `jit`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "purediff";
 * const t = optim.scaleByAdam();
 * const [u, s] = t.update({ w: tensor([0.5]) }, t.init({ w: tensor([0]) })); // u.w ≈ [1] (m̂/√v̂ = g/|g|)
 * s.count.item(); // => 1
 * ```
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamFn> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = options;
  checkNumber("scaleByAdam", "b1", b1, unit, "in [0, 1)");
  checkNumber("scaleByAdam", "b2", b2, unit, "in [0, 1)");
  checkNumber("scaleByAdam", "eps", eps, nonNegative, "a finite number >= 0");
  checkNumber("scaleByAdam", "epsRoot", epsRoot, nonNegative, "a finite number >= 0");
  const op = "optim.scaleByAdam.update";
  return {
    init: <P>(params: P): ScaleByAdamState<P> =>
      freeze({
        count: zeroCount(),
        mu: likeParams("optim.scaleByAdam.init", params, zerosLike),
        nu: likeParams("optim.scaleByAdam.init", params, zerosLike),
      }),
    update: <P>(updates: P, state: NoInfer<ScaleByAdamState<P>>): readonly [P, ScaleByAdamState<P>] => {
      const { def, leaves } = align(op, [
        { name: "updates", tree: updates },
        { name: "state.mu (like the params given to init)", tree: state.mu },
        { name: "state.nu (like the params given to init)", tree: state.nu },
      ]);
      const [gs, ms, ns] = leaves;
      const count = increment(readCount(op, "state.count", state.count));
      const t = astype(count, "float64");
      const c1 = sub(1, pow(b1, t));
      const c2 = sub(1, pow(b2, t));
      const mu = gs.map((g, i) => ema(g, ms[i], b1));
      const nu = gs.map((g, i) => emaSquare(g, ns[i], b2));
      const out = mu.map((m, i) => {
        const vHat = div(nu[i], castLike(c2, nu[i]));
        return div(div(m, castLike(c1, m)), add(sqrt(epsRoot === 0 ? vHat : add(vHat, epsRoot)), eps));
      });
      return [rebuild<P>(def, out), freeze({ count, mu: rebuild<P>(def, mu), nu: rebuild<P>(def, nu) })];
    },
  };
}
