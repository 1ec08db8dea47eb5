/**
 * Central finite differences: the numerical derivatives that every derivative law is
 * compared against. (f(x + h) − f(x − h)) / 2h has error O(h²) from truncation and
 * O(ε·|f| / h) from rounding; in float64 with h = 1e-5 both are about 1e-10 for
 * well-scaled functions, which is why the laws are checked in float64.
 *
 * Every function here evaluates the function under test on concrete tensors only; none
 * of them differentiates.
 *
 * @module
 */
import type { FloatDType, Shape, Tensor } from "../src/index";
import { sampleIndices } from "./internal/rng";
import { fromValues, like, sizeOfShape, valuesOf } from "./internal/tensor-values";

/**
 * Options of the finite-difference functions.
 * @example
 * ```ts
 * import { Tensor, sum, square, tensor } from "purediff";
 * import { numericJvp, type FiniteDifferenceOptions } from "purediff/laws";
 * const f = (v: Tensor) => sum(square(v));
 * // d/dt Σ(x + t·u)² = 2·x·u
 * numericJvp(f, [tensor([1, 2], "float64")], [tensor([1, 0], "float64")], { eps: 1e-6 } satisfies FiniteDifferenceOptions); // => 2
 * ```
 */
export interface FiniteDifferenceOptions {
  /** The step h (default {@link defaultEps} of the inputs' dtype: 1e-5 float64, 1e-3 float32). */
  readonly eps?: number;
}

/**
 * The default finite-difference step for a dtype: 1e-5 for float64, 1e-3 for float32.
 * @example
 * ```ts
 * import { defaultEps } from "purediff/laws";
 * defaultEps("float64"); // => 0.00001
 * ```
 */
export function defaultEps(dtype: FloatDType): number {
  return dtype === "float64" ? 1e-5 : 1e-3;
}

/**
 * The default step for a list of inputs: float64 only when all of them are.
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { defaultEpsFor } from "purediff/laws";
 * defaultEpsFor([tensor([1], "float64"), tensor([1], "float32")]); // => 0.001
 * ```
 */
export function defaultEpsFor(tensors: readonly Tensor[]): number {
  return defaultEps(tensors.every((t) => t.dtype === "float64") ? "float64" : "float32");
}

/**
 * The number held by a one-element tensor (or a number).
 * @example
 * ```ts
 * import { scalar } from "purediff";
 * import { scalarValue } from "purediff/laws";
 * scalarValue(scalar(2, "float64")); // => 2
 * ```
 */
export function scalarValue(y: Tensor | number): number {
  if (typeof y === "number") return y;
  if (y.size !== 1) throw new Error(`expected a scalar output, got shape [${y.shape.join(",")}]`);
  return valuesOf(y)[0];
}

/**
 * The central difference (g(h) − g(−h)) / 2h of a function of one number: its derivative at 0.
 * @example
 * ```ts
 * import { centralDifference } from "purediff/laws";
 * // ≈ cos(1)
 * centralDifference((h) => Math.sin(1 + h), 1e-5); // => 0.5403023
 * ```
 */
export function centralDifference(g: (h: number) => number, eps: number): number {
  return (g(eps) - g(-eps)) / (2 * eps);
}

/**
 * One coordinate of a list of tensors: the argument and the flat (row-major) index.
 * @example
 * ```ts
 * import { Coordinate } from "purediff/laws";
 * // entry 4 (row-major) of the second argument
 * const c: Coordinate = { argument: 1, index: 4 }; // => { argument: 1, index: 4 }
 * ```
 */
export interface Coordinate {
  readonly argument: number;
  readonly index: number;
}

/**
 * The coordinates of tensors of the given shapes, all of them or, with `sampled`, that
 * many chosen uniformly without replacement by a seeded generator.
 * @example
 * ```ts
 * import { selectCoordinates } from "purediff/laws";
 * selectCoordinates([[2], [3]]); // 5 coordinates: (0,0) (0,1) (1,0) (1,1) (1,2)
 * selectCoordinates([[100, 100]], 20, 7).length; // => 20
 * ```
 */
export function selectCoordinates(shapes: readonly Shape[], sampled?: number, seed = 0): Coordinate[] {
  const sizes = shapes.map(sizeOfShape);
  const total = sizes.reduce((a, b) => a + b, 0);
  const flat = sampled === undefined ? Array.from({ length: total }, (_, i) => i) : sampleIndices(total, sampled, seed);
  const out: Coordinate[] = [];
  for (const k of flat) {
    let rest = k;
    let argument = 0;
    while (rest >= sizes[argument]) rest -= sizes[argument++];
    out.push({ argument, index: rest });
  }
  return out;
}

/**
 * `t` with entry `index` moved by `delta`, and the change actually stored (after rounding
 * to the dtype, which matters in float32).
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * import { perturb } from "purediff/laws";
 * // [tensor([1, 2.5]), 0.5]
 * perturb(tensor([1, 2], "float64"), 1, 0.5); // => [[1, 2.5], 0.5]
 * ```
 */
export function perturb(t: Tensor, index: number, delta: number): [Tensor, number] {
  const values = valuesOf(t);
  const before = values[index];
  values[index] = before + delta;
  const moved = like(t, values);
  return [moved, valuesOf(moved)[index] - before];
}

/**
 * The partial derivative ∂g/∂(args[argument])[index] of a scalar function of a list of
 * tensors, by central differences. The step is the one actually stored, so rounding of
 * float32 inputs does not bias the quotient.
 * @example
 * ```ts
 * import { mul, sum, tensor } from "purediff";
 * import { numericPartial, scalarValue } from "purediff/laws";
 * numericPartial((xs) => scalarValue(sum(mul(xs[0], xs[0]))), [tensor([1, 2], "float64")], { argument: 0, index: 1 }); // => 4
 * ```
 */
export function numericPartial(
  g: (args: readonly Tensor[]) => number,
  args: readonly Tensor[],
  coordinate: Coordinate,
  options: FiniteDifferenceOptions = {},
): number {
  const eps = options.eps ?? defaultEpsFor(args);
  const x = args[coordinate.argument];
  const [plus, up] = perturb(x, coordinate.index, eps);
  const [minus, down] = perturb(x, coordinate.index, -eps);
  const withArg = (v: Tensor) => args.map((a, i) => (i === coordinate.argument ? v : a));
  return (g(withArg(plus)) - g(withArg(minus))) / (up - down);
}

/**
 * The directional derivative J·t of a tensor function at `args` along `tangents` (one per
 * argument), by central differences: (f(x + h·t) − f(x − h·t)) / 2h, as a float64 tensor
 * of the output's shape.
 * @example
 * ```ts
 * import { mul, tensor } from "purediff";
 * import { numericJvp } from "purediff/laws";
 * numericJvp((x) => mul(x, x), [tensor([1, 2], "float64")], [tensor([1, 0], "float64")]).toArray(); // => [2, 0]
 * ```
 */
export function numericJvp<Args extends readonly Tensor[]>(
  f: (...args: Args) => Tensor,
  args: Args,
  tangents: { readonly [K in keyof Args]: Tensor },
  options: FiniteDifferenceOptions = {},
): Tensor {
  const eps = options.eps ?? defaultEpsFor(args);
  const moved = (sign: number) =>
    args.map((x, i) => {
      const v = valuesOf(x);
      const t = valuesOf(tangents[i]);
      for (let j = 0; j < v.length; j++) v[j] += sign * eps * t[j];
      return like(x, v);
    }) as unknown as Args;
  const plus = f(...moved(1));
  const minus = f(...moved(-1));
  const a = valuesOf(plus);
  const b = valuesOf(minus);
  const out = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = (a[j] - b[j]) / (2 * eps);
  return fromValues(out, plus.shape, "float64");
}

/**
 * One numerically differentiated coordinate.
 * @example
 * ```ts
 * import { Tensor, square, sum, tensor } from "purediff";
 * import { numericVjp, type NumericEntry } from "purediff/laws";
 * const f = (v: Tensor) => square(v);
 * numericVjp(f, [tensor([1, 2], "float64")], tensor([1, 1], "float64")).map((e: NumericEntry) => e.value); // => [2, 4]
 * ```
 */
export interface NumericEntry extends Coordinate {
  readonly value: number;
}

/**
 * The vector–Jacobian product cᵀJ by finite differences, one coordinate at a time: the
 * partial derivatives of ⟨c, f(x)⟩ at the chosen coordinates (all by default).
 * @example
 * ```ts
 * import { mul, tensor } from "purediff";
 * import { numericVjp } from "purediff/laws";
 * // entries ≈ 2, 4
 * numericVjp((x) => mul(x, x), [tensor([1, 2], "float64")], tensor([1, 1], "float64")); // => [{ argument: 0, index: 0, value: 2 }, { argument: 0, index: 1, value: 4 }]
 * ```
 */
export function numericVjp<Args extends readonly Tensor[]>(
  f: (...args: Args) => Tensor,
  args: Args,
  cotangent: Tensor,
  options: FiniteDifferenceOptions & { readonly coordinates?: readonly Coordinate[] } = {},
): NumericEntry[] {
  const c = valuesOf(cotangent);
  const g = (xs: readonly Tensor[]): number => {
    const y = valuesOf(f(...(xs as unknown as Args)));
    if (y.length !== c.length) throw new Error(`numericVjp: the output has ${y.length} values but the cotangent ${c.length}`);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += c[i] * y[i];
    return s;
  };
  const coordinates = options.coordinates ?? selectCoordinates(args.map((a) => a.shape));
  return coordinates.map((coordinate) => ({ ...coordinate, value: numericPartial(g, args, coordinate, options) }));
}
