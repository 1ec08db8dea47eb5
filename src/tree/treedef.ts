/**
 * `TreeDef`: an immutable description of the structure of a pytree (everything but its
 * leaves), with `show` to print it and `equalDefs` / `diffDefs` to compare two of them.
 *
 * Every function here walks the description with an explicit stack, so structures
 * nested 100 000 levels deep are fine.
 */
import { is, Record as IRecord, type RecordOf } from "immutable";
import type { RegisteredLeaf } from "./types";

/** The container kinds a tree is built from. */
export type ContainerKind = "array" | "object" | "List" | "Map" | "OrderedMap" | "Record";

/**
 * One step of a path from the root of a tree to one of its parts: the container it
 * goes through and the index or key it takes there.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * const step: tree.PathKey = { container: "object", key: "W" };
 * ```
 */
export type PathKey =
  | { readonly container: "array" | "List"; readonly key: number }
  | { readonly container: "object" | "Record"; readonly key: string }
  | { readonly container: "Map"; readonly key: string | number }
  | { readonly container: "OrderedMap"; readonly key: unknown };

/**
 * An Immutable Record whose props are not known: the members the tree functions use.
 * (Written out rather than taken from "immutable", so that these declarations do not load
 * Immutable's; every `Record` instance has them.)
 * @example
 * ```ts
 * import { tree } from "purediff";
 * import { Record } from "immutable";
 * const Point = Record({ x: 0, y: 0 });
 * const template: tree.AnyRecord = Point({ x: 1 }).clear();
 * template.get("x"); // => 0
 * ```
 */
export interface AnyRecord {
  clear(): AnyRecord;
  get(key: string): unknown;
  set(key: string, value: unknown): AnyRecord;
  withMutations(mutator: (mutable: AnyRecord) => unknown): AnyRecord;
}

/** What a Record was made by: a `Record(...)` factory or a class extending one. */
export type RecordFactory = abstract new (...args: never[]) => unknown;

interface DefBase {
  /** Number of leaves in this subtree. */
  readonly numLeaves: number;
}

/** A leaf. */
export interface LeafDef extends DefBase {
  readonly kind: "leaf";
}

/** An empty subtree (`null` or `undefined`), kept as it is. */
export interface NoneDef extends DefBase {
  readonly kind: "none";
  readonly value: null | undefined;
}

/** A JS array (or tuple), children in order. */
export interface ArrayDef extends DefBase {
  readonly kind: "array";
  readonly children: readonly TreeDefNode[];
}

/**
 * A plain object, keys sorted. `nullPrototype` records whether it was made by
 * `Object.create(null)`; it is used when rebuilding and ignored when comparing.
 */
export interface ObjectDef extends DefBase {
  readonly kind: "object";
  readonly keys: readonly string[];
  readonly nullPrototype: boolean;
  readonly children: readonly TreeDefNode[];
}

/** An Immutable `List`, children in order. */
export interface ListDef extends DefBase {
  readonly kind: "List";
  readonly children: readonly TreeDefNode[];
}

/** An Immutable `Map` (not ordered): keys sorted by their string form, numbers first on ties. */
export interface MapDef extends DefBase {
  readonly kind: "Map";
  readonly keys: readonly (string | number)[];
  readonly children: readonly TreeDefNode[];
}

/** An Immutable `OrderedMap`, keys in insertion order (compared with `Immutable.is`). */
export interface OrderedMapDef extends DefBase {
  readonly kind: "OrderedMap";
  readonly keys: readonly unknown[];
  readonly children: readonly TreeDefNode[];
}

/**
 * An Immutable `Record`, fields in declared order. `factory` is what made it (the
 * `Record(...)` factory or a subclass of one) and is compared by identity; `template`
 * is a record of the same factory holding only default values (`record.clear()`),
 * from which `unflatten` derives the rebuilt record without calling any constructor.
 */
export interface RecordDef extends DefBase {
  readonly kind: "Record";
  readonly name: string;
  readonly factory: RecordFactory;
  readonly template: AnyRecord;
  readonly keys: readonly string[];
  readonly children: readonly TreeDefNode[];
}

/** One node of a structure description. */
export type TreeDefNode = LeafDef | NoneDef | ArrayDef | ObjectDef | ListDef | MapDef | OrderedMapDef | RecordDef;

/** A node with children. */
export type ContainerDef = Exclude<TreeDefNode, LeafDef | NoneDef>;

declare const treeType: unique symbol;

/**
 * The structure of a tree of type `T` whose leaf type is `L`: a {@link TreeDefNode}
 * carrying the tree type for `unflatten`. The phantom property never exists at run time.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * const def: tree.TreeDef<{ a: number }> = tree.structure({ a: 1 });
 * def.kind; // => "object"
 * ```
 */
export type TreeDef<T = unknown, L = RegisteredLeaf> = TreeDefNode & {
  readonly [treeType]?: readonly [T, L];
};

// ---------------------------------------------------------------------------------------
// Construction (used by flatten; kept out of the public barrel).

/** The leaf node (shared). */
export const LEAF: LeafDef = Object.freeze({ kind: "leaf", numLeaves: 1 });
/** The `null` node (shared). */
export const NULL_DEF: NoneDef = Object.freeze({ kind: "none", value: null, numLeaves: 0 });
/** The `undefined` node (shared). */
export const UNDEFINED_DEF: NoneDef = Object.freeze({ kind: "none", value: undefined, numLeaves: 0 });

function countLeaves(children: readonly TreeDefNode[]): number {
  let n = 0;
  for (let i = 0; i < children.length; i++) n += children[i].numLeaves;
  return n;
}

/**
 * A frozen array node (it takes ownership of `children`, which it freezes).
 * @example
 * arrayDef([LEAF, LEAF]).numLeaves; // 2
 */
export function arrayDef(children: TreeDefNode[]): ArrayDef {
  return Object.freeze({ kind: "array", children: Object.freeze(children), numLeaves: countLeaves(children) });
}

/**
 * A frozen List node (it takes ownership of `children`, which it freezes).
 * @example
 * listDef([LEAF]).kind; // "List"
 */
export function listDef(children: TreeDefNode[]): ListDef {
  return Object.freeze({ kind: "List", children: Object.freeze(children), numLeaves: countLeaves(children) });
}

/**
 * A frozen plain-object node; `keys` must be sorted (it takes ownership of both arrays).
 * @example
 * objectDef(["a"], false, [LEAF]).keys; // ["a"]
 */
export function objectDef(keys: string[], nullPrototype: boolean, children: TreeDefNode[]): ObjectDef {
  return Object.freeze({
    kind: "object",
    keys: Object.freeze(keys),
    nullPrototype,
    children: Object.freeze(children),
    numLeaves: countLeaves(children),
  });
}

/**
 * A frozen Map node; `keys` must be sorted with {@link compareMapKeys}.
 * @example
 * mapDef(["a"], [LEAF]).kind; // "Map"
 */
export function mapDef(keys: (string | number)[], children: TreeDefNode[]): MapDef {
  return Object.freeze({
    kind: "Map",
    keys: Object.freeze(keys),
    children: Object.freeze(children),
    numLeaves: countLeaves(children),
  });
}

/**
 * A frozen OrderedMap node, keys in insertion order.
 * @example
 * orderedMapDef(["z", "a"], [LEAF, LEAF]).kind; // "OrderedMap"
 */
export function orderedMapDef(keys: unknown[], children: TreeDefNode[]): OrderedMapDef {
  return Object.freeze({
    kind: "OrderedMap",
    keys: Object.freeze(keys),
    children: Object.freeze(children),
    numLeaves: countLeaves(children),
  });
}

/**
 * A frozen Record node for a record like `record` (fields in declared order).
 * @example
 * recordDef(Point({ x: 1 }), ["x", "y"], [LEAF, LEAF]).name; // "Point"
 */
export function recordDef(record: AnyRecord, keys: string[], children: TreeDefNode[]): RecordDef {
  return Object.freeze({
    kind: "Record",
    name: IRecord.getDescriptiveName(record as RecordOf<{ [key: string]: unknown }>),
    factory: record.constructor as RecordFactory,
    template: record.clear() as AnyRecord,
    keys: Object.freeze(keys),
    children: Object.freeze(children),
    numLeaves: countLeaves(children),
  });
}

/**
 * Order of Immutable `Map` keys: by string form, a number before a string with the same
 * string form (`1` before `"1"`).
 * @example
 * [10, "b", 2].sort(compareMapKeys); // [10, 2, "b"]
 */
export function compareMapKeys(a: string | number, b: string | number): number {
  const sa = String(a);
  const sb = String(b);
  if (sa < sb) return -1;
  if (sa > sb) return 1;
  if (typeof a === typeof b) return 0;
  return typeof a === "number" ? -1 : 1;
}

/**
 * The path step from container `def` to its `i`-th child.
 * @example
 * childKey(structure({ a: 1, b: 2 }) as ContainerDef, 1); // { container: "object", key: "b" }
 */
export function childKey(def: ContainerDef, i: number): PathKey {
  switch (def.kind) {
    case "array":
    case "List":
      return { container: def.kind, key: i };
    case "object":
    case "Record":
      return { container: def.kind, key: def.keys[i] };
    case "Map":
      return { container: "Map", key: def.keys[i] };
    case "OrderedMap":
      return { container: "OrderedMap", key: def.keys[i] };
  }
}

// ---------------------------------------------------------------------------------------
// show

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property name as written in code: bare when it is an identifier, else quoted.
 * @example
 * showName("W"); // "W"
 * showName("my key"); // "\"my key\""
 */
export function showName(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/**
 * An Immutable key as a JS literal: numbers bare, strings quoted, anything else via `String`.
 * @example
 * showKeyLiteral("a"); // "\"a\""
 */
export function showKeyLiteral(key: unknown): string {
  if (typeof key === "number") return Object.is(key, -0) ? "-0" : String(key);
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "bigint") return `${key}n`;
  return String(key);
}

function showMapKey(key: unknown): string {
  return typeof key === "string" ? showName(key) : showKeyLiteral(key);
}

/** Options of {@link show}. */
export interface ShowOptions {
  /** Stop after about this many characters, ending with `…` (default: no limit). */
  readonly maxLength?: number;
}

/**
 * The structure as text: `*` for a leaf, `[...]` for an array, `{k: ...}` for a plain
 * object, `List(...)`, `Map{k: ...}`, `OrderedMap{k: ...}`, `Name{field: ...}` for a
 * Record (its descriptive name, `Record` when it has none), `null`, `undefined`.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * import { List } from "immutable";
 * tree.show(tree.structure({ a: 1, b: [2, 3], c: List([4]), d: null })); // => "{a: *, b: [*, *], c: List(*), d: null}"
 * ```
 */
export function show(def: TreeDefNode, options: ShowOptions = {}): string {
  const max = options.maxLength ?? Infinity;
  const out: string[] = [];
  let length = 0;
  // Work items: a string to emit or a node to expand; popped from the end.
  const work: (string | TreeDefNode)[] = [def];
  while (work.length > 0) {
    if (length > max) {
      out.push("…");
      break;
    }
    const item = work.pop() as string | TreeDefNode;
    if (typeof item === "string") {
      out.push(item);
      length += item.length;
      continue;
    }
    let open: string;
    let close: string;
    let labels: ((i: number) => string) | undefined;
    switch (item.kind) {
      case "leaf":
        out.push("*");
        length += 1;
        continue;
      case "none": {
        const text = String(item.value);
        out.push(text);
        length += text.length;
        continue;
      }
      case "array":
        open = "[";
        close = "]";
        break;
      case "List":
        open = "List(";
        close = ")";
        break;
      case "object": {
        const keys = item.keys;
        open = "{";
        close = "}";
        labels = (i) => `${showName(keys[i])}: `;
        break;
      }
      case "Map":
      case "OrderedMap": {
        const keys: readonly unknown[] = item.keys;
        open = `${item.kind}{`;
        close = "}";
        labels = (i) => `${showMapKey(keys[i])}: `;
        break;
      }
      case "Record": {
        const keys = item.keys;
        open = `${item.name}{`;
        close = "}";
        labels = (i) => `${showName(keys[i])}: `;
        break;
      }
    }
    out.push(open);
    length += open.length;
    work.push(close);
    const n = item.children.length;
    for (let i = n - 1; i >= 0; i--) {
      work.push(item.children[i]);
      if (labels !== undefined) work.push(labels(i));
      if (i > 0) work.push(", ");
    }
  }
  return out.join("");
}

// ---------------------------------------------------------------------------------------
// comparison

/**
 * Where two structures first differ (in leaf order): the path to that place and what
 * differs there.
 */
export interface DefDifference {
  /** Path from the root to the first differing part. */
  readonly path: readonly PathKey[];
  /** Human-readable description of the difference, e.g. `array length 2 vs 1`. */
  readonly reason: string;
}

function describe(def: TreeDefNode): string {
  switch (def.kind) {
    case "leaf":
      return "a leaf";
    case "none":
      return String(def.value);
    case "array":
      return `an array of ${def.children.length}`;
    case "object":
      return "a plain object";
    case "List":
      return `a List of ${def.children.length}`;
    case "Map":
      return "a Map";
    case "OrderedMap":
      return "an OrderedMap";
    case "Record":
      return `a Record (${def.name})`;
  }
}

interface PathLink {
  readonly parent: PathLink | undefined;
  readonly key: PathKey;
}

type DiffItem =
  | { readonly pair: true; readonly a: TreeDefNode; readonly b: TreeDefNode; readonly at: PathLink | undefined }
  | { readonly pair: false; readonly at: PathLink | undefined; readonly reason: string };

function pathOf(link: PathLink | undefined): PathKey[] {
  const keys: PathKey[] = [];
  for (let l = link; l !== undefined; l = l.parent) keys.push(l.key);
  return keys.reverse();
}

function link(parent: PathLink | undefined, key: PathKey): PathLink {
  return { parent, key };
}

/** Items comparing the children of two nodes with keyed children, in order. */
function keyedItems(
  a: ObjectDef | MapDef,
  b: ObjectDef | MapDef,
  at: PathLink | undefined,
  compare: (x: string | number, y: string | number) => number,
): DiffItem[] {
  const items: DiffItem[] = [];
  const ka: readonly (string | number)[] = a.keys;
  const kb: readonly (string | number)[] = b.keys;
  let i = 0;
  let j = 0;
  while (i < ka.length || j < kb.length) {
    const c = i >= ka.length ? 1 : j >= kb.length ? -1 : compare(ka[i], kb[j]);
    if (c === 0) {
      items.push({ pair: true, a: a.children[i], b: b.children[j], at: link(at, childKey(a, i)) });
      i++;
      j++;
    } else if (c < 0) {
      items.push({ pair: false, at: link(at, childKey(a, i)), reason: `key ${showKeyLiteral(ka[i])} is missing` });
      i++;
    } else {
      items.push({ pair: false, at: link(at, childKey(b, j)), reason: `unexpected key ${showKeyLiteral(kb[j])}` });
      j++;
    }
  }
  return items;
}

function compareStrings(x: string | number, y: string | number): number {
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

/**
 * The first place (in leaf order) where structure `b` differs from structure `a`, or
 * `undefined` when they are equal (see {@link equalDefs}).
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * const d = tree.diffDefs(tree.structure({ a: 1, b: [1, 2] }), tree.structure({ a: 1, b: [1] }));
 * tree.showPath(d!.path); // => ".b[1]"
 * d!.reason; // => "array length 2 vs 1"
 * ```
 */
export function diffDefs(a: TreeDefNode, b: TreeDefNode): DefDifference | undefined {
  const stack: DiffItem[] = [{ pair: true, a, b, at: undefined }];
  while (stack.length > 0) {
    const item = stack.pop() as DiffItem;
    if (!item.pair) return { path: pathOf(item.at), reason: item.reason };
    const x = item.a;
    const y = item.b;
    if (x === y) continue;
    const at = item.at;
    const here = (reason: string): DefDifference => ({ path: pathOf(at), reason });
    if (x.kind !== y.kind) return here(`expected ${describe(x)}, got ${describe(y)}`);
    let items: DiffItem[];
    switch (x.kind) {
      case "leaf":
        continue;
      case "none":
        if (x.value !== (y as NoneDef).value) return here(`expected ${describe(x)}, got ${describe(y)}`);
        continue;
      case "array":
      case "List": {
        const yc = (y as ArrayDef | ListDef).children;
        const n = Math.min(x.children.length, yc.length);
        items = [];
        for (let i = 0; i < n; i++) {
          items.push({ pair: true, a: x.children[i], b: yc[i], at: link(at, childKey(x, i)) });
        }
        if (x.children.length !== yc.length) {
          const what = x.kind === "array" ? "array" : "List";
          items.push({
            pair: false,
            at: link(at, childKey(x, n)),
            reason: `${what} length ${x.children.length} vs ${yc.length}`,
          });
        }
        break;
      }
      case "object":
        items = keyedItems(x, y as ObjectDef, at, compareStrings);
        break;
      case "Map":
        items = keyedItems(x, y as MapDef, at, compareMapKeys);
        break;
      case "OrderedMap": {
        const z = y as OrderedMapDef;
        const n = Math.min(x.keys.length, z.keys.length);
        items = [];
        let i = 0;
        for (; i < n && is(x.keys[i], z.keys[i]); i++) {
          items.push({ pair: true, a: x.children[i], b: z.children[i], at: link(at, childKey(x, i)) });
        }
        if (i < n) {
          items.push({
            pair: false,
            at: link(at, childKey(x, i)),
            reason: `key ${showKeyLiteral(x.keys[i])} vs ${showKeyLiteral(z.keys[i])} at position ${i}`,
          });
        } else if (x.keys.length !== z.keys.length) {
          const key = x.keys.length > n ? childKey(x, n) : childKey(z, n);
          items.push({ pair: false, at: link(at, key), reason: `OrderedMap size ${x.keys.length} vs ${z.keys.length}` });
        }
        break;
      }
      case "Record": {
        const z = y as RecordDef;
        if (x.factory !== z.factory) {
          return here(`different Record factories (${x.name} vs ${z.name})`);
        }
        items = [];
        for (let i = 0; i < x.children.length; i++) {
          items.push({ pair: true, a: x.children[i], b: z.children[i], at: link(at, childKey(x, i)) });
        }
        break;
      }
    }
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
  return undefined;
}

/**
 * True when two structures are the same: same kinds, lengths and keys all the way
 * down, Records made by the same factory, `null` and `undefined` told apart. Whether a
 * plain object has a `null` prototype is ignored.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * import { List } from "immutable";
 * tree.equalDefs(tree.structure({ b: 1, a: [2] }), tree.structure({ a: ["x"], b: "y" })); // => true
 * tree.equalDefs(tree.structure([1, 2]), tree.structure(List([1, 2]))); // => false
 * ```
 */
export function equalDefs(a: TreeDefNode, b: TreeDefNode): boolean {
  // A plain pairwise walk; `diffDefs` (slower: it tracks paths) is only for messages.
  const xs: TreeDefNode[] = [a];
  const ys: TreeDefNode[] = [b];
  while (xs.length > 0) {
    const x = xs.pop() as TreeDefNode;
    const y = ys.pop() as TreeDefNode;
    if (x === y) continue;
    if (x.kind !== y.kind || x.numLeaves !== y.numLeaves) return false;
    switch (x.kind) {
      case "leaf":
        continue;
      case "none":
        if (x.value !== (y as NoneDef).value) return false;
        continue;
      case "array":
      case "List":
        break;
      case "object":
      case "Map": {
        const kx: readonly unknown[] = x.keys;
        const ky: readonly unknown[] = (y as ObjectDef | MapDef).keys;
        if (kx.length !== ky.length) return false;
        for (let i = 0; i < kx.length; i++) {
          // `NaN` is a valid Map key equal to itself (as in Immutable)
          if (kx[i] !== ky[i] && !(Number.isNaN(kx[i]) && Number.isNaN(ky[i]))) return false;
        }
        break;
      }
      case "OrderedMap": {
        const ky = (y as OrderedMapDef).keys;
        if (x.keys.length !== ky.length) return false;
        for (let i = 0; i < ky.length; i++) if (!is(x.keys[i], ky[i])) return false;
        break;
      }
      case "Record":
        if (x.factory !== (y as RecordDef).factory) return false;
        break;
    }
    const cy = (y as ContainerDef).children;
    if (x.children.length !== cy.length) return false;
    for (let i = x.children.length - 1; i >= 0; i--) {
      xs.push(x.children[i]);
      ys.push(cy[i]);
    }
  }
  return true;
}
