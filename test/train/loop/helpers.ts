/**
 * Small real data and models for the training-loop tests: the bundled 8 × 8 digits
 * scaled to [0, 1], and a 64-32-10 MLP.
 */
import { div, tensor, type Tensor } from "../../../src/index";
import * as nn from "../../../src/nn";
import * as random from "../../../src/random";
import { loadDigits, takeRows } from "../../../src/train";

/** The first `n` digits, pixels scaled to [0, 1]. */
export function digits(n: number): { readonly x: Tensor; readonly y: Tensor } {
  const d = loadDigits();
  const idx = Array.from({ length: n }, (_, i) => i);
  return { x: takeRows(div(d.x, 16) as Tensor<[number, 64]>, idx) as Tensor, y: takeRows(d.y, idx) as Tensor };
}

/** A 64-`hidden`-10 MLP and its initial params. */
export function mlp(hidden = 32, seed = 0) {
  const net = nn.serial(nn.dense(hidden), nn.activation(nn.relu), nn.dense(10));
  const [, params] = net.init(random.key(seed), [-1, 64]);
  return { net, params };
}

/** int32 labels. */
export function labels(values: readonly number[]): Tensor {
  return tensor(values as number[], "int32") as Tensor;
}
