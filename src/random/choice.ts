import { zeros } from "../tensor/create";
import { isFloat } from "../tensor/dtype";
import { normalizeAxis, sameShape, showShape, sizeOf, type Shape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { add } from "../ops/arithmetic";
import { astype } from "../ops/gradient-control";
import { take } from "../ops/indexing";
import { log } from "../ops/math";
import { reshape } from "../ops/shape";
import { categorical, gumbel } from "./categorical";
import { checkKey } from "./key";
import { randint } from "./randint";
import { topKIndices } from "./top-k-indices";

/**
 * Options of {@link choice}.
 * @example
 * ```ts
 * import { random, tensor } from "purediff";
 * const weights = tensor([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
 * random.choice(random.key(0), 10, [3], { replace: false, p: weights }).toArray(); // => [8, 9, 1]
 * ```
 */
export interface ChoiceOptions {
  /** With replacement (default true); false draws distinct entries. */
  readonly replace?: boolean;
  /** Probabilities of the entries (a 1-D tensor; normalised, so weights will do); uniform by default. */
  readonly p?: Tensor;
  /** The axis of `a` to choose along (default 0). */
  readonly axis?: number;
}

/**
 * Random entries of `a` (NumPy's and JAX's `random.choice`): with `a` a number n, int32
 * indices in 0..n−1 of `shape`; with a tensor, its slices along `axis` (the result has
 * `shape` in place of that axis). With replacement by default; `replace: false` draws
 * distinct entries (at most n of them) by the Gumbel top-k trick (n² comparisons: meant
 * for moderate n); `p` weights the entries (zero weights are never drawn with
 * replacement, and last without). Traceable (`jit`, `vmap`).
 * @example
 * ```ts
 * import { countNonzero, equal, random, tensor } from "purediff";
 * // 3 indices in 0..4
 * random.choice(random.key(0), 5, [3]).toArray(); // => [2, 0, 3]
 * // 2 distinct values
 * random.choice(random.key(0), tensor([10, 20, 30]), [2], { replace: false }).toArray(); // => [10, 30]
 * // about 500 twos
 * const draws = random.choice(random.key(0), 3, [1000], { p: tensor([0.2, 0.3, 0.5]) });
 * countNonzero(equal(draws, 2)).item(); // => 463
 * ```
 */
export function choice<const S extends Shape = []>(k: Tensor, a: number, shape?: S, options?: ChoiceOptions): Tensor<{ -readonly [K in keyof S]: S[K] }>;
export function choice(k: Tensor, a: Tensor, shape?: Shape, options?: ChoiceOptions): Tensor;
export function choice(k: Tensor, a: number | Tensor, shape: Shape = [], options: ChoiceOptions = {}): Tensor {
  checkKey("random.choice", k);
  const { replace = true, p } = options;
  let n: number;
  let axis = 0;
  if (a instanceof Tensor) {
    if (a.shape.length === 0) throw new Error("random.choice: a must be a number or a tensor with at least one axis, got a scalar tensor");
    axis = normalizeAxis("random.choice", options.axis ?? 0, a.shape.length);
    n = a.shape[axis];
  } else {
    if (!Number.isInteger(a) || a < 0 || a > 2 ** 31 - 1) throw new Error(`random.choice: a must be a non-negative integer or a tensor, got ${a}`);
    n = a;
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`random.choice: shape ${Array.isArray(shape) ? showShape(shape) : String(shape)} must be an array of non-negative integers`);
  }
  const count = sizeOf(shape);
  if (p !== undefined && (!(p instanceof Tensor) || !sameShape(p.shape, [n]))) {
    throw new Error(
      `random.choice: p must be a tensor of shape [${n}] (one probability per entry), got ${p instanceof Tensor ? `shape ${showShape(p.shape)}` : typeof p}`,
    );
  }
  if (n === 0 && count > 0) throw new Error(`random.choice: cannot draw ${count} samples from an empty population`);
  if (!replace && count > n)
    throw new Error(`random.choice: cannot draw ${count} distinct samples (shape ${showShape(shape)}) from ${n} entries without replacement`);
  const logits = p === undefined ? undefined : log(isFloat(p.dtype) ? p : astype(p, "float32"));
  let indices: Tensor;
  if (count === 0) indices = zeros(shape, "int32");
  else if (replace) indices = logits === undefined ? randint(k, shape, 0, n) : categorical(k, logits, -1, shape);
  else {
    const dtype = logits?.dtype === "float64" ? "float64" : "float32";
    const noise = gumbel(k, [n], dtype);
    indices = reshape(topKIndices(logits === undefined ? noise : add(noise, logits), count), shape as number[]);
  }
  return a instanceof Tensor ? take(a, indices, axis) : indices;
}
