/**
 * Neural networks as plain, typed, pure functions: activations, losses, initializers,
 * layers as `{ init, apply }` pairs (stax style, with shape inference), combinators that
 * compose them into DAGs, and regularizers. Params are readonly trees of named tensors, so
 * `grad` returns gradients with the same names and types.
 *
 * @example
 * ```ts
 * import { grad, nn, random, tensor, zeros } from "purediff";
 * const net = nn.serial(nn.dense(128), nn.activation(nn.relu), nn.dense(10));
 * const [, params] = net.init(random.key(0), [-1, 784]);
 * const x = zeros([2, 784]);
 * const labels = tensor([3, 7], "int32");
 * const loss = (p: typeof params) => nn.sparseCategoricalCrossEntropyWithLogits(net.apply(p, x), labels);
 * // same structure as params
 * const g = grad(loss)(params);
 * g[0].W.shape; // => [784, 128]
 * ```
 * @module
 */
import "../core/primitives";

export {
  identity,
  step,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  elu,
  softplus,
  noisyRelu,
  softmax,
  logSoftmax,
  gaussianRbf,
  gelu,
  silu,
  swish,
  type GeluOptions,
} from "./activations";

export {
  mse,
  squaredError,
  euclidean,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  categoricalCrossEntropy,
  categoricalCrossEntropyWithLogits,
  sparseCategoricalCrossEntropy,
  sparseCategoricalCrossEntropyWithLogits,
  hinge,
  logisticLoss,
  DEFAULT_EPSILON,
  type Reduction,
  type LossOptions,
  type ClippedLossOptions,
  type LossValue,
  type PerExample,
  type PerExampleClasses,
} from "./losses";

export * as initializers from "./initializers";
export type { Initializer } from "./initializers";

export {
  makeLayer,
  makeStatefulLayer,
  noParams,
  expectTensor,
  expectTensors,
  expectShape,
  expectShapes,
  type Layer,
  type StatefulLayer,
  type AnyLayer,
  type UntypedLayer,
  type LayerImpl,
  type StatefulLayerImpl,
  type ApplyContext,
  type StateContext,
  type ParamsOf,
  type StateOf,
  type ShapeMapOf,
  type NoParams,
  type Flow,
  type FlowOf,
  type FlowShape,
  type ShapeSpec,
  type ShapeMap,
  type OutShape,
  type SameShape,
  type AnyShape,
  type WithLast,
  type Mutable,
} from "./layer";

export { dense, type DenseParams, type DenseShape, type DenseOptions } from "./layers/dense";
export {
  conv1d,
  conv2d,
  conv3d,
  convTranspose2d,
  depthwiseConv2d,
  type ConvLayerParams,
  type ConvLayerShape,
  type ConvLayerOptions,
  type ConvTransposeLayerOptions,
  type DepthwiseConvOptions,
} from "./layers/conv";
export { activation } from "./layers/activation";
export { softmaxLayer } from "./layers/softmax";
export { flatten, type FlattenShape } from "./layers/flatten";
export { dropout } from "./layers/dropout";
export { augmentation } from "./layers/augmentation";
export { prelu, type PReluParams, type PReluOptions } from "./layers/prelu";
export { maxout, type MaxoutParams, type MaxoutOptions } from "./layers/maxout";
export { rbf, type RbfParams, type RbfOptions } from "./layers/rbf";
export {
  maxPool,
  avgPool,
  globalAvgPool,
  maxPoolLayer,
  avgPoolLayer,
  globalAvgPoolLayer,
  type PoolOptions,
  type AvgPoolOptions,
  type PoolShape,
  type GlobalPoolShape,
  type Pooled,
  type GlobalPooled,
} from "./layers/pooling";
export {
  flipLeftRight,
  randomFlipLeftRight,
  translate,
  randomTranslate,
  randomCrop,
  rotate,
  randomRotate,
  type FillOptions,
  type CropOptions,
} from "./augment";
export { batchNorm, type BatchNormParams, type BatchNormState, type BatchNormOptions } from "./layers/batch-norm";

export { layerNorm, rmsNorm, type LayerNormParams, type RmsNormParams, type NormOptions } from "./layers/layer-norm";
export { embedding, type EmbeddingParams, type EmbeddingShape, type EmbeddingOptions } from "./layers/embedding";
export { dotProductAttention, type AttentionOptions } from "./attention/dot-product";
export { multiHeadAttention, type MultiHeadAttentionParams, type MultiHeadAttentionOptions, type AttentionShape } from "./attention/multi-head";
export {
  sinusoidalEncoding,
  learnedPositional,
  type SinusoidalOptions,
  type LearnedPositionalParams,
  type LearnedPositionalOptions,
} from "./attention/positional";
export { transformerEncoderBlock, type EncoderBlockParams, type EncoderBlockOptions } from "./attention/encoder-block";

export { serial, type SerialShape } from "./combinators/serial";
export { parallel, type ParallelShape } from "./combinators/parallel";
export { residual } from "./combinators/residual";
export { fanOut, fanInConcat, fanInSum, type FanOutShape, type FanInConcatShape, type FanInSumShape } from "./combinators/fan";

export { l2, l1, weightDecayMask, BIAS_NAMES, type Mask, type MaskTree, type RegularizerOptions } from "./regularizers";

export type { RnnCell, CellParams } from "./recurrent/cell";
export { simpleRnnCell, type SimpleRnnParams, type CellOptions } from "./recurrent/simple-rnn";
export { lstmCell, type LstmParams, type LstmOptions } from "./recurrent/lstm";
export { gruCell, type GruParams, type GruOptions } from "./recurrent/gru";
export { rnn, sequenceMask, type RnnOptions, type RnnLayer, type RnnShape, type RnnOut } from "./recurrent/rnn";
export { bidirectional, type BidirectionalParams, type BidirectionalShape, type BidirectionalOut } from "./recurrent/bidirectional";

export { summary, type Summary, type SummaryOptions, type SummaryRow } from "./summary";
