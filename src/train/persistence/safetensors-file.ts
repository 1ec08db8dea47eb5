/**
 * Saving and loading pytrees of tensors as safetensors files (see `safetensors.ts` for the
 * format): the files PyTorch, JAX (via `safetensors.flax`), TensorFlow.js converters and
 * the Hugging Face hub exchange.
 * @module
 */
import { isLeft, left, map } from "fp-ts/Either";
import type { Either } from "../../either";
import { writeAtomically } from "./atomic-write";
import { decodeSafetensorsE, encodeSafetensorsE, type SafetensorsLoadOptions, type SafetensorsMetadata } from "./safetensors";
import type { Tensor } from "../../tensor/tensor";
import { platform } from "../../platform";

/**
 * Options of {@link saveSafetensors}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "lenet.safetensors");
 * train.saveSafetensors(path, { W: tensor([1]) }, { metadata: { epochs: "10" } } satisfies train.SafetensorsSaveOptions);
 * ```
 */
export interface SafetensorsSaveOptions {
  /** The `__metadata__` block: text keys and values. */
  readonly metadata?: SafetensorsMetadata;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes a tree of tensors to `path` as safetensors (atomically), names from the tree
 * paths (`layers.0.W`); or a `Left` naming the leaf that is not a tensor or the I/O error.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "mlp.safetensors");
 * const [W, b] = [tensor([[1, 2]]), tensor([3])];
 * // tensors "dense1.W", "dense1.b"
 * train.saveSafetensorsE(path, { dense1: { W, b } })._tag; // => "Right"
 * Object.keys(train.loadSafetensors(path)); // => ["dense1.W", "dense1.b"]
 * ```
 */
export function saveSafetensorsE(path: string, tree: unknown, options: SafetensorsSaveOptions = {}): Either<Error, void> {
  const bytes = encodeSafetensorsE(tree, options.metadata);
  if (isLeft(bytes)) return left(new Error(`saveSafetensors ${path}: ${bytes.left.message.replace(/^encodeSafetensors: /, "")}`));
  return writeAtomically(`saveSafetensors ${path}`, path, bytes.right);
}

/**
 * Writes a tree of tensors to `path` as safetensors; throws the error of {@link saveSafetensorsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const params = { conv1: { W: tensor([1, 2]) } };
 * train.saveSafetensors(join(tmpdir(), "lenet.safetensors"), params, { metadata: { model: "LeNet-5" } });
 * ```
 */
export function saveSafetensors(path: string, tree: unknown, options: SafetensorsSaveOptions = {}): void {
  const result = saveSafetensorsE(path, tree, options);
  if (isLeft(result)) throw result.left;
}

/**
 * The tensors of the safetensors file at `path`, rebuilt into `like`'s structure (each
 * leaf read from the tensor its path names, shapes and dtypes checked), or a record of
 * tensors by name without `like`; or a `Left` with what is wrong. Nothing is thrown.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "model.safetensors");
 * train.saveSafetensors(path, { W: tensor([1, 2]) });
 * const params = train.loadSafetensorsE(path, { like: { W: tensor([0, 0]) } });
 * params._tag; // => "Right"
 * ```
 */
export function loadSafetensorsE<T = Record<string, Tensor>>(path: string, options: SafetensorsLoadOptions<T> = {}): Either<Error, T> {
  let bytes: Uint8Array;
  try {
    bytes = platform.files.readFile(path);
  } catch (e) {
    return left(new Error(`loadSafetensors ${path}: ${message(e)}`));
  }
  const decoded = decodeSafetensorsE(bytes, options, `loadSafetensors ${path}`);
  return map((d: { readonly tree: T }) => d.tree)(decoded);
}

/**
 * The tensors of the safetensors file at `path`; throws the error of {@link loadSafetensorsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "model.safetensors");
 * train.saveSafetensors(path, { dense: { W: tensor([[1, 2]]) } });
 * const params = train.loadSafetensors(path, { like: { dense: { W: tensor([[0, 0]]) } } });
 * params.dense.W.toArray(); // => [[1, 2]]
 * const byName = train.loadSafetensors(path);
 * Object.keys(byName); // => ["dense.W"]
 * ```
 */
export function loadSafetensors<T = Record<string, Tensor>>(path: string, options: SafetensorsLoadOptions<T> = {}): T {
  const result = loadSafetensorsE(path, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
