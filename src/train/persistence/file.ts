/**
 * Saving and loading params (and optimizer states, any pytree of tensors) to and from
 * files: the compact `.pdif` binary format by default, JSON when the path ends in
 * `.json`. Loading tells the two apart by their content.
 * @module
 */
import { readFileSync } from "node:fs";
import { isLeft, left } from "fp-ts/Either";
import type { Either } from "../../either";
import { writeAtomically } from "./atomic-write";
import { decodeE, encodeE, MAGIC } from "./binary";
import { fromJsonE, toJsonE } from "./json";

/**
 * The on-disk formats.
 * @example
 * saveParams("params.txt", params, { format: "json" })
 */
export type ParamsFormat = "binary" | "json";

/**
 * Options of {@link saveParams}.
 * @example
 * saveParams("ckpt", params, { format: "binary" })
 */
export interface SaveOptions {
  /** The format (default: `"json"` when the path ends in `.json`, else `"binary"`). */
  readonly format?: ParamsFormat;
}

/**
 * Options of {@link loadParamsE}.
 * @example
 * loadParamsE("ckpt.pdif", { like: initParams })
 */
export interface LoadOptions<T> {
  /**
   * A tree of the expected structure (e.g. freshly initialised params): the file must
   * match its structure, shapes and dtypes, and Immutable Records are rebuilt from it.
   */
  readonly like?: T;
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
  const encoded = format === "json" ? toJsonE(tree, { indent: 1 }) : encodeE(tree);
  if (isLeft(encoded)) return left(new Error(`saveParams ${path}: ${encoded.left.message}`));
  const bytes = typeof encoded.right === "string" ? Buffer.from(encoded.right, "utf8") : encoded.right;
  return writeAtomically(`saveParams ${path}`, path, bytes);
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
    bytes = readFileSync(path);
  } catch (e) {
    return left(new Error(`loadParams ${path}: ${message(e)}`));
  }
  const source = `loadParams ${path}`;
  const binary = bytes.length >= 4 && String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) === MAGIC;
  let firstChar = 0;
  while (firstChar < bytes.length && (bytes[firstChar] === 0x20 || bytes[firstChar] === 0x0a || bytes[firstChar] === 0x0d || bytes[firstChar] === 0x09)) firstChar++;
  if (!binary && bytes[firstChar] === 0x7b /* { */) {
    const parsed = fromJsonE(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"), options.like);
    return isLeft(parsed) ? left(new Error(`${source}: ${parsed.left.message.replace(/^fromJson: /, "")}`, { cause: parsed.left })) : parsed;
  }
  return decodeE(bytes, options.like, { source });
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
