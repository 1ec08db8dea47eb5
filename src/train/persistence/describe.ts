/**
 * From a pytree to its saved form: `tree.flatten` it, describe the structure as plain
 * JSON ({@link SavedNode}) and each leaf as a value the formats can write.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import type { DType, TypedArray } from "../../tensor/dtype";
import { Tensor } from "../../tensor/tensor";
import { flattenUntyped } from "../../tree/flatten";
import { leafPaths } from "../../tree/path";
import type { TreeDefNode } from "../../tree/treedef";
import type { SavedNode } from "./schema";

/**
 * A leaf ready to be written: a tensor (a PRNG key is a uint32 tensor) with a copy of its
 * values, or a plain value.
 * @example
 * const v: LeafValue = { kind: "number", value: 3 };
 */
export type LeafValue =
  | { readonly kind: "tensor"; readonly dtype: DType; readonly shape: readonly number[]; readonly data: TypedArray }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "string"; readonly value: string };

/**
 * A tree described for saving.
 * @example
 * describeTree({ w: tensor([1]) }) // Right({ structure: {...}, leaves: [{ kind: "tensor", ... }] })
 */
export interface DescribedTree {
  readonly structure: SavedNode;
  readonly leaves: readonly LeafValue[];
}

interface Frame {
  readonly def: Exclude<TreeDefNode, { kind: "leaf" | "none" }>;
  readonly children: SavedNode[];
}

/** A finished saved node for a container whose children are all saved. */
function finish(frame: Frame, at: string): Either<Error, SavedNode> {
  const { def, children } = frame;
  switch (def.kind) {
    case "array":
    case "List":
      return right({ kind: def.kind, children });
    case "object":
      return right(def.nullPrototype ? { kind: "object", keys: def.keys, nullPrototype: true, children } : { kind: "object", keys: def.keys, children });
    case "Map":
      return right({ kind: "Map", keys: def.keys, children });
    case "OrderedMap": {
      const keys: (string | number)[] = [];
      for (const k of def.keys) {
        if (typeof k === "string" || (typeof k === "number" && Number.isFinite(k))) keys.push(k);
        else return left(new Error(`an OrderedMap${at} has a key of type ${typeof k}; only string and finite number keys can be saved`));
      }
      return right({ kind: "OrderedMap", keys, children });
    }
    case "Record":
      return right({ kind: "Record", name: def.name, keys: def.keys, children });
  }
}

/**
 * The saved form of a structure, walking it with an explicit stack.
 * @example
 * savedStructure(structure({ a: [1, 2] }));
 * // { kind: "object", keys: ["a"], children: [{ kind: "array", children: [{ kind: "leaf" }, { kind: "leaf" }] }] }
 */
export function savedStructure(def: TreeDefNode): Either<Error, SavedNode> {
  const simple = (d: TreeDefNode): SavedNode | undefined =>
    d.kind === "leaf" ? { kind: "leaf" } : d.kind === "none" ? { kind: d.value === null ? "null" : "undefined" } : undefined;
  const top = simple(def);
  if (top !== undefined) return right(top);
  const stack: Frame[] = [{ def: def as Frame["def"], children: [] }];
  for (;;) {
    const frame = stack[stack.length - 1];
    if (frame.children.length < frame.def.children.length) {
      const child = frame.def.children[frame.children.length];
      const s = simple(child);
      if (s !== undefined) frame.children.push(s);
      else stack.push({ def: child as Frame["def"], children: [] });
      continue;
    }
    stack.pop();
    const done = finish(frame, stack.length === 0 ? "" : " inside the tree");
    if (isLeft(done)) return done;
    if (stack.length === 0) return done;
    stack[stack.length - 1].children.push(done.right);
  }
}

function describeValue(x: unknown): string {
  if (typeof x === "object" && x !== null) return `an object of class ${x.constructor?.name ?? "unknown"}`;
  return `a ${typeof x}`;
}

/**
 * A leaf as a value the formats can write, or a `Left` naming its path.
 * @example
 * leafValue(tensor([1, 2]), ".w"); // Right({ kind: "tensor", dtype: "float32", shape: [2], data: Float32Array [1, 2] })
 */
export function leafValue(leaf: unknown, path: string): Either<Error, LeafValue> {
  const at = path === "" ? "the root" : path;
  if (leaf instanceof Tensor) {
    try {
      return right({ kind: "tensor", dtype: leaf.dtype, shape: leaf.shape.slice(), data: leaf.data() });
    } catch (e) {
      return left(new Error(`the tensor at ${at} has no concrete values (a tracer?): ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  if (typeof leaf === "number") return right({ kind: "number", value: leaf });
  if (typeof leaf === "boolean") return right({ kind: "boolean", value: leaf });
  if (typeof leaf === "string") return right({ kind: "string", value: leaf });
  return left(new Error(`the leaf at ${at} is ${describeValue(leaf)}; only tensors (PRNG keys included), numbers, booleans and strings can be saved`));
}

/**
 * A tree's saved structure and its leaves ready to be written, or a `Left` naming the
 * first leaf or container that cannot be saved.
 * @example
 * describeTree({ w: tensor([1, 2]), step: 3 }).right.leaves.length; // 2
 */
export function describeTree(tree: unknown): Either<Error, DescribedTree> {
  let flat: [unknown[], TreeDefNode];
  try {
    flat = flattenUntyped(tree);
  } catch (e) {
    return left(e instanceof Error ? e : new Error(String(e)));
  }
  const [leaves, def] = flat;
  const structure = savedStructure(def);
  if (isLeft(structure)) return structure;
  const out: LeafValue[] = [];
  for (let i = 0; i < leaves.length; i++) {
    const v = leafValue(leaves[i], "");
    // the path is only worked out for the message
    if (isLeft(v)) return leafValue(leaves[i], leafPaths(def)[i]) as Either<Error, never>;
    out.push(v.right);
  }
  return right({ structure: structure.right, leaves: out });
}
