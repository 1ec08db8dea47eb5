/**
 * fast-check arbitraries for the laws: shapes, tensors that avoid NaN, infinities and
 * the kinks of piecewise functions, broadcastable shape pairs, axes and permutations.
 * Laws compare with finite differences, so tensors are float64 unless asked otherwise.
 *
 * @module
 */
import fc from "fast-check";
import type { DType, Shape, Tensor } from "../src/index";
import { fromValues, sizeOfShape } from "./internal/tensor-values";

/**
 * Options of {@link arbShape}.
 * @example
 * ```ts
 * import { ShapeOptions, arbShape } from "purediff/laws";
 * arbShape({ minRank: 1, maxRank: 2, maxDim: 4 } satisfies ShapeOptions)
 * ```
 */
export interface ShapeOptions {
  /** Fewest axes (default 0: scalars included). */
  readonly minRank?: number;
  /** Most axes (default 3). */
  readonly maxRank?: number;
  /** Smallest dimension (default 1; 0 allows empty tensors). */
  readonly minDim?: number;
  /** Largest dimension (default 3). */
  readonly maxDim?: number;
}

/**
 * Shapes with a bounded rank and bounded dimensions.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbShape } from "purediff/laws";
 * fc.sample(arbShape({ minRank: 1, maxRank: 2, maxDim: 4 }), { numRuns: 3, seed: 1 }); // => [[2], [4], [1]]
 * ```
 */
export function arbShape(options: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const minRank = options.minRank ?? 0;
  const maxRank = options.maxRank ?? 3;
  const minDim = options.minDim ?? 1;
  const maxDim = options.maxDim ?? 3;
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Options of {@link arbTensor}.
 * @example
 * ```ts
 * import { TensorOptions } from "purediff/laws";
 * // for log, sqrt
 * const positive: TensorOptions = { min: 0.2, max: 3 }; // => { min: 0.2, max: 3 }
 * ```
 */
export interface TensorOptions {
  /** Smallest value (default −3). */
  readonly min?: number;
  /** Largest value (default 3). */
  readonly max?: number;
  /** Element type (default float64, the dtype the laws need). */
  readonly dtype?: DType;
  /**
   * Kinks to keep away from (e.g. `[0]` for abs, relu, sign): no value lies within
   * `margin` of any of them.
   */
  readonly avoid?: readonly number[];
  /** Distance kept from each kink in `avoid` (default 0.1). */
  readonly margin?: number;
  /**
   * When set, every two values differ by at least this much (for max, min, argmax:
   * no ties). Needs (max − min) ≥ 2 · separation · size.
   */
  readonly separation?: number;
}

/**
 * Finite numbers in [min, max]: three parts uniform on a fine grid (the interior, where
 * functions are generic) to one part fast-check's doubles (edges, zeros, tiny magnitudes).
 */
function arbValue(min: number, max: number): fc.Arbitrary<number> {
  const steps = 1 << 20;
  const uniform = fc.integer({ min: 0, max: steps }).map((i) => Math.min(max, Math.max(min, min + ((max - min) * i) / steps)));
  return fc.oneof({ weight: 3, arbitrary: uniform }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) });
}

/** Moves `v` out of the `margin`-neighbourhood of every kink, staying in [min, max] when it can. */
function avoidKinks(v: number, kinks: readonly number[], margin: number, min: number, max: number): number {
  let x = v;
  for (let round = 0; round <= kinks.length; round++) {
    const k = kinks.find((c) => Math.abs(x - c) < margin);
    if (k === undefined) return x;
    // A hair past the margin, so that rounding never leaves a value just inside it.
    const push = margin * (1 + 1e-9);
    const up = k + push;
    const down = k - push;
    const preferUp = x >= k;
    const first = preferUp ? up : down;
    const second = preferUp ? down : up;
    x = first >= min && first <= max ? first : second >= min && second <= max ? second : first;
  }
  return x;
}

/** Values on a grid of cells 2·separation wide, one value per cell, none near a kink. */
function separatedValues(n: number, min: number, max: number, separation: number, kinks: readonly number[], margin: number): fc.Arbitrary<number[]> {
  const width = 2 * separation;
  const count = Math.floor((max - min) / width);
  const cells: number[] = [];
  for (let c = 0; c < count; c++) {
    const lo = min + c * width;
    const hi = lo + separation;
    if (kinks.every((k) => k < lo - margin || k > hi + margin)) cells.push(c);
  }
  if (cells.length < n) {
    throw new Error(`arbTensor: cannot place ${n} values at least ${separation} apart in [${min}, ${max}] away from kinks [${kinks.join(", ")}]`);
  }
  return fc
    .tuple(
      fc.shuffledSubarray(cells, { minLength: n, maxLength: n }),
      fc.array(fc.double({ min: 0, max: separation, noNaN: true, maxExcluded: true }), { minLength: n, maxLength: n }),
    )
    .map(([chosen, jitter]) => chosen.map((c, i) => min + c * width + jitter[i]));
}

/**
 * Tensors of a given shape with finite values in [min, max] (float64 by default; mostly
 * spread uniformly, sometimes edge cases such as 0, the bounds, tiny magnitudes), kept
 * `margin` away from the kinks in `avoid`; with `separation`, all values distinct by at
 * least that much. int32 tensors hold integers (uint32 ones those of [max(0, min), max]),
 * bool tensors booleans.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbTensor } from "purediff/laws";
 * // positive float64 tensors for log and sqrt
 * const [x] = fc.sample(arbTensor([2, 3], { min: 0.1, max: 3 }), { numRuns: 1, seed: 1 });
 * [x.shape, x.dtype, x.min().item() >= 0.1]; // => [[2, 3], "float64", true]
 * // for abs and relu: no value in (−0.1, 0.1)
 * const [y] = fc.sample(arbTensor([4], { avoid: [0] }), { numRuns: 1, seed: 1 });
 * y.abs().min().item() >= 0.1; // => true
 * ```
 */
export function arbTensor(shape: Shape, options: TensorOptions = {}): fc.Arbitrary<Tensor> {
  const dtype = options.dtype ?? "float64";
  const min = options.min ?? -3;
  const max = options.max ?? 3;
  const n = sizeOfShape(shape);
  const s = [...shape];
  if (dtype === "bool") return fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((v) => fromValues(v.map(Number), s, dtype));
  if (dtype === "int32" || dtype === "uint32") {
    const lo = dtype === "uint32" ? Math.max(0, Math.ceil(min)) : Math.ceil(min);
    return fc.array(fc.integer({ min: lo, max: Math.floor(max) }), { minLength: n, maxLength: n }).map((v) => fromValues(v, s, dtype));
  }
  const kinks = options.avoid ?? [];
  const margin = options.margin ?? 0.1;
  if (options.separation !== undefined) {
    return separatedValues(n, min, max, options.separation, kinks, margin).map((v) => fromValues(v, s, dtype));
  }
  return fc
    .array(arbValue(min, max), { minLength: n, maxLength: n })
    .map((v) => fromValues(kinks.length === 0 ? v : v.map((x) => avoidKinks(x, kinks, margin, min, max)), s, dtype));
}

/**
 * Tensors of the shapes (and dtypes) of `like`, e.g. tangents for a list of primals.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { tensor } from "purediff";
 * import { arbTensorsLike } from "purediff/laws";
 * const x = tensor([1, 2], "float64");
 * const y = tensor([[1, 2, 3]], "float64");
 * const [[a, b]] = fc.sample(arbTensorsLike([x, y], { min: -1, max: 1 }), { numRuns: 1, seed: 1 });
 * [a.shape, b.shape, a.dtype]; // => [[2], [1, 3], "float64"]
 * ```
 */
export function arbTensorsLike(like: readonly Tensor[], options: Omit<TensorOptions, "dtype"> = {}): fc.Arbitrary<Tensor[]> {
  return fc.tuple(...like.map((t) => arbTensor(t.shape, { ...options, dtype: t.dtype })));
}

/**
 * Options of {@link arbBroadcastableShapes}.
 * @example
 * ```ts
 * import { BroadcastOptions, arbBroadcastablePair } from "purediff/laws";
 * arbBroadcastablePair({ maxRank: 2, maxDim: 4 } satisfies BroadcastOptions)
 * ```
 */
export interface BroadcastOptions {
  /** Most axes of the broadcast result (default 3). */
  readonly maxRank?: number;
  /** Fewest axes of the broadcast result (default 0). */
  readonly minRank?: number;
  /** Largest dimension (default 3). */
  readonly maxDim?: number;
}

/**
 * `count` shapes that broadcast together (NumPy rules): each is the common shape with
 * some leading axes dropped and some axes set to 1.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbBroadcastableShapes } from "purediff/laws";
 * fc.sample(arbBroadcastableShapes(3), { numRuns: 1, seed: 1 }); // => [[[], [3, 2], [1]]]
 * ```
 */
export function arbBroadcastableShapes(count: number, options: BroadcastOptions = {}): fc.Arbitrary<number[][]> {
  const out = arbShape({ minRank: options.minRank ?? 0, maxRank: options.maxRank ?? 3, maxDim: options.maxDim ?? 3 });
  return out.chain((full) => {
    const one = fc
      .tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }))
      .map(([drop, ones]) => full.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
    return fc.tuple(...Array.from({ length: count }, () => one));
  });
}

/**
 * Two shapes that broadcast together, including size-1 axes and missing leading axes.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbBroadcastablePair } from "purediff/laws";
 * fc.sample(arbBroadcastablePair(), { numRuns: 2, seed: 1 }); // => [[[], [3, 2]], [[], [3]]]
 * ```
 */
export function arbBroadcastablePair(options: BroadcastOptions = {}): fc.Arbitrary<[number[], number[]]> {
  return arbBroadcastableShapes(2, options).map(([a, b]) => [a, b]);
}

/**
 * Two tensors whose shapes broadcast together; `a` and `b` options set each one's values.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbTensorPair } from "purediff/laws";
 * // for div: a positive denominator
 * const [[a, b]] = fc.sample(arbTensorPair({ b: { min: 0.5, max: 2 } }), { numRuns: 1, seed: 1 });
 * b.min().item() >= 0.5; // => true
 * ```
 */
export function arbTensorPair(
  options: { readonly shapes?: BroadcastOptions; readonly a?: TensorOptions; readonly b?: TensorOptions } = {},
): fc.Arbitrary<[Tensor, Tensor]> {
  return arbBroadcastablePair(options.shapes).chain(([sa, sb]) => fc.tuple(arbTensor(sa, options.a), arbTensor(sb, options.b)));
}

/**
 * Two tensors of the given shapes no entry of which comes within `gap` of any entry of
 * the other (for maximum, minimum, comparisons: no ties), either may be the larger.
 * a's values lie in cells [k, k + ½ − gap], b's in [k + ½, k + 1 − gap] for integers k in
 * [min, max).
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { maximum } from "purediff";
 * import { arbSeparatedPair } from "purediff/laws";
 * // maximum(a, b) never meets a tie
 * const [[a, b]] = fc.sample(arbSeparatedPair([2, 3], [3]), { numRuns: 1, seed: 1 });
 * maximum(a, b).shape; // => [2, 3]
 * ```
 */
export function arbSeparatedPair(
  shapeA: Shape,
  shapeB: Shape,
  options: { readonly min?: number; readonly max?: number; readonly gap?: number; readonly dtype?: "float32" | "float64" } = {},
): fc.Arbitrary<[Tensor, Tensor]> {
  const lo = Math.floor(options.min ?? -3);
  const hi = Math.max(lo, Math.ceil(options.max ?? 3) - 1);
  const gap = options.gap ?? 0.1;
  const dtype = options.dtype ?? "float64";
  if (!(gap > 0 && gap < 0.5)) throw new Error(`arbSeparatedPair: gap must be in (0, 0.5), got ${gap}`);
  const values = (shape: Shape, offset: number) =>
    fc
      .array(fc.tuple(fc.integer({ min: lo, max: hi }), fc.double({ min: 0, max: 0.5 - gap, noNaN: true })), {
        minLength: sizeOfShape(shape),
        maxLength: sizeOfShape(shape),
      })
      .map((cells) =>
        fromValues(
          cells.map(([k, u]) => k + offset + u),
          shape,
          dtype,
        ),
      );
  return fc.tuple(values(shapeA, 0), values(shapeB, 0.5));
}

/**
 * A non-empty set of distinct axes of a tensor of rank `rank`, in increasing order
 * (`minCount` 0 allows the empty set).
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbAxes } from "purediff/laws";
 * fc.sample(arbAxes(3), { numRuns: 2, seed: 1 }); // => [[0, 2], [1]]
 * ```
 */
export function arbAxes(rank: number, options: { readonly minCount?: number } = {}): fc.Arbitrary<number[]> {
  const axes = Array.from({ length: rank }, (_, i) => i);
  const minCount = Math.min(options.minCount ?? 1, rank);
  return fc.subarray(axes, { minLength: minCount, maxLength: rank });
}

/**
 * A permutation of the axes 0 … rank − 1.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { arbPermutation } from "purediff/laws";
 * fc.sample(arbPermutation(3), { numRuns: 1, seed: 1 }); // => [[2, 0, 1]]
 * ```
 */
export function arbPermutation(rank: number): fc.Arbitrary<number[]> {
  const axes = Array.from({ length: rank }, (_, i) => i);
  return fc.shuffledSubarray(axes, { minLength: rank, maxLength: rank });
}
