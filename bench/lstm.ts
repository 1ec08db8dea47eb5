/**
 * The B6 workload: an LSTM (Keras layout, gates i, f, c, o) over `steps` time steps of
 * a [batch, input] sequence, read out by a dense layer into softmax cross-entropy. The
 * input projection of every step is one matrix product before the loop; the loop is
 * `lax.scan` (one primitive whatever the length) or a JS loop unrolled by hand.
 */
import { add, lax, logSoftmax, matmul, mean, mul, oneHot, reshape, sigmoid, slice, sum, tanh, zeros, type Tensor } from "../src/index";
import { randomLabels, randomTensor } from "./data";

/** Sizes and seeds of B6 (batch 128, input 28, 128 units, 10 classes, as sequential MNIST). */
export const lstmWorkload = { batch: 128, input: 28, units: 128, classes: 10, seed: 61 } as const;

/** LSTM and readout parameters. */
export interface LstmParams {
  readonly kernel: Tensor;
  readonly recurrentKernel: Tensor;
  readonly bias: Tensor;
  readonly readout: Tensor;
  readonly readoutBias: Tensor;
}

/** Parameters and a time-major batch `xs` [steps, batch, input] with one-hot labels. */
export function lstmInputs(steps: number): { readonly params: LstmParams; readonly xs: Tensor; readonly y: Tensor } {
  const { batch, input, units, classes, seed } = lstmWorkload;
  return {
    params: {
      kernel: randomTensor([input, 4 * units], 1 / Math.sqrt(input), seed),
      recurrentKernel: randomTensor([units, 4 * units], 1 / Math.sqrt(units), seed + 1),
      bias: randomTensor([4 * units], 0.01, seed + 2),
      readout: randomTensor([units, classes], 1 / Math.sqrt(units), seed + 3),
      readoutBias: randomTensor([classes], 0.01, seed + 4),
    },
    xs: randomTensor([steps, batch, input], 1, seed + 5),
    y: oneHot(randomLabels(batch, classes, seed + 6), classes),
  };
}

type State = { readonly h: Tensor; readonly c: Tensor };

/** One LSTM step from the step's projected input `zx` [batch, 4·units]. */
function cell(p: LstmParams, { h, c }: State, zx: Tensor): State {
  const u = lstmWorkload.units;
  const z = add(zx, matmul(h, p.recurrentKernel));
  const gate = (k: number) => slice(z, [0, k * u], [null, (k + 1) * u]);
  const cNext = add(mul(sigmoid(gate(1)), c), mul(sigmoid(gate(0)), tanh(gate(2))));
  return { h: mul(sigmoid(gate(3)), tanh(cNext)), c: cNext };
}

/** The projected inputs of every step, [steps, batch, 4·units], in one product. */
function project(p: LstmParams, xs: Tensor): Tensor {
  const [steps, batch, input] = xs.shape;
  const flat = add(matmul(reshape(xs, [steps * batch, input]), p.kernel), p.bias);
  return reshape(flat, [steps, batch, 4 * lstmWorkload.units]);
}

function readoutLoss(p: LstmParams, h: Tensor, y: Tensor): Tensor<[]> {
  const logits = add(matmul(h, p.readout), p.readoutBias);
  return mul(mean(sum(mul(y, logSoftmax(logits)), -1)), -1);
}

const initialState = (): State => ({ h: zeros([lstmWorkload.batch, lstmWorkload.units]), c: zeros([lstmWorkload.batch, lstmWorkload.units]) });

/** The loss with the loop as `lax.scan`. */
export function lstmLossScan(p: LstmParams, xs: Tensor, y: Tensor): Tensor<[]> {
  const [final] = lax.scan((s: State, zx: Tensor) => [cell(p, s, zx), null] as const, initialState(), project(p, xs));
  return readoutLoss(p, final.h, y);
}

/** The loss with the loop unrolled by hand (one copy of the cell per step). */
export function lstmLossUnrolled(p: LstmParams, xs: Tensor, y: Tensor): Tensor<[]> {
  const zs = project(p, xs);
  let s = initialState();
  for (let t = 0; t < xs.shape[0]; t++) s = cell(p, s, reshape(slice(zs, [t], [t + 1]), zs.shape.slice(1)));
  return readoutLoss(p, s.h, y);
}
