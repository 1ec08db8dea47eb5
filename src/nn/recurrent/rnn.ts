/**
 * `rnn(cell, options)`: a layer that runs a recurrent cell over the time axis of
 * `[batch, time, features]` inputs with one `lax.scan`, so the loop stays one primitive
 * under `grad`, `jit` and `vmap`.
 *
 * **Masks.** Padded sequences are passed as the pair `[x, mask]` instead of `x`, with
 * `mask` `[batch, time]` (bool, or numbers where nonzero means "a real step"; see
 * {@link sequenceMask}). At a padded step the state carries over unchanged and the output
 * is zero; the last output is that of the last real step (zeros if there is none). So
 * padded positions change neither the output nor the gradients. The pair is a flow like
 * any other, so the masked layer composes with `serial`, `fanOut` and `parallel`. (Write
 * `[x, mask] as const` for the output shape to be inferred at the type level; a plain
 * array literal gives `Tensor<number[]>`.)
 *
 * **Porting weights from Keras / TensorFlow.js.** The cells' params are Keras's weights,
 * in the order `get_weights()` (Python) and `getWeights()` (TF.js) list them, with the same
 * shapes: `{ kernel: w[0], recurrentKernel: w[1], bias: w[2] }`. LSTM gates are in the
 * order i, f, c, o (`kernel [input, 4·units]`, `recurrentKernel [units, 4·units]`,
 * `bias [4·units]`); GRU gates z, r, h̃ (`[input, 3·units]`, `[units, 3·units]`, and
 * `bias [2, 3·units]` with `resetAfter`, Keras's default: input bias then recurrent bias).
 * Keras's defaults are the cells' defaults (tanh, sigmoid recurrent activation, Glorot
 * uniform kernel, orthogonal recurrent kernel, zero bias with the LSTM forget slice at 1),
 * so with ported weights `rnn(lstmCell(u))` computes `keras.layers.LSTM(u)` and
 * `rnn(gruCell(u))` computes `keras.layers.GRU(u)`; `reverse` is `go_backwards`,
 * `returnSequences` is `return_sequences`, the mask is Keras's mask.
 * ```ts
 * const w = kerasLayer.getWeights(); // tf.layers.lstm({ units: 8 }) after building
 * const params = { kernel: tensor(w[0].arraySync()), recurrentKernel: tensor(w[1].arraySync()), bias: tensor(w[2].arraySync()) };
 * rnn(lstmCell(8)).apply(params, x); // equals kerasLayer.apply(x)
 * ```
 * @module
 */
import type { FloatDType } from "../../tensor/dtype";
import { showShape, type Shape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { arange, tensor, zeros } from "../../tensor/create";
import { less, notEqual, where } from "../../ops/compare";
import { take } from "../../ops/indexing";
import { astype } from "../../ops/gradient-control";
import { broadcastTo, expandDims, transpose } from "../../ops/shape";
import { scan } from "../../lax/scan";
import { makeLayer, type Flow, type Layer, type ShapeMap, type ShapeSpec } from "../layer";
import type { CellParams, RnnCell } from "./cell";

/**
 * Options of {@link rnn}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.rnn(nn.lstmCell(8), { returnSequences: true, reverse: true })
 * ```
 */
export interface RnnOptions<Seq extends boolean = boolean> {
  /**
   * Return the output of every step, `[batch, time, units]`, instead of the last one,
   * `[batch, units]` (Keras's `return_sequences`; default false).
   */
  readonly returnSequences?: Seq;
  /**
   * Process the sequence from its last step to its first (Keras's `go_backwards`; default
   * false). As in Keras, the sequence output is then in processing order: its index 0 is
   * the output at the last time step. (`bidirectional` flips it back to time order.)
   */
  readonly reverse?: boolean;
  /**
   * The initial state, one tensor per state tensor of the cell (`[h]`, or `[h, c]` for the
   * LSTM), each `[units]` (shared by the batch) or `[batch, units]`; zeros when absent.
   */
  readonly initialState?: readonly Tensor[];
}

/**
 * The output shape of an rnn layer for input shape `S` (`[B, T, F]` or `[[B, T, F], [B, T]]`).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.RnnOut<[32, 10, 3], 8, true> // [32, 10, 8]
 * ```
 */
export type RnnOut<S, U extends number, Seq extends boolean> = S extends readonly [
  readonly [infer B extends number, infer T extends number, number],
  readonly number[],
]
  ? Seq extends true
    ? [B, T, U]
    : [B, U]
  : S extends readonly [infer B extends number, infer T extends number, number]
    ? Seq extends true
      ? [B, T, U]
      : [B, U]
    : number[];

/**
 * Shape map of an rnn layer with `U` units: `[B, T, F]` → `[B, U]`, or `[B, T, U]` with
 * `returnSequences`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.RnnShape<8, false>, [-1, 10, 3]> // [-1, 8]
 * ```
 */
export interface RnnShape<U extends number, Seq extends boolean> extends ShapeMap {
  readonly out: RnnOut<this["in"], U, Seq>;
}

/**
 * An rnn layer: a layer whose params are its cell's, which also exposes its cell and
 * options (for {@link bidirectional}).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const layer: nn.RnnLayer<nn.LstmParams, 8, false> = nn.rnn(nn.lstmCell(8));
 * ```
 */
export type RnnLayer<P extends CellParams, U extends number, Seq extends boolean> = Layer<P, RnnShape<U, Seq>> & {
  readonly cell: RnnCell<P, U>;
  readonly options: RnnOptions<Seq>;
};

/**
 * The input of an rnn layer, split: the sequences and the mask (if any), checked.
 * @example const { x, mask } = readInput("rnn(lstmCell(4))", [x, m], 3);
 */
export function readInput(layer: string, input: Flow, features: number): { x: Tensor; mask: Tensor | undefined } {
  let x: Tensor;
  let mask: Tensor | undefined;
  if (Array.isArray(input)) {
    if (input.length !== 2 || Array.isArray(input[0]) || Array.isArray(input[1])) {
      throw new Error(`${layer}: expects x [batch, time, features] or the pair [x, mask], got a tuple of ${input.length}`);
    }
    x = input[0] as Tensor;
    mask = input[1] as Tensor;
  } else {
    x = input as Tensor;
  }
  if (x.shape.length !== 3) {
    throw new Error(`${layer}: input x of shape ${showShape(x.shape)} must have rank 3, [batch, time, features]`);
  }
  if (x.shape[2] !== features) {
    throw new Error(`${layer}: input x of shape ${showShape(x.shape)} has ${x.shape[2]} features, but the layer was built for ${features}`);
  }
  if (mask !== undefined && (mask.shape.length !== 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1])) {
    throw new Error(
      `${layer}: mask of shape ${showShape(mask.shape)} does not match [batch, time] = ${showShape(x.shape.slice(0, 2))} of input x of shape ${showShape(x.shape)}`,
    );
  }
  return { x, mask };
}

/**
 * The input shape at init, split: the sequences' shape and whether a mask comes with it.
 * @example readInputShape("rnn(lstmCell(4))", [[-1, 10, 3], [-1, 10]]) // [-1, 10, 3]
 */
export function readInputShape(layer: string, inputShape: ShapeSpec): Shape {
  const isShape = (s: ShapeSpec): s is Shape => Array.isArray(s) && s.every((d) => typeof d === "number");
  let s: ShapeSpec = inputShape;
  if (!isShape(s)) {
    const pair = s as readonly ShapeSpec[];
    if (pair.length !== 2 || !isShape(pair[0]) || !isShape(pair[1])) {
      throw new Error(
        `${layer}: expects the input shape [batch, time, features] or the pair [[batch, time, features], [batch, time]], got ${JSON.stringify(inputShape)}`,
      );
    }
    const [xs, ms] = [pair[0], pair[1]];
    if (ms.length !== 2 || xs.length !== 3 || !ms.every((d, i) => d === -1 || xs[i] === -1 || d === xs[i])) {
      throw new Error(`${layer}: mask shape ${showShape(ms)} does not match [batch, time] of input shape ${showShape(xs)}`);
    }
    s = xs;
  }
  const shape = s as Shape;
  if (shape.length !== 3) throw new Error(`${layer}: input shape ${showShape(shape)} must have rank 3, [batch, time, features]`);
  if (!shape.every((d) => Number.isInteger(d) && d >= -1))
    throw new Error(`${layer}: invalid dimension in input shape ${showShape(shape)} (use -1 for unknown)`);
  if (!(shape[2] >= 1)) throw new Error(`${layer}: the number of features (last dimension) of input shape ${showShape(shape)} must be known`);
  return shape;
}

/**
 * Runs a cell over `x` ([batch, time, features]) with one scan. Returns the last output
 * `[batch, units]` and the outputs `[batch, time, units]` in time order (index t is the
 * output at time step t, whatever the direction).
 * @example const [last, seq] = runCell("rnn", cell, params, x, undefined, { reverse: false });
 */
export function runCell<P extends CellParams>(
  layer: string,
  cell: RnnCell<P>,
  params: P,
  x0: Tensor,
  mask: Tensor | undefined,
  options: { readonly reverse: boolean; readonly initialState?: readonly Tensor[] },
): [Tensor, Tensor] {
  const dtype = params.kernel.dtype as FloatDType;
  const x = x0.dtype === dtype ? x0 : astype(x0, dtype);
  const [batch] = x.shape;
  const units = cell.units;
  let state: Tensor[] = cell.initialState(batch, dtype);
  if (options.initialState !== undefined) {
    const given = options.initialState;
    if (given.length !== state.length) {
      throw new Error(`${layer}: initialState has ${given.length} tensors, but ${cell.name} has ${state.length} state tensors`);
    }
    state = given.map((s, i) => {
      const ok = (s.shape.length === 1 && s.shape[0] === units) || (s.shape.length === 2 && s.shape[0] === batch && s.shape[1] === units);
      if (!ok) throw new Error(`${layer}: initialState[${i}] of shape ${showShape(s.shape)} must be [${units}] or [${batch}, ${units}] (batch ${batch})`);
      const t = s.dtype === dtype ? s : astype(s, dtype);
      return broadcastTo(t, [batch, units]) as Tensor;
    });
  }
  const xs = transpose(x, [1, 0, 2]) as Tensor; // [time, batch, features]
  const last0 = zeros([batch, units], dtype) as Tensor;
  let lastOut: Tensor;
  let ys: Tensor;
  if (mask === undefined) {
    const [[, last], out] = scan(
      (carry: [Tensor[], Tensor], xt: Tensor) => {
        const [next, y] = cell.step(params, carry[0], xt);
        return [[next, y], y] as const;
      },
      [state, last0] as [Tensor[], Tensor],
      xs,
      { reverse: options.reverse },
    );
    [lastOut, ys] = [last, out as Tensor];
  } else {
    const m = mask.dtype === "bool" ? mask : notEqual(mask, 0);
    const ms = expandDims(transpose(m as Tensor, [1, 0]), 2) as Tensor; // [time, batch, 1]
    const [[, last], out] = scan(
      (carry: [Tensor[], Tensor], step: { x: Tensor; m: Tensor }) => {
        const [prev, prevOut] = carry;
        const [next, y] = cell.step(params, prev, step.x);
        const kept = next.map((s, i) => where(step.m, s, prev[i]) as Tensor);
        const yt = where(step.m, y, 0) as Tensor;
        return [[kept, where(step.m, y, prevOut) as Tensor], yt] as const;
      },
      [state, last0] as [Tensor[], Tensor],
      { x: xs, m: ms },
      { reverse: options.reverse },
    );
    [lastOut, ys] = [last, out as Tensor];
  }
  return [lastOut, transpose(ys, [1, 0, 2]) as Tensor];
}

/**
 * Reverses a `[batch, time, ...]` tensor along the time axis.
 * @example flipTime(y) // y[:, ::-1]
 */
export function flipTime(y: Tensor): Tensor {
  const time = y.shape[1];
  return take(
    y,
    Array.from({ length: time }, (_, i) => time - 1 - i),
    1,
  ) as Tensor;
}

/**
 * A recurrent layer: runs `cell` over the time axis of `[batch, time, features]` inputs
 * with one `lax.scan` (Keras's `RNN(cell)`), from the cell's zero state or
 * `options.initialState`. The output is the last step's, `[batch, units]`, or every
 * step's with `returnSequences`, `[batch, time, units]`; `reverse` processes the
 * sequence backwards (Keras's `go_backwards`, outputs in processing order). The input may
 * be the pair `[x, mask]` for padded sequences (see the module notes and
 * {@link sequenceMask}). With Keras's weights (same layout, see {@link LstmParams} and
 * {@link GruParams}) the outputs equal Keras's and TensorFlow.js's `tf.layers.lstm`/`gru`.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const layer = nn.rnn(nn.lstmCell(8), { returnSequences: true });
 * const [outShape, params] = layer.init(random.key(0), [-1, 20, 3]);
 * outShape; // => [-1, 20, 8]
 * const x = ones([2, 20, 3]);
 * layer.apply(params, x).shape; // => [2, 20, 8]
 * layer.apply(params, [x, nn.sequenceMask([20, 12], 20)]).shape; // => [2, 20, 8]
 * ```
 */
export function rnn<P extends CellParams, const U extends number, const Seq extends boolean = false>(
  cell: RnnCell<P, U>,
  options: RnnOptions<Seq> = {},
): RnnLayer<P, U, Seq> {
  const name = `rnn(${cell.name})`;
  const returnSequences = options.returnSequences === true;
  const reverse = options.reverse === true;
  const layer = makeLayer<P, RnnShape<U, Seq>>({
    name,
    init(key, inputShape) {
      const [b, t, f] = readInputShape(name, inputShape);
      const params = cell.init(key, f);
      return [returnSequences ? [b, t, cell.units] : [b, cell.units], params];
    },
    apply(params, input) {
      const { x, mask } = readInput(name, input, params.kernel.shape[0]);
      const [last, seq] = runCell(name, cell, params, x, mask, { reverse, initialState: options.initialState });
      if (!returnSequences) return last;
      return reverse ? flipTime(seq) : seq;
    },
  });
  return Object.freeze({ ...layer, cell, options }) as RnnLayer<P, U, Seq>;
}

/**
 * The mask of sequences of the given lengths: `[batch, time]` bool, true at steps
 * `t < lengths[b]` (TensorFlow's `tf.sequence_mask`). Pass `[x, mask]` to an rnn layer.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.sequenceMask([2, 3], 4).toArray(); // => [[true, true, false, false], [true, true, true, false]]
 * ```
 */
export function sequenceMask(lengths: Tensor | readonly number[], time: number): Tensor {
  if (!Number.isInteger(time) || time < 0) throw new Error(`sequenceMask: time must be a non-negative integer, got ${time}`);
  let lens: Tensor;
  if (Array.isArray(lengths)) {
    const l = lengths as readonly number[];
    if (!l.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(`sequenceMask: lengths must be non-negative integers, got [${l.join(",")}]`);
    lens = tensor(l as number[], "int32");
  } else {
    lens = lengths as Tensor;
  }
  if (lens.shape.length !== 1) throw new Error(`sequenceMask: lengths must have rank 1 [batch], got shape ${showShape(lens.shape)}`);
  const steps = arange(0, time, 1, lens.dtype);
  return less(expandDims(steps, 0), expandDims(lens, 1)) as Tensor;
}
