/**
 * `map`: apply a function to every leaf of a tree (and the matching leaves of other
 * trees of the same structure), giving a tree of the same kind.
 */
import { TreeMismatchError } from "./errors";
import { flattenUntyped, unflattenUntyped } from "./flatten";
import { equalDefs } from "./treedef";
import type { IsLeaf, LeafOf, LeavesOf, MapLeaves, RegisteredLeaf } from "./types";

/**
 * Untyped core of `map`, `mapWith` and `zipWith`: flattens every tree, checks that each
 * has the structure of the first (else a {@link TreeMismatchError} naming `operation`),
 * applies `f` leaf by leaf in `flatten` order and rebuilds the first tree's structure.
 * Internal: not in the barrel.
 *
 * @example
 * mapTrees("tree.map", (a, b) => [a, b], [{ x: 1 }, { x: 2 }]); // { x: [1, 2] }
 */
export function mapTrees(operation: string, f: (...leaves: unknown[]) => unknown, trees: readonly unknown[], isLeaf?: (x: unknown) => boolean): unknown {
  const [first, def] = flattenUntyped(trees[0], isLeaf);
  const others: unknown[][] = [];
  for (let t = 1; t < trees.length; t++) {
    const [ls, d] = flattenUntyped(trees[t], isLeaf);
    if (!equalDefs(def, d)) {
      throw new TreeMismatchError(operation, def, d, trees.length > 2 ? { argument: t } : {});
    }
    others.push(ls);
  }
  const out = new Array<unknown>(first.length);
  if (others.length === 0) {
    for (let i = 0; i < first.length; i++) out[i] = f(first[i]);
  } else {
    for (let i = 0; i < first.length; i++) out[i] = f(first[i], ...others.map((ls) => ls[i]));
  }
  return unflattenUntyped(def, out, operation);
}

/**
 * Applies `f` to every leaf of `tree`, with the leaves at the same place of the `rest`
 * trees as further arguments, and returns a tree of the same kind (same container kinds,
 * Record factories, `null`/`undefined` subtrees). The `rest` trees must have the
 * structure of `tree`, else a {@link TreeMismatchError} is thrown. `f` is called once
 * per leaf, in `flatten` order; inputs are never mutated.
 *
 * At the type level the leaves are the parts of `tree` assignable to the registered leaf
 * types (`LeafTypes`); use {@link mapWith} for a custom leaf test.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.map((x) => x * 2, { w: [1, 2], b: 3 }); // => { b: 6, w: [2, 4] }
 * const params = { w: [1, 2], b: 3 };
 * const grads = { w: [1, 2], b: 3 };
 * // an SGD step
 * tree.map((p, g) => p - 0.1 * g, params, grads); // => { b: 2.7, w: [0.9, 1.8] }
 * ```
 */
export function map<T, R, Rest extends readonly unknown[] = []>(
  f: (leaf: LeafOf<T>, ...others: LeavesOf<Rest>) => R,
  tree: T,
  ...rest: Rest
): MapLeaves<T, RegisteredLeaf, R> {
  return mapTrees("tree.map", f as (...leaves: unknown[]) => unknown, [tree, ...rest]) as MapLeaves<T, RegisteredLeaf, R>;
}

/** Options of {@link mapWith}. */
export interface MapOptions<L = never> {
  /**
   * Stops the descent where it returns true (checked before anything else, `null`
   * included). A type guard `(x: unknown) => x is L` also makes `L` a leaf type for
   * the type checker.
   */
  readonly isLeaf?: IsLeaf<L>;
}

/**
 * {@link map} with options: a custom leaf test.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
 * const pairs = { u: [2, 3], v: [4, 5] } satisfies Record<string, [number, number]>;
 * tree.mapWith({ isLeaf: isPair }, ([a, b]) => a * b, pairs); // => { u: 6, v: 20 }
 * ```
 */
export function mapWith<T, R, Rest extends readonly unknown[] = [], L = never>(
  options: MapOptions<L>,
  f: (leaf: LeafOf<T, L | RegisteredLeaf>, ...others: LeavesOf<Rest, L | RegisteredLeaf>) => R,
  tree: T,
  ...rest: Rest
): MapLeaves<T, L | RegisteredLeaf, R> {
  return mapTrees("tree.map", f as (...leaves: unknown[]) => unknown, [tree, ...rest], options.isLeaf) as MapLeaves<T, L | RegisteredLeaf, R>;
}
