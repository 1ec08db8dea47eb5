/**
 * Scaled dot-product attention with JAX's layout and its grouped-query heads.
 * @module
 */
import { tensor } from "../../tensor/create";
import { showShape, type Shape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { mul } from "../../ops/arithmetic";
import { where } from "../../ops/compare";
import { matmul } from "../../ops/linalg";
import { asFloat } from "../../ops/operands";
import { broadcastTo, expandDims, reshape, transpose } from "../../ops/shape";
import { softmax } from "../../ops/softmax";

/**
 * Options of {@link dotProductAttention}.
 * @example
 * ```ts
 * import { nn, ones } from "purediff";
 * const q = ones([1, 3, 2, 8]);
 * nn.dotProductAttention(q, q, q, { causal: true, scale: 0.125 } satisfies nn.AttentionOptions).shape; // => [1, 3, 2, 8]
 * ```
 */
export interface AttentionOptions {
  /**
   * Where to attend: a bool tensor broadcasting (NumPy rules) to `[batch, numHeads,
   * seqLen, kvLen]` (`[numHeads, seqLen, kvLen]` without a batch axis), true where query
   * t may attend to key s. A padding mask over keys is `[batch, 1, 1, kvLen]`.
   */
  readonly mask?: Tensor;
  /** Query t attends only to keys s ≤ t (combined with `mask` when both are given). */
  readonly causal?: boolean;
  /** Multiplies the logits q·k (default 1/√headDim). */
  readonly scale?: number;
}

const NAME = "dotProductAttention";

/** The most negative logit a masked position gets: finite, so no inf − inf appears. */
const maskedLogit = (dtype: string): number => (dtype === "float64" ? -0.7 * Number.MAX_VALUE : -0.7 * 3.4028234663852886e38);

/** True when `from` broadcasts to `to` (NumPy rules, no new axes on the right). */
function broadcastsTo(from: Shape, to: Shape): boolean {
  if (from.length > to.length) return false;
  const off = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[off + i]);
}

const r = (x: Tensor, shape: readonly number[]): Tensor => reshape(x as Tensor<number[]>, shape as number[]) as Tensor;
const t = (x: Tensor, perm: readonly number[]): Tensor => transpose(x as Tensor<number[]>, perm as number[]) as Tensor;

/**
 * Scaled dot-product attention, as `jax.nn.dot_product_attention`:
 * softmax(scale·q·kᵀ + mask)·v per head, with
 * - q of shape `[batch, seqLen, numHeads, headDim]`,
 * - k of shape `[batch, kvLen, numKvHeads, headDim]` and v of shape
 *   `[batch, kvLen, numKvHeads, valueDim]`,
 * - the result of shape `[batch, seqLen, numHeads, valueDim]`.
 * The batch axis may be left out of all three (rank 3: one example, as inside `vmap`).
 * Grouped-query attention: numHeads a multiple of numKvHeads, query head n reads kv head
 * ⌊n / (numHeads/numKvHeads)⌋ (multi-query when numKvHeads = 1), the same as repeating
 * each kv head numHeads/numKvHeads times.
 *
 * Masking: masked positions get the most negative finite logit (−0.7 × the dtype's
 * largest value) and their probabilities are then set to exactly 0, so masked keys and
 * values change nothing in the output nor in any gradient, and a query whose every key
 * is masked gets a zero output (and zero gradients), not NaN. The softmax is the stable
 * one (the row maximum subtracted).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const q = random.normal(random.key(0), [2, 5, 8, 16]); // 8 query heads
 * const kv = random.normal(random.key(1), [2, 7, 2, 16]); // 2 kv heads: groups of 4
 * const y = nn.dotProductAttention(q, kv, kv, { causal: true }); // [2, 5, 8, 16]
 * ```
 */
export function dotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): Tensor {
  for (const [arg, x] of [
    ["q", q],
    ["k", k],
    ["v", v],
  ] as const) {
    if (!(x instanceof Tensor)) throw new Error(`${NAME}: ${arg} must be a tensor`);
    if (x.shape.length !== 3 && x.shape.length !== 4) {
      throw new Error(`${NAME}: ${arg} must have rank 4 [batch, length, heads, headDim] (or 3 without the batch), got shape ${showShape(x.shape)}`);
    }
  }
  const shapes = `q ${showShape(q.shape)}, k ${showShape(k.shape)}, v ${showShape(v.shape)}`;
  if (k.shape.length !== q.shape.length || v.shape.length !== q.shape.length) throw new Error(`${NAME}: q, k and v must have the same rank, got ${shapes}`);
  const batched = q.shape.length === 4;
  const [qb, kb, vb] = batched ? [q, k, v] : [q, k, v].map((x) => expandDims(x as Tensor<number[]>, 0) as Tensor);
  const [B, T, N, H] = qb.shape;
  const [Bk, S, K, Hk] = kb.shape;
  const [Bv, Sv, Kv, Hv] = vb.shape;
  if (Bk !== B || Bv !== B) throw new Error(`${NAME}: q, k and v must have the same batch size, got ${shapes}`);
  if (Hk !== H) throw new Error(`${NAME}: k's head dimension ${Hk} differs from q's ${H} (${shapes})`);
  if (Sv !== S || Kv !== K) throw new Error(`${NAME}: k and v must have the same length and number of heads, got ${shapes}`);
  if (N % K !== 0) throw new Error(`${NAME}: the ${N} query heads of q are not a multiple of the ${K} kv heads of k (${shapes})`);
  const G = N / K;
  const { scale = 1 / Math.sqrt(H), causal = false } = options;

  // The mask, as a bool [B, N, T, S] (or null: attend everywhere).
  let mask: Tensor | null = null;
  const full4 = [B, N, T, S];
  if (options.mask !== undefined) {
    const m = options.mask;
    if (!(m instanceof Tensor) || m.dtype !== "bool") {
      throw new Error(`${NAME}: mask must be a bool tensor, got ${m instanceof Tensor ? `${m.dtype} of shape ${showShape(m.shape)}` : typeof m}`);
    }
    const target = batched ? full4 : full4.slice(1);
    if (!broadcastsTo(m.shape, target)) {
      throw new Error(
        `${NAME}: mask of shape ${showShape(m.shape)} does not broadcast to ${batched ? "[batch, numHeads, seqLen, kvLen]" : "[numHeads, seqLen, kvLen]"} = ${showShape(target)} (${shapes})`,
      );
    }
    mask = m;
  }
  if (causal) {
    const tril = new Uint8Array(T * S);
    for (let i = 0; i < T; i++) for (let j = 0; j <= Math.min(i, S - 1); j++) tril[i * S + j] = 1;
    const c = tensor(tril, "bool", [T, S]);
    mask = mask === null ? c : where(c, mask, c);
  }

  // Heads grouped: q [B, K, G, T, H], k [B, K, 1, H, S], v [B, K, 1, S, Hv].
  const qg = t(r(asFloat(qb), [B, T, K, G, H]), [0, 2, 3, 1, 4]);
  const kg = r(t(asFloat(kb), [0, 2, 3, 1]), [B, K, 1, H, S]);
  const vg = r(t(asFloat(vb), [0, 2, 1, 3]), [B, K, 1, S, Hv]);
  let logits = mul(matmul(qg, kg), scale) as Tensor; // [B, K, G, T, S]
  let probs: Tensor;
  if (mask === null) {
    probs = softmax(logits, -1);
  } else {
    const m = r(broadcastTo4(mask, batched ? full4 : full4.slice(1), full4), [B, K, G, T, S]);
    logits = where(m, logits, maskedLogit(logits.dtype)) as Tensor;
    probs = where(m, softmax(logits, -1), 0) as Tensor;
  }
  const out = t(matmul(probs, vg), [0, 3, 1, 2, 4]); // [B, T, K, G, Hv]
  return r(out, batched ? [B, T, N, Hv] : [T, N, Hv]);
}

/** The mask broadcast to its target shape, then given a unit batch axis when the inputs have none. */
function broadcastTo4(mask: Tensor, target: readonly number[], full4: readonly number[]): Tensor {
  const shaped = r(mask, [...new Array<number>(target.length - mask.shape.length).fill(1), ...mask.shape]);
  return r(broadcastTo(shaped as Tensor<number[]>, target as number[]) as Tensor, full4);
}
