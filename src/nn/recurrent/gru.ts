import type { Tensor } from "../../tensor/tensor";
import { add, mul, sub } from "../../ops/arithmetic";
import { matmul } from "../../ops/linalg";
import { sigmoid, tanh } from "../../ops/math";
import { slice } from "../../ops/indexing";
import { reshape } from "../../ops/shape";
import { split } from "../../random/key";
import { glorotUniform, orthogonal, zeros } from "../initializers";
import { checkInputSize, checkStepInput, checkUnits, gate, zeroState, type RnnCell } from "./cell";
import type { CellOptions } from "./simple-rnn";

/**
 * Parameters of {@link gruCell}, in Keras's `GRUCell` layout, so weights port from Keras
 * and TensorFlow.js (`get_weights()` in this order): `kernel [input, 3·units]`,
 * `recurrentKernel [units, 3·units]`, the columns holding the gates in the order
 * **z (update), r (reset), h̃ (candidate)**; `bias [2, 3·units]` with `resetAfter`
 * (row 0 the input bias, row 1 the recurrent bias), `bias [3·units]` without.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const { kernel, recurrentKernel, bias } = nn.gruCell(4).init(random.key(0), 3); // [3,12], [4,12], [2,12]
 * ```
 */
export interface GruParams {
  readonly kernel: Tensor;
  readonly recurrentKernel: Tensor;
  readonly bias: Tensor;
}

/**
 * Options of {@link gruCell}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.gruCell(8, { resetAfter: false })
 * ```
 */
export interface GruOptions extends CellOptions {
  /**
   * Apply the reset gate after the recurrent matmul (Keras's default since TF2, the cuDNN
   * variant): default true. False is the original GRU (Cho et al.), reset before.
   */
  readonly resetAfter?: boolean;
}

/**
 * The gated recurrent unit, Keras's `GRUCell`. With `resetAfter` (default):
 * [x_z, x_r, x_h] = x·kernel + bias[0], [r_z, r_r, r_h] = h·recurrentKernel + bias[1];
 * z = σ(x_z + r_z), r = σ(x_r + r_r), h̃ = tanh(x_h + r·r_h). Without:
 * [x_z, x_r, x_h] = x·kernel + bias; z = σ(x_z + h·U_z), r = σ(x_r + h·U_r),
 * h̃ = tanh(x_h + (r·h)·U_h). Then h' = z·h + (1 − z)·h̃. The state is `[h]`, the output h'.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const layer = nn.rnn(nn.gruCell(32)); // [B, T, F] → [B, 32]
 * ```
 */
export function gruCell<const U extends number>(units: U, options: GruOptions = {}): RnnCell<GruParams, U> {
  checkUnits("gruCell", units);
  const name = `gruCell(${units})`;
  const { kernelInit = glorotUniform, recurrentInit = orthogonal, biasInit = zeros, dtype = "float32", resetAfter = true } = options;
  return Object.freeze({
    name,
    units,
    init(key, inputSize) {
      checkInputSize(name, inputSize);
      const [k1, k2, k3] = split(key, 3);
      return Object.freeze({
        kernel: kernelInit(k1, [inputSize, 3 * units], dtype) as Tensor,
        recurrentKernel: recurrentInit(k2, [units, 3 * units], dtype) as Tensor,
        bias: biasInit(k3, resetAfter ? [2, 3 * units] : [3 * units], dtype) as Tensor,
      });
    },
    initialState: (batch, dt) => zeroState(1, batch, units, dt),
    step(params, state, x) {
      checkStepInput(name, params.kernel, x);
      const h = state[0];
      const { kernel, recurrentKernel: rk, bias } = params;
      if (resetAfter) {
        const xb = reshape(slice(bias, [0, 0], [1, 3 * units]), [3 * units]);
        const rb = reshape(slice(bias, [1, 0], [2, 3 * units]), [3 * units]);
        const mx = add(matmul(x, kernel), xb);
        const mh = add(matmul(h, rk), rb);
        const z = sigmoid(add(gate(mx, 0, units), gate(mh, 0, units)));
        const r = sigmoid(add(gate(mx, 1, units), gate(mh, 1, units)));
        const hh = tanh(add(gate(mx, 2, units), mul(r, gate(mh, 2, units))));
        const h2 = add(mul(z, h), mul(sub(1, z), hh));
        return [[h2], h2];
      }
      const mx = add(matmul(x, kernel), bias);
      const rkCols = (k: number): Tensor => slice(rk, [0, k * units], [units, (k + 1) * units]);
      const z = sigmoid(add(gate(mx, 0, units), matmul(h, rkCols(0))));
      const r = sigmoid(add(gate(mx, 1, units), matmul(h, rkCols(1))));
      const hh = tanh(add(gate(mx, 2, units), matmul(mul(r, h), rkCols(2))));
      const h2 = add(mul(z, h), mul(sub(1, z), hh));
      return [[h2], h2];
    },
  } satisfies RnnCell<GruParams, U>);
}
