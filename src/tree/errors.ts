/**
 * Errors of the tree functions: structures that should match but do not, and a leaf
 * list whose length does not fit a structure.
 */
import { showPath, showPathKey } from "./path";
import { diffDefs, show, type PathKey, type TreeDefNode } from "./treedef";

/** Longest structure (or path) text an error message prints. */
const MAX_SHOWN = 2000;

/** `…` and the last steps of a long path, at most about `MAX_SHOWN` characters. */
function pathTail(path: readonly PathKey[]): string {
  const steps: string[] = [];
  let length = 0;
  for (let i = path.length - 1; i >= 0 && length < MAX_SHOWN; i--) {
    const step = showPathKey(path[i]);
    steps.push(step);
    length += step.length;
  }
  return `…${steps.reverse().join("")}`;
}

/** Options of {@link TreeMismatchError}. */
export interface MismatchOptions {
  /**
   * Which tree (0-based argument position among the trees) differs from the first one,
   * when an operation takes more than two trees.
   */
  readonly argument?: number;
}

/**
 * Two trees that must have the same structure do not. The message names the operation,
 * the first path where they differ (`<root>` for the root) and prints both structures:
 * `tree.zipWith: structures differ at .b[1]: expected {a: *, b: [*, *]}, got {a: *, b: [*]} (array length 2 vs 1)`.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * try {
 *   tree.zipWith((x, y) => x + y, { a: 1, b: [1, 2] }, { a: 1, b: [1] });
 * } catch (e) {
 *   if (e instanceof tree.TreeMismatchError) e.pathText; // ".b[1]"
 * }
 * ```
 */
export class TreeMismatchError extends Error {
  override readonly name = "TreeMismatchError";
  /** The operation that failed, e.g. `tree.map`. */
  readonly operation: string;
  /** The reference structure (the first tree's). */
  readonly expected: TreeDefNode;
  /** The structure that differs from it. */
  readonly actual: TreeDefNode;
  /** The first path where they differ. */
  readonly path: readonly PathKey[];
  /** The same path as text, `""` for the root. */
  readonly pathText: string;
  /** What differs at that path, e.g. `array length 2 vs 1`. */
  readonly reason: string;

  /**
   * @example
   * new TreeMismatchError("tree.map", structure([1, 2]), structure([1])).message;
   * // "tree.map: structures differ at [1]: expected [*, *], got [*] (array length 2 vs 1)"
   */
  constructor(operation: string, expected: TreeDefNode, actual: TreeDefNode, options: MismatchOptions = {}) {
    const diff = diffDefs(expected, actual) ?? { path: [], reason: "structures are equal" };
    const pathText = showPath(diff.path);
    const which = options.argument === undefined ? "" : `tree ${options.argument} vs tree 0: `;
    const shownPath = pathText === "" ? "<root>" : pathText.length > MAX_SHOWN ? pathTail(diff.path) : pathText;
    super(
      `${operation}: structures differ at ${shownPath}: ` +
        `expected ${show(expected, { maxLength: MAX_SHOWN })}, got ${show(actual, { maxLength: MAX_SHOWN })} ` +
        `(${which}${diff.reason})`,
    );
    this.operation = operation;
    this.expected = expected;
    this.actual = actual;
    this.path = diff.path;
    this.pathText = pathText;
    this.reason = diff.reason;
  }
}

/**
 * A list of leaves does not have as many leaves as the structure it should fill.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * try {
 *   tree.unflatten(tree.structure([1, 2, 3]), [1, 2]);
 * } catch (e) {
 *   if (e instanceof tree.LeafCountError) [e.expectedCount, e.actualCount]; // [3, 2]
 * }
 * ```
 */
export class LeafCountError extends Error {
  override readonly name = "LeafCountError";
  /** The operation that failed, e.g. `tree.unflatten`. */
  readonly operation: string;
  /** Number of leaves the structure has. */
  readonly expectedCount: number;
  /** Number of leaves given. */
  readonly actualCount: number;

  /**
   * @example
   * new LeafCountError("tree.unflatten", structure([1, 2, 3]), 2).message;
   * // "tree.unflatten: the structure [*, *, *] has 3 leaves, got 2 leaves"
   */
  constructor(operation: string, def: TreeDefNode, actualCount: number) {
    const plural = (n: number): string => `${n} ${n === 1 ? "leaf" : "leaves"}`;
    super(`${operation}: the structure ${show(def, { maxLength: MAX_SHOWN })} has ${plural(def.numLeaves)}, ` + `got ${plural(actualCount)}`);
    this.operation = operation;
    this.expectedCount = def.numLeaves;
    this.actualCount = actualCount;
  }
}
