/**
 * Loss functions: `(predictions, targets, { reduction })` → a scalar (the mean over the
 * batch by default), or one loss per example with `reduction: "none"`.
 *
 * Conventions (Keras's):
 * - axis 0 is the batch; a rank-0 input is a single example;
 * - elementwise losses (mse, binary cross-entropy, hinge, logistic) average over the
 *   non-batch axes of each example; `squaredError` and `euclidean` sum over them;
 * - categorical losses read classes on the last axis (a rank-1 input is one example);
 * - predictions and targets must have exactly the same shape: losses never broadcast,
 *   since `[B, 1]` against `[B]` silently broadcasting to `[B, B]` is a classic bug.
 *
 * The `...WithLogits` forms take unnormalised scores and are numerically stable: finite
 * loss and finite gradient for logits of ±1000. Prefer them to a sigmoid or softmax
 * followed by the probability forms, which must clip probabilities to [ε, 1 − ε]
 * (ε = 1e-7, as Keras) to stay finite, and then have a zero gradient where they clip.
 * @example
 * import { nn } from "purediff";
 * const loss = nn.categoricalCrossEntropyWithLogits(logits, oneHotTargets);
 * const perExample = nn.mse(yHat, y, { reduction: "none" }); // Tensor<[B]>
 * @module
 */
import { ConcreteTensor } from "../tensor/concrete";
import { isFloat } from "../tensor/dtype";
import { sameShape, showShape, type Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { add, mul, neg, square, sub } from "../ops/arithmetic";
import { clip, greaterEqual, less, where } from "../ops/compare";
import { log } from "../ops/math";
import { softplus } from "../ops/activation";
import { logSoftmax } from "../ops/softmax";
import { mean, sum } from "../ops/reduce";
import { oneHot } from "../ops/indexing";
import { expandDims } from "../ops/shape";
import { astype } from "../ops/gradient-control";
import { maximum } from "../ops/arithmetic";

/**
 * How per-example losses are combined: their mean (default), their sum, or not at all.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const yHat = tensor([1, 2]);
 * const y = tensor([0, 0]);
 * nn.mse(yHat, y, { reduction: "sum" satisfies nn.Reduction }).item(); // => 5
 * ```
 */
export type Reduction = "mean" | "sum" | "none";

/**
 * Options shared by every loss.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const scores = tensor([0.5, -2]);
 * const labels = tensor([1, -1]);
 * nn.hinge(scores, labels, { reduction: "none" } satisfies nn.LossOptions).toArray(); // => [0.5, 0]
 * ```
 */
export interface LossOptions<R extends Reduction = Reduction> {
  /** "mean" over the batch (default), "sum", or "none" (one loss per example). */
  readonly reduction?: R;
}

/**
 * Options of the probability forms, which clip.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const p = tensor([1, 0.5]);
 * const y = tensor([1, 1]);
 * nn.binaryCrossEntropy(p, y, { epsilon: 1e-6 } satisfies nn.ClippedLossOptions).item(); // => 0.3465741
 * ```
 */
export interface ClippedLossOptions<R extends Reduction = Reduction> extends LossOptions<R> {
  /** Probabilities are clipped to [epsilon, 1 − epsilon] before the log (default 1e-7). */
  readonly epsilon?: number;
}

/**
 * The per-example shape: `[B]` for a batch, `[]` for a single example.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type P = nn.PerExample<[32, 10]> // [32]
 * ```
 */
export type PerExample<S> = S extends readonly [infer B extends number, ...number[]] ? [B] : S extends readonly [] ? [] : number[];

/**
 * The per-example shape when the last axis holds classes (a rank-1 input is one example).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type P = nn.PerExampleClasses<[10]> // [] (one example)
 * ```
 */
export type PerExampleClasses<S> = S extends readonly [number] ? [] : PerExample<S>;

/**
 * A loss's result: a scalar, or per-example values with `reduction: "none"`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type V = nn.LossValue<[32], "none"> // Tensor<[32]>
 * ```
 */
export type LossValue<P extends Shape, R extends Reduction> = [R] extends ["none"] ? Tensor<P> : Tensor<[]>;

/**
 * The default ε of the probability forms.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * const p = tensor([0.9, 0.2]);
 * const y = tensor([1, 0]);
 * // the default
 * nn.binaryCrossEntropy(p, y, { epsilon: nn.DEFAULT_EPSILON }).item(); // => 0.164252
 * ```
 */
export const DEFAULT_EPSILON = 1e-7;

function floatPredictions(loss: string, predictions: Tensor, arg = "predictions"): Tensor {
  if (predictions === null || typeof predictions !== "object" || !("shape" in predictions)) {
    throw new Error(`${loss}: ${arg} must be a tensor, got ${String(predictions)}`);
  }
  if (!isFloat(predictions.dtype)) {
    throw new Error(`${loss}: ${arg} must be float32 or float64, got ${predictions.dtype} (shape ${showShape(predictions.shape)})`);
  }
  return predictions;
}

/** Checks predictions against same-shaped targets and converts targets to the predictions' dtype. */
function checkPair(loss: string, predictions: Tensor, targets: Tensor, hint = ""): [Tensor, Tensor] {
  const p = floatPredictions(loss, predictions);
  if (targets === null || typeof targets !== "object" || !("shape" in targets)) throw new Error(`${loss}: targets must be a tensor, got ${String(targets)}`);
  if (!sameShape(p.shape, targets.shape)) {
    throw new Error(
      `${loss}: predictions have shape ${showShape(p.shape)} but targets have shape ${showShape(targets.shape)}; ` +
        `they must match exactly (losses do not broadcast)${hint}`,
    );
  }
  return [p, targets.dtype === p.dtype ? targets : astype(targets, p.dtype)];
}

/** The mean over every axis but the batch axis (identity for rank ≤ 1). */
function meanPerExample(x: Tensor): Tensor {
  return x.shape.length <= 1 ? x : mean(x, x.shape.map((_, i) => i).slice(1));
}

/** The sum over every axis but the batch axis (identity for rank ≤ 1). */
function sumPerExample(x: Tensor): Tensor {
  return x.shape.length <= 1 ? x : sum(x, x.shape.map((_, i) => i).slice(1));
}

function reduce(loss: string, perExample: Tensor, reduction: Reduction | undefined): Tensor {
  switch (reduction ?? "mean") {
    case "mean":
      return perExample.shape.length === 0 ? perExample : mean(perExample);
    case "sum":
      return perExample.shape.length === 0 ? perExample : sum(perExample);
    case "none":
      return perExample;
    default:
      throw new Error(`${loss}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
  }
}

function checkEpsilon(loss: string, epsilon: number): number {
  if (!(epsilon > 0 && epsilon < 0.5)) throw new Error(`${loss}: epsilon must be in (0, 0.5), got ${epsilon}`);
  return epsilon;
}

/**
 * Mean squared error: (ŷ − y)² averaged over each example's elements, then over the batch.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.mse(tensor([[1, 2]]), tensor([[1, 4]])).toArray(); // => 2
 * ```
 */
export function mse<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const [p, t] = checkPair("mse", predictions, targets);
  return reduce("mse", meanPerExample(square(sub(p, t))), options.reduction) as LossValue<PerExample<S>, R>;
}

/**
 * Squared error Σ (ŷ − y)² over each example's elements (the sum-of-squares of least
 * squares; with `reduction: "sum"` the total over the data set).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.squaredError(tensor([[1, 2]]), tensor([[1, 4]])).toArray(); // => 4
 * ```
 */
export function squaredError<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const [p, t] = checkPair("squaredError", predictions, targets);
  return reduce("squaredError", sumPerExample(square(sub(p, t))), options.reduction) as LossValue<PerExample<S>, R>;
}

/**
 * Euclidean loss ½‖ŷ − y‖² per example: the ½ makes its gradient exactly ŷ − y.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.euclidean(tensor([[1, 2]]), tensor([[1, 4]])).toArray(); // => 2
 * ```
 */
export function euclidean<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const [p, t] = checkPair("euclidean", predictions, targets);
  return reduce("euclidean", mul(sumPerExample(square(sub(p, t))), 0.5), options.reduction) as LossValue<PerExample<S>, R>;
}

/**
 * Binary cross-entropy of probabilities ŷ ∈ (0, 1) against targets y ∈ [0, 1]:
 * −[y log ŷ + (1 − y) log(1 − ŷ)], with ŷ clipped to [ε, 1 − ε] (ε = 1e-7 by default).
 * Prefer {@link binaryCrossEntropyWithLogits} after a sigmoid.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])).toArray(); // => 0.164252
 * ```
 */
export function binaryCrossEntropy<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: ClippedLossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const name = "binaryCrossEntropy";
  const [p0, t] = checkPair(name, predictions, targets);
  const eps = checkEpsilon(name, options.epsilon ?? DEFAULT_EPSILON);
  const p = clip(p0, eps, 1 - eps);
  const elementwise = neg(add(mul(t, log(p)), mul(sub(1, t), log(sub(1, p)))));
  return reduce(name, meanPerExample(elementwise), options.reduction) as LossValue<PerExample<S>, R>;
}

/**
 * Binary cross-entropy of logits z (σ(z) is the probability), computed stably as
 * softplus(z) − z·y = max(z, 0) − z·y + log(1 + e^−|z|). Its gradient is σ(z) − y
 * everywhere, z = 0 included (softplus differentiates to σ by rule, not through the kinks).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.binaryCrossEntropyWithLogits(tensor([1000, -1000]), tensor([1, 0])).toArray(); // => 0
 * ```
 */
export function binaryCrossEntropyWithLogits<S extends Shape, R extends Reduction = "mean">(
  logits: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const name = "binaryCrossEntropyWithLogits";
  const [z, t] = checkPair(name, logits, targets);
  const elementwise = sub(softplus(z), mul(z, t));
  return reduce(name, meanPerExample(elementwise), options.reduction) as LossValue<PerExample<S>, R>;
}

/** Per-example losses of a class-axis loss: the sum over classes, then the mean over other non-batch axes. */
function perExampleOverClasses(x: Tensor): Tensor {
  return meanPerExample(sum(x, -1));
}

/**
 * Categorical cross-entropy −Σ_c y_c log ŷ_c of probabilities ŷ (classes on the last
 * axis, e.g. a softmax output) against one-hot or soft targets y; ŷ is clipped to
 * [ε, 1 − ε]. Prefer {@link categoricalCrossEntropyWithLogits}.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.categoricalCrossEntropy(tensor([[0.7, 0.2, 0.1]]), tensor([[1, 0, 0]])).toArray(); // => 0.356675
 * ```
 */
export function categoricalCrossEntropy<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: ClippedLossOptions<R> = {},
): LossValue<PerExampleClasses<S>, R> {
  const name = "categoricalCrossEntropy";
  const [p0, t] = checkPair(name, predictions, targets, sparseHint(predictions, targets, "sparseCategoricalCrossEntropy"));
  if (p0.shape.length === 0) throw new Error(`${name}: predictions need a class axis, got a scalar`);
  const eps = checkEpsilon(name, options.epsilon ?? DEFAULT_EPSILON);
  const p = clip(p0, eps, 1 - eps);
  return reduce(name, perExampleOverClasses(neg(mul(t, log(p)))), options.reduction) as LossValue<PerExampleClasses<S>, R>;
}

/**
 * Categorical cross-entropy of logits z (classes on the last axis) against one-hot or
 * soft targets y: −Σ_c y_c logSoftmax(z)_c, stable for any magnitude. Its gradient with
 * respect to z is softmax(z) − y per example (divided by the batch size under "mean").
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.categoricalCrossEntropyWithLogits(tensor([[1000, 0]]), tensor([[1, 0]])).toArray(); // => 0
 * ```
 */
export function categoricalCrossEntropyWithLogits<S extends Shape, R extends Reduction = "mean">(
  logits: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExampleClasses<S>, R> {
  const name = "categoricalCrossEntropyWithLogits";
  const [z, t] = checkPair(name, logits, targets, sparseHint(logits, targets, "sparseCategoricalCrossEntropyWithLogits"));
  if (z.shape.length === 0) throw new Error(`${name}: logits need a class axis, got a scalar`);
  return reduce(name, perExampleOverClasses(neg(mul(t, logSoftmax(z)))), options.reduction) as LossValue<PerExampleClasses<S>, R>;
}

function sparseHint(predictions: Tensor, targets: Tensor, sparse: string): string {
  const looksSparse = targets.dtype === "int32" && targets.shape.length === predictions.shape.length - 1;
  return looksSparse ? `; for integer class labels use ${sparse}` : "";
}

/** One-hot encodes integer labels for `predictions` (classes last), after checking them. */
function labelsOneHot(loss: string, predictions: Tensor, labels: Tensor): Tensor {
  const p = floatPredictions(loss, predictions);
  if (p.shape.length === 0) throw new Error(`${loss}: predictions need a class axis, got a scalar`);
  if (labels === null || typeof labels !== "object" || !("shape" in labels)) throw new Error(`${loss}: labels must be an int32 tensor, got ${String(labels)}`);
  if (labels.dtype !== "int32") {
    throw new Error(
      `${loss}: labels must be int32 class indices, got ${labels.dtype} (shape ${showShape(labels.shape)}); for one-hot targets use the non-sparse loss`,
    );
  }
  const batch = p.shape.slice(0, -1);
  if (!sameShape(batch, labels.shape)) {
    throw new Error(
      `${loss}: labels have shape ${showShape(labels.shape)} but predictions ${showShape(p.shape)} need labels of shape ${showShape(batch)} (one per row of classes)`,
    );
  }
  const classes = p.shape[p.shape.length - 1];
  if (labels instanceof ConcreteTensor) {
    const d = labels.data();
    for (let i = 0; i < d.length; i++) {
      if (d[i] < 0 || d[i] >= classes)
        throw new Error(`${loss}: label ${d[i]} at index ${i} is out of range for ${classes} classes (valid: 0..${classes - 1})`);
    }
  }
  return oneHot(labels, classes, p.dtype);
}

/**
 * The loss terms `[..., classes]` with NaN where the label is outside [0, classes): labels that
 * are not concrete (under `jit`) cannot be checked when the loss is built, and a one-hot
 * row of zeros would silently give a loss of 0; NaN makes the bad batch impossible to miss.
 */
function nanOutOfRange(terms: Tensor, labels: Tensor): Tensor {
  const classes = terms.shape[terms.shape.length - 1];
  const nonNegative = greaterEqual(labels, 0);
  const inRange = where(nonNegative, less(labels, classes), nonNegative);
  return where(expandDims(inRange, -1), terms, NaN) as Tensor;
}

/**
 * Sparse categorical cross-entropy (negative log-likelihood) of probabilities
 * `[..., classes]` against int32 labels `[...]`: −log ŷ[label], ŷ clipped to [ε, 1 − ε].
 * Labels outside [0, classes) are an error when the labels are concrete, and give a
 * NaN loss for their examples otherwise (under `jit`), never a silent 0.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.sparseCategoricalCrossEntropy(tensor([[0.7, 0.2, 0.1]]), tensor([0], "int32")).toArray(); // => 0.356675
 * ```
 */
export function sparseCategoricalCrossEntropy<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  labels: Tensor,
  options: ClippedLossOptions<R> = {},
): LossValue<PerExampleClasses<S>, R> {
  const name = "sparseCategoricalCrossEntropy";
  const y = labelsOneHot(name, predictions, labels);
  const eps = checkEpsilon(name, options.epsilon ?? DEFAULT_EPSILON);
  const p = clip(predictions, eps, 1 - eps);
  return reduce(name, perExampleOverClasses(nanOutOfRange(neg(mul(y, log(p))), labels)), options.reduction) as LossValue<PerExampleClasses<S>, R>;
}

/**
 * Sparse categorical cross-entropy of logits `[..., classes]` against int32 labels:
 * logsumexp(z) − z[label], stable for any magnitude; gradient softmax(z) − onehot(label).
 * Labels outside [0, classes) are an error when concrete, a NaN loss for their examples
 * under `jit`.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.sparseCategoricalCrossEntropyWithLogits(tensor([[2, 0]]), tensor([0], "int32")).toArray(); // => 0.1269281
 * ```
 */
export function sparseCategoricalCrossEntropyWithLogits<S extends Shape, R extends Reduction = "mean">(
  logits: Tensor<S>,
  labels: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExampleClasses<S>, R> {
  const name = "sparseCategoricalCrossEntropyWithLogits";
  const y = labelsOneHot(name, logits, labels);
  return reduce(name, perExampleOverClasses(nanOutOfRange(neg(mul(y, logSoftmax(logits))), labels)), options.reduction) as LossValue<PerExampleClasses<S>, R>;
}

/** Checks ±1 labels (when concrete). */
function checkSigned(loss: string, targets: Tensor): void {
  if (targets instanceof ConcreteTensor) {
    const d = targets.data();
    for (let i = 0; i < d.length; i++) {
      if (d[i] !== 1 && d[i] !== -1) throw new Error(`${loss}: targets must be -1 or +1, got ${d[i]} at index ${i} (map 0/1 labels with 2y - 1)`);
    }
  }
}

/**
 * Hinge loss max(0, 1 − y·ŷ) of scores ŷ against labels y ∈ {−1, +1} (the SVM loss).
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.hinge(tensor([0.3, -2]), tensor([1, -1])).toArray(); // => 0.35
 * ```
 */
export function hinge<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const name = "hinge";
  checkSigned(name, targets);
  const [p, t] = checkPair(name, predictions, targets);
  return reduce(name, meanPerExample(maximum(sub(1, mul(t, p)), 0)), options.reduction) as LossValue<PerExample<S>, R>;
}

/**
 * Logistic loss log(1 + exp(−y·ŷ)) of scores ŷ against labels y ∈ {−1, +1}, computed
 * stably as softplus(−y·ŷ) (finite for scores of ±1000). Equals binary cross-entropy
 * with logits after mapping y to (y + 1)/2.
 * @example
 * ```ts
 * import { nn, tensor } from "purediff";
 * nn.logisticLoss(tensor([0]), tensor([1])).toArray(); // => 0.6931472
 * ```
 */
export function logisticLoss<S extends Shape, R extends Reduction = "mean">(
  predictions: Tensor<S>,
  targets: Tensor,
  options: LossOptions<R> = {},
): LossValue<PerExample<S>, R> {
  const name = "logisticLoss";
  checkSigned(name, targets);
  const [p, t] = checkPair(name, predictions, targets);
  return reduce(name, meanPerExample(softplus(neg(mul(t, p)))), options.reduction) as LossValue<PerExample<S>, R>;
}
