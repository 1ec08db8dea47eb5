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
 * saveParams("ckpt", params, { format: "binary" })
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
 * saveParamsE("model.pdif", { params, optState, step: 1200 });
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
 * saveParams("mlp.pdif", params);
 * saveParams("mlp.json", params); // readable JSON
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
 * const restored = loadParamsE("mlp.pdif", { like: init(key(0)) });
 * if (isLeft(restored)) console.error(restored.left.message);
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
 * const params = loadParams("mlp.pdif", { like: initParams });
 */
export function loadParams<T = unknown>(path: string, options: LoadOptions<T> = {}): T {
  const result = loadParamsE(path, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
