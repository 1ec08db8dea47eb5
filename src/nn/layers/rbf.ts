import type { FloatDType } from "../../tensor/dtype";
import { full } from "../../tensor/create";
import { showShape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { div, mul, square, sub } from "../../ops/arithmetic";
import { astype } from "../../ops/gradient-control";
import { exp } from "../../ops/math";
import { sum } from "../../ops/reduce";
import { expandDims } from "../../ops/shape";
import { take } from "../../ops/indexing";
import { permutation } from "../../random/permutation";
import { normal, type Initializer } from "../initializers";
import { expectShape, expectTensor, makeLayer, type Layer } from "../layer";
import type { DenseShape } from "./dense";

/**
 * Parameters of {@link rbf}: the centres `[units, features]` and one width σ per unit.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { centres, widths }] = nn.rbf(10).init(random.key(0), [-1, 2]); // [10, 2] and [10]
 * ```
 */
export interface RbfParams<U extends number = number> {
  readonly centres: Tensor<[U, number]>;
  readonly widths: Tensor<[U]>;
}

/**
 * Options of {@link rbf}.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const xs = random.normal(random.key(1), [100, 2]);
 * const [, params] = nn.rbf(20, { fromData: xs, width: 0.5 }).init(random.key(0), [-1, 2]);
 * params.centres.shape; // => [20, 2]
 * ```
 */
export interface RbfOptions {
  /** Initial width σ of every unit (default 1). */
  readonly width?: number;
  /**
   * Take the initial centres from data: `units` distinct rows of this `[N, features]`
   * tensor, chosen at random with the init key (a cheap stand-in for k-means).
   */
  readonly fromData?: Tensor;
  /** Centre initializer when neither a centres tensor nor `fromData` is given (default N(0, 1)). */
  readonly centreInit?: Initializer;
  /** Parameter dtype (default float32, or the dtype of given centres). */
  readonly dtype?: FloatDType;
}

/**
 * A layer of Gaussian radial basis function units: output u is
 * exp(−‖x − c_u‖² / (2 σ_u²)), 1 at the centre and decaying with distance. Centres and
 * widths are trainable. Give the number of units, or a `[units, features]` tensor of initial
 * centres; or take centres from data with `{ fromData }`. Usually followed by a dense
 * layer and a Euclidean loss for regression (an RBF network).
 * @example
 * ```ts
 * import { nn, random, tensor } from "purediff";
 * const xs = random.normal(random.key(1), [100, 2]);
 * const net = nn.serial(nn.rbf(10, { fromData: xs, width: 0.5 }), nn.dense(1));
 * net.init(random.key(0), [-1, 2])[0]; // => [-1, 1]
 * // two units at given centres
 * const fixed = nn.rbf(tensor([[0, 0], [1, 1]]));
 * fixed.init(random.key(0), [-1, 2])[0]; // => [-1, 2]
 * ```
 */
export function rbf<const U extends number>(centres: U | Tensor<[U, number]>, options: RbfOptions = {}): Layer<RbfParams<U>, DenseShape<U>> {
  const given = centres instanceof Tensor ? centres : undefined;
  const units = given ? given.shape[0] : (centres as number);
  const name = `rbf(${units})`;
  if (given && given.shape.length !== 2) throw new Error(`rbf: centres must be a [units, features] matrix, got shape ${showShape(given.shape)}`);
  if (!Number.isInteger(units) || units < 1) throw new Error(`rbf: the number of units must be a positive integer, got ${units}`);
  const { width = 1, fromData, centreInit = normal(1) } = options;
  if (!(width > 0)) throw new Error(`${name}: width must be positive, got ${width}`);
  const dtype: FloatDType = options.dtype ?? (given?.dtype === "float64" ? "float64" : "float32");
  return makeLayer<RbfParams<U>, DenseShape<U>>({
    name,
    init(key, inputShape) {
      const s = expectShape(name, inputShape);
      const features = s[s.length - 1];
      if (s.length === 0 || features === -1) throw new Error(`${name}: the last dimension of the input shape must be known, got ${showShape(s)}`);
      let c: Tensor;
      if (given) {
        c = given;
      } else if (fromData) {
        if (fromData.shape.length !== 2 || fromData.shape[1] !== features) {
          throw new Error(`${name}: fromData must be [N, ${features}] to match the input, got ${showShape(fromData.shape)}`);
        }
        if (fromData.shape[0] < units) throw new Error(`${name}: fromData has ${fromData.shape[0]} rows, fewer than the ${units} units`);
        const rows = take(permutation(key, fromData.shape[0]), [...Array(units).keys()]);
        c = take(fromData, rows, 0);
      } else {
        c = centreInit(key, [units, features], dtype);
      }
      if (c.shape[1] !== features) throw new Error(`${name}: centres have ${c.shape[1]} features, the input has ${features}`);
      const params = { centres: astype(c, dtype) as Tensor<[U, number]>, widths: full([units as U], width, dtype) };
      return [[...s.slice(0, -1), units], Object.freeze(params)];
    },
    apply(params, input) {
      const x = expectTensor(name, input);
      const features = params.centres.shape[1];
      if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== features) {
        throw new Error(`${name}: input of shape ${showShape(x.shape)} does not end with the ${features} features of the centres`);
      }
      // ‖x − c‖² for every unit: [..., 1, F] − [U, F] → [..., U, F] → sum → [..., U].
      const d2 = sum(square(sub(expandDims(x, -2), params.centres as Tensor)), -1);
      return exp(div(d2, mul(square(params.widths as Tensor), -2)));
    },
  });
}
