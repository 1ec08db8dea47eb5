/**
 * Where each of NumPy's quantile methods reads a sorted sample of n entries (Hyndman and
 * Fan's definitions, as `numpy.quantile` implements them): one order statistic, or two
 * neighbours and the weight between them.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { asTensor, convertTo } from "./operands";
import { add, maximum, minimum, mul, sub } from "./arithmetic";
import { bitwiseAnd } from "./bitwise";
import { equal, greater, greaterEqual, less, where } from "./compare";
import { floor as floorOf } from "./rounding";

/** ⌊x⌋ as int32 indices. */
const floorInt32 = (x: Tensor): Tensor => convertTo(floorOf(x), "int32");

/**
 * NumPy's quantile methods. Continuous ones interpolate between two order statistics:
 * "linear" (the default, Hyndman and Fan's 7), "interpolated_inverted_cdf" (4), "hazen" (5),
 * "weibull" (6), "median_unbiased" (8), "normal_unbiased" (9), and "midpoint". Discrete
 * ones take one: "lower", "higher", "nearest" (the even index at a tie),
 * "inverted_cdf" (1), "averaged_inverted_cdf" (2, averaging at jumps), "closest_observation" (3).
 */
export type QuantileMethod =
  | "linear"
  | "lower"
  | "higher"
  | "nearest"
  | "midpoint"
  | "inverted_cdf"
  | "averaged_inverted_cdf"
  | "closest_observation"
  | "interpolated_inverted_cdf"
  | "hazen"
  | "weibull"
  | "median_unbiased"
  | "normal_unbiased";

/** Where a quantile reads the sorted sample: entry `index`, or `low` and `high` mixed by `weight` (int32 indices). */
export type Reading = { readonly index: Tensor } | { readonly low: Tensor; readonly high: Tensor; readonly weight: Tensor };

/** The (α, β) plotting positions of the continuous methods of Hyndman and Fan. */
const plotting: Readonly<Record<string, readonly [number, number]>> = {
  interpolated_inverted_cdf: [0, 1],
  hazen: [0.5, 0.5],
  weibull: [0, 0],
  median_unbiased: [1 / 3, 1 / 3],
  normal_unbiased: [3 / 8, 3 / 8],
};

/** Every method's name. */
export const quantileMethods: readonly QuantileMethod[] = [
  "linear",
  "lower",
  "higher",
  "nearest",
  "midpoint",
  "inverted_cdf",
  "averaged_inverted_cdf",
  "closest_observation",
  ...(Object.keys(plotting) as QuantileMethod[]),
];

const isOdd = (i: Tensor): Tensor => equal(bitwiseAnd(i, asTensor(1, "int32")), asTensor(1, "int32"));

/**
 * The neighbours of the virtual index `v` (0-based, fractional) and the weight between
 * them: v − ⌊v⌋ unless `weight` is given; both neighbours are the last entry from n − 1
 * on and the first below 0 (NumPy's `_get_indexes`).
 */
function neighbours(v: Tensor, n: number, weight?: Tensor): Reading {
  const below = less(v, 0);
  const above = greaterEqual(v, n - 1);
  const floor = floorInt32(v);
  const clamp = (i: Tensor): Tensor => where(above, asTensor(n - 1, "int32"), where(below, asTensor(0, "int32"), i));
  return { low: clamp(floor), high: clamp(add(floor, asTensor(1, "int32"))), weight: weight ?? sub(v, convertTo(floor, v.dtype)) };
}

/** The order statistic ⌊v⌋, or ⌊v⌋ + 1 where `stay` does not hold, kept within the sample. */
function discrete(v: Tensor, n: number, stay: (fraction: Tensor, floor: Tensor) => Tensor): Reading {
  const floor = floorInt32(v);
  const chosen = where(stay(sub(v, convertTo(floor, v.dtype)), floor), floor, add(floor, asTensor(1, "int32")));
  return { index: maximum(minimum(chosen, asTensor(n - 1, "int32")), asTensor(0, "int32")) };
}

/** Where `method` reads a sorted sample of `n` entries for the levels `q` (in [0, 1]). */
export function reading(method: QuantileMethod, q: Tensor, n: number): Reading {
  const h = mul(q, n - 1);
  const fraction = sub(h, convertTo(floorInt32(h), h.dtype));
  const between = greater(fraction, 0);
  switch (method) {
    case "linear":
      return neighbours(h, n);
    case "lower":
      return { index: floorInt32(h) };
    case "higher":
      return { index: where(between, add(floorInt32(h), asTensor(1, "int32")), floorInt32(h)) };
    case "nearest": {
      // Round half to even: up past one half, and at one half when ⌊h⌋ is odd.
      const up = where(equal(fraction, 0.5), isOdd(floorInt32(h)), greater(fraction, 0.5));
      return { index: where(up, add(floorInt32(h), asTensor(1, "int32")), floorInt32(h)) };
    }
    case "midpoint":
      return neighbours(h, n, where(between, asTensor(0.5, q.dtype), asTensor(0, q.dtype)));
    case "inverted_cdf":
      return discrete(sub(mul(q, n), 1), n, (f) => equal(f, 0));
    case "closest_observation":
      return discrete(sub(mul(q, n), 1.5), n, (f, floor) => where(equal(f, 0), isOdd(floor), asTensor(0, "bool")));
    case "averaged_inverted_cdf": {
      const v = sub(mul(q, n), 1);
      return neighbours(v, n, where(equal(sub(v, convertTo(floorInt32(v), v.dtype)), 0), asTensor(0.5, q.dtype), asTensor(1, q.dtype)));
    }
    default: {
      const [alpha, beta] = plotting[method];
      return neighbours(add(mul(q, n), sub(add(mul(q, 1 - alpha - beta), alpha), 1)), n);
    }
  }
}
