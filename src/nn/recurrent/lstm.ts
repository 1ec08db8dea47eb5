import type { Tensor } from "../../tensor/tensor";
import { ones } from "../../tensor/create";
import { add, mul } from "../../ops/arithmetic";
import { concat } from "../../ops/join";
import { matmul } from "../../ops/linalg";
import { sigmoid, tanh } from "../../ops/math";
import { split } from "../../random/key";
import { glorotUniform, orthogonal, zeros } from "../initializers";
import { checkInputSize, checkStepInput, checkUnits, gate, zeroState, type RnnCell } from "./cell";
import type { CellOptions } from "./simple-rnn";

/**
 * Parameters of {@link lstmCell}, in Keras's `LSTMCell` layout, so weights port from
 * Keras and TensorFlow.js (`layer.get_weights()` / `getWeights()` are these three, in
 * this order): `kernel [input, 4·units]`, `recurrentKernel [units, 4·units]`,
 * `bias [4·units]`, the columns of each holding the gates in the order
 * **i (input), f (forget), c (candidate), o (output)**, `units` columns each.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const { kernel, recurrentKernel, bias } = nn.lstmCell(4).init(random.key(0), 3); // [3,16], [4,16], [16]
 * ```
 */
export interface LstmParams {
  readonly kernel: Tensor;
  readonly recurrentKernel: Tensor;
  readonly bias: Tensor;
}

/**
 * Options of {@link lstmCell}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.lstmCell(8, { unitForgetBias: false })
 * ```
 */
export interface LstmOptions extends CellOptions {
  /** Initialise the forget gate's bias to 1 (Jozefowicz et al.; Keras's default): default true. */
  readonly unitForgetBias?: boolean;
}

/**
 * The long short-term memory cell, Keras's `LSTMCell` (TF2 defaults: sigmoid recurrent
 * activation, tanh activation). With z = x·kernel + h·recurrentKernel + bias split into
 * gates i, f, c, o (see {@link LstmParams}): i = σ(z_i), f = σ(z_f), c̃ = tanh(z_c),
 * o = σ(z_o); c' = f·c + i·c̃, h' = o·tanh(c'). The state is `[h, c]`, the output h'.
 * Defaults: Glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the forget
 * slice at 1 (`unitForgetBias`).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const layer = nn.rnn(nn.lstmCell(32), { returnSequences: true }); // [B, T, F] → [B, T, 32]
 * ```
 */
export function lstmCell<const U extends number>(units: U, options: LstmOptions = {}): RnnCell<LstmParams, U> {
  checkUnits("lstmCell", units);
  const name = `lstmCell(${units})`;
  const { kernelInit = glorotUniform, recurrentInit = orthogonal, biasInit = zeros, dtype = "float32", unitForgetBias = true } = options;
  return Object.freeze({
    name,
    units,
    init(key, inputSize) {
      checkInputSize(name, inputSize);
      const [k1, k2, k3, k4] = split(key, 4);
      const bias = unitForgetBias
        ? concat([biasInit(k3, [units], dtype) as Tensor, ones([units], dtype) as Tensor, biasInit(k4, [2 * units], dtype) as Tensor])
        : (biasInit(k3, [4 * units], dtype) as Tensor);
      return Object.freeze({
        kernel: kernelInit(k1, [inputSize, 4 * units], dtype) as Tensor,
        recurrentKernel: recurrentInit(k2, [units, 4 * units], dtype) as Tensor,
        bias,
      });
    },
    initialState: (batch, dt) => zeroState(2, batch, units, dt),
    step(params, state, x) {
      checkStepInput(name, params.kernel, x);
      const [h, c] = state;
      const z = add(add(matmul(x, params.kernel), matmul(h, params.recurrentKernel)), params.bias);
      const i = sigmoid(gate(z, 0, units));
      const f = sigmoid(gate(z, 1, units));
      const cc = tanh(gate(z, 2, units));
      const o = sigmoid(gate(z, 3, units));
      const c2 = add(mul(f, c), mul(i, cc));
      const h2 = mul(o, tanh(c2));
      return [[h2, c2], h2];
    },
  } satisfies RnnCell<LstmParams, U>);
}
