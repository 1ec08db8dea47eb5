/**
 * Parameter initializers: each is `(key, shape, dtype?) => Tensor` (float32 by default).
 * Fan-in and fan-out come from the shape as Keras and JAX compute them ({@link fans}).
 *
 * Why it matters (the initialization study of the material): constant weights make every
 * unit of a layer compute the same thing and receive the same gradient, so symmetry is
 * never broken; weights too small or too large make deep tanh nets' activations shrink to
 * 0 or saturate. Glorot/Xavier keeps Var(s) ≈ Var(x) through a layer (Var(w) = 2/(n_in +
 * n_out)); He/Kaiming doubles it for ReLU (2/n_in); LeCun uses 1/n_in.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const W = nn.initializers.glorotUniform(random.key(0), [784, 256]);
 * W.shape; // => [784, 256]
 * ```
 * @module
 */
import { full } from "../tensor/create";
import { isFloat, type FloatDType } from "../tensor/dtype";
import { showShape, sizeOf, type Shape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { checkKey, type PRNGKey } from "../random/key";
import { normal as sampleNormal } from "../random/normal";
import { truncatedNormal as sampleTruncated } from "../random/truncated-normal";
import { uniform as sampleUniform } from "../random/uniform";
import type { Writable } from "../random/sampling";
import { mul } from "../ops/arithmetic";
import { astype } from "../ops/gradient-control";
import { reshape, transpose } from "../ops/shape";
import { orthonormalColumns } from "../random/orthonormal-columns";

/**
 * An initializer: fresh values of `shape` from a key.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const init: nn.Initializer = nn.initializers.heNormal;
 * ```
 */
export type Initializer = <const S extends Shape>(key: PRNGKey, shape: S, dtype?: FloatDType) => Tensor<Writable<S>>;

/**
 * Fan-in and fan-out of a weight shape.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const { fanIn, fanOut }: nn.initializers.Fans = nn.initializers.fans([784, 256]);
 * ```
 */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/**
 * Fan-in and fan-out of a weight shape, as Keras and JAX compute them: `[in, out]` for a
 * matrix; a vector's length for both; 1 for a scalar; for a convolution kernel
 * `[...receptive field, in, out]` both are multiplied by the receptive field size.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.initializers.fans([784, 256]); // => { fanIn: 784, fanOut: 256 }
 * nn.initializers.fans([3, 3, 16, 32]); // => { fanIn: 144, fanOut: 288 }
 * ```
 */
export function fans(shape: Shape): Fans {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

function checkArgs(op: string, key: PRNGKey, shape: Shape, dtype: FloatDType): void {
  checkKey(`initializers.${op}`, key);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`initializers.${op}: shape ${Array.isArray(shape) ? showShape(shape) : String(shape)} must hold non-negative integers`);
  }
  if (!isFloat(dtype)) throw new Error(`initializers.${op}: parameters must be float32 or float64, got ${String(dtype)}`);
}

/** `t` times `factor` (an op, so initializers stay traceable). */
function times<S extends Shape>(t: Tensor<S>, factor: number): Tensor<S> {
  return mul(t, factor) as Tensor<Shape> as Tensor<S>;
}

/**
 * All zeros: the usual bias initializer (the key is ignored).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * // 256 zeros
 * nn.initializers.zeros(random.key(0), [256]).abs().max().item(); // => 0
 * ```
 */
export const zeros: Initializer = (key, shape, dtype = "float32") => {
  checkArgs("zeros", key, shape, dtype);
  return full(shape, 0, dtype);
};

/**
 * All ones (the key is ignored): batchNorm's scale.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.ones(random.key(0), [64])
 * ```
 */
export const ones: Initializer = (key, shape, dtype = "float32") => {
  checkArgs("ones", key, shape, dtype);
  return full(shape, 1, dtype);
};

/**
 * Every entry `c` (the key is ignored). For weights this shows symmetry failing: all units
 * of a layer stay identical during training.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.constant(0.5)(random.key(0), [2, 2]).toArray(); // => [[0.5, 0.5], [0.5, 0.5]]
 * ```
 */
export function constant(c: number): Initializer {
  return (key, shape, dtype = "float32") => {
    checkArgs("constant", key, shape, dtype);
    return full(shape, c, dtype);
  };
}

/**
 * Gaussian N(0, std²) (default std 0.01, as JAX's `normal`).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.normal(0.1)(random.key(0), [784, 256])
 * ```
 */
export function normal(std = 0.01): Initializer {
  return (key, shape, dtype = "float32") => {
    checkArgs("normal", key, shape, dtype);
    return sampleNormal(key, shape, { std, dtype });
  };
}

/**
 * Uniform U(−a, a) (default a = 0.05, as Keras's `RandomUniform`; note JAX's `uniform(s)`
 * is U(0, s) instead).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * // entries in [-0.1, 0.1)
 * const w = nn.initializers.uniform(0.1)(random.key(0), [10, 10]);
 * [w.min().item() >= -0.1, w.max().item() < 0.1]; // => [true, true]
 * ```
 */
export function uniform(a = 0.05): Initializer {
  return (key, shape, dtype = "float32") => {
    checkArgs("uniform", key, shape, dtype);
    if (!(a > 0)) throw new Error(`initializers.uniform: the half-width a must be positive, got ${a}`);
    return sampleUniform(key, shape, { min: -a, max: a, dtype });
  };
}

/**
 * Gaussian N(0, std²) truncated to ±2 std (std is the parameter before truncation).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.truncatedNormal(0.02)(random.key(0), [768, 768])
 * ```
 */
export function truncatedNormal(std = 0.01): Initializer {
  return (key, shape, dtype = "float32") => {
    checkArgs("truncatedNormal", key, shape, dtype);
    return times(sampleTruncated(key, shape, { dtype }), std);
  };
}

/**
 * Which fan a variance-scaling initializer divides by.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.initializers.varianceScaling(2, "fanIn" satisfies nn.initializers.FanMode, "normal")
 * ```
 */
export type FanMode = "fanIn" | "fanOut" | "fanAvg";

/**
 * Which distribution a variance-scaling initializer draws from.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.initializers.varianceScaling(1, "fanAvg", "uniform" satisfies nn.initializers.ScalingDistribution)
 * ```
 */
export type ScalingDistribution = "truncatedNormal" | "normal" | "uniform";

/** Standard deviation of N(0, 1) truncated to [−2, 2]: truncated draws are divided by it. */
const TRUNCATED_STD = 0.87962566103423978;

/**
 * Variance scaling (Keras / JAX `variance_scaling`): draws with variance `scale / n`,
 * n the fan-in, the fan-out or their mean. "truncatedNormal" is rescaled so the variance
 * is exact after truncation at ±2 std; "uniform" uses U(−√(3·scale/n), √(3·scale/n)).
 * @example
 * ```ts
 * import { nn } from "purediff";
 * const init = nn.initializers.varianceScaling(2, "fanIn", "normal"); // He with an untruncated Gaussian
 * ```
 */
export function varianceScaling(scale: number, mode: FanMode, distribution: ScalingDistribution): Initializer {
  if (!(scale > 0)) throw new Error(`initializers.varianceScaling: scale must be positive, got ${scale}`);
  return (key, shape, dtype = "float32") => {
    checkArgs("varianceScaling", key, shape, dtype);
    const { fanIn, fanOut } = fans(shape);
    const n = mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    switch (distribution) {
      case "truncatedNormal":
        return times(sampleTruncated(key, shape, { dtype }), Math.sqrt(variance) / TRUNCATED_STD);
      case "normal":
        return sampleNormal(key, shape, { std: Math.sqrt(variance), dtype });
      case "uniform": {
        const limit = Math.sqrt(3 * variance);
        return sampleUniform(key, shape, { min: -limit, max: limit, dtype });
      }
    }
  };
}

/**
 * Glorot / Xavier normal: Var(w) = 2 / (fan_in + fan_out), truncated Gaussian (as Keras and JAX).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.glorotNormal(random.key(0), [784, 256])
 * ```
 */
export const glorotNormal: Initializer = varianceScaling(1, "fanAvg", "truncatedNormal");

/**
 * Glorot / Xavier uniform: U(−√(6/(fan_in + fan_out)), +…), Var(w) = 2 / (fan_in + fan_out).
 * The default kernel initializer of `dense`.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.glorotUniform(random.key(0), [784, 256])
 * ```
 */
export const glorotUniform: Initializer = varianceScaling(1, "fanAvg", "uniform");

/**
 * He / Kaiming normal for ReLU nets: Var(w) = 2 / fan_in, truncated Gaussian.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.heNormal(random.key(0), [784, 256])
 * ```
 */
export const heNormal: Initializer = varianceScaling(2, "fanIn", "truncatedNormal");

/**
 * He / Kaiming uniform: U(−√(6/fan_in), +√(6/fan_in)).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.heUniform(random.key(0), [784, 256])
 * ```
 */
export const heUniform: Initializer = varianceScaling(2, "fanIn", "uniform");

/**
 * LeCun normal (SELU nets, "Var(w) = 1/n" of the material): Var(w) = 1 / fan_in, truncated Gaussian.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.lecunNormal(random.key(0), [784, 256])
 * ```
 */
export const lecunNormal: Initializer = varianceScaling(1, "fanIn", "truncatedNormal");

/**
 * LeCun uniform: U(−√(3/fan_in), +√(3/fan_in)).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.lecunUniform(random.key(0), [784, 256])
 * ```
 */
export const lecunUniform: Initializer = varianceScaling(1, "fanIn", "uniform");

/**
 * A (semi-)orthogonal matrix (Saxe et al.): the Q of the QR decomposition of a Gaussian
 * matrix, with the signs fixed so that R has a positive diagonal (which makes Q uniformly
 * distributed). The shape is read as `[prod(shape[:-1]), shape[-1]]`; with more rows than
 * columns the columns are orthonormal (WᵀW = I), else the rows are (WWᵀ = I). Computed in
 * float64 by shifted CholeskyQR3 (matmul, cholesky and triangularSolve; the Q modified
 * Gram–Schmidt would give, to rounding), so it works under `jit` and `vmap` like the other
 * initializers.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const W = nn.initializers.orthogonal(random.key(0), [256, 256]); // WᵀW ≈ I
 * ```
 */
export const orthogonal: Initializer = (key, shape, dtype = "float32") => {
  checkArgs("orthogonal", key, shape, dtype);
  if (shape.length < 2) throw new Error(`initializers.orthogonal: needs a shape of rank >= 2, got ${showShape(shape)}`);
  const rows = sizeOf(shape.slice(0, -1));
  const cols = shape[shape.length - 1];
  if (rows === 0 || cols === 0) return full(shape, 0, dtype);
  const q = orthonormalColumns(sampleNormal(key, [Math.max(rows, cols), Math.min(rows, cols)], { dtype: "float64" }));
  const w = rows >= cols ? q : transpose(q);
  return reshape(astype(w, dtype), shape as unknown as number[]) as unknown as Tensor<Writable<typeof shape>>;
};

/**
 * An initializer multiplied by `gain` (e.g. orthogonal with gain √2 for ReLU layers).
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * nn.initializers.scaled(nn.initializers.orthogonal, Math.SQRT2)(random.key(0), [128, 128])
 * ```
 */
export function scaled(init: Initializer, gain: number): Initializer {
  return (key, shape, dtype = "float32") => times(init(key, shape, dtype), gain);
}
