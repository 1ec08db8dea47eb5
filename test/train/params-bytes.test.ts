/**
 * Params as bytes and Blobs (train.paramsToBytes / paramsFromBytes / paramsToBlob /
 * paramsFromBlob): the `.pdif` and JSON formats of saveParams, in memory, with the same
 * checksum and `like` checks; what a browser page uses instead of files.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tensor, train, type Tensor } from "../../src/index";

const params = {
  dense: {
    W: tensor(
      [
        [1.5, -2],
        [0.25, 3],
      ],
      "float32",
    ),
    b: tensor([0.1, -0.2], "float64"),
  },
  step: 7,
};

function bits(t: Tensor): number[] {
  const d = t.data();
  return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
}

describe("paramsToBytes / paramsFromBytes", () => {
  it("writes exactly the bytes saveParams writes, binary and JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "purediff-bytes-"));
    train.saveParams(join(dir, "p.pdif"), params);
    train.saveParams(join(dir, "p.json"), params);
    expect(Array.from(train.paramsToBytes(params))).toEqual(Array.from(readFileSync(join(dir, "p.pdif"))));
    expect(new TextDecoder().decode(train.paramsToBytes(params, { format: "json" }))).toBe(readFileSync(join(dir, "p.json"), "utf8"));
  });

  it("reads back every leaf bit for bit, from a Uint8Array, an ArrayBuffer and JSON", () => {
    const bytes = train.paramsToBytes(params);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("PDIF");
    const copy = bytes.slice().buffer;
    for (const back of [
      train.paramsFromBytes(bytes, { like: params }),
      train.paramsFromBytes(copy, { like: params }),
      train.paramsFromBytes(train.paramsToBytes(params, { format: "json" }), { like: params }),
    ]) {
      expect(back.step).toBe(7);
      expect(back.dense.W.dtype).toBe("float32");
      expect(back.dense.b.dtype).toBe("float64");
      expect(bits(back.dense.W)).toEqual(bits(params.dense.W));
      expect(bits(back.dense.b)).toEqual(bits(params.dense.b));
    }
  });

  it("reports a flipped data byte as a checksum mismatch, and a tree unlike `like`, naming the source", () => {
    const bytes = train.paramsToBytes(params);
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 9] ^= 1;
    const bad = train.paramsFromBytesE(corrupt, { like: params });
    expect(bad._tag).toBe("Left");
    if (bad._tag === "Left")
      expect(bad.left.message).toMatch(/^paramsFromBytes: corrupt: checksum mismatch \(stored CRC-32 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/);
    const unlike = train.paramsFromBytesE(bytes, {
      like: {
        dense: {
          W: tensor(
            [
              [0, 0],
              [0, 0],
            ],
            "float32",
          ),
        },
        step: 0,
      },
      source: "checkpoint 3",
    });
    expect(unlike._tag).toBe("Left");
    if (unlike._tag === "Left") expect(unlike.left.message).toMatch(/^checkpoint 3: /);
    expect(() => train.paramsFromBytes(corrupt)).toThrow(/checksum mismatch/);
    expect(() => train.paramsFromBytes(new Uint8Array([1, 2, 3]))).toThrow(/^paramsFromBytes: /);
  });

  it("names the leaf that cannot be saved", () => {
    const bad = train.paramsToBytesE({ f: () => 1 });
    expect(bad._tag).toBe("Left");
    if (bad._tag === "Left") expect(bad.left.message).toMatch(/f/);
    expect(() => train.paramsToBytes({ f: () => 1 })).toThrow();
  });
});

describe("paramsToBlob / paramsFromBlob", () => {
  it("round-trips through a Blob exactly, typed by format", async () => {
    const blob = train.paramsToBlob(params);
    expect(blob.type).toBe("application/octet-stream");
    expect(blob.size).toBe(train.paramsToBytes(params).length);
    expect(train.paramsToBlob(params, { format: "json" }).type).toBe("application/json");
    const back = await train.paramsFromBlob(blob, { like: params });
    expect(bits(back.dense.W)).toEqual(bits(params.dense.W));
    expect(bits(back.dense.b)).toEqual(bits(params.dense.b));
    const fromJson = await train.paramsFromBlob(train.paramsToBlob(params, { format: "json" }), { like: params });
    expect(bits(fromJson.dense.b)).toEqual(bits(params.dense.b));
  });

  it("resolves to a Left (never rejects) for bad contents, and paramsFromBlob rejects with it", async () => {
    const garbage = new Blob([new Uint8Array([80, 68, 73, 70, 9, 9])]);
    const result = await train.paramsFromBlobE(garbage);
    expect(result._tag).toBe("Left");
    if (result._tag === "Left") expect(result.left.message).toMatch(/^paramsFromBlob: /);
    await expect(train.paramsFromBlob(garbage)).rejects.toThrow(/^paramsFromBlob: /);
    expect(train.paramsToBlobE({ f: () => 1 })._tag).toBe("Left");
  });
});
