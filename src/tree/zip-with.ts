/**
 * `zipWith`: combine two trees of the same structure leaf by leaf.
 */
import { mapTrees } from "./map";
import type { IsLeaf, LeafOf, MapLeaves, RegisteredLeaf } from "./types";

/**
 * Applies `f` to the leaves at the same place of `a` and `b` and returns a tree of the
 * kind of `a`. Throws a {@link TreeMismatchError} (operation `tree.zipWith`, with both
 * structures and the first differing path) when `b` does not have the structure of `a`.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.zipWith((x: number, y: number) => x + y, { a: 1, b: [2, 3] }, { a: 10, b: [20, 30] }); // => { a: 11, b: [22, 33] }
 * let message = "";
 * try {
 *   tree.zipWith((x: number, y: number) => x + y, { a: 1, b: [2, 3] }, { a: 10, b: [20] });
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message; // => "tree.zipWith: structures differ at .b[1]: expected {a: *, b: [*, *]}, got {a: *, b: [*]} (array length 2 vs 1)"
 * ```
 */
export function zipWith<A, B, R, L = never>(
  f: (a: LeafOf<A, L | RegisteredLeaf>, b: LeafOf<B, L | RegisteredLeaf>) => R,
  a: A,
  b: B,
  isLeaf?: IsLeaf<L>,
): MapLeaves<A, L | RegisteredLeaf, R> {
  return mapTrees("tree.zipWith", f as (...leaves: unknown[]) => unknown, [a, b], isLeaf) as MapLeaves<A, L | RegisteredLeaf, R>;
}
