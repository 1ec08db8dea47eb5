/**
 * Writing a file atomically: the bytes go to a temporary file beside it, flushed to disk,
 * then renamed over the target, so a crash never leaves a half-written file.
 * @module
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { left, right } from "fp-ts/Either";
import type { Either } from "../../either";

/**
 * Writes `bytes` to `path` atomically, or returns a `Left` with the I/O error prefixed by `op`.
 * @example
 * writeAtomically("saveParams model.pdif", "model.pdif", bytes); // Right(undefined)
 */
export function writeAtomically(op: string, path: string, bytes: Uint8Array): Either<Error, void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, "w");
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return right(undefined);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the temporary file could not even be created (e.g. its directory is a file): nothing to remove
    }
    return left(new Error(`${op}: ${e instanceof Error ? e.message : String(e)}`));
  }
}
