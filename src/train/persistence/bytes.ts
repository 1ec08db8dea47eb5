/**
 * Saving and loading params (any pytree of tensors) as bytes in memory, in the formats of
 * `saveParams`/`loadParams` (the `.pdif` binary format or JSON) with the same checksum and
 * `like` checks: what a browser page stores in IndexedDB or OPFS, downloads or uploads.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { decodeE, encodeE, MAGIC } from "./binary";
import { fromJsonE, toJsonE } from "./json";

/**
 * The formats: the compact binary `.pdif` or readable JSON.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const format: train.ParamsFormat = "json";
 * new TextDecoder().decode(train.paramsToBytes({ w: tensor([1]) }, { format })).startsWith("{"); // => true
 * ```
 */
export type ParamsFormat = "binary" | "json";

/**
 * Options of {@link paramsToBytes}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const bytes = train.paramsToBytes({ w: tensor([1]) }, { format: "json" } satisfies train.BytesOptions);
 * new TextDecoder().decode(bytes).startsWith("{"); // => true
 * ```
 */
export interface BytesOptions {
  /** The format (default `"binary"`). */
  readonly format?: ParamsFormat;
}

/**
 * Options of {@link paramsFromBytesE} and `loadParamsE`.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const bytes = train.paramsToBytes({ w: tensor([1, 2]) });
 * const r = train.paramsFromBytesE(bytes, { like: { w: tensor([0, 0]) } } satisfies train.LoadOptions<{ w: ReturnType<typeof tensor> }>);
 * r._tag; // => "Right"
 * ```
 */
export interface LoadOptions<T> {
  /**
   * A tree of the expected structure (e.g. freshly initialised params): the bytes must
   * match its structure, shapes and dtypes, and Immutable Records are rebuilt from it.
   */
  readonly like?: T;
  /** What the bytes are, for error messages (default `"paramsFromBytes"`). */
  readonly source?: string;
}

/**
 * `tree` as bytes (binary `.pdif` by default, or UTF-8 JSON), or a `Left` naming the leaf
 * that cannot be saved.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const bytes = train.paramsToBytesE({ w: tensor([1, 2], "float32") });
 * bytes._tag; // => "Right"
 * ```
 */
export function paramsToBytesE(tree: unknown, options: BytesOptions = {}): Either<Error, Uint8Array> {
  if (options.format === "json") {
    const text = toJsonE(tree, { indent: 1 });
    return isLeft(text) ? text : right(new TextEncoder().encode(text.right));
  }
  return encodeE(tree);
}

/**
 * `tree` as bytes; throws the error of {@link paramsToBytesE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const bytes = train.paramsToBytes({ w: tensor([1, 2], "float32") });
 * String.fromCharCode(...bytes.subarray(0, 4)); // => "PDIF"
 * ```
 */
export function paramsToBytes(tree: unknown, options: BytesOptions = {}): Uint8Array {
  const result = paramsToBytesE(tree, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The tree saved in `bytes` (binary or JSON, told apart by their content), or a `Left` with
 * a clear message: wrong magic, unsupported version, truncated, corrupt (checksum),
 * malformed, or not matching `like` (structure, shapes, dtypes). Nothing is thrown.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { w: tensor([1, 2], "float32") };
 * const back = train.paramsFromBytesE(train.paramsToBytes(params), { like: params });
 * back._tag; // => "Right"
 * ```
 */
export function paramsFromBytesE<T = unknown>(bytes: Uint8Array | ArrayBuffer, options: LoadOptions<T> = {}): Either<Error, T> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const source = options.source ?? "paramsFromBytes";
  const binary = view.length >= 4 && String.fromCharCode(view[0], view[1], view[2], view[3]) === MAGIC;
  let firstChar = 0;
  while (firstChar < view.length && isWhitespace(view[firstChar])) firstChar++;
  if (!binary && view[firstChar] === 0x7b /* { */) {
    const parsed = fromJsonE(new TextDecoder().decode(view), options.like);
    return isLeft(parsed) ? left(new Error(`${source}: ${parsed.left.message.replace(/^fromJson: /, "")}`, { cause: parsed.left })) : parsed;
  }
  return decodeE(view, options.like, { source });
}

/**
 * The tree saved in `bytes`; throws the error of {@link paramsFromBytesE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { w: tensor([1, 2], "float32") };
 * train.paramsFromBytes(train.paramsToBytes(params), { like: params }).w.toArray(); // => [1, 2]
 * ```
 */
export function paramsFromBytes<T = unknown>(bytes: Uint8Array | ArrayBuffer, options: LoadOptions<T> = {}): T {
  const result = paramsFromBytesE(bytes, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
