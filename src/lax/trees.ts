import { Tensor } from "../tensor/tensor";
import { scalar } from "../tensor/create";
import { sameAval, showAval, type Aval } from "../core/primitive";
import { isTensorLeaf } from "../core/leaves";
import { equalDefs, flatten, leafPaths, show, type TreeDef } from "../tree";

/**
 * Trees of tensors as control flow sees them: flattened to leaves (plain numbers become
 * float32 scalars) with their structure, and checked against the structure and types a
 * loop's carry or a conditional's branches must keep.
 */

/** A flattened tree of tensors. */
export interface FlatTree {
  readonly leaves: Tensor[];
  readonly def: TreeDef;
}

const showPathOrRoot = (path: string) => (path === "" ? "<root>" : path);

/** Flattens `tree`, whose leaves must be tensors or numbers, naming `op` and `what` in the error. */
export function flattenTensors(op: string, what: string, tree: unknown): FlatTree {
  const [raw, def] = flatten(tree, isTensorLeaf);
  const paths = leafPaths(def);
  const leaves = raw.map((leaf, i) => {
    if (typeof leaf === "number") return scalar(leaf);
    if (!(leaf instanceof Tensor)) {
      throw new Error(`${op}: ${what} leaf ${showPathOrRoot(paths[i])} is ${leaf === null ? "null" : typeof leaf}, not a tensor or number`);
    }
    return leaf;
  });
  return { leaves, def };
}

/**
 * Throws unless `got` has the structure `def` and the leaf types `avals`: `what` names
 * the value (the body's carry, a branch's output) and `reference` what it must match.
 */
export function checkSameTypes(op: string, what: string, reference: string, def: TreeDef, avals: readonly Aval[], got: FlatTree): void {
  if (!equalDefs(def, got.def)) {
    throw new Error(`${op}: ${what} has structure ${show(got.def)} but ${reference} has ${show(def)}`);
  }
  const paths = leafPaths(def);
  got.leaves.forEach((x, i) => {
    const a = avals[i];
    if (!sameAval(x, a)) {
      throw new Error(`${op}: ${what} at ${showPathOrRoot(paths[i])} has type ${showAval(x)} but ${reference} has ${showAval(a)}`);
    }
  });
}

/**
 * A tree of tensors with a leading axis added to every leaf (what `scan` stacks).
 * @example
 * ```ts
 * import { Tensor, lax } from "purediff";
 * type T = lax.Stacked<{ h: Tensor<[4]> }> // { h: Tensor<[number, 4]> }
 * ```
 */
export type Stacked<T> =
  T extends Tensor<infer S> ? Tensor<[number, ...S]> : T extends number ? Tensor<[number]> : T extends null | undefined ? T : { [K in keyof T]: Stacked<T[K]> };

/**
 * One step's slice of a stacked tree: every leaf without its leading axis.
 * @example
 * ```ts
 * import { Tensor, lax } from "purediff";
 * type T = lax.Slice<Tensor<[28, 128, 28]>> // Tensor<[128, 28]>
 * ```
 */
export type Slice<T> =
  T extends Tensor<readonly [number, ...infer R extends readonly number[]]>
    ? Tensor<R>
    : T extends Tensor
      ? Tensor
      : T extends null | undefined
        ? T
        : { [K in keyof T]: Slice<T[K]> };
