import type { FloatDType } from "../../tensor/dtype";
import { full } from "../../tensor/create";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { add, div, mul, square, sub } from "../../ops/arithmetic";
import { sqrt } from "../../ops/math";
import { asFloat } from "../../ops/operands";
import { mean } from "../../ops/reduce";
import { expectShape, expectTensor, makeLayer, type Layer, type SameShape } from "../layer";

/**
 * Parameters of {@link layerNorm}: a scale and a bias per feature (last axis).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { scale, bias }] = nn.layerNorm().init(random.key(0), [-1, 64]); // [64], [64]
 * ```
 */
export interface LayerNormParams {
  readonly scale: Tensor<[number]>;
  readonly bias: Tensor<[number]>;
}

/**
 * Parameters of {@link rmsNorm}: a scale per feature (last axis).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { scale }] = nn.rmsNorm().init(random.key(0), [-1, 64]); // [64]
 * ```
 */
export interface RmsNormParams {
  readonly scale: Tensor<[number]>;
}

/**
 * Options of {@link layerNorm} and {@link rmsNorm}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.layerNorm({ epsilon: 1e-5, dtype: "float64" })
 * ```
 */
export interface NormOptions {
  /** Added to the variance (mean square) before the square root (default 1e-6, as Flax). */
  readonly epsilon?: number;
  /** Parameter dtype (default float32). */
  readonly dtype?: FloatDType;
}

/** The feature count of an init shape: its last dimension, which must be known. */
function featuresAtInit(name: string, inputShape: Parameters<typeof expectShape>[1]): [readonly number[], number] {
  const s = expectShape(name, inputShape);
  const d = s[s.length - 1];
  if (s.length === 0 || d === -1) throw new Error(`${name}: the last dimension (the features) of the input shape must be known, got ${showShape(s)}`);
  return [s, d];
}

/** The input, checked to end with the `d` features of `param` (named `paramName`). */
function checkedInput(name: string, input: Parameters<typeof expectTensor>[1], param: Tensor, paramName: string): Tensor {
  const x = asFloat(expectTensor(name, input));
  const d = param.shape[0];
  if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== d) {
    throw new Error(`${name}: input x of shape ${showShape(x.shape)} does not end with the ${d} features ${paramName} ${showShape(param.shape)} expects`);
  }
  return x;
}

function checkEpsilon(name: string, epsilon: number): void {
  if (!(epsilon >= 0)) throw new Error(`${name}: epsilon must be non-negative, got ${epsilon}`);
}

/**
 * Layer normalisation (Ba et al.): each example's features (the last axis) are
 * normalised to mean 0 and variance 1, then scaled and shifted per feature:
 * y = (x − μ)/√(σ² + ε)·scale + bias, μ and σ² (biased) over the last axis. No batch
 * statistics, no state: the same in training and inference. Scale starts at 1, bias at 0.
 * @example
 * ```ts
 * import { mean, nn, random, variance } from "purediff";
 * const ln = nn.layerNorm();
 * const [, params] = ln.init(random.key(0), [-1, 16, 64]);
 * const x = random.normal(random.key(1), [2, 16, 64]);
 * // each y[b, t, :] has mean 0, variance ≈ 1
 * const y = ln.apply(params, x);
 * mean(y, -1).abs().max().item() < 1e-5; // => true
 * variance(y, -1).mean().item(); // => 0.999999
 * ```
 */
export function layerNorm(options: NormOptions = {}): Layer<LayerNormParams, SameShape> {
  const { epsilon = 1e-6, dtype = "float32" } = options;
  const name = "layerNorm";
  checkEpsilon(name, epsilon);
  return makeLayer<LayerNormParams, SameShape>({
    name,
    init(_key, inputShape) {
      const [s, d] = featuresAtInit(name, inputShape);
      return [s, Object.freeze({ scale: full([d], 1, dtype) as Tensor<[number]>, bias: full([d], 0, dtype) as Tensor<[number]> })];
    },
    apply(params, input) {
      const x = checkedInput(name, input, params.scale, "scale");
      const mu = mean(x, -1, { keepDims: true });
      const centred = sub(x, mu);
      const variance = mean(square(centred), -1, { keepDims: true });
      return add(mul(div(centred, sqrt(add(variance, epsilon))), params.scale as Tensor), params.bias as Tensor);
    },
  });
}

/**
 * Root-mean-square normalisation (Zhang & Sennrich): y = x/√(mean(x²) + ε)·scale over the
 * last axis: layer normalisation without centring and without a bias. Scale starts at 1.
 * @example
 * ```ts
 * import { mean, nn, random, square } from "purediff";
 * const norm = nn.rmsNorm({ epsilon: 1e-5 });
 * const [, params] = norm.init(random.key(0), [-1, 64]);
 * const x = random.normal(random.key(1), [3, 64]);
 * // each row of y has mean square ≈ 1
 * mean(square(norm.apply(params, x)), -1).toArray(); // => [0.9999913, 0.9999889, 0.9999866]
 * ```
 */
export function rmsNorm(options: NormOptions = {}): Layer<RmsNormParams, SameShape> {
  const { epsilon = 1e-6, dtype = "float32" } = options;
  const name = "rmsNorm";
  checkEpsilon(name, epsilon);
  return makeLayer<RmsNormParams, SameShape>({
    name,
    init(_key, inputShape) {
      const [s, d] = featuresAtInit(name, inputShape);
      return [s, Object.freeze({ scale: full([d], 1, dtype) as Tensor<[number]> })];
    },
    apply(params, input) {
      const x = checkedInput(name, input, params.scale, "scale");
      const meanSquare = mean(square(x), -1, { keepDims: true });
      return mul(div(x, sqrt(add(meanSquare, epsilon))), params.scale as Tensor);
    },
  });
}
