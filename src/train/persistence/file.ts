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
 * ```ts
 * import { tensor, train } from "purediff";
 * import { readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "params.txt");
 * const format: train.ParamsFormat = "json";
 * train.saveParams(path, { w: tensor([1]) }, { format });
 * readFileSync(path, "utf8").startsWith("{"); // => true
 * ```
 */
export type ParamsFormat = "binary" | "json";

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

/**
 * Options of {@link loadParamsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "ckpt.pdif");
 * train.saveParams(path, { w: tensor([1, 2]) });
 * const r = train.loadParamsE(path, { like: { w: tensor([0, 0]) } } satisfies train.LoadOptions<{ w: ReturnType<typeof tensor> }>);
 * r._tag; // => "Right"
 * ```
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
  const encoded = format === "json" ? toJsonE(tree, { indent: 1 }) : encodeE(tree);
  if (isLeft(encoded)) return left(new Error(`saveParams ${path}: ${encoded.left.message}`));
  const bytes = typeof encoded.right === "string" ? Buffer.from(encoded.right, "utf8") : encoded.right;
  return writeAtomically(`saveParams ${path}`, path, bytes);
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
