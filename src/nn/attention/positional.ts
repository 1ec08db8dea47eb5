import type { FloatDType } from "../../tensor/dtype";
import { tensor } from "../../tensor/create";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { add } from "../../ops/arithmetic";
import { asFloat } from "../../ops/operands";
import { slice } from "../../ops/indexing";
import { normal, type Initializer } from "../initializers";
import { expectShape, expectTensor, makeLayer, type Layer, type SameShape } from "../layer";

/**
 * Options of {@link sinusoidalEncoding}.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * nn.sinusoidalEncoding(128, 64, { base: 10000, dtype: "float64" })
 * ```
 */
export interface SinusoidalOptions {
  /** The wavelength base (default 10000, as in "Attention is all you need"). */
  readonly base?: number;
  /** Dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * The fixed sinusoidal position encoding of Vaswani et al., shape `[length, dim]`:
 * PE[p, 2i] = sin(p / base^(2i/dim)) and PE[p, 2i+1] = cos(p / base^(2i/dim)). Add it to
 * token embeddings `[batch, length, dim]` (it broadcasts over the batch).
 * @example
 * ```ts
 * import { add, nn, zeros } from "purediff";
 * const pe = nn.sinusoidalEncoding(50, 16);
 * pe.shape; // => [50, 16]
 * pe.slice([0, 0], [1, 4]).toArray(); // => [[0, 1, 0, 1]]
 * const tokens = zeros([2, 50, 16]);
 * add(tokens, pe).shape; // => [2, 50, 16]
 * ```
 */
export function sinusoidalEncoding(length: number, dim: number, options: SinusoidalOptions = {}): Tensor<[number, number]> {
  const { base = 10000, dtype = "float32" } = options;
  if (!Number.isInteger(length) || length < 1) throw new Error(`sinusoidalEncoding: length must be a positive integer, got ${length}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`sinusoidalEncoding: dim must be a positive integer, got ${dim}`);
  if (!(base > 0)) throw new Error(`sinusoidalEncoding: base must be positive, got ${base}`);
  const data = new Float64Array(length * dim);
  for (let p = 0; p < length; p++) {
    for (let j = 0; j < dim; j++) {
      const angle = p / base ** ((2 * Math.floor(j / 2)) / dim);
      data[p * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tensor(dtype === "float64" ? data : Float32Array.from(data), dtype, [length, dim]) as Tensor<[number, number]>;
}

/**
 * Parameters of {@link learnedPositional}: one learned vector per position.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { table }] = nn.learnedPositional(512).init(random.key(0), [-1, 128, 64]); // [512, 64]
 * ```
 */
export interface LearnedPositionalParams {
  readonly table: Tensor<[number, number]>;
}

/**
 * Options of {@link learnedPositional}.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, params] = nn.learnedPositional(512, { init: nn.initializers.normal(0.02), dtype: "float64" }).init(random.key(0), [-1, 128, 64]);
 * params.table.shape; // => [512, 64]
 * ```
 */
export interface LearnedPositionalOptions {
  /** Table initializer (default normal with std 0.02, as BERT and GPT-2). */
  readonly init?: Initializer;
  /** Table dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * A learned positional embedding (BERT, GPT-2): adds row t of a `[maxLength, dim]` table
 * to position t of inputs `[batch, length, dim]` (or `[length, dim]`), length ≤ maxLength.
 * @example
 * ```ts
 * import { nn, random, zeros } from "purediff";
 * const pos = nn.learnedPositional(512);
 * const [, params] = pos.init(random.key(0), [-1, 128, 64]);
 * const tokens = zeros([2, 128, 64]);
 * // tokens + table[0:128]
 * pos.apply(params, tokens).shape; // => [2, 128, 64]
 * ```
 */
export function learnedPositional(maxLength: number, options: LearnedPositionalOptions = {}): Layer<LearnedPositionalParams, SameShape> {
  const name = `learnedPositional(${maxLength})`;
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`learnedPositional: maxLength must be a positive integer, got ${maxLength}`);
  const { init = normal(0.02), dtype = "float32" } = options;
  const checkRank = (s: readonly number[]): void => {
    if (s.length !== 2 && s.length !== 3)
      throw new Error(`${name}: input x must have rank 3 [batch, length, dim] (or 2 without the batch), got shape ${showShape(s)}`);
  };
  return makeLayer<LearnedPositionalParams, SameShape>({
    name,
    init(key, inputShape) {
      const s = expectShape(name, inputShape);
      checkRank(s);
      const [len, dim] = s.slice(-2);
      if (dim === -1) throw new Error(`${name}: the last dimension (the features) of the input shape must be known, got ${showShape(s)}`);
      if (len > maxLength) throw new Error(`${name}: input x of shape ${showShape(s)} has length ${len} > maxLength ${maxLength}`);
      return [s, Object.freeze({ table: init(key, [maxLength, dim], dtype) as Tensor<[number, number]> })];
    },
    apply(params, input) {
      const x = asFloat(expectTensor(name, input));
      checkRank(x.shape);
      const [len, dim] = x.shape.slice(-2);
      const table = params.table as Tensor;
      if (dim !== table.shape[1])
        throw new Error(`${name}: input x of shape ${showShape(x.shape)} has ${dim} features, the table ${showShape(table.shape)} has ${table.shape[1]}`);
      if (len > table.shape[0])
        throw new Error(`${name}: input x of shape ${showShape(x.shape)} has length ${len} > maxLength ${table.shape[0]} (table ${showShape(table.shape)})`);
      return add(x, slice(table as Tensor<number[]>, [0, 0], [len, dim]) as Tensor);
    },
  });
}
