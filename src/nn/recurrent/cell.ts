/**
 * The recurrent cell type: one time step of a recurrent network, as pure functions, and
 * the helpers the cells share.
 *
 * A cell is a value with `init(key, inputSize) -> params`, `initialState(batch, dtype)`
 * and `step(params, state, x) -> [state, output]`; {@link rnn} runs a cell over the time
 * axis with `lax.scan`. The state is an array of `[batch, units]` tensors (`[h]` for
 * simpleRnn and GRU, `[h, c]` for the LSTM, Keras's order).
 * @module
 */
import type { FloatDType } from "../../tensor/dtype";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { zeros } from "../../tensor/create";
import { slice } from "../../ops/indexing";
import type { PRNGKey } from "../../random/key";

/**
 * The parameters every cell has: an input kernel `[inputSize, gates·units]` (its first
 * dimension is the number of input features the cell expects).
 * @example
 * ```ts
 * import { nn, zeros } from "purediff";
 * const p: nn.CellParams = { kernel: zeros([3, 8]) };
 * ```
 */
export interface CellParams {
  readonly kernel: Tensor;
}

/**
 * One step of a recurrent network with `U` units and params `P`.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const cell = nn.lstmCell(4);
 * const params = cell.init(random.key(0), 3);
 * const x = ones([2, 3]);
 * const [state, h] = cell.step(params, cell.initialState(2, "float32"), x);
 * h.shape; // => [2, 4]
 * ```
 */
export interface RnnCell<P extends CellParams, U extends number = number> {
  /** A short description, for messages (`lstmCell(4)`). */
  readonly name: string;
  /** The size of the output and of each state tensor. */
  readonly units: U;
  /** Fresh parameters for inputs with `inputSize` features. */
  init(key: PRNGKey, inputSize: number): P;
  /** The zero state for a batch of `batch` sequences. */
  initialState(batch: number, dtype: FloatDType): Tensor[];
  /** One time step (pure): `x` is `[batch, inputSize]`; returns the new state and the output `[batch, units]`. */
  step(params: P, state: readonly Tensor[], x: Tensor): [Tensor[], Tensor];
}

/**
 * Columns `[k·units, (k+1)·units)` of a `[batch, n·units]` tensor: gate `k` of a fused
 * pre-activation.
 * @example gate(z, 1, 4) // the forget gate's pre-activation of an LSTM with 4 units
 */
export function gate(z: Tensor, k: number, units: number): Tensor {
  return slice(z, [0, k * units], [z.shape[0], (k + 1) * units]);
}

/**
 * `n` zero tensors of shape `[batch, units]`: the zero initial state.
 * @example zeroState(2, 4, 2, "float32") // [h, c] for an LSTM, each [2, 4]
 */
export function zeroState(n: number, batch: number, units: number, dtype: FloatDType): Tensor[] {
  return Array.from({ length: n }, () => zeros([batch, units], dtype) as Tensor);
}

/**
 * Checks the units of a cell, or throws an error naming the cell.
 * @example checkUnits("lstmCell", 4)
 */
export function checkUnits(cell: string, units: number): void {
  if (!Number.isInteger(units) || units < 1) throw new Error(`${cell}: units must be a positive integer, got ${units}`);
}

/**
 * Checks the input size given to a cell's init, or throws an error naming the cell.
 * @example checkInputSize("lstmCell(4)", 3)
 */
export function checkInputSize(cell: string, inputSize: number): void {
  if (!Number.isInteger(inputSize) || inputSize < 1) throw new Error(`${cell}: inputSize must be a positive integer, got ${inputSize}`);
}

/**
 * Checks a step's input against the cell's kernel, or throws an error naming the cell.
 * @example checkStepInput("lstmCell(4)", params.kernel, x)
 */
export function checkStepInput(cell: string, kernel: Tensor, x: Tensor): void {
  if (x.shape.length !== 2 || x.shape[1] !== kernel.shape[0]) {
    throw new Error(`${cell}: step input x of shape ${showShape(x.shape)} must be [batch, ${kernel.shape[0]}] (the kernel is ${showShape(kernel.shape)})`);
  }
}
