import type { Shape } from "../tensor/shape";
import { zeros } from "../tensor/create";
import type { Tensor } from "../tensor/tensor";
import { add, div, mul, neg, sub } from "../ops/arithmetic";
import { bitwiseAnd, bitwiseNot, bitwiseOr } from "../ops/bitwise";
import { greaterEqual, less, lessEqual, where } from "../ops/compare";
import { astype, stopGradient } from "../ops/gradient-control";
import { abs, log, sqrt } from "../ops/math";
import { reshape } from "../ops/shape";
import { split } from "./key";
import { flatParameter, sampleShape } from "./parameters";
import { untilDone } from "./rejection";
import { type Writable, checkSample, openUnitFloats, unitFloats } from "./sampling";

/** Rates at or above this use the transformed rejection; below it, Knuth's product of uniforms. */
const LARGE_RATE = 10;

/** ⌊x⌋ of float64 values within the int32 range. */
function floor(x: Tensor): Tensor {
  const t = astype(astype(x, "int32"), "float64");
  return where(less(x, t), sub(t, 1), t);
}

/**
 * log Γ(x) for x ≥ 1 (float64): Stirling's series at x + 8, shifted back by the log of
 * x(x + 1)…(x + 7); absolute error below 10⁻¹².
 */
function logGammaFunction(x: Tensor): Tensor {
  let product = x;
  for (let i = 1; i < 8; i++) product = mul(product, add(x, i));
  const z = add(x, 8);
  const z2 = mul(z, z);
  const series = div(sub(1 / 12, div(sub(1 / 360, div(sub(1 / 1260, div(1 / 1680, z2)), z2)), z2)), z);
  const stirling = add(add(sub(mul(sub(z, 0.5), log(z)), z), 0.5 * Math.log(2 * Math.PI)), series);
  return sub(stirling, log(product));
}

/**
 * Knuth's method for small rates: count the uniforms whose running product stays at or
 * above e^(−λ). About λ + 1 rounds.
 */
function knuth(k: Tensor, lam: Tensor, done: Tensor): Tensor {
  const n = lam.shape[0];
  const [count] = untilDone(k, done, [zeros([n], "float64"), zeros([n], "float64")], (ki, [c, logProduct]) => {
    const next = add(logProduct, log(openUnitFloats(ki, n, "float64")));
    const finished = less(next, neg(lam));
    return [[where(finished, c, add(c, 1)), next], finished] as const;
  });
  return count;
}

/**
 * Hörmann's transformed rejection with squeeze (PTRS: "The transformed rejection method
 * for generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993),
 * for rates ≥ 10, with the constants NumPy uses. About 1.15 rounds.
 */
function transformedRejection(k: Tensor, lam: Tensor, done: Tensor): Tensor {
  const n = lam.shape[0];
  const rootLam = sqrt(lam);
  const logLam = log(lam);
  const b = add(mul(rootLam, 2.53), 0.931);
  const a = add(mul(b, 0.02483), -0.059);
  const invAlpha = add(div(1.1328, sub(b, 3.4)), 1.1239);
  const vr = sub(0.9277, div(3.6224, sub(b, 2)));
  const [value] = untilDone(k, done, [zeros([n], "float64")], (ki) => {
    const [ku, kv] = split(ki);
    const u = sub(unitFloats(ku, n, "float64"), 0.5);
    const v = openUnitFloats(kv, n, "float64");
    const us = sub(0.5, abs(u));
    const x = floor(add(add(mul(add(div(mul(a, 2), us), b), u), lam), 0.43));
    const squeeze = bitwiseAnd(greaterEqual(us, 0.07), lessEqual(v, vr));
    const hopeless = bitwiseOr(less(x, 0), bitwiseAnd(less(us, 0.013), less(us, v)));
    const safeX = where(less(x, 0), 0, x);
    const lhs = sub(add(log(v), log(invAlpha)), log(add(div(a, mul(us, us)), b)));
    const rhs = sub(add(neg(lam), mul(safeX, logLam)), logGammaFunction(add(safeX, 1)));
    const accepted = bitwiseOr(squeeze, bitwiseAnd(bitwiseNot(hopeless), lessEqual(lhs, rhs)));
    return [[x], accepted] as const;
  });
  return value;
}

/**
 * Poisson(λ) samples as int32 counts, as JAX's `random.poisson`: Knuth's product of
 * uniforms for λ < 10, Hörmann's transformed rejection (PTRS) for λ ≥ 10, each a
 * `lax.whileLoop` over all elements, so it works under `jit` and `vmap`. `lam` is a number
 * or a tensor broadcasting to `shape` (by default its shape); negative or NaN rates in a
 * tensor give −1. Rates must stay below 2³¹ (counts are int32).
 * @example
 * ```ts
 * import { mean, random, tensor, variance } from "purediff";
 * // mean ≈ 3, variance ≈ 3
 * const samples = random.poisson(random.key(0), 3, [1000]);
 * mean(samples).item(); // => 3.063
 * variance(samples).item(); // => 3.053031
 * // one count per rate
 * random.poisson(random.key(0), tensor([0.5, 50])).toArray(); // => [1, 51]
 * ```
 */
export function poisson<const S extends Shape = []>(k: Tensor, lam: number | Tensor, shape?: S): Tensor<Writable<S>> {
  const s = sampleShape("random.poisson", "lam", lam, shape) as S;
  checkSample("random.poisson", k, s, "float64");
  // Counts are not differentiable: the rates are constants to grad (and to the loops).
  const rates = stopGradient(flatParameter("random.poisson", "lam", lam, s, (v) => v >= 0 && v < 2 ** 31, "a rate in [0, 2^31)"));
  const small = bitwiseAnd(greaterEqual(rates, 0), less(rates, LARGE_RATE));
  const large = greaterEqual(rates, LARGE_RATE);
  const [kSmall, kLarge] = split(k);
  const runSmall = !(typeof lam === "number" && lam >= LARGE_RATE);
  const runLarge = !(typeof lam === "number" && lam < LARGE_RATE);
  let counts = where(bitwiseOr(small, large), 0, -1);
  if (runSmall) counts = where(small, knuth(kSmall, where(small, rates, 0), bitwiseNot(small)), counts);
  if (runLarge) counts = where(large, transformedRejection(kLarge, where(large, rates, LARGE_RATE), bitwiseNot(large)), counts);
  return reshape(astype(counts, "int32"), s as unknown as number[]) as unknown as Tensor<Writable<S>>;
}
