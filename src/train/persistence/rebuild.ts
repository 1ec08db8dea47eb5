/**
 * From the saved form back to a pytree: rebuild the structure (Immutable Records from
 * `like`, since a file cannot hold a Record factory), check it and every leaf's kind,
 * shape and dtype against `like` when given, and unflatten.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { showShape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { TreeMismatchError } from "../../tree/errors";
import { flattenUntyped, unflattenUntyped } from "../../tree/flatten";
import { leafPaths } from "../../tree/path";
import {
  arrayDef,
  equalDefs,
  LEAF,
  listDef,
  mapDef,
  NULL_DEF,
  objectDef,
  orderedMapDef,
  recordDef,
  show,
  showKeyLiteral,
  showName,
  UNDEFINED_DEF,
  type TreeDefNode,
} from "../../tree/treedef";
import type { SavedContainer, SavedNode } from "./schema";

/** Longest structure text an error message prints. */
const MAX_SHOWN = 2000;

/**
 * A saved structure as text, in the notation of `tree.show`: `*` for a leaf, `[...]`,
 * `{k: ...}`, `List(...)`, `Map{...}`, `OrderedMap{...}`, `Name{...}` for a Record.
 * @example
 * showSaved({ kind: "object", keys: ["w"], children: [{ kind: "leaf" }] }); // "{w: *}"
 */
export function showSaved(node: SavedNode, maxLength = Infinity): string {
  const out: string[] = [];
  let length = 0;
  const work: (string | SavedNode)[] = [node];
  while (work.length > 0) {
    if (length > maxLength) {
      out.push("…");
      break;
    }
    const item = work.pop() as string | SavedNode;
    let text: string | undefined;
    if (typeof item === "string") text = item;
    else if (item.kind === "leaf") text = "*";
    else if (item.kind === "null" || item.kind === "undefined") text = item.kind;
    if (text !== undefined) {
      out.push(text);
      length += text.length;
      continue;
    }
    const c = item as SavedContainer;
    const [open, close] =
      c.kind === "array"
        ? ["[", "]"]
        : c.kind === "List"
          ? ["List(", ")"]
          : c.kind === "object"
            ? ["{", "}"]
            : c.kind === "Record"
              ? [`${c.name}{`, "}"]
              : [`${c.kind}{`, "}"];
    const keys: readonly (string | number)[] | undefined = "keys" in c ? c.keys : undefined;
    out.push(open);
    length += open.length;
    work.push(close);
    for (let i = c.children.length - 1; i >= 0; i--) {
      work.push(c.children[i]);
      if (keys !== undefined) {
        const k = keys[i];
        work.push(`${typeof k === "string" ? showName(k) : showKeyLiteral(k)}: `);
      }
      if (i > 0) work.push(", ");
    }
  }
  return out.join("");
}

interface Frame {
  readonly saved: SavedContainer;
  /** The node of `like` at the same place, when it has the same kind and keys. */
  readonly like: TreeDefNode | undefined;
  readonly path: string;
  readonly children: TreeDefNode[];
}

function sameKeys(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The node of `like` that matches `saved` (same kind, length, keys), to pair their children. */
function matching(saved: SavedContainer, like: TreeDefNode | undefined): TreeDefNode | undefined {
  if (like === undefined || like.kind !== saved.kind) return undefined;
  const l = like as Exclude<TreeDefNode, { kind: "leaf" | "none" }>;
  if (l.children.length !== saved.children.length) return undefined;
  if ("keys" in saved && "keys" in l && !sameKeys(saved.keys, l.keys)) return undefined;
  if (saved.kind === "Record" && l.kind === "Record" && l.name !== saved.name) return undefined;
  return like;
}

function childPath(frame: Frame, i: number): string {
  const s = frame.saved;
  switch (s.kind) {
    case "array":
      return `${frame.path}[${i}]`;
    case "List":
      return `${frame.path}.get(${i})`;
    case "object":
    case "Record":
      return `${frame.path}.${s.keys[i]}`;
    default:
      return `${frame.path}.get(${showKeyLiteral(s.keys[i])})`;
  }
}

function leafNode(saved: SavedNode): TreeDefNode | undefined {
  if (saved.kind === "leaf") return LEAF;
  if (saved.kind === "null") return NULL_DEF;
  if (saved.kind === "undefined") return UNDEFINED_DEF;
  return undefined;
}

/**
 * The `TreeDef` of a saved structure, walking it with an explicit stack. Records are
 * rebuilt from the Record of `like` at the same place (same name and fields); without
 * one, a `Left` says so.
 */
function toDef(op: string, root: SavedNode, likeRoot: TreeDefNode | undefined): Either<Error, TreeDefNode> {
  const simple = leafNode(root);
  if (simple !== undefined) return right(simple);
  const start = (saved: SavedContainer, like: TreeDefNode | undefined, path: string): Frame => ({
    saved,
    like: matching(saved, like),
    path,
    children: [],
  });
  const stack: Frame[] = [start(root as SavedContainer, likeRoot, "")];
  for (;;) {
    const frame = stack[stack.length - 1];
    const { saved, like } = frame;
    const i = frame.children.length;
    if (i < saved.children.length) {
      const child = saved.children[i];
      const leaf = leafNode(child);
      if (leaf !== undefined) frame.children.push(leaf);
      else {
        const likeChild = like === undefined ? undefined : (like as Exclude<TreeDefNode, { kind: "leaf" | "none" }>).children[i];
        stack.push(start(child as SavedContainer, likeChild, childPath(frame, i)));
      }
      continue;
    }
    stack.pop();
    let def: TreeDefNode;
    const children = frame.children;
    switch (saved.kind) {
      case "array":
        def = arrayDef(children);
        break;
      case "List":
        def = listDef(children);
        break;
      case "object":
        def = objectDef(saved.keys.slice(), saved.nullPrototype === true, children);
        break;
      case "Map":
        def = mapDef(saved.keys.slice(), children);
        break;
      case "OrderedMap":
        def = orderedMapDef(saved.keys.slice(), children);
        break;
      case "Record": {
        const at = frame.path === "" ? "the root" : frame.path;
        const fields = saved.keys.map(showName).join(", ");
        if (likeRoot === undefined) {
          return left(
            new Error(
              `${op}: the file holds an Immutable Record ${saved.name}{${fields}} at ${at}; pass \`like\` (a tree of the same structure) to rebuild it`,
            ),
          );
        }
        if (like === undefined || like.kind !== "Record") {
          return left(
            new Error(
              `${op}: structures differ at ${at}: the file holds a Record ${saved.name}{${fields}} that \`like\` does not have there: ` +
                `expected ${show(likeRoot, { maxLength: MAX_SHOWN })}, got ${showSaved(root, MAX_SHOWN)}`,
            ),
          );
        }
        def = recordDef(like.template, saved.keys.slice(), children);
        break;
      }
    }
    if (stack.length === 0) return right(def);
    stack[stack.length - 1].children.push(def);
  }
}

function leafKind(x: unknown): string {
  if (x instanceof Tensor) return `a ${x.dtype}${showShape(x.shape)} tensor`;
  return `a ${typeof x}`;
}

/** A `Left` when the saved leaf does not fit the leaf of `like` (kind, shape, dtype). */
function checkLeaf(op: string, path: string, expected: unknown, got: unknown): Either<Error, void> {
  const at = path === "" ? "the root" : path;
  const mismatch = (): Either<Error, void> =>
    left(new Error(`${op}: the leaf at ${at} is ${leafKind(got)} in the file, but ${leafKind(expected)} in \`like\``));
  if (expected instanceof Tensor) {
    if (!(got instanceof Tensor)) return mismatch();
    const sameShape = expected.shape.length === got.shape.length && expected.shape.every((d: number, i: number) => d === got.shape[i]);
    if (!sameShape || expected.dtype !== got.dtype) return mismatch();
    return right(undefined);
  }
  const t = typeof expected;
  if (t === "number" || t === "boolean" || t === "string") return typeof got === t ? right(undefined) : mismatch();
  return right(undefined);
}

/**
 * The tree of a saved structure with its decoded leaves. With `like` (any tree of the
 * expected structure, e.g. freshly initialised params), the structure must equal
 * like's (else a `TreeMismatchError` printing both) and each leaf must have the kind,
 * shape and dtype of like's leaf at the same place (else a `Left` naming the path).
 * @example
 * rebuildTree("decode", { kind: "array", children: [{ kind: "leaf" }] }, [1], { present: false });
 * // Right([1])
 */
export function rebuildTree(
  op: string,
  structure: SavedNode,
  leaves: readonly unknown[],
  like: { readonly present: boolean; readonly value?: unknown },
): Either<Error, unknown> {
  let likeLeaves: unknown[] | undefined;
  let likeDef: TreeDefNode | undefined;
  if (like.present) {
    try {
      [likeLeaves, likeDef] = flattenUntyped(like.value);
    } catch (e) {
      return left(new Error(`${op}: cannot flatten \`like\`: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  const def = toDef(op, structure, likeDef);
  if (isLeft(def)) return def;
  if (likeDef !== undefined && likeLeaves !== undefined) {
    if (!equalDefs(likeDef, def.right)) return left(new TreeMismatchError(op, likeDef, def.right));
    let paths: string[] | undefined;
    for (let i = 0; i < leaves.length; i++) {
      const ok = checkLeaf(op, "", likeLeaves[i], leaves[i]);
      if (isLeft(ok)) {
        paths ??= leafPaths(likeDef);
        return checkLeaf(op, paths[i], likeLeaves[i], leaves[i]) as Either<Error, never>;
      }
    }
  }
  try {
    return right(unflattenUntyped(def.right, leaves, op));
  } catch (e) {
    return left(e instanceof Error ? e : new Error(String(e)));
  }
}
