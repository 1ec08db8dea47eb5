import type { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import type { Reduce } from "../tensor/shape-types";
import { bind } from "../core/bind";
import { asFloat } from "./operands";
import { mul, pow } from "./arithmetic";
import { abs, sqrt } from "./math";
import { notEqual } from "./compare";
import { astype } from "./gradient-control";
import { max, min, sum } from "./reduce";
import { normalizeAxes, reducedShape, type Axes, type ReduceOptions } from "./axes";
import { svd } from "./decompositions";

/**
 * Which norm, as NumPy's `ord`. Vector norms: every p (the p-norm (Σ|x|ᵖ)^(1/p); 2 is
 * Euclidean), Infinity (max |x|), −Infinity (min |x|), 0 (the count of non-zeros).
 * Matrix norms (two axes): "fro" (Frobenius), "nuc" (nuclear: the sum of singular
 * values), 1 / −1 (max / min column sum of |x|), Infinity / −Infinity (max / min row sum),
 * 2 / −2 (largest / smallest singular value).
 */
export type NormOrder = number | "fro" | "nuc";

/** The vector norm of `x` over `axes`, keeping them as size 1. */
function vectorNorm(x: Tensor, ord: number | undefined, axes: readonly number[]): Tensor {
  const keep = { keepDims: true } as const;
  if (ord === undefined || ord === 2) return sqrt(sum(mul(x, x), axes, keep));
  if (ord === Infinity) return max(abs(x), axes, keep);
  if (ord === -Infinity) return min(abs(x), axes, keep);
  if (ord === 0) return sum(astype(notEqual(x, 0), x.dtype), axes, keep);
  if (ord === 1) return sum(abs(x), axes, keep);
  return pow(sum(pow(abs(x), ord), axes, keep), 1 / ord);
}

/** The matrix norm of `x` with rows on axis `r` and columns on axis `c`, keeping both as size 1. */
function matrixNorm(x: Tensor, ord: NormOrder | undefined, r: number, c: number): Tensor {
  const keep = { keepDims: true } as const;
  switch (ord) {
    case undefined:
    case "fro":
      return sqrt(sum(mul(x, x), [r, c], keep));
    case 1:
      return max(sum(abs(x), r, keep), c, keep);
    case -1:
      return min(sum(abs(x), r, keep), c, keep);
    case Infinity:
      return max(sum(abs(x), c, keep), r, keep);
    case -Infinity:
      return min(sum(abs(x), c, keep), r, keep);
    case "nuc":
    case 2:
    case -2: {
      const rest = x.shape.map((_, i) => i).filter((i) => i !== r && i !== c);
      const s = svd(bind("transpose", [x], { perm: [...rest, r, c] }), { computeUv: false });
      const reduced = ord === "nuc" ? sum(s, -1) : ord === 2 ? max(s, -1) : min(s, -1);
      return bind("reshape", [reduced], { shape: x.shape.map((d, i) => (i === r || i === c ? 1 : d)) });
    }
    default:
      throw new Error(`norm: ord ${String(ord)} is not a matrix norm; use "fro", "nuc", 1, -1, 2, -2, Infinity or -Infinity`);
  }
}

/**
 * The norm of `x`, as `numpy.linalg.norm`. `axes` chooses the kind: one axis is a vector
 * norm along it; two axes [rows, columns] a matrix norm of each such matrix; no axes the
 * vector norm of all entries (this differs from NumPy for a 2-D `x` with a numeric `ord`
 * other than 2, which NumPy takes as a matrix norm: pass axes [0, 1] for that), except
 * that "fro" and "nuc" take a 2-D `x` as a matrix. `ord` defaults to 2 for vectors and
 * "fro" for matrices; see {@link NormOrder} for the others. The gradient of a
 * 2-norm at 0 is undefined (NaN), as in JAX.
 * @example
 * ```ts
 * import { norm, tensor } from "purediff";
 * norm(tensor([3, 4])).toArray(); // => 5
 * norm(tensor([3, -4]), 1).toArray(); // => 7
 * // the largest column sum
 * norm(tensor([[1, 2], [3, 4]]), 1, [0, 1]).toArray(); // => 6
 * norm(tensor([[3, 0], [0, 4]]), "nuc").toArray(); // => 7
 * ```
 */
export function norm<S extends Shape, const A extends Axes = undefined, K extends boolean = false>(
  x: Tensor<S>,
  ord?: NormOrder,
  axes?: A,
  options?: ReduceOptions<K>,
): Tensor<Reduce<S, A, K>> {
  const xf = asFloat(x);
  const keepDims = options?.keepDims ?? false;
  if (typeof ord === "number" && Number.isNaN(ord)) throw new Error(`norm: ord must be a number, "fro" or "nuc", got NaN`);
  if (typeof ord === "string" && ord !== "fro" && ord !== "nuc") throw new Error(`norm: ord must be a number, "fro" or "nuc", got ${JSON.stringify(ord)}`);
  let pair: [number, number] | undefined;
  if (axes === undefined && typeof ord === "string") {
    if (xf.shape.length !== 2)
      throw new Error(`norm: ord "${ord}" is a matrix norm: x must be a matrix or axes must name two axes, got shape ${showShape(x.shape)}`);
    pair = [0, 1];
  } else if (Array.isArray(axes) && axes.length === 2) {
    pair = [normalizeAxis("norm", axes[0], xf.shape.length), normalizeAxis("norm", axes[1], xf.shape.length)];
    if (pair[0] === pair[1]) throw new Error(`norm: the two axes of a matrix norm must differ, got [${axes.join(",")}]`);
  }
  if (pair === undefined) {
    const list = normalizeAxes("norm", axes, xf.shape);
    if (list.length > 2 && axes !== undefined) throw new Error(`norm: axes must name one axis (vector norm) or two (matrix norm), got [${list.join(",")}]`);
    if (typeof ord === "string") throw new Error(`norm: ord "${ord}" is a matrix norm: pass two axes, got axes ${JSON.stringify(axes)}`);
    const out = vectorNorm(xf, ord, list);
    return bind("reshape", [out], { shape: reducedShape(xf.shape, list, keepDims) }) as Tensor<Reduce<S, A, K>>;
  }
  const out = matrixNorm(xf, ord, pair[0], pair[1]);
  return bind("reshape", [out], {
    shape: reducedShape(
      xf.shape,
      [...pair].sort((p, q) => p - q),
      keepDims,
    ),
  }) as Tensor<Reduce<S, A, K>>;
}
