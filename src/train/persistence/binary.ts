/**
 * Pytrees of tensors as compact bytes (the `.pdif` format), exact to the bit:
 *
 * | offset | size | contents |
 * |---|---|---|
 * | 0 | 4 | magic `"PDIF"` |
 * | 4 | 4 | format version (uint32, little-endian), 1 |
 * | 8 | 4 | header length `H` in bytes (uint32 LE) |
 * | 12 | 4 | reserved, 0 |
 * | 16 | 8 | data length `D` in bytes (uint64 LE) |
 * | 24 | H | header: UTF-8 JSON `{ "structure": ..., "leaves": [...] }` (see `schema.ts`), each tensor leaf with its dtype, shape and byte `offset` in the data section |
 * | | | zero padding to a multiple of 8 |
 * | A | D | data: each tensor's elements, row-major, little-endian, at its offset (a multiple of 8) |
 * | A + D | 4 | CRC-32 (IEEE) of every byte before it (uint32 LE) |
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { allocate, type TypedArray } from "../../tensor/dtype";
import { crc32 } from "./crc32";
import { describeTree, type LeafValue } from "./describe";
import { rebuildTree } from "./rebuild";
import { FORMAT_VERSION, ITEM_BYTES, savedSize, toSavedNumber, validateSavedTree, type SavedLeaf } from "./schema";
import { leafFromSaved } from "./values";

/**
 * The 4 bytes every file starts with: `"PDIF"`.
 * @example
 * String.fromCharCode(...encode(params).subarray(0, 4)) === MAGIC // true
 */
export const MAGIC = "PDIF";
/** Bytes before the header. */
const PREAMBLE = 24;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align8 = (n: number): number => Math.ceil(n / 8) * 8;
const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/** The bytes of a typed array as little-endian (a view when the platform is little-endian). */
function littleEndianBytes(data: TypedArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  return swapped(bytes, data.BYTES_PER_ELEMENT);
}

/** A copy of `bytes` with every `size`-byte element reversed. */
function swapped(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j];
  return out;
}

/**
 * A tree as bytes in the `.pdif` format, or a `Left` naming the first leaf that cannot
 * be saved (see `toJsonE` for what can).
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const bytes = train.encodeE({ w: tensor([[1, 2], [3, 4]]), step: 10 }); // Right(Uint8Array [80, 68, 73, 70, ...])
 * ```
 */
export function encodeE(tree: unknown): Either<Error, Uint8Array> {
  const described = describeTree(tree);
  if (isLeft(described)) return left(new Error(`encode: ${described.left.message}`));
  const leaves: SavedLeaf[] = [];
  const chunks: { readonly offset: number; readonly bytes: Uint8Array }[] = [];
  let dataLength = 0;
  for (const leaf of described.right.leaves) {
    if (leaf.kind !== "tensor") {
      leaves.push(leaf.kind === "number" ? { kind: "number", value: toSavedNumber(leaf.value) } : (leaf as Exclude<LeafValue, { kind: "tensor" }>));
      continue;
    }
    const offset = align8(dataLength);
    leaves.push({ kind: "tensor", dtype: leaf.dtype, shape: leaf.shape, offset });
    const bytes = littleEndianBytes(leaf.data);
    chunks.push({ offset, bytes });
    dataLength = offset + bytes.length;
  }
  dataLength = align8(dataLength);
  const header = new TextEncoder().encode(JSON.stringify({ structure: described.right.structure, leaves }));
  const dataStart = align8(PREAMBLE + header.length);
  const total = dataStart + dataLength + 4;
  if (!Number.isSafeInteger(total) || total > 2 ** 53) return left(new Error(`encode: ${total} bytes is too large`));
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, header.length, true);
  view.setUint32(12, 0, true);
  view.setBigUint64(16, BigInt(dataLength), true);
  out.set(header, PREAMBLE);
  for (const c of chunks) out.set(c.bytes, dataStart + c.offset);
  view.setUint32(total - 4, crc32(out.subarray(0, total - 4)), true);
  return right(out);
}

/**
 * A tree as bytes in the `.pdif` format; throws the error of {@link encodeE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const params = { w: tensor([1.5, -2]), step: 3 };
 * const bytes = train.encode(params);
 * bytes instanceof Uint8Array; // => true
 * // an equal tree, bit for bit
 * train.decode(bytes, params); // => { step: 3, w: [1.5, -2] }
 * ```
 */
export function encode(tree: unknown): Uint8Array {
  const result = encodeE(tree);
  if (isLeft(result)) throw result.left;
  return result.right;
}

/**
 * Options of {@link decodeE} that name the source in messages.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const like = { w: tensor([0]) };
 * const bytes = train.encode({ w: tensor([1, 2]) });
 * const r = train.decodeE(bytes, like, { source: "checkpoint 12" } satisfies train.DecodeOptions);
 * r._tag === "Left" && r.left.message.startsWith("checkpoint 12"); // => true
 * ```
 */
export interface DecodeOptions {
  /** What the bytes are, e.g. a file name (default `"decode"`). */
  readonly source?: string;
}

function showMagic(bytes: Uint8Array): string {
  const b = Array.from(bytes.subarray(0, 4));
  const printable = b.every((c) => c >= 0x20 && c < 0x7f);
  return `${printable ? JSON.stringify(String.fromCharCode(...b)) : "bytes"} (${b.map((c) => c.toString(16).padStart(2, "0")).join(" ")})`;
}

/**
 * The tree held by `.pdif` bytes, or a `Left` with a clear message: not a purediff file
 * (wrong magic), a newer format version, truncated (fewer bytes than the preamble
 * announces), trailing bytes, corrupt (CRC-32 mismatch), a malformed header, or — when
 * `like` is given — a structure, shape or dtype that differs from like's (printing both
 * structures). Nothing is thrown. The result is exact to the bit.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const initParams = { w: tensor([0, 0]) };
 * const bytes = train.encode({ w: tensor([1, 2]) });
 * // Either<Error, typeof initParams>
 * const restored = train.decodeE(bytes, initParams);
 * restored._tag; // => "Right"
 * const truncated = train.decodeE(bytes.subarray(0, 10));
 * truncated._tag === "Left" && truncated.left.message.startsWith("decode: truncated"); // => true
 * ```
 */
export function decodeE<T = unknown>(bytes: Uint8Array, like?: T, options: DecodeOptions = {}): Either<Error, T> {
  const source = options.source ?? "decode";
  const fail = (message: string): Either<Error, never> => left(new Error(`${source}: ${message}`));
  if (bytes.length < 4) return fail(`truncated: ${bytes.length} bytes, too short for the magic number "${MAGIC}"`);
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) {
      return fail(`not a purediff params file: it starts with ${showMagic(bytes)}, expected "${MAGIC}"`);
    }
  }
  if (bytes.length < PREAMBLE) return fail(`truncated: ${bytes.length} bytes, too short for the ${PREAMBLE}-byte preamble`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) {
    return fail(`format version ${version} is not supported: this purediff reads version ${FORMAT_VERSION}`);
  }
  const headerLength = view.getUint32(8, true);
  const dataLength = Number(view.getBigUint64(16, true));
  const dataStart = align8(PREAMBLE + headerLength);
  const expected = dataStart + dataLength + 4;
  if (bytes.length !== expected) {
    // A file whose last 4 bytes are the CRC-32 of all before them is whole: its length field is what is wrong.
    const whole = view.getUint32(bytes.length - 4, true) === crc32(bytes.subarray(0, bytes.length - 4));
    const announced = `the preamble announces ${expected} (header ${headerLength}, data ${dataLength})`;
    if (whole)
      return fail(`corrupt: a length field of the preamble is wrong: the file is whole (its checksum matches) at ${bytes.length} bytes, but ${announced}`);
    if (bytes.length < expected) return fail(`truncated: ${bytes.length} bytes, but ${announced}`);
    return fail(`corrupt: ${bytes.length - expected} unexpected bytes after the ${expected} bytes the preamble announces`);
  }
  const stored = view.getUint32(expected - 4, true);
  const computed = crc32(bytes.subarray(0, expected - 4));
  if (stored !== computed) {
    return fail(`corrupt: checksum mismatch (stored CRC-32 ${hex32(stored)}, computed ${hex32(computed)})`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength)));
  } catch (e) {
    return fail(`malformed header: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) return fail("malformed header: expected a JSON object");
  const h = header as { readonly [key: string]: unknown };
  const saved = validateSavedTree(h.structure, h.leaves, "offset");
  if (isLeft(saved)) return fail(`malformed header: ${saved.left}`);
  const leaves: unknown[] = [];
  for (let i = 0; i < saved.right.leaves.length; i++) {
    const leaf = saved.right.leaves[i];
    if (leaf.kind !== "tensor") {
      leaves.push(leafFromSaved(leaf));
      continue;
    }
    const itemBytes = ITEM_BYTES[leaf.dtype];
    const size = savedSize(leaf.shape);
    const byteLength = size * itemBytes;
    const offset = leaf.offset as number;
    if (offset + byteLength > dataLength) {
      return fail(
        `malformed header: leaf ${i} (${leaf.dtype} [${leaf.shape.join(", ")}]) needs bytes ${offset}..${offset + byteLength} of a ${dataLength}-byte data section`,
      );
    }
    const data = allocate(leaf.dtype, size);
    let raw = bytes.subarray(dataStart + offset, dataStart + offset + byteLength);
    if (!LITTLE_ENDIAN && itemBytes > 1) raw = swapped(raw, itemBytes);
    new Uint8Array(data.buffer).set(raw);
    leaves.push(leafFromSaved(leaf, data));
  }
  return rebuildTree(source, saved.right.structure, leaves, { present: like !== undefined, value: like }) as Either<Error, T>;
}

/**
 * The tree held by `.pdif` bytes; throws the error of {@link decodeE}.
 * @example
 * ```ts
 * import { tensor, train } from "purediff";
 * const initParams = { W: tensor([[0, 0]]), b: tensor([0]) };
 * const bytes = train.encode({ W: tensor([[1, 2]]), b: tensor([3]) });
 * const params = train.decode(bytes, initParams);
 * params.W.toArray(); // => [[1, 2]]
 * ```
 */
export function decode<T = unknown>(bytes: Uint8Array, like?: T, options: DecodeOptions = {}): T {
  const result = decodeE(bytes, like, options);
  if (isLeft(result)) throw result.left;
  return result.right;
}
