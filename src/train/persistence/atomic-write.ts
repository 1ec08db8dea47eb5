/**
 * Writing a file atomically (on Node: the bytes go to a temporary file beside it, flushed
 * to disk, then renamed over the target), so a crash never leaves a half-written file.
 * @module
 */
import { left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { platform } from "../../platform";

/**
 * Writes `bytes` to `path` atomically, or returns a `Left` with the I/O error prefixed by `op`.
 * @example
 * writeAtomically("saveParams model.pdif", "model.pdif", bytes); // Right(undefined)
 */
export function writeAtomically(op: string, path: string, bytes: Uint8Array): Either<Error, void> {
  try {
    platform.files.writeFileAtomically(path, bytes);
    return right(undefined);
  } catch (e) {
    return left(new Error(`${op}: ${e instanceof Error ? e.message : String(e)}`));
  }
}
