import type { FloatDType } from "../tensor/dtype";
import { isFloat } from "../tensor/dtype";
import { normalizeAxis, showShape, sizeOf, type Shape } from "../tensor/shape";
import type { Reduce } from "../tensor/shape-types";
import { Tensor } from "../tensor/tensor";
import { add, neg } from "../ops/arithmetic";
import { log } from "../ops/math";
import { broadcastTo, reshape, transpose } from "../ops/shape";
import { topKIndices } from "./top-k-indices";
import { argmax } from "../ops/reduce";
import { astype } from "../ops/gradient-control";
import { checkKey } from "./key";
import { type Writable, checkSample, unitFloats } from "./sampling";

/**
 * Standard Gumbel samples −log(−log u), u uniform in (0, 1): the noise of the Gumbel-max
 * trick (argmax(logits + g) is a sample of softmax(logits)). Traceable.
 * @example
 * ```ts
 * import { random } from "purediff";
 * // Tensor<[3]>
 * random.gumbel(random.key(0), [3]).toArray(); // => [3.34404, -0.1451332, 0.7825524]
 * ```
 */
export function gumbel<const S extends Shape = []>(k: Tensor, shape?: S, dtype: FloatDType = "float32"): Tensor<Writable<S>> {
  const s = (shape ?? []) as S;
  const n = checkSample("random.gumbel", k, s, dtype);
  // Centre each grid cell so that u is never 0 or 1: the samples stay finite.
  const half = dtype === "float32" ? 2 ** -24 : 2 ** -53;
  const g = neg(log(neg(log(add(unitFloats(k, n, dtype), half)))));
  return reshape(astype(g, dtype), s as unknown as number[]) as unknown as Tensor<Writable<S>>;
}

/**
 * Options of {@link categorical}.
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * random.categorical(random.key(0), tensor([0, 1, 2, 3]), -1, [3], { replace: false }).toArray(); // => [0, 3, 2]
 * ```
 */
export interface CategoricalOptions {
  /** With replacement (default true); false draws distinct classes (Gumbel top-k). */
  readonly replace?: boolean;
}

/**
 * Samples class indices (int32) from unnormalised log-probabilities along `axis`
 * (the last by default) with the Gumbel-max trick: argmax(logits + Gumbel noise), so the
 * frequencies follow softmax(logits). `shape` (the batch shape by default) asks for more
 * samples: it must end with the logits' shape without `axis`. With `replace: false` (as
 * JAX's) the samples of each batch entry are distinct classes: the leading axes of `shape`
 * (before the batch shape) hold at most as many samples as there are classes, drawn in
 * order by the Gumbel top-k trick (the k largest of logits + Gumbel noise, found with n²
 * comparisons per batch entry: meant for moderate class counts).
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * const key = random.key(0);
 * // class 2 with probability 1/2
 * random.categorical(key, tensor([0, 0, Math.log(2)])).toArray(); // => 0
 * // 1000 samples per row
 * random.categorical(key, tensor([[0, 1], [1, 0]]), -1, [1000, 2]).shape; // => [1000, 2]
 * // a permutation of 0..3
 * random.categorical(key, tensor([0, 1, 2, 3]), -1, [4], { replace: false }).toArray(); // => [0, 3, 2, 1]
 * ```
 */
export function categorical<S extends Shape>(k: Tensor, logits: Tensor<S>): Tensor<Reduce<S, -1>>;
export function categorical<S extends Shape, const A extends number>(k: Tensor, logits: Tensor<S>, axis: A): Tensor<Reduce<S, A>>;
export function categorical<const O extends Shape>(k: Tensor, logits: Tensor, axis: number, shape: O, options?: CategoricalOptions): Tensor<Writable<O>>;
export function categorical(k: Tensor, logits: Tensor, axis = -1, shape?: Shape, options: CategoricalOptions = {}): Tensor {
  checkKey("random.categorical", k);
  if (!(logits instanceof Tensor)) throw new Error(`random.categorical: logits must be a tensor, got ${typeof logits}`);
  if (logits.shape.length === 0) throw new Error("random.categorical: logits must have a class axis, got a scalar");
  const a = normalizeAxis("random.categorical", axis, logits.shape.length);
  const batch = logits.shape.filter((_, i) => i !== a);
  const out = shape ?? batch;
  const prefixLength = out.length - batch.length;
  const tail = out.slice(prefixLength);
  if (prefixLength < 0 || tail.some((d, i) => batch[i] !== 1 && d !== batch[i])) {
    throw new Error(
      `random.categorical: sample shape ${showShape(out)} must end with the batch shape ${showShape(batch)} ` +
        `(logits ${showShape(logits.shape)} without axis ${a})`,
    );
  }
  const z = isFloat(logits.dtype) ? logits : astype(logits, "float32");
  const dtype: FloatDType = z.dtype === "float64" ? "float64" : "float32";
  if (options.replace === false) return withoutReplacement(k, z, a, out.slice(0, prefixLength), tail, dtype);
  const noiseShape = [...out.slice(0, prefixLength), ...tail.slice(0, a), logits.shape[a], ...tail.slice(a)];
  checkSample("random.categorical", k, noiseShape, dtype);
  return argmax(add(gumbel(k, noiseShape, dtype), z), prefixLength + a);
}

/** Distinct classes per batch entry: the top prod(prefix) of logits + one Gumbel draw, laid out as [...prefix, ...tail]. */
function withoutReplacement(k: Tensor, z: Tensor, axis: number, prefix: Shape, tail: Shape, dtype: FloatDType): Tensor {
  const classes = z.shape[axis];
  const count = sizeOf(prefix);
  if (count > classes) {
    throw new Error(
      `random.categorical: without replacement, the ${count} samples of shape ${showShape(prefix)} exceed the ${classes} classes on axis ${axis}`,
    );
  }
  const rank = z.shape.length;
  const lastAxis = transpose(z, [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis), axis]);
  const noiseShape = [...tail, classes];
  checkSample("random.categorical", k, noiseShape, dtype);
  const top = topKIndices(add(gumbel(k, noiseShape, dtype), broadcastTo(lastAxis, noiseShape)), count);
  const front = transpose(top, [tail.length, ...tail.map((_, i) => i)]);
  return reshape(front, [...prefix, ...tail]);
}
