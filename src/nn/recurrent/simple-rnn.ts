import type { FloatDType } from "../../tensor/dtype";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { matmul } from "../../ops/linalg";
import { tanh } from "../../ops/math";
import { split } from "../../random/key";
import { glorotUniform, orthogonal, zeros, type Initializer } from "../initializers";
import { checkInputSize, checkStepInput, checkUnits, zeroState, type RnnCell } from "./cell";

/**
 * Parameters of {@link simpleRnnCell}, in Keras's `SimpleRNNCell` layout (its weights
 * in order): `kernel [input, units]`, `recurrentKernel [units, units]`, `bias [units]`.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const { kernel, recurrentKernel, bias } = nn.simpleRnnCell(4).init(random.key(0), 3);
 * ```
 */
export interface SimpleRnnParams {
  readonly kernel: Tensor;
  readonly recurrentKernel: Tensor;
  readonly bias: Tensor;
}

/**
 * Options of the recurrent cells (Keras's defaults).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.lstmCell(8, { dtype: "float64", recurrentInit: nn.initializers.glorotUniform })
 * ```
 */
export interface CellOptions {
  /** Input kernel initializer (default Glorot uniform). */
  readonly kernelInit?: Initializer;
  /** Recurrent kernel initializer (default orthogonal). */
  readonly recurrentInit?: Initializer;
  /** Bias initializer (default zeros). */
  readonly biasInit?: Initializer;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * The Elman cell, Keras's `SimpleRNNCell`: h' = tanh(x·kernel + h·recurrentKernel + bias).
 * The state is `[h]`, the output h'.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const layer = nn.rnn(nn.simpleRnnCell(16)); // x: [batch, time, features] → [batch, 16]
 * ```
 */
export function simpleRnnCell<const U extends number>(units: U, options: CellOptions = {}): RnnCell<SimpleRnnParams, U> {
  checkUnits("simpleRnnCell", units);
  const name = `simpleRnnCell(${units})`;
  const { kernelInit = glorotUniform, recurrentInit = orthogonal, biasInit = zeros, dtype = "float32" } = options;
  return Object.freeze({
    name,
    units,
    init(key, inputSize) {
      checkInputSize(name, inputSize);
      const [k1, k2, k3] = split(key, 3);
      return Object.freeze({
        kernel: kernelInit(k1, [inputSize, units], dtype) as Tensor,
        recurrentKernel: recurrentInit(k2, [units, units], dtype) as Tensor,
        bias: biasInit(k3, [units], dtype) as Tensor,
      });
    },
    initialState: (batch, dt) => zeroState(1, batch, units, dt),
    step(params, state, x) {
      checkStepInput(name, params.kernel, x);
      const h = tanh(add(add(matmul(x, params.kernel), matmul(state[0], params.recurrentKernel)), params.bias));
      return [[h], h];
    },
  } satisfies RnnCell<SimpleRnnParams, U>);
}
