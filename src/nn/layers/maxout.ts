import type { FloatDType } from "../../tensor/dtype";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { matmul } from "../../ops/linalg";
import { max } from "../../ops/reduce";
import { reshape } from "../../ops/shape";
import { split } from "../../random/key";
import { glorotUniform, zeros, type Initializer } from "../initializers";
import { expectShape, expectTensor, makeLayer, type Layer } from "../layer";
import type { DenseShape } from "./dense";

/**
 * Parameters of {@link maxout}: `k` affine pieces per unit, stored side by side.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { W, b }] = nn.maxout(4, 3).init(random.key(0), [-1, 5]); // W: [5, 12], b: [12]
 * ```
 */
export interface MaxoutParams {
  /** `[in, units·k]`: column `u·k + j` is piece j of unit u. */
  readonly W: Tensor<[number, number]>;
  /** `[units·k]`. */
  readonly b: Tensor<[number]>;
}

/**
 * Options of {@link maxout}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.maxout(64, 2, { kernelInit: nn.initializers.heUniform })
 * ```
 */
export interface MaxoutOptions {
  /** Kernel initializer (default Glorot uniform). */
  readonly kernelInit?: Initializer;
  /** Bias initializer (default zeros). */
  readonly biasInit?: Initializer;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * Maxout units (Goodfellow et al. 2013): each of `units` outputs is the maximum of `k`
 * affine functions of the input, max_j (x·W_j + b_j): a learned piecewise-linear convex
 * activation (k = 2 can learn ReLU, leaky ReLU or |x|).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const layer = nn.maxout(64, 3); // [-1, in] → [-1, 64], 3 pieces per unit
 * ```
 */
export function maxout<const U extends number>(units: U, k: number, options: MaxoutOptions = {}): Layer<MaxoutParams, DenseShape<U>> {
  const name = `maxout(${units}, ${k})`;
  if (!Number.isInteger(units) || units < 1) throw new Error(`maxout: units must be a positive integer, got ${units}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`maxout: k (pieces per unit) must be a positive integer, got ${k}`);
  const { kernelInit = glorotUniform, biasInit = zeros, dtype = "float32" } = options;
  return makeLayer<MaxoutParams, DenseShape<U>>({
    name,
    init(key, inputShape) {
      const s = expectShape(name, inputShape);
      const inDim = s[s.length - 1];
      if (s.length === 0 || inDim === -1) throw new Error(`${name}: the last dimension of the input shape must be known, got ${showShape(s)}`);
      const [kKey, bKey] = split(key);
      const W = kernelInit(kKey, [inDim, units * k], dtype) as Tensor<[number, number]>;
      const b = biasInit(bKey, [units * k], dtype) as Tensor<[number]>;
      return [[...s.slice(0, -1), units], Object.freeze({ W, b })];
    },
    apply(params, input) {
      const x = expectTensor(name, input);
      const inDim = params.W.shape[0];
      if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inDim) {
        throw new Error(`${name}: input of shape ${showShape(x.shape)} does not end with the ${inDim} features W ${showShape(params.W.shape)} expects`);
      }
      const z = add(matmul(x, params.W as Tensor), params.b as Tensor);
      const pieces = reshape(z as Tensor<number[]>, [...x.shape.slice(0, -1), units, k]);
      return max(pieces, -1);
    },
  });
}
