/**
 * Pytrees of tensors as JSON text: structure, shapes, dtypes and values, readable and
 * diffable. Float values are written with the fewest digits that read back to the same
 * float32 / float64, so a round trip is exact; NaN, ±Infinity and −0 are written as the
 * strings `"NaN"`, `"Infinity"`, `"-Infinity"`, `"-0"`.
 *
 * The document: `{ "format": "purediff-tree", "version": 1, "structure": ..., "leaves": [...],
 * "checksum": "crc32:…" }` with leaves in `tree.flatten` order (see `schema.ts`); the
 * checksum is the CRC-32 of `JSON.stringify({ structure, leaves })`, so an edited or
 * damaged value (one flipped digit) is reported instead of loading silently. Documents
 * without a checksum (written before it existed) still load.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { allocate, type TypedArray } from "../../tensor/dtype";
import { crc32 } from "./crc32";
import { describeTree, type LeafValue } from "./describe";
import { rebuildTree } from "./rebuild";
import { FORMAT_VERSION, fromSavedNumber, savedSize, toSavedNumber, validateSavedTree, type SavedLeaf, type SavedNumber } from "./schema";
import { leafFromSaved } from "./values";

/**
 * The `format` field of a JSON tree document.
 * @example
 * JSON.parse(toJson(params)).format // "purediff-tree"
 */
export const JSON_FORMAT = "purediff-tree";

/**
 * Options of {@link toJson}.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const text = train.toJson({ n: 1 }, { indent: 2 } satisfies train.ToJsonOptions);
 * text.split("\n").length; // => 22
 * ```
 */
export interface ToJsonOptions {
  /** Indentation of the JSON text (default: none, one line). */
  readonly indent?: number;
}

/**
 * The shortest decimal text of a float32 value that reads back to the same float32
 * (so `0.1` rather than `0.10000000149011612`).
 * @example shortestFloat32(Math.fround(0.1)) // 0.1
 */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 1; p <= 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

function savedValues(leaf: Extract<LeafValue, { kind: "tensor" }>): SavedNumber[] {
  const out = new Array<SavedNumber>(leaf.data.length);
  const f32 = leaf.dtype === "float32";
  for (let i = 0; i < leaf.data.length; i++) {
    const v = Number(leaf.data[i]);
    out[i] = toSavedNumber(f32 ? shortestFloat32(v) : v);
  }
  return out;
}

function savedLeaf(leaf: LeafValue): SavedLeaf {
  switch (leaf.kind) {
    case "tensor":
      return { kind: "tensor", dtype: leaf.dtype, shape: leaf.shape, values: savedValues(leaf) };
    case "number":
      return { kind: "number", value: toSavedNumber(leaf.value) };
    default:
      return leaf;
  }
}

/**
 * A tree as JSON text, or a `Left` naming the first leaf that cannot be saved (only
 * tensors (PRNG keys included), numbers, booleans and strings can; containers are arrays, plain
 * objects, Immutable List / Map / OrderedMap / Record, `null`, `undefined`).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * train.toJsonE({ w: tensor([0.5, 2]) });
 * // Right('{"format":"purediff-tree","version":1,"structure":{...},"leaves":[{"kind":"tensor","dtype":"float32","shape":[2],"values":[0.5,2]}]}')
 * ```
 */
export function toJsonE(tree: unknown, options: ToJsonOptions = {}): Either<Error, string> {
  const described = describeTree(tree);
  if (isLeft(described)) return left(new Error(`toJson: ${described.left.message}`));
  const body = { structure: described.right.structure, leaves: described.right.leaves.map(savedLeaf) };
  const doc = { format: JSON_FORMAT, version: FORMAT_VERSION, ...body, checksum: checksumOf(body) };
  return right(JSON.stringify(doc, null, options.indent));
}

/**
 * A tree as JSON text; throws the error of {@link toJsonE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const params = { w: tensor([1, 2]) };
 * writeFileSync(join(tmpdir(), "params.json"), train.toJson(params, { indent: 1 }));
 * ```
 */
export function toJson(tree: unknown, options: ToJsonOptions = {}): string {
  const result = toJsonE(tree, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}

/** The checksum of a document's structure and leaves: CRC-32 of their compact JSON. */
function checksumOf(body: { readonly structure: unknown; readonly leaves: unknown }): string {
  const crc = crc32(new TextEncoder().encode(JSON.stringify({ structure: body.structure, leaves: body.leaves })));
  return `crc32:${crc.toString(16).padStart(8, "0")}`;
}

function tensorData(leaf: Extract<SavedLeaf, { kind: "tensor" }>): TypedArray {
  const values = leaf.values ?? [];
  const data = allocate(leaf.dtype, savedSize(leaf.shape));
  for (let i = 0; i < data.length; i++) data[i] = fromSavedNumber(values[i]) as number;
  return data;
}

/**
 * The tree of a JSON document written by {@link toJson}, or a `Left` saying what is
 * wrong: not JSON, not a purediff tree, a newer version, corrupt (checksum), a malformed structure or leaf
 * (with its path or index), or — when `like` is given — a structure, shape or dtype
 * that differs from like's. Nothing is thrown.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const initParams = { w: tensor([0, 0]) };
 * const text = train.toJson({ w: tensor([1, 2]) });
 * // Either<Error, typeof initParams>
 * const restored = train.fromJsonE(text, initParams);
 * restored._tag; // => "Right"
 * train.fromJsonE("{", initParams)._tag; // => "Left"
 * ```
 */
export function fromJsonE<T = unknown>(text: string, like?: T): Either<Error, T> {
  const fail = (message: string): Either<Error, never> => left(new Error(`fromJson: ${message}`));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return fail("expected a JSON object");
  const d = doc as { readonly [key: string]: unknown };
  if (d.format !== JSON_FORMAT) return fail(`not a purediff tree: "format" is ${JSON.stringify(d.format)}, expected "${JSON_FORMAT}"`);
  if (d.version !== FORMAT_VERSION) {
    return fail(`format version ${JSON.stringify(d.version)} is not supported: this purediff reads version ${FORMAT_VERSION}`);
  }
  if (d.checksum !== undefined) {
    const computed = checksumOf({ structure: d.structure, leaves: d.leaves });
    if (d.checksum !== computed)
      return fail(
        `corrupt: checksum mismatch (stored ${JSON.stringify(d.checksum)}, computed "${computed}"): a value or the structure was changed after writing`,
      );
  }
  const saved = validateSavedTree(d.structure, d.leaves, "values");
  if (isLeft(saved)) return fail(saved.left);
  const leaves = saved.right.leaves.map((leaf) => leafFromSaved(leaf, leaf.kind === "tensor" ? tensorData(leaf) : undefined));
  return rebuildTree("fromJson", saved.right.structure, leaves, { present: like !== undefined, value: like }) as Either<Error, T>;
}

/**
 * The tree of a JSON document; throws the error of {@link fromJsonE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const initParams = { w: tensor([0, 0]) };
 * const text = train.toJson({ w: tensor([1, 2]) });
 * const params = train.fromJson(text, initParams);
 * params.w.toArray(); // => [1, 2]
 * ```
 */
export function fromJson<T = unknown>(text: string, like?: T): T {
  const result = fromJsonE(text, like);
  if (isLeft(result)) throw result.left;
  return result.right;
}
