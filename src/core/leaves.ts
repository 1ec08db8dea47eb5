import { Tensor } from "../tensor/tensor";
import { isFloat } from "../tensor/dtype";
import { scalar } from "../tensor/create";
import { showShape } from "../tensor/shape";
import { flatten, unflatten, type TreeDef } from "../tree";

/** A flattened argument tree: its tensor leaves and the structure to rebuild it. */
export interface FlatArgs {
  readonly leaves: Tensor[];
  readonly def: TreeDef;
}

/** Tensors are leaves; containers are descended. */
export const isTensorLeaf = (x: unknown): boolean => x instanceof Tensor;

/**
 * Flattens an argument tree whose leaves must be float tensors (plain numbers become
 * float32 scalars), or throws naming the transform, the argument and the leaf.
 */
export function flattenDifferentiable(transform: string, argName: string, tree: unknown): FlatArgs {
  const [raw, def] = flatten(tree, isTensorLeaf);
  const leaves = raw.map((leaf, i) => {
    if (typeof leaf === "number") return scalar(leaf);
    if (!(leaf instanceof Tensor)) {
      throw new Error(`${transform}: ${argName} leaf ${i} is ${describe(leaf)}, not a tensor or number`);
    }
    if (!isFloat(leaf.dtype)) {
      throw new Error(
        `${transform}: ${argName} leaf ${i} has dtype ${leaf.dtype} (shape ${showShape(leaf.shape)}); only float32 and float64 inputs can be differentiated`,
      );
    }
    return leaf;
  });
  return { leaves, def };
}

/** Flattens an output tree whose leaves must be tensors (numbers become float32 scalars). */
export function flattenOutputs(transform: string, tree: unknown): FlatArgs {
  const [raw, def] = flatten(tree, isTensorLeaf);
  const leaves = raw.map((leaf, i) => {
    if (typeof leaf === "number") return scalar(leaf);
    if (!(leaf instanceof Tensor)) throw new Error(`${transform}: output leaf ${i} is ${describe(leaf)}, not a tensor`);
    return leaf;
  });
  return { leaves, def };
}

/** Rebuilds a tree from its structure and new leaves. */
export function rebuild<T>(def: TreeDef, leaves: readonly unknown[]): T {
  return unflatten(def, leaves) as T;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return `an object of type ${(x as object).constructor?.name ?? "unknown"}`;
  return `${typeof x} ${String(x)}`;
}

declare module "../tree/types" {
  // Tensors are the leaves of parameter, gradient and state trees.
  interface LeafTypes {
    tensor: Tensor;
  }
}
