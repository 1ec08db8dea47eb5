/**
 * Files in a browser: there are none to read or write synchronously, so those calls throw
 * an error saying what to use instead; paths are joined the POSIX way.
 * @module
 */
import type { Files } from "../types";

const NO_FILES =
  "a browser page has no file system: fetch the bytes (or read a Blob) and use train.paramsFromBytes, train.paramsFromBlob, train.decodeSafetensors or train.parseCsv";

function unavailable(what: string): never {
  throw new Error(`${what}: ${NO_FILES}`);
}

/**
 * `parts` joined with `/`, with `.` and `..` segments resolved.
 * @example joinPosix("/a/b", "../c") // "/a/c"
 */
export function joinPosix(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  const absolute = joined.startsWith("/");
  const out: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (segment !== ".." || !absolute) out.push(segment);
  }
  const body = out.join("/");
  return absolute ? `/${body}` : body === "" ? "." : body;
}

/**
 * File access in a browser: reads and writes throw, paths work.
 * @example browserFiles.exists("data/iris.csv") // false
 */
export const browserFiles: Files = {
  readFile: (path) => unavailable(`cannot read ${path}`),
  exists: () => false,
  writeFileAtomically: (path) => unavailable(`cannot write ${path}`),
  gunzip: () => unavailable("cannot gunzip synchronously"),
  join: joinPosix,
  dirname: (path) => joinPosix(path, ".."),
  resolve: (path) => joinPosix("/", path),
  moduleDir: "/",
  cwd: () => "/",
  resolvePackageJson: () => undefined,
};
