/**
 * The B7 workload: one pre-norm transformer encoder block (batch 16, 64 tokens, width
 * 128, 4 heads, MLP 512 with GELU), its output summed as a loss.
 */
import { nn, random, sum, type Tensor } from "../src/index";
import { randomTensor } from "./data";

/** Sizes and seed of B7. */
export const attentionWorkload = { batch: 16, tokens: 64, width: 128, heads: 4, mlp: 512, seed: 71 } as const;

/** The block, its params and an input batch. */
export function attentionInputs() {
  const { batch, tokens, width, heads, mlp, seed } = attentionWorkload;
  const block = nn.transformerEncoderBlock(heads, width, { mlpDim: mlp });
  const [, params] = block.init(random.key(seed), [batch, tokens, width]);
  const x = randomTensor([batch, tokens, width], 1, seed + 1);
  const loss = (p: typeof params, xb: Tensor): Tensor<[]> => sum(block.apply(p, xb) as Tensor);
  return { params, x, loss };
}
