/**
 * The shapes of the functions and options the law predicates take.
 *
 * @module
 */
import type { Tensor } from "../src/index";
import type { Tolerance } from "./tolerance";

/**
 * A function of tensors returning a tensor: what the derivative laws examine.
 * @example
 * ```ts
 * import { Tensor, mul, sin } from "purediff";
 * import { TensorFunction } from "purediff/laws";
 * const f: TensorFunction<[Tensor, Tensor]> = (a, b) => mul(sin(a), b);
 * ```
 */
export type TensorFunction<Args extends readonly Tensor[]> = (...args: Args) => Tensor;

/**
 * One tensor per argument (tangents, directions), of the arguments' shapes.
 * @example
 * ```ts
 * import { Tensor, tensor } from "purediff";
 * import { TensorsLike } from "purediff/laws";
 * const t: TensorsLike<[Tensor<[3]>]> = [tensor([1, 0, 0], "float64")];
 * ```
 */
export type TensorsLike<Args extends readonly Tensor[]> = { readonly [K in keyof Args]: Tensor };

/**
 * Options of laws that compare with finite differences.
 * @example
 * ```ts
 * import { Tensor, exp, tensor } from "purediff";
 * import { randomTensorLike, vjpMatchesFiniteDifferences, type FiniteDifferenceLawOptions } from "purediff/laws";
 * const x = tensor([0.5, 1], "float64");
 * const f = (v: Tensor) => exp(v);
 * vjpMatchesFiniteDifferences(f, [x], randomTensorLike(x, 1), { eps: 1e-6, sampled: 20, seed: 2 } satisfies FiniteDifferenceLawOptions); // => { ok: true }
 * ```
 */
export interface FiniteDifferenceLawOptions extends Partial<Tolerance> {
  /** The finite-difference step (default 1e-5 for float64 inputs). */
  readonly eps?: number;
  /** Check only this many coordinates, chosen by `seed` (default: all). */
  readonly sampled?: number;
  /** Seed of the coordinate sample (default 0). */
  readonly seed?: number;
}

/**
 * Options of laws that compare two exact computations (default tolerance
 * `algebraicTolerance`: 1e-10 in float64, judged against the size of the terms summed).
 * @example
 * ```ts
 * import { matmul, tensor } from "purediff";
 * import { randomTensorLike, vjpJvpDuality, type AlgebraicLawOptions } from "purediff/laws";
 * const x = tensor([[1, 2], [3, 4]], "float64");
 * const f = (a: typeof x) => matmul(a, a);
 * vjpJvpDuality(f, [x], [randomTensorLike(x, 1)], randomTensorLike(x, 2), { rtol: 1e-8 } satisfies AlgebraicLawOptions); // => { ok: true }
 * ```
 */
export type AlgebraicLawOptions = Partial<Tolerance>;
