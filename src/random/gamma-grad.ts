/**
 * The derivative of Gamma(a, 1) samples with respect to the shape `a` by implicit
 * reparameterization (Figurnov, Mohamed and Mnih, "Implicit reparameterization
 * gradients", NeurIPS 2018; what JAX's `random.gamma` differentiates with): holding the
 * CDF value P(a, x) fixed, dx/da = −∂ₐP(a, x) / p(x; a). ∂ₐP comes from the series of P
 * (x < a + 1) or the continued fraction of Q = 1 − P (x ≥ a + 1), each summed together
 * with its derivative in a `lax.whileLoop` until every element has converged (Numerical
 * Recipes' `gser` and `gcf`, differentiated term by term); the normalising factors cancel
 * in the ratio, so only d log x / da is formed, from log x. Internal to `gamma`.
 * @module
 */
import { full, scalar, zeros } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { whileLoop } from "../lax/loops";
import { add, div, mul, neg, sub } from "../ops/arithmetic";
import { bitwiseAnd, bitwiseNot, bitwiseOr } from "../ops/bitwise";
import { greater, less, where } from "../ops/compare";
import { abs, exp, log } from "../ops/math";
import { max } from "../ops/reduce";
import { astype } from "../ops/gradient-control";

/** Relative tolerance at which the sums stop. */
const TOLERANCE = 1e-15;
/** A cap on the rounds, so that no input can loop forever. */
const MAX_ROUNDS = 100_000;

/**
 * The digamma function ψ(a) for a > 0 (float64): ψ(a) = ψ(a + 10) − Σₖ₌₀⁹ 1/(a + k), and
 * the asymptotic series at a + 10 (error below 10⁻¹³).
 * @example digamma(tensor([1], "float64")) // [−0.5772156649015329]
 */
export function digamma(a: Tensor): Tensor {
  let shift = div(1, a);
  for (let k = 1; k < 10; k++) shift = add(shift, div(1, add(a, k)));
  const z = add(a, 10);
  const w = div(1, mul(z, z));
  // ψ(z) ≈ log z − 1/(2z) − w(1/12 − w(1/120 − w(1/252 − w(1/240 − w/132)))), w = 1/z².
  const tail = mul(w, sub(1 / 12, mul(w, sub(1 / 120, mul(w, sub(1 / 252, mul(w, sub(1 / 240, div(w, 132)))))))));
  return sub(sub(sub(log(z), div(0.5, z)), tail), shift);
}

/** The loop goes on while some element is live and the cap is not reached. */
const going = ([round, live]: readonly Tensor[]): Tensor => bitwiseAnd(greater(max(astype(live, "int32")), 0), less(round, MAX_ROUNDS));

/** Whether `next` differs from `previous` by more than the tolerance, relative to `next`. */
const moving = (next: Tensor, previous: Tensor): Tensor => greater(abs(sub(next, previous)), mul(abs(next), TOLERANCE));

/** S = Σₙ xⁿ / ((a + 1)…(a + n)) and dS/da, where `active`. */
function series(a: Tensor, x: Tensor, active: Tensor): [Tensor, Tensor] {
  const n = a.shape[0];
  const one = full([n], 1, "float64");
  const out = whileLoop(
    going,
    ([round, live, t, dLogT, s, ds]: readonly Tensor[]) => {
      const ak = add(a, add(astype(round, "float64"), 1));
      const nextT = div(mul(t, x), ak);
      const nextDLogT = sub(dLogT, div(1, ak));
      const nextS = add(s, nextT);
      const nextDs = add(ds, mul(nextT, nextDLogT));
      const keep = (updated: Tensor, old: Tensor) => where(live, updated, old);
      const stillLive = bitwiseAnd(live, bitwiseOr(moving(nextS, s), moving(nextDs, ds)));
      return [add(round, 1), stillLive, keep(nextT, t), keep(nextDLogT, dLogT), keep(nextS, s), keep(nextDs, ds)];
    },
    [scalar(0, "int32"), active, one, zeros([n], "float64"), one, zeros([n], "float64")],
  );
  return [out[4], out[5]];
}

/**
 * C = 1/(b₀ + a₁/(b₁ + a₂/(b₂ + …))) with aᵢ = −i(i − a), bᵢ = x + 1 − a + 2i (so that
 * Q(a, x) = e^(−x) x^a C / Γ(a)), and dC/da, where `active`: the convergents Pᵢ/Qᵢ by
 * Wallis's recurrence with their derivatives, rescaled each round by 1/Pᵢ.
 */
function continuedFraction(a: Tensor, x: Tensor, active: Tensor): [Tensor, Tensor] {
  const n = a.shape[0];
  const zero = zeros([n], "float64");
  const one = full([n], 1, "float64");
  const b0 = sub(add(x, 1), a);
  // State: P₋₁ = 1, P₀ = b₀, Q₋₁ = 0, Q₀ = 1; dP₀ = db₀/da = −1; C₀ = 1/b₀, dC₀ = 1/b₀².
  const init = [scalar(0, "int32"), active, one, b0, zero, one, zero, full([n], -1, "float64"), zero, zero, div(1, b0), div(1, mul(b0, b0))];
  const out = whileLoop(
    going,
    ([round, live, p2, p1, q2, q1, dp2, dp1, dq2, dq1, c, dc]: readonly Tensor[]) => {
      const i = add(astype(round, "float64"), 1);
      const ai = mul(neg(i), sub(i, a));
      const bi = add(b0, mul(i, 2));
      // d aᵢ/da = i, d bᵢ/da = −1.
      const p = add(mul(bi, p1), mul(ai, p2));
      const q = add(mul(bi, q1), mul(ai, q2));
      const dp = add(add(sub(mul(bi, dp1), p1), mul(ai, dp2)), mul(i, p2));
      const dq = add(add(sub(mul(bi, dq1), q1), mul(ai, dq2)), mul(i, q2));
      const scale = div(1, p);
      const nextC = mul(q, scale);
      // d(q/p) = (dq·p − q·dp)/p².
      const nextDc = mul(sub(dq, mul(nextC, dp)), scale);
      const keep = (updated: Tensor, old: Tensor) => where(live, updated, old);
      const stillLive = bitwiseAnd(live, bitwiseOr(moving(nextC, c), moving(nextDc, dc)));
      return [
        add(round, 1),
        stillLive,
        keep(mul(p1, scale), p2),
        keep(one, p1),
        keep(mul(q1, scale), q2),
        keep(nextC, q1),
        keep(mul(dp1, scale), dp2),
        keep(mul(dp, scale), dp1),
        keep(mul(dq1, scale), dq2),
        keep(mul(dq, scale), dq1),
        keep(nextC, c),
        keep(nextDc, dc),
      ];
    },
    init,
  );
  return [out[10], out[11]];
}

/**
 * d log x / da for Gamma(a, 1) samples x = e^`logX` (float64 vectors, a > 0), holding
 * P(a, x) fixed: −((log x − ψ(a + 1))·S + dS/da)/a in the series region x < a + 1, and
 * (log x − ψ(a))·C + dC/da in the continued-fraction region.
 * @example logGammaSampleTangent(tensor([2], "float64"), tensor([Math.log(1.5)], "float64"))
 */
export function logGammaSampleTangent(a: Tensor, logX: Tensor): Tensor {
  const x = exp(logX);
  const valid = bitwiseAnd(greater(a, 0), less(logX, Infinity));
  const inSeries = bitwiseAnd(valid, less(x, add(a, 1)));
  const inFraction = bitwiseAnd(valid, bitwiseNot(inSeries));
  const [s, ds] = series(a, x, inSeries);
  const [c, dc] = continuedFraction(a, x, inFraction);
  const fromSeries = neg(div(add(mul(sub(logX, digamma(add(a, 1))), s), ds), a));
  const fromFraction = add(mul(sub(logX, digamma(a)), c), dc);
  return where(inSeries, fromSeries, fromFraction);
}
