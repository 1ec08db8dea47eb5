import type { FloatDType } from "../../tensor/dtype";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { matmul } from "../../ops/linalg";
import { split } from "../../random/key";
import { gelu } from "../activations";
import { glorotUniform, zeros } from "../initializers";
import { makeLayer, type Layer } from "../layer";
import type { DenseParams } from "../layers/dense";
import { layerNorm, type LayerNormParams } from "../layers/layer-norm";
import { attentionInitShape, attentionInput, headSize, multiHeadAttention, type AttentionShape, type MultiHeadAttentionParams } from "./multi-head";

/**
 * Parameters of {@link transformerEncoderBlock}: two layer norms, the attention and the
 * two dense layers of the MLP.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { norm1, attention, norm2, mlpIn, mlpOut }] = nn.transformerEncoderBlock(4, 64).init(random.key(0), [-1, 10, 64]);
 * mlpIn.W.shape; // => [64, 256]
 * ```
 */
export interface EncoderBlockParams {
  readonly norm1: LayerNormParams;
  readonly attention: MultiHeadAttentionParams;
  readonly norm2: LayerNormParams;
  readonly mlpIn: DenseParams;
  readonly mlpOut: DenseParams;
}

/**
 * Options of {@link transformerEncoderBlock}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.transformerEncoderBlock(8, 512, { mlpDim: 2048, causal: true })
 * ```
 */
export interface EncoderBlockOptions {
  /** Hidden width of the MLP (default 4·dim). */
  readonly mlpDim?: number;
  /** Causal self-attention (default false). */
  readonly causal?: boolean;
  /** Key/value heads of the attention (default `heads`). */
  readonly numKvHeads?: number;
  /** Layer-norm epsilon (default 1e-6). */
  readonly epsilon?: number;
  /** GELU form in the MLP: tanh approximation (default true) or exact. */
  readonly approximateGelu?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * A pre-norm transformer encoder block (as in GPT-2 and ViT):
 * h = x + MHA(LN₁(x)); y = h + MLP(LN₂(h)), MLP = dense(mlpDim) → GELU → dense(dim).
 * Input x `[batch, length, dim]` (or `[length, dim]`), or the pair `[x, mask]` with a
 * bool attention mask broadcasting to `[batch, heads, length, length]`; output x's shape.
 * Stack blocks with `serial` (a mask is then needed by each block: use `causal`, or call
 * the blocks yourself with `[x, mask]`).
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const block = nn.transformerEncoderBlock(4, 64);
 * const [, params] = block.init(random.key(0), [-1, 10, 64]);
 * block.apply(params, ones([2, 10, 64])).shape; // => [2, 10, 64]
 * ```
 */
export function transformerEncoderBlock(heads: number, dim: number, options: EncoderBlockOptions = {}): Layer<EncoderBlockParams, AttentionShape> {
  const name = `transformerEncoderBlock(${heads}, ${dim})`;
  const { mlpDim = 4 * dim, causal = false, numKvHeads = heads, epsilon = 1e-6, approximateGelu = true, dtype = "float32" } = options;
  headSize(name, heads, dim, numKvHeads);
  if (!Number.isInteger(mlpDim) || mlpDim < 1) throw new Error(`${name}: mlpDim must be a positive integer, got ${mlpDim}`);
  const ln = layerNorm({ epsilon, dtype });
  const mha = multiHeadAttention(heads, dim, { causal, numKvHeads, dtype });
  const dense = (W: Tensor, b: Tensor, x: Tensor): Tensor => add(matmul(x, W), b) as Tensor;
  return makeLayer<EncoderBlockParams, AttentionShape>({
    name,
    init(rng, inputShape) {
      const s = attentionInitShape(name, inputShape, dim);
      const [kn1, ka, kn2, k1, k2] = split(rng, 5);
      const params = Object.freeze({
        norm1: ln.init(kn1, s)[1],
        attention: mha.init(ka, s)[1],
        norm2: ln.init(kn2, s)[1],
        mlpIn: Object.freeze({ W: glorotUniform(k1, [dim, mlpDim], dtype), b: zeros(k1, [mlpDim], dtype) }) as DenseParams,
        mlpOut: Object.freeze({ W: glorotUniform(k2, [mlpDim, dim], dtype), b: zeros(k2, [dim], dtype) }) as DenseParams,
      });
      return [s, params];
    },
    apply(params, input) {
      const [x, mask] = attentionInput(name, input, dim);
      const normed = ln.apply(params.norm1, x) as Tensor;
      let attended: Tensor;
      try {
        attended = mha.apply(params.attention, mask === undefined ? normed : [normed, mask]) as Tensor;
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
      const h = add(x, attended) as Tensor;
      const hidden = gelu(dense(params.mlpIn.W, params.mlpIn.b, ln.apply(params.norm2, h) as Tensor), { approximate: approximateGelu });
      return add(h, dense(params.mlpOut.W, params.mlpOut.b, hidden)) as Tensor;
    },
  });
}
