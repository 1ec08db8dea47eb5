import { softmax } from "../../ops/softmax";
import { activation } from "./activation";
import type { Layer, NoParams, SameShape } from "../layer";

/**
 * The softmax layer: turns logits into class probabilities along `axis` (the last by
 * default). For training, prefer feeding logits to `categoricalCrossEntropyWithLogits`,
 * which is stabler than softmax followed by `categoricalCrossEntropy`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const classifier = nn.serial(nn.dense(10), nn.softmaxLayer());
 * ```
 */
export function softmaxLayer(axis = -1): Layer<NoParams, SameShape> {
  return activation((x) => softmax(x, axis), axis === -1 ? "softmax" : `softmax, axis ${axis}`);
}
