import type { FloatDType } from "../../tensor/dtype";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { matmul } from "../../ops/linalg";
import { split } from "../../random/key";
import { glorotUniform, zeros, type Initializer } from "../initializers";
import { expectShape, expectTensor, makeLayer, type Layer, type ShapeMap, type WithLast } from "../layer";

/**
 * Parameters of a dense layer with `U` units: kernel `W` ([in, U]) and bias `b` ([U]).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { W, b }] = nn.dense(10).init(random.key(0), [-1, 784]); // W: [784, 10], b: [10]
 * ```
 */
export interface DenseParams<U extends number = number> {
  readonly W: Tensor<[number, U]>;
  readonly b: Tensor<[U]>;
}

/**
 * Shape map of `dense(U)`: `[..., in]` → `[..., U]`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.DenseShape<10>, [32, 784]> // [32, 10]
 * ```
 */
export interface DenseShape<U extends number> extends ShapeMap {
  readonly out: WithLast<this["in"], U>;
}

/**
 * Options of {@link dense}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.dense(256, { kernelInit: nn.initializers.heNormal, dtype: "float64" })
 * ```
 */
export interface DenseOptions {
  /** Kernel initializer (default Glorot uniform). */
  readonly kernelInit?: Initializer;
  /** Bias initializer (default zeros). */
  readonly biasInit?: Initializer;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * A dense (fully connected, affine) layer: y = x·W + b over the last axis, for inputs of
 * shape `[..., in]`. The linear neuron, the logistic neuron's pre-activation and the
 * hidden layers of an MLP.
 * @example
 * ```ts
 * import { nn, ones, random } from "purediff";
 * const layer = nn.dense(256);
 * const [outShape, { W, b }] = layer.init(random.key(0), [-1, 784]);
 * outShape; // => [-1, 256]
 * // x: Tensor<[number, 784]> → Tensor<[number, 256]>
 * layer.apply({ W, b }, ones([2, 784])).shape; // => [2, 256]
 * ```
 */
export function dense<const U extends number>(units: U, options: DenseOptions = {}): Layer<DenseParams<U>, DenseShape<U>> {
  const name = `dense(${units})`;
  if (!Number.isInteger(units) || units < 1) throw new Error(`dense: units must be a positive integer, got ${units}`);
  const { kernelInit = glorotUniform, biasInit = zeros, dtype = "float32" } = options;
  return makeLayer<DenseParams<U>, DenseShape<U>>({
    name,
    init(key, inputShape) {
      const s = expectShape(name, inputShape);
      const inDim = s[s.length - 1];
      if (s.length === 0 || inDim === -1) {
        throw new Error(`${name}: the last dimension of the input shape must be known, got ${showShape(s)}`);
      }
      const [kKey, bKey] = split(key);
      const W = kernelInit(kKey, [inDim, units], dtype) as Tensor<[number, U]>;
      const b = biasInit(bKey, [units], dtype) as Tensor<[U]>;
      return [[...s.slice(0, -1), units], Object.freeze({ W, b })];
    },
    apply(params, input) {
      const x = expectTensor(name, input);
      const inDim = params.W.shape[0];
      if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inDim) {
        throw new Error(`${name}: input of shape ${showShape(x.shape)} does not end with the ${inDim} features W ${showShape(params.W.shape)} expects`);
      }
      return add(matmul(x, params.W as Tensor), params.b as Tensor);
    },
  });
}
