/**
 * Saving and loading params (and optimizer states, any pytree of tensors) to and from
 * files: the compact `.pdif` binary format by default, JSON when the path ends in
 * `.json`. Loading tells the two apart by their content.
 * @module
 */
import { isLeft, left } from "fp-ts/Either";
import type { Either } from "../../either";
import { platform } from "../../platform";
import { writeAtomically } from "./atomic-write";
import { paramsFromBytesE, paramsToBytesE, type LoadOptions, type ParamsFormat } from "./bytes";

/**
 * Options of {@link saveParams}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * train.saveParams(join(tmpdir(), "ckpt"), { w: tensor([1]) }, { format: "binary" } satisfies train.SaveOptions);
 * ```
 */
export interface SaveOptions {
  /** The format (default: `"json"` when the path ends in `.json`, else `"binary"`). */
  readonly format?: ParamsFormat;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes `tree` to `path` (atomically: a temporary file renamed over it), or returns a
 * `Left` naming a leaf that cannot be saved or the I/O error.
 * @example
 * ```ts
 * import { optim, tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const params = { w: tensor([1, 2]) };
 * const optState = optim.adam(1e-3).init(params);
 * train.saveParamsE(join(tmpdir(), "model.pdif"), { params, optState, step: 1200 })._tag; // => "Right"
 * ```
 */
export function saveParamsE(path: string, tree: unknown, options: SaveOptions = {}): Either<Error, void> {
  const format = options.format ?? (path.toLowerCase().endsWith(".json") ? "json" : "binary");
  const encoded = paramsToBytesE(tree, { format });
  if (isLeft(encoded)) return left(new Error(`saveParams ${path}: ${encoded.left.message}`));
  return writeAtomically(`saveParams ${path}`, path, encoded.right);
}

/**
 * Writes `tree` to `path`; throws the error of {@link saveParamsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const params = { W: tensor([[1, 2]]), b: tensor([0]) };
 * train.saveParams(join(tmpdir(), "mlp.pdif"), params);
 * // readable JSON
 * train.saveParams(join(tmpdir(), "mlp.json"), params);
 * ```
 */
export function saveParams(path: string, tree: unknown, options: SaveOptions = {}): void {
  const result = saveParamsE(path, tree, options);
  if (isLeft(result)) throw result.left;
}

/**
 * The tree saved at `path` (binary or JSON), or a `Left` with a clear message: missing
 * file, wrong magic, unsupported version, truncated, corrupt (checksum), malformed, or
 * not matching `like` (structure — printing both —, shapes, dtypes). Nothing is thrown.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const restored = train.loadParamsE(join(tmpdir(), "no-such-file.pdif"), { like: { w: tensor([0]) } });
 * restored._tag; // => "Left"
 * ```
 */
export function loadParamsE<T = unknown>(path: string, options: LoadOptions<T> = {}): Either<Error, T> {
  let bytes: Uint8Array;
  try {
    bytes = platform.files.readFile(path);
  } catch (e) {
    return left(new Error(`loadParams ${path}: ${message(e)}`));
  }
  return paramsFromBytesE(bytes, { ...options, source: `loadParams ${path}` });
}

/**
 * The tree saved at `path`; throws the error of {@link loadParamsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "mlp.pdif");
 * const initParams = { w: tensor([0, 0]) };
 * train.saveParams(path, { w: tensor([1, 2]) });
 * const params = train.loadParams(path, { like: initParams });
 * params.w.toArray(); // => [1, 2]
 * ```
 */
export function loadParams<T = unknown>(path: string, options: LoadOptions<T> = {}): T {
  const result = loadParamsE(path, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
