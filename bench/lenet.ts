/**
 * The B5 workload: LeNet-5 on a batch of 128 MNIST-sized images, NHWC: convolution 5×5×6
 * (SAME) → ReLU → 2×2 max pool → convolution 5×5×16 (VALID) → ReLU → 2×2 max pool →
 * dense 120 → ReLU → dense 84 → ReLU → dense 10 → softmax cross-entropy. Written with
 * `lax.convGeneralDilated` and `lax.reduceWindow`, the primitives the `nn` layers use.
 */
import { add, lax, logSoftmax, matmul, mean, mul, oneHot, relu, reshape, sum, type Tensor } from "../src/index";
import { randomLabels, randomTensor } from "./data";

/** Sizes and seed of B5. */
export const lenetWorkload = { batch: 128, size: 28, classes: 10, seed: 51 } as const;

/** The parameter names with their shapes (kernels HWIO), in a fixed order. */
export const lenetShapes = {
  conv1: [5, 5, 1, 6],
  bias1: [6],
  conv2: [5, 5, 6, 16],
  bias2: [16],
  dense1: [400, 120],
  bias3: [120],
  dense2: [120, 84],
  bias4: [84],
  dense3: [84, 10],
  bias5: [10],
} as const;

/** A LeNet-5 parameter name. */
export type LenetKey = keyof typeof lenetShapes;

/** LeNet-5 parameters. */
export type LenetParams = { readonly [K in LenetKey]: Tensor };

/** The parameter names in order. */
export const lenetKeys = Object.keys(lenetShapes) as LenetKey[];

/** Parameters (uniform, scaled by 1/√fan-in), a batch of images [128, 28, 28, 1] and one-hot labels. */
export function lenetInputs(): { readonly params: LenetParams; readonly x: Tensor; readonly y: Tensor } {
  const { batch, size, classes, seed } = lenetWorkload;
  const params = Object.fromEntries(
    lenetKeys.map((k, i) => {
      const shape: readonly number[] = lenetShapes[k];
      const fanIn = shape.length === 1 ? 100 : shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return [k, randomTensor(shape, 1 / Math.sqrt(fanIn), seed + i) as Tensor];
    }),
  ) as unknown as LenetParams;
  return { params, x: randomTensor([batch, size, size, 1], 1, seed + 20), y: oneHot(randomLabels(batch, classes, seed + 21), classes) };
}

const NHWC = ["NHWC", "HWIO", "NHWC"] as const;

/** 2×2 max pooling with stride 2 over the spatial axes of NHWC. */
const pool = (x: Tensor): Tensor => lax.reduceWindow(x, -Infinity, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID");

/** The softmax cross-entropy of LeNet-5 on `x`. */
export function lenetLoss(p: LenetParams, x: Tensor, y: Tensor): Tensor<[]> {
  const c1 = pool(relu(add(lax.convGeneralDilated(x, p.conv1, [1, 1], "SAME", { dimensionNumbers: NHWC }), p.bias1)));
  const c2 = pool(relu(add(lax.convGeneralDilated(c1, p.conv2, [1, 1], "VALID", { dimensionNumbers: NHWC }), p.bias2)));
  const flat = reshape(c2, [c2.shape[0], 400]);
  const h1 = relu(add(matmul(flat, p.dense1), p.bias3));
  const h2 = relu(add(matmul(h1, p.dense2), p.bias4));
  const logits = add(matmul(h2, p.dense3), p.bias5);
  return mul(mean(sum(mul(y, logSoftmax(logits)), -1)), -1);
}
