import type { FloatDType } from "../../tensor/dtype";
import { showShape, type Shape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { matmul } from "../../ops/linalg";
import { reshape } from "../../ops/shape";
import { split } from "../../random/key";
import type { PRNGKey } from "../../random/key";
import { glorotUniform, zeros, type Initializer } from "../initializers";
import { expectShape, makeLayer, type Flow, type Layer, type Mutable, type ShapeMap, type ShapeSpec } from "../layer";
import type { DenseParams } from "../layers/dense";
import { dotProductAttention } from "./dot-product";

/**
 * Parameters of {@link multiHeadAttention}: four dense projections (`W` [in, out], `b` [out]).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { query, key, value, out }] = nn.multiHeadAttention(4, 64).init(random.key(0), [-1, 10, 64]);
 * query.W.shape; // => [64, 64]
 * ```
 */
export interface MultiHeadAttentionParams {
  readonly query: DenseParams;
  readonly key: DenseParams;
  readonly value: DenseParams;
  readonly out: DenseParams;
}

/**
 * Shape map of the attention layers: `[B, T, dim]` → `[B, T, dim]`; with a mask,
 * `[x, mask]` → x's shape.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.AttentionShape, [[2, 5, 64], [2, 1, 1, 5]]> // [2, 5, 64]
 * ```
 */
export interface AttentionShape extends ShapeMap {
  readonly out: this["in"] extends readonly number[]
    ? Mutable<this["in"]>
    : this["in"] extends readonly [infer X extends readonly number[], unknown]
      ? Mutable<X>
      : this["in"] extends readonly (infer X extends readonly number[])[] // a pair typed as an array
        ? Mutable<X>
        : ShapeSpec;
}

/**
 * Options of {@link multiHeadAttention}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.multiHeadAttention(8, 512, { causal: true, numKvHeads: 2 })
 * ```
 */
export interface MultiHeadAttentionOptions {
  /** Each position attends only to itself and earlier ones (default false). */
  readonly causal?: boolean;
  /** Number of key/value heads (default `heads`); `heads` must be a multiple (grouped-query attention). */
  readonly numKvHeads?: number;
  /** Kernel initializer of the projections (default Glorot uniform). */
  readonly kernelInit?: Initializer;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * The input x and optional mask of an attention layer, or an error naming the layer.
 * @example const [x, mask] = attentionInput("multiHeadAttention(2, 4)", [xs, keep], 4);
 */
export function attentionInput(name: string, input: Flow, dim: number): [Tensor, Tensor | undefined] {
  let x: Flow;
  let mask: Flow | undefined;
  if (Array.isArray(input)) {
    if (input.length !== 2) throw new Error(`${name}: expects x or a pair [x, mask], got a tuple of ${input.length}`);
    [x, mask] = input as readonly Flow[];
    if (!(mask instanceof Tensor)) throw new Error(`${name}: the mask of the pair [x, mask] must be a tensor`);
  } else {
    x = input;
  }
  if (!(x instanceof Tensor)) throw new Error(`${name}: x must be a tensor`);
  if (x.shape.length !== 3 && x.shape.length !== 2) {
    throw new Error(`${name}: input x must have rank 3 [batch, length, ${dim}] (or 2 without the batch), got shape ${showShape(x.shape)}`);
  }
  if (x.shape[x.shape.length - 1] !== dim) {
    throw new Error(`${name}: input x of shape ${showShape(x.shape)} has ${x.shape[x.shape.length - 1]} features, the layer's width is ${dim}`);
  }
  return [x, mask as Tensor | undefined];
}

/**
 * The shape of x in an attention layer's init shape (x's shape or [x's shape, mask's shape]).
 * @example attentionInitShape("multiHeadAttention(2, 4)", [[-1, 3, 4], [-1, 1, 1, 3]], 4) // [-1, 3, 4]
 */
export function attentionInitShape(name: string, inputShape: ShapeSpec, dim: number): Shape {
  const pair = Array.isArray(inputShape) && inputShape.length === 2 && Array.isArray(inputShape[0]);
  const s = expectShape(name, pair ? (inputShape[0] as ShapeSpec) : inputShape);
  if (s.length !== 3 && s.length !== 2)
    throw new Error(`${name}: input x must have rank 3 [batch, length, ${dim}] (or 2 without the batch), got shape ${showShape(s)}`);
  if (s[s.length - 1] !== dim) throw new Error(`${name}: input x of shape ${showShape(s)} has ${s[s.length - 1]} features, the layer's width is ${dim}`);
  return s;
}

/**
 * Checks that `heads` divides `dim` (and `numKvHeads` divides `heads`); returns the head size.
 * @example headSize("multiHeadAttention(4, 64)", 4, 64, 2) // 16
 */
export function headSize(name: string, heads: number, dim: number, numKvHeads: number): number {
  if (!Number.isInteger(heads) || heads < 1) throw new Error(`${name}: heads must be a positive integer, got ${heads}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${name}: dim must be a positive integer, got ${dim}`);
  if (dim % heads !== 0) throw new Error(`${name}: heads = ${heads} does not divide the width dim = ${dim}`);
  if (!Number.isInteger(numKvHeads) || numKvHeads < 1 || heads % numKvHeads !== 0) {
    throw new Error(`${name}: numKvHeads = ${numKvHeads} must be a positive divisor of heads = ${heads}`);
  }
  return dim / heads;
}

function denseParams(key: PRNGKey, inDim: number, outDim: number, kernelInit: Initializer, dtype: FloatDType): DenseParams {
  return Object.freeze({ W: kernelInit(key, [inDim, outDim], dtype) as Tensor<[number, number]>, b: zeros(key, [outDim], dtype) as Tensor<[number]> });
}

const project = (x: Tensor, p: DenseParams): Tensor => add(matmul(x, p.W as Tensor), p.b as Tensor) as Tensor;

/**
 * Multi-head self-attention (Vaswani et al.) over inputs `[batch, length, dim]` (or
 * `[length, dim]`): queries, keys and values are dense projections of x split into
 * `heads` heads of size dim/heads, attended with {@link dotProductAttention} (scale
 * 1/√(dim/heads)), concatenated and projected back to `dim`. Input x alone, or the pair
 * `[x, mask]` with a bool mask broadcasting to `[batch, heads, length, length]` (e.g. a
 * key padding mask `[batch, 1, 1, length]`). `heads` must divide `dim`; with
 * `numKvHeads` < heads, the key and value projections have numKvHeads heads
 * (grouped-query attention).
 * @example
 * ```ts
 * import { nn, ones, random, tensor } from "purediff";
 * const mha = nn.multiHeadAttention(4, 64, { causal: true });
 * const [outShape, params] = mha.init(random.key(0), [-1, 10, 64]);
 * outShape; // => [-1, 10, 64]
 * const x = ones([2, 10, 64]);
 * mha.apply(params, x).shape; // => [2, 10, 64]
 * // keep: bool [B, 1, 1, 10], false for padding
 * const keep = nn.sequenceMask([10, 6], 10).reshape([2, 1, 1, 10]);
 * mha.apply(params, [x, keep]).shape; // => [2, 10, 64]
 * ```
 */
export function multiHeadAttention(heads: number, dim: number, options: MultiHeadAttentionOptions = {}): Layer<MultiHeadAttentionParams, AttentionShape> {
  const name = `multiHeadAttention(${heads}, ${dim})`;
  const { causal = false, numKvHeads = heads, kernelInit = glorotUniform, dtype = "float32" } = options;
  const h = headSize(name, heads, dim, numKvHeads);
  return makeLayer<MultiHeadAttentionParams, AttentionShape>({
    name,
    init(rng, inputShape) {
      const s = attentionInitShape(name, inputShape, dim);
      const [kq, kk, kv, ko] = split(rng, 4);
      const params = Object.freeze({
        query: denseParams(kq, dim, dim, kernelInit, dtype),
        key: denseParams(kk, dim, numKvHeads * h, kernelInit, dtype),
        value: denseParams(kv, dim, numKvHeads * h, kernelInit, dtype),
        out: denseParams(ko, dim, dim, kernelInit, dtype),
      });
      return [s, params];
    },
    apply(params, input) {
      const [x, mask] = attentionInput(name, input, dim);
      const lead = x.shape.slice(0, -1);
      const split4 = (y: Tensor, n: number): Tensor => reshape(y as Tensor<number[]>, [...lead, n, h]) as Tensor;
      const q = split4(project(x, params.query), heads);
      const k = split4(project(x, params.key), numKvHeads);
      const v = split4(project(x, params.value), numKvHeads);
      let attended: Tensor;
      try {
        attended = dotProductAttention(q, k, v, { mask, causal });
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
      return project(reshape(attended as Tensor<number[]>, [...lead, dim]) as Tensor, params.out);
    },
  });
}
