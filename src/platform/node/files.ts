/**
 * Files on Node: `node:fs`, `node:path`, `node:zlib`.
 * @module
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Files } from "../types";

function writeFileAtomically(path: string, bytes: Uint8Array): void {
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
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the temporary file could not even be created (e.g. its directory is a file): nothing to remove
    }
    throw e;
  }
}

function resolvePackageJson(name: string, from: readonly string[]): string | undefined {
  try {
    return require.resolve(`${name}/package.json`, { paths: [...from] });
  } catch {
    return undefined;
  }
}

/**
 * File access on Node; writes go to a temporary file beside the target, flushed to disk,
 * then renamed over it.
 * @example nodeFiles.writeFileAtomically("model.pdif", bytes)
 */
export const nodeFiles: Files = {
  readFile: (path) => {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  exists: (path) => existsSync(path),
  writeFileAtomically,
  gunzip: (bytes) => {
    const b = gunzipSync(bytes);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  join: (...parts) => join(...parts),
  dirname: (path) => dirname(path),
  resolve: (path) => resolve(path),
  moduleDir: __dirname,
  cwd: () => process.cwd(),
  resolvePackageJson,
};
