/**
 * Params as a `Blob` (for a download link, `IndexedDB`, OPFS or `fetch`) and back, in the
 * formats and with the checks of {@link paramsToBytes} / {@link paramsFromBytes}.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { paramsFromBytesE, paramsToBytesE, type BytesOptions, type LoadOptions } from "./bytes";

/**
 * `tree` as a `Blob` (type `application/octet-stream`, or `application/json` for JSON), or
 * a `Left` naming the leaf that cannot be saved.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const blob = train.paramsToBlobE({ w: tensor([1, 2], "float32") });
 * blob._tag; // => "Right"
 * ```
 */
export function paramsToBlobE(tree: unknown, options: BytesOptions = {}): Either<Error, Blob> {
  const bytes = paramsToBytesE(tree, options);
  if (isLeft(bytes)) return bytes;
  return right(new Blob([bytes.right], { type: options.format === "json" ? "application/json" : "application/octet-stream" }));
}

/**
 * `tree` as a `Blob`; throws the error of {@link paramsToBlobE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.paramsToBlob({ w: tensor([1, 2], "float32") }).type; // => "application/octet-stream"
 * ```
 */
export function paramsToBlob(tree: unknown, options: BytesOptions = {}): Blob {
  const result = paramsToBlobE(tree, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}

/**
 * The tree saved in `blob`, or a `Left` with what is wrong (as {@link paramsFromBytesE},
 * or the blob could not be read). The promise never rejects.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { w: tensor([1, 2], "float32") };
 * train.paramsFromBlobE(train.paramsToBlob(params), { like: params }).then((back) => console.log(back._tag)); // Right
 * ```
 */
export async function paramsFromBlobE<T = unknown>(blob: Blob, options: LoadOptions<T> = {}): Promise<Either<Error, T>> {
  const source = options.source ?? "paramsFromBlob";
  let buffer: ArrayBuffer;
  try {
    buffer = await blob.arrayBuffer();
  } catch (e) {
    return left(new Error(`${source}: cannot read the blob: ${e instanceof Error ? e.message : String(e)}`));
  }
  return paramsFromBytesE(buffer, { ...options, source });
}

/**
 * The tree saved in `blob`; rejects with the error of {@link paramsFromBlobE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { w: tensor([1, 2], "float32") };
 * train.paramsFromBlob(train.paramsToBlob(params), { like: params }).then((back) => console.log(back.w.toArray())); // [1, 2]
 * ```
 */
export async function paramsFromBlob<T = unknown>(blob: Blob, options: LoadOptions<T> = {}): Promise<T> {
  const result = await paramsFromBlobE(blob, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
