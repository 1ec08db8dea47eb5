/**
 * `flatten` / `unflatten`: a tree as its list of leaves plus its structure, and back.
 * Both walk the tree with an explicit stack (no recursion), so a tree may be nested
 * arbitrarily deep. Neither ever mutates its input.
 */
import { isRecord, List, Map as IMap, OrderedMap } from "immutable";
import { LeafCountError } from "./errors";
import { leafKeyPaths, leafPaths, showPathKey } from "./path";
import {
  arrayDef,
  compareMapKeys,
  LEAF,
  listDef,
  mapDef,
  NULL_DEF,
  objectDef,
  orderedMapDef,
  recordDef,
  UNDEFINED_DEF,
  type AnyRecord,
  type ContainerDef,
  type ContainerKind,
  type PathKey,
  type TreeDef,
  type TreeDefNode,
} from "./treedef";
import type { IsLeaf, LeafOf, RegisteredLeaf, Unflattened } from "./types";

/** A container being flattened: its values still to visit and the structures of those already visited. */
class Frame {
  next = 0;
  readonly children: TreeDefNode[] = [];
  constructor(
    readonly kind: ContainerKind,
    /** The container itself. */
    readonly source: object,
    /** The children, in flatten order. */
    readonly values: readonly unknown[],
    /** Their keys (objects, Maps, OrderedMaps, Records). */
    readonly keys: unknown[] | undefined,
  ) {}

  /** The structure of the container, once every child has been visited. */
  finish(): ContainerDef {
    const { children } = this;
    switch (this.kind) {
      case "array":
        return arrayDef(children);
      case "List":
        return listDef(children);
      case "object":
        return objectDef(this.keys as string[], Object.getPrototypeOf(this.source) === null, children);
      case "Map":
        return mapDef(this.keys as (string | number)[], children);
      case "OrderedMap":
        return orderedMapDef(this.keys as unknown[], children);
      case "Record":
        return recordDef(this.source as AnyRecord, this.keys as string[], children);
    }
  }
}

function isPlainObject(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits `[key, value]` entries into the frame of a keyed container. */
function keyedFrame(kind: ContainerKind, source: object, entries: readonly (readonly [unknown, unknown])[]): Frame {
  const keys = new Array<unknown>(entries.length);
  const values = new Array<unknown>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    keys[i] = entries[i][0];
    values[i] = entries[i][1];
  }
  return new Frame(kind, source, values, keys);
}

/**
 * Either the structure of `x` when it has no children to visit (a leaf, `null`,
 * `undefined`), pushing `x` to `leaves` when it is a leaf; or a frame for its children.
 */
function open(x: unknown, isLeaf: ((x: unknown) => boolean) | undefined, leaves: unknown[]): TreeDefNode | Frame {
  if (isLeaf?.(x)) {
    leaves.push(x);
    return LEAF;
  }
  if (x === null) return NULL_DEF;
  if (x === undefined) return UNDEFINED_DEF;
  if (typeof x !== "object") {
    leaves.push(x);
    return LEAF;
  }
  if (Array.isArray(x)) return new Frame("array", x, x, undefined);
  if (List.isList(x)) return new Frame("List", x, x.toArray(), undefined);
  if (OrderedMap.isOrderedMap(x)) return keyedFrame("OrderedMap", x, Array.from(x.entries()));
  if (IMap.isMap(x)) {
    const entries: [string | number, unknown][] = [];
    for (const [k, v] of x.entries()) {
      if (typeof k !== "string" && typeof k !== "number") {
        throw new TypeError(
          `tree.flatten: the keys of an Immutable Map must be strings or numbers (they are sorted by their ` +
            `string form), got a key of type ${k === null ? "null" : typeof k}; use an OrderedMap for other keys`,
        );
      }
      entries.push([k, v]);
    }
    entries.sort((a, b) => compareMapKeys(a[0], b[0]));
    return keyedFrame("Map", x, entries);
  }
  if (isRecord(x)) return keyedFrame("Record", x, Array.from(x as Iterable<[string, unknown]>));
  if (isPlainObject(x)) {
    const obj = x as { readonly [key: string]: unknown };
    const keys = Object.keys(obj).sort(byString);
    const values = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = obj[keys[i]];
    return new Frame("object", x, values, keys);
  }
  leaves.push(x);
  return LEAF;
}

/**
 * Untyped `flatten` shared by every tree function (internal: not in the barrel).
 * @example
 * flattenUntyped([1, [2]])[0]; // [1, 2]
 */
export function flattenUntyped(tree: unknown, isLeaf?: (x: unknown) => boolean): [unknown[], TreeDefNode] {
  const leaves: unknown[] = [];
  const first = open(tree, isLeaf, leaves);
  if (!(first instanceof Frame)) return [leaves, first];
  const stack: Frame[] = [first];
  // The containers from the root to the one being visited: meeting one again is a cycle.
  const onPath = new Set<object>([first.source]);
  for (;;) {
    const top = stack[stack.length - 1];
    if (top.next < top.values.length) {
      const opened = open(top.values[top.next++], isLeaf, leaves);
      if (opened instanceof Frame) {
        if (onPath.has(opened.source)) throw new TypeError(cycleMessage(stack));
        onPath.add(opened.source);
        stack.push(opened);
      } else top.children.push(opened);
      continue;
    }
    stack.pop();
    onPath.delete(top.source);
    const def = top.finish();
    if (stack.length === 0) return [leaves, def];
    stack[stack.length - 1].children.push(def);
  }
}

/** The message for a container that contains itself, with the path from the root to where it is met again. */
function cycleMessage(stack: readonly Frame[]): string {
  const path = stack.map((frame) => {
    const i = frame.next - 1;
    const container = frame.kind;
    const key = frame.keys === undefined ? i : frame.keys[i];
    return showPathKey({ container, key } as PathKey);
  });
  return `tree.flatten: the tree contains itself: the container at ${path.join("") || "the root"} is one of its own ancestors (a circular reference); trees must be acyclic`;
}

/** A container being rebuilt: its structure and the values of the children rebuilt so far. */
interface BuildFrame {
  readonly def: ContainerDef;
  readonly values: unknown[];
}

function build(def: ContainerDef, values: unknown[]): unknown {
  switch (def.kind) {
    case "array":
      return values;
    case "object": {
      const obj: { [key: string]: unknown } = def.nullPrototype ? Object.create(null) : {};
      def.keys.forEach((k, i) => {
        if (k === "__proto__") {
          Object.defineProperty(obj, k, { value: values[i], writable: true, enumerable: true, configurable: true });
        } else {
          obj[k] = values[i];
        }
      });
      return obj;
    }
    case "List":
      return List(values);
    case "Map":
      return IMap(def.keys.map((k, i) => [k, values[i]] as const));
    case "OrderedMap":
      return OrderedMap(def.keys.map((k, i) => [k, values[i]] as [unknown, unknown]));
    case "Record":
      return def.template.withMutations((r) => {
        def.keys.forEach((k, i) => r.set(k, values[i]));
      });
  }
}

/**
 * Untyped `unflatten` shared by every tree function (internal: not in the barrel);
 * `operation` names the caller in a `LeafCountError`.
 * @example
 * unflattenUntyped(structure([1, [2]]), ["a", "b"]); // ["a", ["b"]]
 */
export function unflattenUntyped(def: TreeDefNode, leaves: readonly unknown[], operation = "tree.unflatten"): unknown {
  if (leaves.length !== def.numLeaves) throw new LeafCountError(operation, def, leaves.length);
  if (def.kind === "leaf") return leaves[0];
  let next = 0;
  const start = (d: TreeDefNode): { readonly value: unknown } | BuildFrame => {
    switch (d.kind) {
      case "leaf":
        return { value: leaves[next++] };
      case "none":
        return { value: d.value };
      default:
        return { def: d, values: [] };
    }
  };
  const first = start(def);
  if (!("def" in first)) return first.value;
  const stack: BuildFrame[] = [first];
  for (;;) {
    const top = stack[stack.length - 1];
    if (top.values.length < top.def.children.length) {
      const started = start(top.def.children[top.values.length]);
      if ("def" in started) stack.push(started);
      else top.values.push(started.value);
      continue;
    }
    stack.pop();
    const value = build(top.def, top.values);
    if (stack.length === 0) return value;
    stack[stack.length - 1].values.push(value);
  }
}

/**
 * The leaves of a tree (in order: arrays and Lists by index, plain objects and Maps by
 * sorted key, OrderedMaps by insertion, Records by declared field) and its structure.
 * `isLeaf` (checked first, on every node including `null`) stops the descent.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * const [leaves, def] = tree.flatten({ b: [1, 2], a: 3 });
 * leaves; // => [3, 1, 2]
 * tree.show(def); // => "{a: *, b: [*, *]}"
 * ```
 */
export function flatten<T, L = never>(tree: T, isLeaf?: IsLeaf<L>): [leaves: LeafOf<T, L | RegisteredLeaf>[], def: TreeDef<T, L | RegisteredLeaf>] {
  return flattenUntyped(tree, isLeaf) as [LeafOf<T, L | RegisteredLeaf>[], TreeDef<T, L | RegisteredLeaf>];
}

/**
 * Rebuilds a tree of structure `def` from its leaves (in `flatten` order). Containers are
 * rebuilt as the same kind (a Record with the same factory, even a subclass); plain
 * objects get their keys in sorted order. Throws a {@link LeafCountError} naming both
 * counts when `leaves` does not have `def.numLeaves` elements.
 *
 * Note that an Immutable Record stores `undefined` as "use the default value": a Record
 * field whose new value is `undefined` reads back as the field's default.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * const [leaves, def] = tree.flatten({ a: 1, b: [2, 3] });
 * tree.unflatten(def, leaves.map((x) => x * 10)); // => { a: 10, b: [20, 30] }
 * ```
 */
export function unflatten<T = unknown, L = RegisteredLeaf, R = unknown>(def: TreeDef<T, L>, leaves: readonly R[]): Unflattened<T, L, R> {
  return unflattenUntyped(def, leaves) as Unflattened<T, L, R>;
}

/**
 * The leaves of a tree, in `flatten` order.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.leaves({ w: [1, 2], b: 3 }); // => [3, 1, 2]
 * ```
 */
export function leaves<T, L = never>(tree: T, isLeaf?: IsLeaf<L>): LeafOf<T, L | RegisteredLeaf>[] {
  return flatten(tree, isLeaf)[0];
}

/**
 * The structure of a tree (its `TreeDef`).
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.show(tree.structure({ w: [1, 2], b: null })); // => "{b: null, w: [*, *]}"
 * ```
 */
export function structure<T, L = never>(tree: T, isLeaf?: IsLeaf<L>): TreeDef<T, L | RegisteredLeaf> {
  return flatten(tree, isLeaf)[1];
}

/**
 * Every leaf with its path as text (see `showPath`), in `flatten` order.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * tree.flattenWithPath({ W: 1, layers: [{ b: 2 }] }); // => [[".W", 1], [".layers[0].b", 2]]
 * // a mask of the leaves whose key is not `b`:
 * tree.flattenWithPath({ W: 1, layers: [{ b: 2 }] }).map(([path]) => !path.endsWith(".b")); // => [true, false]
 * ```
 */
export function flattenWithPath<T, L = never>(tree: T, isLeaf?: IsLeaf<L>): [path: string, leaf: LeafOf<T, L | RegisteredLeaf>][] {
  const [ls, def] = flatten(tree, isLeaf);
  const paths = leafPaths(def);
  return ls.map((leaf, i) => [paths[i], leaf]);
}

/**
 * Every leaf with its structured path (one {@link PathKey} per container crossed), in
 * `flatten` order. Handy for masks that look at keys rather than text.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * import { List } from "immutable";
 * tree.flattenWithKeys({ W: 1, layers: List([{ b: 2 }]) }).map(([keys]) => keys.at(-1)?.key !== "b"); // => [true, false]
 * ```
 */
export function flattenWithKeys<T, L = never>(tree: T, isLeaf?: IsLeaf<L>): [keys: readonly PathKey[], leaf: LeafOf<T, L | RegisteredLeaf>][] {
  const [ls, def] = flatten(tree, isLeaf);
  const keys = leafKeyPaths(def);
  return ls.map((leaf, i) => [keys[i], leaf]);
}
