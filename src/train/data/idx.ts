/**
 * The IDX file format of MNIST (LeCun et al.): a 4-byte magic number `0x0000 TT NN`
 * (`TT` the element type, `NN` the number of dimensions), `NN` big-endian uint32
 * dimensions, then the elements row-major. MNIST uses type `0x08` (unsigned byte):
 * labels are `0x00000801` (one dimension), images `0x00000803` (count × rows × cols).
 * Gzipped files (`*.gz`, magic `1f 8b`) are inflated first.
 * @module
 */
import { isLeft, left, right } from "fp-ts/Either";
import type { Either } from "../../either";
import { platform } from "../../platform";

/**
 * A parsed IDX file of unsigned bytes: its dimensions and its elements, row-major.
 * @example
 * ```ts
 * import { train } from "purediff";
 * // a 2×2 image file: magic 0x00000803, 1 image, 2 rows, 2 columns
 * const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 128, 7]);
 * const { dims, data }: train.IdxArray = train.parseIdxOrThrow(bytes);
 * dims; // => [1, 2, 2]
 * data; // => [0, 255, 128, 7]
 * ```
 */
export interface IdxArray {
  /** The dimensions, outermost first, e.g. `[60000, 28, 28]`. */
  readonly dims: readonly number[];
  /** The elements (a view on the input buffer when it was not gzipped). */
  readonly data: Uint8Array;
}

/**
 * What {@link parseIdx} may check besides the format itself.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 128, 7]);
 * const r = train.parseIdx(bytes, { rank: 3, dims: [undefined, 28, 28], name: "t10k-images" } satisfies train.IdxExpectation);
 * r._tag; // => "Left"
 * ```
 */
export interface IdxExpectation {
  /** The number of dimensions the file must have (1 for labels, 3 for images). */
  readonly rank?: number;
  /** Dimensions the file must have; `undefined` entries accept any size. */
  readonly dims?: readonly (number | undefined)[];
  /** A name for error messages, e.g. the file name. */
  readonly name?: string;
}

const UBYTE = 0x08;
const TYPE_NAMES: { readonly [code: number]: string } = {
  0x08: "unsigned byte",
  0x09: "signed byte",
  0x0b: "short",
  0x0c: "int",
  0x0d: "float",
  0x0e: "double",
};

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/**
 * True when `bytes` starts with the gzip magic number `1f 8b`.
 * @example
 * ```ts
 * import { train } from "purediff";
 * train.isGzip(new Uint8Array([0x1f, 0x8b, 8])); // => true
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzipE(bytes: Uint8Array, where: string): Either<Error, Uint8Array> {
  try {
    return right(platform.files.gunzip(bytes));
  } catch (e) {
    return left(new Error(`${where}: cannot gunzip: ${e instanceof Error ? e.message : String(e)}`));
  }
}

/**
 * Parses an IDX buffer of unsigned bytes (gzipped or not) into its dimensions and data.
 * Every problem is a `Left` with a message naming it: a magic number that is not IDX of
 * unsigned bytes, a header or data section shorter than the header says (truncated),
 * trailing bytes, or dimensions that differ from `expect`. Nothing is thrown.
 * @example
 * ```ts
 * import { train } from "purediff";
 * // a label file: magic 0x00000801, 3 labels
 * const labels = train.parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4]), { rank: 1 });
 * labels; // => { _tag: "Right", right: { dims: [3], data: [5, 0, 4] } }
 * const bad = train.parseIdx(new Uint8Array([0, 0, 9, 1]));
 * bad._tag === "Left" && bad.left.message; // => "idx: magic number 0x00000901 is not IDX of unsigned bytes (type 0x09, signed byte, 1 dimensions); expected 0x00000801 (labels) or 0x00000803 (images)"
 * ```
 */
export function parseIdx(buffer: Uint8Array, expect: IdxExpectation = {}): Either<Error, IdxArray> {
  const where = expect.name === undefined ? "idx" : `idx ${expect.name}`;
  let bytes = buffer;
  if (isGzip(bytes)) {
    const inflated = gunzipE(bytes, where);
    if (isLeft(inflated)) return inflated;
    bytes = inflated.right;
  }
  if (bytes.length < 4) {
    return left(new Error(`${where}: truncated: ${bytes.length} bytes, too short for the 4-byte magic number`));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = (magic >>> 8) & 0xff;
  const rank = magic & 0xff;
  if (magic >>> 16 !== 0 || type !== UBYTE || rank === 0) {
    const typeName = TYPE_NAMES[type] === undefined ? "unknown type" : TYPE_NAMES[type];
    return left(
      new Error(
        `${where}: magic number ${hex32(magic)} is not IDX of unsigned bytes ` +
          `(type 0x${type.toString(16).padStart(2, "0")}, ${typeName}, ${rank} dimensions); ` +
          `expected 0x00000801 (labels) or 0x00000803 (images)`,
      ),
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    return left(new Error(`${where}: truncated: ${bytes.length} bytes, but the header of ${rank} dimensions needs ${headerBytes}`));
  }
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  if (expect.rank !== undefined && rank !== expect.rank) {
    return left(new Error(`${where}: expected ${expect.rank} dimensions, the file has ${rank} ([${dims.join(", ")}])`));
  }
  if (expect.dims !== undefined) {
    const want = expect.dims;
    const wrong = want.length !== rank || want.some((d, i) => d !== undefined && d !== dims[i]);
    if (wrong) {
      const shown = want.map((d) => (d === undefined ? "*" : String(d))).join(", ");
      return left(new Error(`${where}: expected dimensions [${shown}], the file has [${dims.join(", ")}]`));
    }
  }
  const available = bytes.length - headerBytes;
  if (available < size) {
    return left(new Error(`${where}: truncated: dimensions [${dims.join(", ")}] need ${size} data bytes, the file has ${available}`));
  }
  if (available > size) {
    return left(new Error(`${where}: ${available - size} trailing bytes after the ${size} data bytes of dimensions [${dims.join(", ")}]`));
  }
  const data = bytes.subarray(headerBytes, headerBytes + size);
  return right({ dims: Object.freeze(dims), data });
}

/**
 * {@link parseIdx}, throwing its error.
 * @example
 * ```ts
 * import { train } from "purediff";
 * const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 9, 8]);
 * const { dims, data } = train.parseIdxOrThrow(bytes, { rank: 3 });
 * dims; // => [2, 1, 1]
 * ```
 */
export function parseIdxOrThrow(buffer: Uint8Array, expect: IdxExpectation = {}): IdxArray {
  const result = parseIdx(buffer, expect);
  if (isLeft(result)) throw result.left;
  return result.right;
}
