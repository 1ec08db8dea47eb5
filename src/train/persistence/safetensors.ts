/**
 * Pytrees of tensors in the safetensors format (Hugging Face), the common exchange format
 * for weights:
 *
 * | offset | size | contents |
 * |---|---|---|
 * | 0 | 8 | header length `N` (uint64, little-endian) |
 * | 8 | N | header: UTF-8 JSON, an object `{ name: { dtype, shape, data_offsets: [begin, end] }, ..., "__metadata__": { string: string } }`, padded with spaces |
 * | 8 + N | | data: each tensor's elements, row-major, little-endian, at `[begin, end)` of this section |
 *
 * Names are the leaves' paths with their keys joined by dots (`layers.0.W`, as PyTorch
 * state dicts name them). Files are written as the reference writer (the `safetensors`
 * Rust crate) writes them, byte for byte: tensors by dtype (F64, F32, U32, I32, BOOL) then
 * by name, contiguous from offset 0, the metadata first in the header, the header padded
 * with spaces so the data starts at a multiple of 8. Reading checks what the specification
 * requires: the header size within the file, a JSON object, known dtypes, offsets that
 * match each shape and cover the data section exactly, without holes or overlaps.
 * dtypes: F32, F64, I32, U32 and BOOL (one byte, 0 or 1) map to purediff's dtypes; others
 * (F16, BF16, I64, ...) are reported by name.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { allocate, type DType, type TypedArray } from "../../tensor/dtype";
import { ConcreteTensor } from "../../tensor/concrete";
import { Tensor } from "../../tensor/tensor";
import { flattenUntyped, unflattenUntyped } from "../../tree/flatten";
import { leafKeyPaths } from "../../tree/path";
import { ITEM_BYTES } from "./schema";

/**
 * The metadata block of a safetensors file: free-form text keys and values.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const metadata: train.SafetensorsMetadata = { format: "pt", epochs: "10" };
 * ```
 */
export type SafetensorsMetadata = { readonly [key: string]: string };

/**
 * A decoded safetensors file: the tree (or a flat record of tensors by name) and the metadata.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { dense: { W: tensor([[1, 2]]), b: tensor([3]) } };
 * const bytes = train.encodeSafetensors(params, { model: "mlp" });
 * const { tree, metadata }: train.DecodedSafetensors<typeof params> = train.decodeSafetensors(bytes, { like: params });
 * metadata; // => { model: "mlp" }
 * ```
 */
export interface DecodedSafetensors<T> {
  readonly tree: T;
  readonly metadata: SafetensorsMetadata;
}

/** safetensors dtype names of purediff's dtypes. */
const CODES: { readonly [D in DType]: string } = { float32: "F32", float64: "F64", int32: "I32", uint32: "U32", bool: "BOOL" };
const DTYPES: ReadonlyMap<string, DType> = new Map(Object.entries(CODES).map(([d, c]) => [c, d as DType]));
/**
 * The reference writer's order of dtypes (its enum's order, written in reverse: wider
 * elements first, which keeps every tensor aligned); within a dtype, tensors go by name.
 */
const WRITE_RANK: { readonly [D in DType]: number } = { bool: 0, int32: 1, uint32: 2, float32: 3, float64: 4 };
/** The largest header the reference reader accepts (100 MB). */
const MAX_HEADER = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The bytes of `data` as little-endian. */
function littleEndian(data: TypedArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j];
  return out;
}

/** A tree's leaves with their dotted names, or a `Left` naming a leaf that is not a tensor or a clash of names. */
function namedLeaves(op: string, tree: unknown): Either<Error, { readonly names: string[]; readonly leaves: unknown[] }> {
  let leaves: unknown[];
  let names: string[];
  try {
    const [flat, def] = flattenUntyped(tree);
    leaves = flat;
    names = leafKeyPaths(def).map((path) => path.map((step) => String(step.key)).join("."));
  } catch (e) {
    return left(new Error(`${op}: ${message(e)}`));
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    if (names[i] === "")
      return left(new Error(`${op}: the tree is a single tensor; safetensors needs named tensors (put it in an object, e.g. { weight: x })`));
    if (names[i] === "__metadata__") return left(new Error(`${op}: a leaf is named "__metadata__", which safetensors reserves for the metadata`));
    const j = seen.get(names[i]);
    if (j !== undefined) return left(new Error(`${op}: leaves ${j} and ${i} both get the name "${names[i]}" (a key contains a dot?)`));
    seen.set(names[i], i);
  }
  return right({ names, leaves });
}

/**
 * A tree of tensors as the bytes of a safetensors file, or a `Left` naming the leaf that
 * is not a concrete tensor (numbers and strings have no safetensors form) or the clash of
 * two names.
 * @example
 * ```ts
 * import { train, zeros } from "purediff";
 * const bytes = train.encodeSafetensorsE({ dense: { W: zeros([2, 3]), b: zeros([3]) } }, { epochs: "3" });
 * // Right(Uint8Array): tensors "dense.W" and "dense.b", metadata { epochs: "3" }
 * ```
 */
export function encodeSafetensorsE(tree: unknown, metadata: SafetensorsMetadata = {}): Either<Error, Uint8Array> {
  const op = "encodeSafetensors";
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") return left(new Error(`${op}: metadata values must be strings; "${k}" is a ${typeof v}`));
  }
  const named = namedLeaves(op, tree);
  if (isLeft(named)) return named;
  const { names, leaves } = named.right;
  const entries: { name: string; dtype: DType; shape: number[]; data: TypedArray }[] = [];
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i];
    if (!(leaf instanceof Tensor))
      return left(
        new Error(`${op}: the leaf "${names[i]}" is a ${typeof leaf}, not a tensor; safetensors holds tensors only (keep other values in the metadata)`),
      );
    let data: TypedArray;
    try {
      data = leaf.data();
    } catch (e) {
      return left(new Error(`${op}: the tensor "${names[i]}" has no concrete values (a tracer?): ${message(e)}`));
    }
    entries.push({ name: names[i], dtype: leaf.dtype, shape: leaf.shape.slice(), data });
  }
  entries.sort((a, b) => WRITE_RANK[b.dtype] - WRITE_RANK[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const e of entries) {
    const bytes = e.data.length * ITEM_BYTES[e.dtype];
    header[e.name] = { dtype: CODES[e.dtype], shape: e.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerSize = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerSize + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerSize), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerSize);
  let at = 8 + headerSize;
  for (const e of entries) {
    out.set(e.dtype === "bool" ? Uint8Array.from(e.data, (v) => (v ? 1 : 0)) : littleEndian(e.data), at);
    at += e.data.length * ITEM_BYTES[e.dtype];
  }
  return right(out);
}

/**
 * The bytes of a safetensors file; throws the error of {@link encodeSafetensorsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { conv1: { W: tensor([1, 2]) } };
 * const bytes = train.encodeSafetensors(params, { model: "lenet" });
 * train.decodeSafetensors(bytes).tree; // => { "conv1.W": [1, 2] }
 * ```
 */
export function encodeSafetensors(tree: unknown, metadata: SafetensorsMetadata = {}): Uint8Array {
  const out = encodeSafetensorsE(tree, metadata);
  if (isLeft(out)) throw out.left;
  return out.right;
}

interface HeaderEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;

/** The header's tensors and metadata, checked against the specification, or the first violation. */
function parseHeader(
  bytes: Uint8Array,
): Either<string, { readonly entries: HeaderEntry[]; readonly metadata: SafetensorsMetadata; readonly dataStart: number }> {
  if (bytes.length < 8) return left(`${bytes.length} bytes: too short for the 8-byte header size`);
  const size = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (size > BigInt(MAX_HEADER)) return left(`the header size field says ${size} bytes, above the ${MAX_HEADER}-byte limit (corrupt header size?)`);
  const n = Number(size);
  if (8 + n > bytes.length) return left(`the header size field says ${n} bytes, but only ${bytes.length - 8} follow it (truncated, or a corrupt header size)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    return left(`the header is not UTF-8 JSON: ${message(e)}`);
  }
  if (!isRecord(parsed)) return left("the header must be a JSON object");
  let metadata: SafetensorsMetadata = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === "__metadata__") {
      if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) return left(`"__metadata__" must map strings to strings`);
      metadata = value as SafetensorsMetadata;
      continue;
    }
    if (!isRecord(value)) return left(`the entry "${name}" must be an object with dtype, shape and data_offsets`);
    const { dtype: code, shape, data_offsets: offsets } = value;
    const dtype = typeof code === "string" ? DTYPES.get(code) : undefined;
    if (dtype === undefined) return left(`the tensor "${name}" has dtype ${JSON.stringify(code)}; purediff reads ${[...DTYPES.keys()].join(", ")}`);
    if (!Array.isArray(shape) || !shape.every(isCount))
      return left(`the tensor "${name}" has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[1] < offsets[0]) {
      return left(`the tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 ≤ begin ≤ end`);
    }
    const expected = (shape as number[]).reduce((a, b) => a * b, 1) * ITEM_BYTES[dtype];
    if (offsets[1] - offsets[0] !== expected) {
      return left(
        `the tensor "${name}" (${code} of shape [${shape.join(", ")}]) needs ${expected} bytes, but data_offsets [${offsets.join(", ")}] span ${offsets[1] - offsets[0]}`,
      );
    }
    entries.push({ name, dtype, shape: shape as number[], begin: offsets[0], end: offsets[1] });
  }
  const dataLength = bytes.length - 8 - n;
  const byStart = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of byStart) {
    if (e.begin !== covered) {
      return left(
        e.begin < covered
          ? `the tensor "${e.name}" at [${e.begin}, ${e.end}) overlaps another tensor`
          : `the data has a hole at bytes [${covered}, ${e.begin}) before the tensor "${e.name}"`,
      );
    }
    covered = e.end;
  }
  if (covered !== dataLength) {
    return left(
      covered > dataLength
        ? `the tensors need ${covered} bytes of data, but the file holds ${dataLength} after the header (truncated)`
        : `the file has ${dataLength - covered} bytes after the last tensor`,
    );
  }
  return right({ entries, metadata, dataStart: 8 + n });
}

/** A tensor's values from its little-endian bytes. */
function tensorOf(bytes: Uint8Array, start: number, e: HeaderEntry): Tensor {
  const count = (e.end - e.begin) / ITEM_BYTES[e.dtype];
  const out = allocate(e.dtype, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start + e.begin, e.end - e.begin);
  for (let i = 0; i < count; i++) {
    switch (e.dtype) {
      case "float32":
        out[i] = view.getFloat32(4 * i, true);
        break;
      case "float64":
        out[i] = view.getFloat64(8 * i, true);
        break;
      case "int32":
        out[i] = view.getInt32(4 * i, true);
        break;
      case "uint32":
        out[i] = view.getUint32(4 * i, true);
        break;
      case "bool":
        out[i] = view.getUint8(i) === 0 ? 0 : 1;
        break;
    }
  }
  return new ConcreteTensor(out, e.shape.slice(), e.dtype);
}

const show = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/**
 * Options of {@link decodeSafetensorsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const initParams = { W: tensor([0, 0]) };
 * const bytes = train.encodeSafetensors({ W: tensor([1, 2]) });
 * train.decodeSafetensorsE(bytes, { like: initParams } satisfies train.SafetensorsLoadOptions<typeof initParams>)._tag; // => "Right"
 * ```
 */
export interface SafetensorsLoadOptions<T> {
  /**
   * A tree of the expected structure (e.g. freshly initialised params): each of its
   * leaves is read from the tensor named by its path, with the same shape and dtype; the
   * file must hold exactly those names. Without it, the result is a record of tensors by name.
   */
  readonly like?: T;
}

/**
 * The tensors of a safetensors file, rebuilt into `like`'s structure (or as a record by
 * name), with the file's metadata; or a `Left` saying what breaks the format or what does
 * not match `like` (missing or extra names, shapes, dtypes). Nothing is thrown.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { W: tensor([[1, 2]]) };
 * const bytes = train.encodeSafetensors(params, { note: "demo" });
 * const loaded = train.decodeSafetensorsE(bytes, { like: params });
 * loaded._tag === "Right" && loaded.right.metadata; // => { note: "demo" }
 * ```
 */
export function decodeSafetensorsE<T = Record<string, Tensor>>(
  bytes: Uint8Array,
  options: SafetensorsLoadOptions<T> = {},
  source = "decodeSafetensors",
): Either<Error, DecodedSafetensors<T>> {
  const header = parseHeader(bytes);
  if (isLeft(header)) return left(new Error(`${source}: ${header.left}`));
  const { entries, metadata, dataStart } = header.right;
  const byName = new Map(entries.map((e) => [e.name, e]));
  if (!("like" in options) || options.like === undefined) {
    const names = entries.map((e) => e.name).sort();
    return right({ tree: Object.fromEntries(names.map((name) => [name, tensorOf(bytes, dataStart, byName.get(name) as HeaderEntry)])) as T, metadata });
  }
  const named = namedLeaves(source, options.like);
  if (isLeft(named)) return named;
  const { names, leaves: likeLeaves } = named.right;
  const missing = names.filter((name) => !byName.has(name));
  const wanted = new Set(names);
  const extra = entries.map((e) => e.name).filter((name) => !wanted.has(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.map((m) => `"${m}"`).join(", ")}` : "",
      extra.length > 0 ? `not in \`like\`: ${extra.map((m) => `"${m}"`).join(", ")}` : "",
    ];
    return left(new Error(`${source}: the file's tensors do not match \`like\`: ${parts.filter((p) => p !== "").join("; ")}`));
  }
  const leaves: Tensor[] = [];
  for (let i = 0; i < names.length; i++) {
    const e = byName.get(names[i]) as HeaderEntry;
    const expected = likeLeaves[i];
    if (!(expected instanceof Tensor)) return left(new Error(`${source}: the leaf "${names[i]}" of \`like\` is a ${typeof expected}, not a tensor`));
    if (expected.dtype !== e.dtype || show(expected.shape) !== show(e.shape)) {
      return left(
        new Error(
          `${source}: the tensor "${names[i]}" is ${CODES[e.dtype]} of shape ${show(e.shape)} in the file, but ${CODES[expected.dtype]} of shape ${show(expected.shape)} in \`like\``,
        ),
      );
    }
    leaves.push(tensorOf(bytes, dataStart, e));
  }
  try {
    return right({ tree: unflattenUntyped(flattenUntyped(options.like)[1], leaves, source) as T, metadata });
  } catch (e) {
    return left(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * The tensors and metadata of a safetensors file; throws the error of {@link decodeSafetensorsE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const initParams = { W: tensor([[0, 0]]) };
 * const bytes = train.encodeSafetensors({ W: tensor([[1, 2]]) });
 * const { tree: params } = train.decodeSafetensors(bytes, { like: initParams });
 * params.W.toArray(); // => [[1, 2]]
 * ```
 */
export function decodeSafetensors<T = Record<string, Tensor>>(bytes: Uint8Array, options: SafetensorsLoadOptions<T> = {}): DecodedSafetensors<T> {
  const out = decodeSafetensorsE(bytes, options);
  if (isLeft(out)) throw out.left;
  return out.right;
}
