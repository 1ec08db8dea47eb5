/**
 * The saved form of a pytree, shared by the JSON and the binary formats: its structure
 * (containers and where leaves go) and its leaves in `tree.flatten` order, as plain JSON
 * values, with validation of untrusted input that says where and what is wrong.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import type { DType } from "../../tensor/dtype";
import { compareMapKeys } from "../../tree/treedef";

/**
 * The version of the saved-tree schema (and of the binary format).
 * @example
 * JSON.parse(toJson(params)).version === FORMAT_VERSION // true
 */
export const FORMAT_VERSION = 1;

/**
 * A number as JSON can hold it: non-finite numbers and −0 as strings.
 * @example
 * const n: SavedNumber = "-Infinity";
 */
export type SavedNumber = number | "NaN" | "Infinity" | "-Infinity" | "-0";

/**
 * One node of a saved structure.
 * @example
 * const node: SavedNode = { kind: "object", keys: ["b", "w"], children: [{ kind: "leaf" }, { kind: "leaf" }] };
 */
export type SavedNode =
  | { readonly kind: "leaf" }
  | { readonly kind: "null" }
  | { readonly kind: "undefined" }
  | { readonly kind: "array" | "List"; readonly children: readonly SavedNode[] }
  | {
      readonly kind: "object";
      readonly keys: readonly string[];
      readonly nullPrototype?: boolean;
      readonly children: readonly SavedNode[];
    }
  | { readonly kind: "Map" | "OrderedMap"; readonly keys: readonly (string | number)[]; readonly children: readonly SavedNode[] }
  | { readonly kind: "Record"; readonly name: string; readonly keys: readonly string[]; readonly children: readonly SavedNode[] };

/**
 * A saved container node.
 * @example
 * const c: SavedContainer = { kind: "array", children: [] };
 */
export type SavedContainer = Extract<SavedNode, { readonly children: readonly SavedNode[] }>;

/**
 * A saved leaf: a tensor (its values inline in JSON, at a byte `offset` of the data
 * section in the binary form), a number, a boolean or a string; files written when PRNG
 * keys were not tensors may hold a `key` leaf, read back as a uint32 key tensor.
 * @example
 * const leaf: SavedLeaf = { kind: "tensor", dtype: "float32", shape: [2], values: [0.5, "NaN"] };
 */
export type SavedLeaf =
  | {
      readonly kind: "tensor";
      readonly dtype: DType;
      readonly shape: readonly number[];
      readonly values?: readonly SavedNumber[];
      readonly offset?: number;
    }
  | { readonly kind: "number"; readonly value: SavedNumber }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "key"; readonly words: readonly [number, number] };

/**
 * A whole saved tree.
 * @example
 * const t: SavedTree = { structure: { kind: "leaf" }, leaves: [{ kind: "number", value: 1 }] };
 */
export interface SavedTree {
  readonly structure: SavedNode;
  readonly leaves: readonly SavedLeaf[];
}

/**
 * Bytes per element of each dtype in the binary form.
 * @example
 * ITEM_BYTES.float64 // 8
 */
export const ITEM_BYTES: { readonly [D in DType]: number } = { float32: 4, float64: 8, int32: 4, uint32: 4, bool: 1 };

const DTYPES: readonly string[] = Object.keys(ITEM_BYTES);

/**
 * A number as JSON can hold it.
 * @example
 * toSavedNumber(-0); // "-0"
 * toSavedNumber(0.5); // 0.5
 */
export function toSavedNumber(x: number): SavedNumber {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return x;
}

/**
 * The number a {@link SavedNumber} stands for, or `undefined` when it is not one.
 * @example fromSavedNumber("-Infinity") // -Infinity
 */
export function fromSavedNumber(x: unknown): number | undefined {
  if (typeof x === "number") return Number.isFinite(x) ? x : undefined;
  switch (x) {
    case "NaN":
      return NaN;
    case "Infinity":
      return Infinity;
    case "-Infinity":
      return -Infinity;
    case "-0":
      return -0;
    default:
      return undefined;
  }
}

function isObject(x: unknown): x is { readonly [key: string]: unknown } {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return "an object";
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return `${typeof x} ${String(x)}`;
}

/** The number of elements of a validated shape. */
function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function childPath(path: string, kind: string, keys: readonly unknown[] | undefined, i: number): string {
  if (keys === undefined) return kind === "array" ? `${path}[${i}]` : `${path}.get(${i})`;
  const key = keys[i];
  if (kind === "object" || kind === "Record") return `${path}.${String(key)}`;
  return `${path}.get(${JSON.stringify(key)})`;
}

function checkKeys(kind: string, keys: unknown, count: number, where: string): Either<string, readonly unknown[]> {
  if (!Array.isArray(keys)) return left(`${where}: "keys" must be an array, got ${describe(keys)}`);
  if (keys.length !== count) return left(`${where}: ${keys.length} keys for ${count} children`);
  for (let i = 0; i < keys.length; i++) {
    const k: unknown = keys[i];
    const ok = kind === "object" || kind === "Record" ? typeof k === "string" : typeof k === "string" || (typeof k === "number" && Number.isFinite(k));
    if (!ok) return left(`${where}: key ${i} must be a ${kind === "object" || kind === "Record" ? "string" : "string or finite number"}, got ${describe(k)}`);
    if (kind === "object" && i > 0 && !((keys[i - 1] as string) < (k as string))) {
      return left(`${where}: object keys must be sorted and distinct, got ${JSON.stringify(keys[i - 1])} before ${JSON.stringify(k)}`);
    }
    if (kind === "Map" && i > 0 && compareMapKeys(keys[i - 1] as string | number, k as string | number) >= 0) {
      return left(`${where}: Map keys must be sorted and distinct, got ${JSON.stringify(keys[i - 1])} before ${JSON.stringify(k)}`);
    }
  }
  return right(keys);
}

/**
 * Checks that `x` (parsed JSON) is a well-formed saved structure, returning it typed,
 * with its leaf count; a `Left` message names the path of the first bad node.
 * Walks with an explicit stack.
 * @example
 * validateStructure({ kind: "array", children: [{ kind: "leaf" }] }); // Right([node, 1])
 * validateStructure({ kind: "tree" }); // Left('structure: unknown node kind "tree"')
 */
export function validateStructure(x: unknown): Either<string, readonly [SavedNode, number]> {
  let leaves = 0;
  const stack: { readonly node: unknown; readonly path: string }[] = [{ node: x, path: "" }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: string };
    const where = `structure${path === "" ? "" : ` at ${path}`}`;
    if (!isObject(node)) return left(`${where}: expected a node object, got ${describe(node)}`);
    const kind = node.kind;
    switch (kind) {
      case "leaf":
        leaves++;
        continue;
      case "null":
      case "undefined":
        continue;
      case "array":
      case "List":
      case "object":
      case "Map":
      case "OrderedMap":
      case "Record":
        break;
      default:
        return left(`${where}: unknown node kind ${describe(kind)}`);
    }
    const children = node.children;
    if (!Array.isArray(children)) return left(`${where}: "children" must be an array, got ${describe(children)}`);
    let keys: readonly unknown[] | undefined;
    if (kind !== "array" && kind !== "List") {
      const checked = checkKeys(kind, node.keys, children.length, where);
      if (isLeft(checked)) return checked;
      keys = checked.right;
    }
    if (kind === "Record" && typeof node.name !== "string") return left(`${where}: a Record needs a string "name"`);
    if (kind === "object" && node.nullPrototype !== undefined && typeof node.nullPrototype !== "boolean") {
      return left(`${where}: "nullPrototype" must be a boolean`);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], path: childPath(path, kind, keys, i) });
  }
  return right([x as SavedNode, leaves] as const);
}

/**
 * Where the values of saved tensors are: inline (`"values"`, JSON) or in a data section (`"offset"`).
 * @example
 * validateLeaf(leaf, 0, "offset")
 */
export type ValuesAt = "values" | "offset";

/**
 * Checks that `x` (parsed JSON) is a well-formed saved leaf; for tensors, that the
 * dtype is known, the shape holds non-negative integers and, per `at`, that the inline
 * values fill the shape (integers for int32 / bool) or that the offset is a multiple of 8.
 * @example
 * validateLeaf({ kind: "number", value: 3 }, 0, "values"); // Right(...)
 * validateLeaf({ kind: "tensor", dtype: "float16", shape: [2] }, 4, "values");
 * // Left('leaf 4: unknown dtype "float16" (expected float32, float64, int32 or bool)')
 */
export function validateLeaf(x: unknown, index: number, at: ValuesAt): Either<string, SavedLeaf> {
  const where = `leaf ${index}`;
  if (!isObject(x)) return left(`${where}: expected a leaf object, got ${describe(x)}`);
  switch (x.kind) {
    case "number":
      return fromSavedNumber(x.value) === undefined ? left(`${where}: ${describe(x.value)} is not a number`) : right(x as SavedLeaf);
    case "boolean":
      return typeof x.value === "boolean" ? right(x as SavedLeaf) : left(`${where}: ${describe(x.value)} is not a boolean`);
    case "string":
      return typeof x.value === "string" ? right(x as SavedLeaf) : left(`${where}: ${describe(x.value)} is not a string`);
    case "key": {
      const w = x.words;
      const ok = Array.isArray(w) && w.length === 2 && w.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
      return ok ? right(x as SavedLeaf) : left(`${where}: a PRNG key needs "words": two uint32 numbers`);
    }
    case "tensor":
      break;
    default:
      return left(`${where}: unknown leaf kind ${describe(x.kind)}`);
  }
  const { dtype, shape } = x;
  if (typeof dtype !== "string" || !DTYPES.includes(dtype)) {
    return left(`${where}: unknown dtype ${describe(dtype)} (expected float32, float64, int32 or bool)`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    return left(`${where}: the shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const size = sizeOfShape(shape as number[]);
  if (at === "offset") {
    const offset = x.offset;
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || (offset as number) % 8 !== 0) {
      return left(`${where}: the data offset must be a non-negative multiple of 8, got ${describe(offset)}`);
    }
    return right(x as SavedLeaf);
  }
  const values = x.values;
  if (!Array.isArray(values)) return left(`${where}: "values" must be an array, got ${describe(values)}`);
  if (values.length !== size) {
    return left(`${where}: ${values.length} values do not fill shape [${(shape as number[]).join(", ")}] (${size} elements)`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = fromSavedNumber(values[i]);
    if (v === undefined) return left(`${where}: value ${i} is ${describe(values[i])}, not a number`);
    if (dtype === "int32" && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)) {
      return left(`${where}: value ${i} (${v}) is not an int32`);
    }
    if (dtype === "uint32" && !(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) {
      return left(`${where}: value ${i} (${v}) is not a uint32`);
    }
    if (dtype === "bool" && v !== 0 && v !== 1) return left(`${where}: value ${i} (${v}) of a bool tensor must be 0 or 1`);
  }
  return right(x as SavedLeaf);
}

/**
 * Checks a parsed `{ structure, leaves }` pair: both well formed, as many leaves as the
 * structure has places for.
 * @example
 * validateSavedTree({ structure: { kind: "leaf" }, leaves: [{ kind: "number", value: 1 }] }, "values");
 */
export function validateSavedTree(structure: unknown, leaves: unknown, at: ValuesAt): Either<string, SavedTree> {
  const s = validateStructure(structure);
  if (isLeft(s)) return s;
  if (!Array.isArray(leaves)) return left(`"leaves" must be an array, got ${describe(leaves)}`);
  if (leaves.length !== s.right[1]) {
    return left(`the structure has ${s.right[1]} leaves but ${leaves.length} leaves are saved`);
  }
  const out: SavedLeaf[] = [];
  for (let i = 0; i < leaves.length; i++) {
    const leaf = validateLeaf(leaves[i], i, at);
    if (isLeft(leaf)) return leaf;
    out.push(leaf.right);
  }
  return right({ structure: s.right[0], leaves: out });
}

/**
 * The number of elements of a saved tensor's shape.
 * @example savedSize([2, 3]) // 6
 */
export function savedSize(shape: readonly number[]): number {
  return sizeOfShape(shape);
}
