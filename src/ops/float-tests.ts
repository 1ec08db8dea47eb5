/**
 * Tests of floating-point values, as `jax.numpy`: `isnan`, `isinf`, `isfinite`, closeness
 * (`isclose`, `allclose`, `arrayEqual`), and the NaN-aware `nanToNum`, `fmax`, `fmin`.
 * Integer and bool tensors are always finite and never NaN.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import { full } from "../tensor/create";
import { sameShape } from "../tensor/shape";
import { asTensor, operandPair, type Operand, type Same, type Out, type Second } from "./operands";
import { abs } from "./math";
import { add, maximum, minimum, mul, sub } from "./arithmetic";
import { equal, greater, lessEqual, notEqual, where } from "./compare";
import { all, logicalAnd, logicalOr } from "./logic";

/**
 * Elementwise test for NaN (x ≠ x).
 * @example
 * ```ts
 * import { isnan, tensor } from "purediff";
 * isnan(tensor([NaN, 1])).toArray(); // => [true, false]
 * ```
 */
export function isnan<T extends Operand>(x: T): Same<T> {
  const t = asTensor(x);
  return notEqual(t, t) as Same<T>;
}

/**
 * Elementwise test for +∞ or −∞.
 * @example
 * ```ts
 * import { isinf, tensor } from "purediff";
 * isinf(tensor([-Infinity, NaN, 1])).toArray(); // => [true, false, false]
 * ```
 */
export function isinf<T extends Operand>(x: T): Same<T> {
  const t = asTensor(x);
  return (isFloat(t.dtype) ? equal(abs(t), Infinity) : notEqual(t, t)) as Same<T>;
}

/**
 * Elementwise test for a finite number (neither ±∞ nor NaN: x − x is 0).
 * @example
 * ```ts
 * import { isfinite, tensor } from "purediff";
 * isfinite(tensor([Infinity, NaN, 1])).toArray(); // => [false, false, true]
 * ```
 */
export function isfinite<T extends Operand>(x: T): Same<T> {
  const t = asTensor(x);
  return (isFloat(t.dtype) ? equal(sub(t, t), 0) : equal(t, t)) as Same<T>;
}

/** Tolerances of {@link isclose} and {@link allclose}. */
export interface CloseOptions {
  /** Relative tolerance, scaled by |b| (default 1e−5). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e−8). */
  readonly atol?: number;
  /** Count two NaNs as equal (default false). */
  readonly equalNan?: boolean;
}

/**
 * Elementwise |a − b| ≤ atol + rtol·|b| (NumPy's asymmetric test), with infinities close
 * only to themselves and NaN close to nothing unless `equalNan`.
 * @example
 * ```ts
 * import { isclose, tensor } from "purediff";
 * isclose(tensor([1, 1.1, Infinity]), tensor([1 + 1e-9, 1, Infinity])).toArray(); // => [1, 0, 1]
 * ```
 */
export function isclose<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "isclose">, options: CloseOptions = {}): Out<A, B> {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  if (!(rtol >= 0) || !(atol >= 0)) throw new Error(`isclose: rtol and atol must be non-negative, got rtol ${rtol}, atol ${atol}`);
  const [x, y] = operandPair(a, b, true, "isclose");
  const near = lessEqual(abs(sub(x, y)), add(mul(abs(y), rtol), atol));
  const close = where(logicalAnd(isfinite(x), isfinite(y)), near, equal(x, y));
  return (equalNan ? logicalOr(close, logicalAnd(isnan(x), isnan(y))) : close) as Out<A, B>;
}

/**
 * Whether every pair is close by {@link isclose}, as a bool scalar tensor (as JAX).
 * @example
 * ```ts
 * import { allclose, tensor } from "purediff";
 * allclose(tensor([1, 2]), tensor([1, 2 + 1e-7])).toArray(); // => true
 * ```
 */
export function allclose<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "allclose">, options: CloseOptions = {}): Tensor<[]> {
  return all(isclose(a as Operand, b as Operand, options)) as Tensor<[]>;
}

/** Options of {@link arrayEqual}. */
export interface ArrayEqualOptions {
  /** Count two NaNs as equal (default false). */
  readonly equalNan?: boolean;
}

/**
 * Whether `a` and `b` have the same shape and equal elements, as a bool scalar tensor (as
 * JAX); different shapes give false, without broadcasting.
 * @example
 * ```ts
 * import { arrayEqual, tensor } from "purediff";
 * arrayEqual(tensor([1, 2]), tensor([1, 2])).toArray(); // => true
 * ```
 */
export function arrayEqual(a: Operand, b: Operand, options: ArrayEqualOptions = {}): Tensor<[]> {
  const [x, y] = operandPair(a, b, false, "arrayEqual");
  if (!sameShape(x.shape, y.shape)) return full([], 0, "bool") as Tensor<[]>;
  const same = equal(x, y);
  return all(options.equalNan === true ? logicalOr(same, logicalAnd(isnan(x), isnan(y))) : same) as Tensor<[]>;
}

/** Replacements of {@link nanToNum}. */
export interface NanToNumOptions {
  /** The value for NaN (default 0). */
  readonly nan?: number;
  /** The value for +∞ (default the largest finite value of the dtype). */
  readonly posinf?: number;
  /** The value for −∞ (default the most negative finite value of the dtype). */
  readonly neginf?: number;
}

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Elementwise replacement of NaN and infinities by finite numbers (integers pass through).
 * The gradient flows where x was finite.
 * @example
 * ```ts
 * import { nanToNum, tensor } from "purediff";
 * nanToNum(tensor([NaN, Infinity, -Infinity, 1]), { posinf: 9 }).toArray(); // => [0, 9, -3.4028234663852886e+38, 1]
 * ```
 */
export function nanToNum<T extends Operand>(x: T, options: NanToNumOptions = {}): Same<T> {
  const t = asTensor(x);
  if (!isFloat(t.dtype)) return t as Same<T>;
  const largest = t.dtype === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
  const { nan = 0, posinf = largest, neginf = -largest } = options;
  const infinite = where(greater(t, 0), full([], posinf, t.dtype), full([], neginf, t.dtype));
  return where(isnan(t), nan, where(isinf(t), infinite, t)) as Same<T>;
}

/** `pick(a, b)`, or the other operand where one is NaN (NaN only where both are). */
function ignoringNan(name: string, a: Operand, b: Operand, pick: (x: Tensor, y: Tensor) => Tensor): Tensor {
  const [x, y] = operandPair(a, b, false, name);
  return where(isnan(y), x, where(isnan(x), y, pick(x, y)));
}

/**
 * Elementwise maximum ignoring NaN (NaN only where both are; ties share the gradient).
 * @example
 * ```ts
 * import { fmax, tensor } from "purediff";
 * fmax(tensor([1, NaN, NaN]), tensor([NaN, 2, NaN])).toArray(); // => [1, 2, NaN]
 * ```
 */
export function fmax<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "fmax">): Out<A, B> {
  return ignoringNan("fmax", a, b, maximum) as Out<A, B>;
}

/**
 * Elementwise minimum ignoring NaN (NaN only where both are; ties share the gradient).
 * @example
 * ```ts
 * import { fmin, tensor } from "purediff";
 * fmin(tensor([1, NaN]), tensor([NaN, 2])).toArray(); // => [1, 2]
 * ```
 */
export function fmin<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "fmin">): Out<A, B> {
  return ignoringNan("fmin", a, b, minimum) as Out<A, B>;
}
