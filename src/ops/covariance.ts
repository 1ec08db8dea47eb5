import { Tensor } from "../tensor/tensor";
import { isInteger } from "../tensor/dtype";
import { eye } from "../tensor/create";
import { showShape } from "../tensor/shape";
import { asFloat, asTensor, convertTo, type Operand } from "./operands";
import { average } from "./statistics";
import { sum } from "./reduce";
import { div, maximum, mul, sub } from "./arithmetic";
import { sqrt } from "./math";
import { clip } from "./compare";
import { concat } from "./join";
import { matmul } from "./linalg";
import { reshape, transpose } from "./shape";

/** Options of {@link cov}. */
export interface CovOptions {
  /** Each row is a variable and each column an observation (default true); false: the reverse. */
  readonly rowvar?: boolean;
  /** Normalise by N (true) instead of N − 1 (default false); overridden by `ddof`. */
  readonly bias?: boolean;
  /** Delta degrees of freedom (default 1, or 0 with `bias`). */
  readonly ddof?: number;
  /** Integer frequency weights, one per observation. */
  readonly fweights?: Operand;
  /** Observation (reliability) weights, one per observation. */
  readonly aweights?: Operand;
}

/** The covariance result: a scalar for one variable, else a [variables, variables] matrix. */
export type Covariance = Tensor<[]> | Tensor<[number, number]>;

/** `x` as a [variables, observations] matrix, as NumPy's cov reads it. */
function asVariables(op: string, name: string, x: Operand, rowvar: boolean): Tensor {
  const t = asFloat(x);
  if (t.shape.length > 2) throw new Error(`${op}: ${name} must have at most 2 dimensions, got shape ${showShape(t.shape)}`);
  const m = t.shape.length === 2 ? t : reshape(t, [1, t.size]);
  return !rowvar && m.shape[0] !== 1 ? transpose(m) : m;
}

/** A weight vector of one entry per observation, or an error. */
function observationWeights(name: string, w: Operand, observations: number, dtype: Tensor["dtype"]): Tensor {
  const t = convertTo(asTensor(w, dtype), dtype);
  if (t.shape.length !== 1 || t.shape[0] !== observations) {
    throw new Error(`cov: ${name} must be 1-D with one entry per observation (${observations}), got shape ${showShape(t.shape)}`);
  }
  return t;
}

/**
 * The covariance matrix of the variables in `m` (rows, or columns when `rowvar` is false)
 * and optionally `y` (more variables), NumPy's `cov`: centred products summed over the
 * observations and divided by N − ddof (by Σw − ddof·Σ(w·a)/Σw with weights, as NumPy).
 * A single variable gives a scalar.
 * @example
 * ```ts
 * import { cov, tensor } from "purediff";
 * cov(tensor([[0, 1, 2], [2, 1, 0]])).toArray(); // => [[1, -1], [-1, 1]]
 * ```
 * @example
 * ```ts
 * import { cov, tensor } from "purediff";
 * cov(tensor([1, 2, 3, 4])).toArray(); // => 1.666667
 * ```
 */
export function cov(m: Operand, y?: Operand, options: CovOptions = {}): Covariance {
  const rowvar = options.rowvar ?? true;
  let x = asVariables("cov", "m", m, rowvar);
  if (y !== undefined) {
    const other = asVariables("cov", "y", y, rowvar);
    if (other.shape[1] !== x.shape[1]) throw new Error(`cov: m has ${x.shape[1]} observations and y has ${other.shape[1]}`);
    x = concat([x, convertTo(other, x.dtype)], 0);
  }
  const observations = x.shape[1];
  const ddof = options.ddof ?? (options.bias ? 0 : 1);
  if (options.fweights instanceof Tensor && !isInteger(options.fweights.dtype))
    throw new Error(`cov: fweights must be integers (int32 or uint32), got ${options.fweights.dtype}`);
  const f = options.fweights === undefined ? undefined : observationWeights("fweights", options.fweights, observations, x.dtype);
  const a = options.aweights === undefined ? undefined : observationWeights("aweights", options.aweights, observations, x.dtype);
  const w = f !== undefined && a !== undefined ? mul(f, a) : (f ?? a);
  let factor: Tensor;
  let centred: Tensor;
  let weighted: Tensor;
  if (w === undefined) {
    centred = sub(x, average(x, 1, { keepDims: true }));
    weighted = centred;
    factor = asTensor(observations - ddof, x.dtype);
  } else {
    const wSum = sum(w);
    centred = sub(x, average(x, 1, { weights: w, keepDims: true }));
    weighted = mul(centred, w);
    factor = ddof === 0 ? wSum : a === undefined ? sub(wSum, ddof) : sub(wSum, div(mul(ddof, sum(mul(w, a))), wSum));
  }
  const products = matmul(centred, transpose(weighted));
  const c = div(products, maximum(factor, 0));
  return (c.shape[0] === 1 ? reshape(c, []) : c) as Covariance;
}

/** Options of {@link corrcoef}. */
export interface CorrcoefOptions {
  /** Each row is a variable (default true); false: each column. */
  readonly rowvar?: boolean;
}

/**
 * Pearson correlation coefficients of the variables in `x` (and `y`), NumPy's
 * `corrcoef`: the covariance matrix divided by the outer product of the standard
 * deviations, clipped to [−1, 1]. A single variable gives 1 (NaN if it is constant).
 * @example
 * ```ts
 * import { corrcoef, tensor } from "purediff";
 * corrcoef(tensor([[1, 2, 3], [2, 4, 7]])).toArray(); // => [[1, 0.9933992], [0.9933992, 0.9999999]]
 * ```
 */
export function corrcoef(x: Operand, y?: Operand, options: CorrcoefOptions = {}): Covariance {
  const c = cov(x, y, { rowvar: options.rowvar ?? true }) as Tensor;
  if (c.shape.length === 0) return div(c, c) as Covariance;
  const n = c.shape[0];
  const deviations = sqrt(sum(mul(c, eye(n, n, c.dtype)), 1));
  const scaled = div(div(c, reshape(deviations, [n, 1])), reshape(deviations, [1, n]));
  return clip(scaled, -1, 1) as Covariance;
}
