/**
 * safetensors read and write, tested against the format's specification (header-size
 * field, JSON header, byte offsets, alignment) and against a file written by the
 * reference implementation (the `safetensors` Python package, 0.8.0, in
 * fixtures/reference.safetensors: see the comment at `reference` below).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLeft, isRight } from "fp-ts/Either";
import { afterAll, describe, expect, it } from "vitest";
import { tensor, train, type Tensor } from "../../src/index";

const dir = mkdtempSync(join(tmpdir(), "purediff-safetensors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The tensors of fixtures/reference.safetensors, written by
 * `safetensors.numpy.save_file(t, path, metadata={"format": "np", "written_by": "safetensors 0.8.0 (Python)"})` with
 * t = { "dense.W": arange(6, float32).reshape(2, 3) / 4 - 0.5, "dense.b": [0.25, -1.5, 3] (float32),
 * "scale": pi (float64 scalar), "counts": [[-3, 7], [2³¹−1, −2³¹]] (int32), "bits": [0, 1, 2³²−1] (uint32),
 * "mask": [True, False, True, True] }.
 */
const reference = () => ({
  dense: {
    W: tensor([
      [-0.5, -0.25, 0],
      [0.25, 0.5, 0.75],
    ]),
    b: tensor([0.25, -1.5, 3]),
  },
  scale: tensor(Math.PI, "float64"),
  counts: tensor(
    [
      [-3, 7],
      [2 ** 31 - 1, -(2 ** 31)],
    ],
    "int32",
  ),
  bits: tensor([0, 1, 2 ** 32 - 1], "uint32"),
  mask: tensor([1, 0, 1, 1], "bool"),
});
const metadata = { format: "np", written_by: "safetensors 0.8.0 (Python)" };
const referenceBytes = (): Uint8Array => new Uint8Array(readFileSync(join(__dirname, "fixtures", "reference.safetensors")));

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

/** The header of a safetensors file, read plainly from the specification. */
function header(bytes: Uint8Array): { readonly size: number; readonly json: Record<string, unknown>; readonly text: string } {
  const size = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + size));
  return { size, json: JSON.parse(text) as Record<string, unknown>, text };
}

/** A file of the given header (JSON text, padded to 8) and data, for malformed-input cases. */
function fileOf(headerJson: unknown, data: Uint8Array, sizeField?: bigint): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(headerJson));
  const n = Math.ceil(text.length / 8) * 8;
  const out = new Uint8Array(8 + n + data.length).fill(0x20, 8, 8 + n);
  new DataView(out.buffer).setBigUint64(0, sizeField ?? BigInt(n), true);
  out.set(text, 8);
  out.set(data, 8 + n);
  return out;
}

describe("safetensors writing", () => {
  it("writes the reference implementation's bytes exactly", () => {
    const bytes = train.encodeSafetensors(reference(), metadata);
    expect(Buffer.from(bytes).equals(Buffer.from(referenceBytes()))).toBe(true);
  });

  it("follows the specification: size field, padded JSON header, contiguous little-endian data", () => {
    const tree = {
      layers: [
        {
          W: tensor(
            [
              [1, 2],
              [3, 4],
            ],
            "float64",
          ),
        },
        { W: tensor([5.5], "float32"), on: tensor([1], "bool") },
      ],
    };
    const bytes = train.encodeSafetensors(tree, { epochs: "3" });
    const { size, json, text } = header(bytes);
    expect(size % 8).toBe(0);
    expect(text.trimEnd()).toBe(JSON.stringify(json));
    expect(text.slice(JSON.stringify(json).length)).toMatch(/^ *$/);
    expect(json).toEqual({
      __metadata__: { epochs: "3" },
      "layers.0.W": { dtype: "F64", shape: [2, 2], data_offsets: [0, 32] },
      "layers.1.W": { dtype: "F32", shape: [1], data_offsets: [32, 36] },
      "layers.1.on": { dtype: "BOOL", shape: [1], data_offsets: [36, 37] },
    });
    expect(bytes.length).toBe(8 + size + 37);
    const data = new DataView(bytes.buffer, bytes.byteOffset + 8 + size);
    expect([0, 8, 16, 24].map((o) => data.getFloat64(o, true))).toEqual([1, 2, 3, 4]);
    expect(data.getFloat32(32, true)).toBe(5.5);
    expect(data.getUint8(36)).toBe(1);
  });

  it("refuses leaves that are not tensors, clashing names and a bare tensor, as a Left", () => {
    const notTensor = train.encodeSafetensorsE({ w: tensor([1]), step: 3 });
    expect(isLeft(notTensor) && notTensor.left.message).toBe(
      'encodeSafetensors: the leaf "step" is a number, not a tensor; safetensors holds tensors only (keep other values in the metadata)',
    );
    const clash = train.encodeSafetensorsE({ "a.b": tensor([1]), a: { b: tensor([2]) } });
    expect(isLeft(clash) && clash.left.message).toMatch(/both get the name "a\.b"/);
    const bare = train.encodeSafetensorsE(tensor([1]));
    expect(isLeft(bare) && bare.left.message).toMatch(/single tensor/);
    expect(() => train.encodeSafetensors({ w: tensor([1]) }, { n: 3 as unknown as string })).toThrow(
      'encodeSafetensors: metadata values must be strings; "n" is a number',
    );
  });
});

describe("safetensors reading", () => {
  it("loads the reference implementation's file into a like tree, exactly", () => {
    const { tree, metadata: meta } = train.decodeSafetensors(referenceBytes(), { like: reference() });
    expect(meta).toEqual(metadata);
    const expected = reference();
    expect(values(tree.dense.W)).toEqual(values(expected.dense.W));
    expect(values(tree.dense.b)).toEqual([0.25, -1.5, 3]);
    expect(tree.scale.item()).toBe(Math.PI);
    expect(tree.scale.dtype).toBe("float64");
    expect(values(tree.counts)).toEqual([-3, 7, 2 ** 31 - 1, -(2 ** 31)]);
    expect(values(tree.bits)).toEqual([0, 1, 2 ** 32 - 1]);
    expect(tree.mask.dtype).toBe("bool");
    expect(values(tree.mask)).toEqual([1, 0, 1, 1]);
  });

  it("without like, gives a record of tensors by name", () => {
    const { tree } = train.decodeSafetensors(referenceBytes());
    expect(Object.keys(tree)).toEqual(["bits", "counts", "dense.W", "dense.b", "mask", "scale"]);
    expect(tree["dense.W"].shape).toEqual([2, 3]);
  });

  it("round-trips through a file, with Either variants that never throw", () => {
    const path = join(dir, "model.safetensors");
    const params = { dense: [{ W: tensor([[1.5, -2]], "float32"), b: tensor([0.1], "float64") }] };
    train.saveSafetensors(path, params, { metadata: { model: "test" } });
    const loaded = train.loadSafetensors(path, { like: params });
    expect(values(loaded.dense[0].W)).toEqual([1.5, -2]);
    expect(loaded.dense[0].b.item()).toBe(0.1);
    const missing = train.loadSafetensorsE(join(dir, "nope.safetensors"));
    expect(isLeft(missing) && missing.left.message).toMatch(/^loadSafetensors .*nope\.safetensors: ENOENT/);
    expect(isRight(train.loadSafetensorsE(path))).toBe(true);
    const bad = train.saveSafetensorsE(join(dir, "x.safetensors"), { n: 1 });
    expect(isLeft(bad) && bad.left.message).toMatch(/^saveSafetensors .*x\.safetensors: the leaf "n" is a number/);
  });

  it("names what does not match like: missing and extra names, shapes, dtypes", () => {
    const bytes = train.encodeSafetensors({ a: tensor([1, 2]), b: tensor([3]) });
    expect(() => train.decodeSafetensors(bytes, { like: { a: tensor([0, 0]), c: tensor([0]) } })).toThrow(
      'decodeSafetensors: the file\'s tensors do not match `like`: missing "c"; not in `like`: "b"',
    );
    expect(() => train.decodeSafetensors(bytes, { like: { a: tensor([0, 0, 0]), b: tensor([0]) } })).toThrow(
      'decodeSafetensors: the tensor "a" is F32 of shape [2] in the file, but F32 of shape [3] in `like`',
    );
    expect(() => train.decodeSafetensors(bytes, { like: { a: tensor([0, 0], "float64"), b: tensor([0]) } })).toThrow(/"a" is F32 .* but F64/);
  });

  it("reports each violation of the format", () => {
    const four = new Uint8Array(4);
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(5), /5 bytes: too short/],
      [fileOf({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, four, 10_000n), /header size field says 10000 bytes, but only .* follow it/],
      [fileOf({}, new Uint8Array(0), 2n ** 40n), /above the 100000000-byte limit/],
      [fileOf([1, 2], new Uint8Array(0)), /header must be a JSON object/],
      [fileOf({ a: { dtype: "F16", shape: [2], data_offsets: [0, 4] } }, four), /"a" has dtype "F16"; purediff reads F32, F64, I32, U32, BOOL/],
      [fileOf({ a: { dtype: "F32", shape: [2], data_offsets: [0, 4] } }, four), /"a" \(F32 of shape \[2\]\) needs 8 bytes, but data_offsets \[0, 4\] span 4/],
      [fileOf({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, four), /shape \[-1\]; expected a list of non-negative integers/],
      [fileOf({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /hole at bytes \[0, 4\)/],
      [
        fileOf({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] }, b: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, four),
        /"b" at \[0, 4\) overlaps another tensor|"a" at \[0, 4\) overlaps another tensor/,
      ],
      [fileOf({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }, four), /need 8 bytes of data, but the file holds 4 after the header \(truncated\)/],
      [fileOf({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, new Uint8Array(6)), /2 bytes after the last tensor/],
      [fileOf({ __metadata__: { n: 3 } }, new Uint8Array(0)), /"__metadata__" must map strings to strings/],
    ];
    for (const [bytes, pattern] of cases) {
      const copy = bytes.slice();
      const result = train.decodeSafetensorsE(bytes);
      expect(isLeft(result) && result.left.message, String(pattern)).toMatch(pattern);
      expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
    }
    const path = join(dir, "broken.safetensors");
    writeFileSync(path, new Uint8Array(3));
    expect(() => train.loadSafetensors(path)).toThrow(/^loadSafetensors .*broken\.safetensors: 3 bytes: too short/);
  });
});
