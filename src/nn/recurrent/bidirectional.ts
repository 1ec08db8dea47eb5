import { split } from "../../random/key";
import { concat } from "../../ops/join";
import { makeLayer, type Layer, type ShapeMap } from "../layer";
import type { CellParams } from "./cell";
import { readInput, readInputShape, runCell, type RnnLayer, type RnnOut } from "./rnn";

/**
 * Parameters of {@link bidirectional}: the forward and the backward copy of the cell,
 * initialised independently (Keras's `Bidirectional`: `forward_layer`, `backward_layer`).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { forward, backward }] = nn.bidirectional(nn.rnn(nn.lstmCell(4))).init(random.key(0), [-1, 10, 3]);
 * ```
 */
export interface BidirectionalParams<P> {
  readonly forward: P;
  readonly backward: P;
}

/**
 * The output shape of a bidirectional layer for input shape `S`: the rnn's, with a feature
 * size of `2·U` known only at run time (`number`).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.BidirectionalOut<[32, 10, 3], true> // [32, 10, number]
 * ```
 */
export type BidirectionalOut<S, Seq extends boolean> = RnnOut<S, number, Seq>;

/**
 * Shape map of a bidirectional layer: `[B, T, F]` → `[B, 2·U]` (or `[B, T, 2·U]` with
 * `returnSequences`); the feature size is `number` at the type level.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.BidirectionalShape<false>, [-1, 10, 3]> // [-1, number]
 * ```
 */
export interface BidirectionalShape<Seq extends boolean> extends ShapeMap {
  readonly out: BidirectionalOut<this["in"], Seq>;
}

/**
 * Runs an rnn layer's cell over the sequence forwards and, with separate parameters,
 * backwards, and concatenates the two outputs on the feature axis, forward first (Keras's
 * `Bidirectional` with `merge_mode="concat"`). With `returnSequences` the backward
 * outputs are in time order (index t is the output at time step t), as in Keras; without,
 * the backward output is the one after processing the whole sequence from its end. The
 * pair `[x, mask]` is accepted as by {@link rnn}: padded steps are skipped in both
 * directions. The layer's `reverse` option swaps the two directions.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const layer = nn.bidirectional(nn.rnn(nn.lstmCell(8), { returnSequences: true }));
 * const [outShape, params] = layer.init(random.key(0), [-1, 20, 3]);
 * outShape; // => [-1, 20, 16]
 * const y = layer.apply(params, ones([2, 20, 3]));
 * y.shape; // => [2, 20, 16]
 * ```
 */
export function bidirectional<P extends CellParams, U extends number, Seq extends boolean>(
  layer: RnnLayer<P, U, Seq>,
): Layer<BidirectionalParams<P>, BidirectionalShape<Seq>> {
  const { cell, options } = layer;
  const name = `bidirectional(${layer.name})`;
  const returnSequences = options.returnSequences === true;
  const forwardReverse = options.reverse === true;
  return makeLayer<BidirectionalParams<P>, BidirectionalShape<Seq>>({
    name,
    init(key, inputShape) {
      const [b, t, f] = readInputShape(name, inputShape);
      const [kf, kb] = split(key);
      const params = Object.freeze({ forward: cell.init(kf, f), backward: cell.init(kb, f) });
      return [returnSequences ? [b, t, 2 * cell.units] : [b, 2 * cell.units], params];
    },
    apply(params, input) {
      const { x, mask } = readInput(name, input, params.forward.kernel.shape[0]);
      const [lastF, seqF] = runCell(name, cell, params.forward, x, mask, { reverse: forwardReverse, initialState: options.initialState });
      const [lastB, seqB] = runCell(name, cell, params.backward, x, mask, { reverse: !forwardReverse, initialState: options.initialState });
      return returnSequences ? concat([seqF, seqB], 2) : concat([lastF, lastB], 1);
    },
  });
}
