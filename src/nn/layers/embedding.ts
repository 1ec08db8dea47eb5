import type { FloatDType } from "../../tensor/dtype";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { showShape } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { take } from "../../ops/indexing";
import { normal, type Initializer } from "../initializers";
import { expectShape, expectTensor, makeLayer, type Layer, type ShapeMap } from "../layer";

/**
 * Parameters of {@link embedding}: the table of one `dim`-vector per token id.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [, { table }] = nn.embedding(1000, 64).init(random.key(0), [-1, 12]); // [1000, 64]
 * ```
 */
export interface EmbeddingParams<D extends number = number> {
  readonly table: Tensor<[number, D]>;
}

/**
 * Shape map of `embedding(vocab, D)`: ids of any shape `[...]` → `[..., D]`.
 * @example
 * ```ts
 * import { nn } from "purediff";
 * type S = nn.OutShape<nn.EmbeddingShape<64>, [32, 12]> // [32, 12, 64]
 * ```
 */
export interface EmbeddingShape<D extends number> extends ShapeMap {
  readonly out: this["in"] extends readonly number[] ? [...this["in"], D] : number[];
}

/**
 * Options of {@link embedding}.
 * @example
 * ```ts
 * import { nn, random } from "purediff";
 * const [outShape, params] = nn.embedding(1000, 64, { init: nn.initializers.normal(0.02), dtype: "float64" }).init(random.key(0), [-1, 10]);
 * outShape; // => [-1, 10, 64]
 * params.table.dtype; // => "float64"
 * ```
 */
export interface EmbeddingOptions {
  /** Table initializer (default normal with std 1, as PyTorch's nn.Embedding). */
  readonly init?: Initializer;
  /** Table dtype (default float32). */
  readonly dtype?: FloatDType;
}

/**
 * A lookup table from token ids to learned vectors: int32 ids of any shape `[...]` give
 * `[..., dim]` (row `id` of the table, by `take`). The gradient reaches only the rows the
 * ids select (a scatter-add of the output's cotangent).
 *
 * Ids must lie in [0, vocab). Concrete ids (eager calls, `grad`) are checked before the
 * lookup: an id outside is an error naming the layer, the id and its position. Under
 * `jit` or `vmap` the ids are not known when the layer runs, so the check is `take`'s:
 * a negative id counts from the end of the table (−1 is the last row, as in NumPy), and
 * an id ≥ vocab makes the compiled program throw `take`'s "index … is out of range" error
 * when it executes.
 * @example
 * ```ts
 * import { nn, random, tensor } from "purediff";
 * const emb = nn.embedding(1000, 64);
 * const [outShape, params] = emb.init(random.key(0), [-1, 12]); // outShape [-1, 12, 64]
 * const h = emb.apply(params, tensor([[1, 5, 7]], "int32")); // [1, 3, 64]
 * ```
 */
export function embedding<const D extends number>(vocab: number, dim: D, options: EmbeddingOptions = {}): Layer<EmbeddingParams<D>, EmbeddingShape<D>> {
  const name = `embedding(${vocab}, ${dim})`;
  if (!Number.isInteger(vocab) || vocab < 1) throw new Error(`embedding: vocab must be a positive integer, got ${vocab}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`embedding: dim must be a positive integer, got ${dim}`);
  const { init = normal(1), dtype = "float32" } = options;
  return makeLayer<EmbeddingParams<D>, EmbeddingShape<D>>({
    name,
    init(key, inputShape) {
      const s = expectShape(name, inputShape);
      return [[...s, dim], Object.freeze({ table: init(key, [vocab, dim], dtype) as Tensor<[number, D]> })];
    },
    apply(params, input) {
      const ids = expectTensor(name, input);
      const table = params.table as Tensor;
      if (ids.dtype !== "int32") throw new Error(`${name}: token ids must be int32, got ${ids.dtype} ids of shape ${showShape(ids.shape)}`);
      const rows = table.shape[0];
      if (ids instanceof ConcreteTensor) {
        const data = dataOf(ids);
        for (let i = 0; i < data.length; i++) {
          if (data[i] < 0 || data[i] >= rows) {
            throw new Error(
              `${name}: token id ${data[i]} (at flat index ${i} of ids of shape ${showShape(ids.shape)}) is outside the vocabulary [0, ${rows}) of table ${showShape(table.shape)}`,
            );
          }
        }
      }
      return take(table, ids, 0);
    },
  });
}
