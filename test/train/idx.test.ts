import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isLeft, isRight, type Either } from "fp-ts/Either";
import { describe, expect, it } from "vitest";
import { loadMnist, loadMnistE, mnistDirE, parseIdx, parseIdxOrThrow } from "../../src/train";

const dirE = mnistDirE();
if (isLeft(dirE)) throw dirE.left;
const dir = dirE.right;

/** An independent reading of an idx file: big-endian header words, then bytes. */
function rawIdx(file: string): { magic: number; dims: number[]; body: Buffer } {
  const buf = readFileSync(join(dir, file));
  const magic = buf.readUInt32BE(0);
  const rank = buf[3];
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return { magic, dims, body: buf.subarray(4 + 4 * rank) };
}

function idxBytes(magic: number, dims: number[], data: number[]): Uint8Array {
  const b = Buffer.alloc(4 + 4 * dims.length + data.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  Buffer.from(data).copy(b, 4 + 4 * dims.length);
  return new Uint8Array(b);
}

function leftMessage(e: Either<Error, unknown>): string {
  if (!isLeft(e)) throw new Error("expected a Left");
  return e.left.message;
}

describe("idx parsing of the real MNIST files", () => {
  it("reads the training labels: 60000 of them, the same bytes as an independent reading", () => {
    const raw = rawIdx("train-labels-idx1-ubyte");
    expect(raw.magic).toBe(0x00000801);
    const parsed = parseIdxOrThrow(readFileSync(join(dir, "train-labels-idx1-ubyte")), { rank: 1 });
    expect(parsed.dims).toEqual([60000]);
    expect(Array.from(parsed.data.subarray(0, 10))).toEqual(Array.from(raw.body.subarray(0, 10)));
    // the well-known first labels of MNIST
    expect(Array.from(parsed.data.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const counts = new Array<number>(10).fill(0);
    for (const l of parsed.data) counts[l]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60000);
    expect(counts[1]).toBe(6742); // the most frequent digit
  });

  it("reads the test images with pixel sums equal to an independent sum of the bytes", () => {
    const raw = rawIdx("t10k-images-idx3-ubyte");
    expect(raw.magic).toBe(0x00000803);
    expect(raw.dims).toEqual([10000, 28, 28]);
    const parsed = parseIdxOrThrow(readFileSync(join(dir, "t10k-images-idx3-ubyte")), { dims: [undefined, 28, 28] });
    expect(parsed.dims).toEqual([10000, 28, 28]);
    for (const i of [0, 1, 9999]) {
      let mine = 0;
      let theirs = 0;
      for (let j = 0; j < 784; j++) {
        mine += parsed.data[i * 784 + j];
        theirs += raw.body.readUInt8(i * 784 + j);
      }
      expect(mine).toBe(theirs);
      expect(mine).toBeGreaterThan(0);
    }
  });

  it("loadMnist gives float32 images in [0, 1] and int32 labels matching the bytes", () => {
    const { images, labels } = loadMnist({ split: "test", limit: 100 });
    expect(images.shape).toEqual([100, 784]);
    expect(images.dtype).toBe("float32");
    expect(labels.shape).toEqual([100]);
    expect(labels.dtype).toBe("int32");
    const x = images.data();
    expect(Math.min(...x)).toBe(0);
    expect(Math.max(...x)).toBe(1);
    const rawImages = rawIdx("t10k-images-idx3-ubyte").body;
    let sum0 = 0;
    let raw0 = 0;
    for (let j = 0; j < 784; j++) {
      sum0 += x[j];
      raw0 += rawImages[j];
    }
    expect(sum0 * 255).toBeCloseTo(raw0, 2);
    expect(Array.from(labels.data())).toEqual(Array.from(rawIdx("t10k-labels-idx1-ubyte").body.subarray(0, 100)));
    expect(Array.from(labels.data().subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it("loads the whole test split and a limited training split", () => {
    const test = loadMnist({ split: "test" });
    expect(test.images.shape).toEqual([10000, 784]);
    expect(test.labels.shape).toEqual([10000]);
    const trainPart = loadMnist({ split: "train", limit: 2000 });
    expect(trainPart.images.shape).toEqual([2000, 784]);
    expect(Array.from(trainPart.labels.data().subarray(0, 3))).toEqual([5, 0, 4]);
  });

  it("reports a missing directory and bad options as Left", () => {
    const missing = loadMnistE({ split: "test", dir: "/nonexistent/mnist" });
    expect(isLeft(missing) && missing.left.message).toMatch(/t10k-images-idx3-ubyte .*not found in \/nonexistent\/mnist/);
    const bad = loadMnistE({ split: "validation" as "test" });
    expect(isLeft(bad) && bad.left.message).toMatch(/split must be "train" or "test"/);
    expect(isLeft(loadMnistE({ split: "test", limit: -1 }))).toBe(true);
  });
});

describe("malformed idx buffers", () => {
  it("parses a small well-formed buffer, gzipped or not", () => {
    const bytes = idxBytes(0x803, [2, 2, 1], [1, 2, 3, 4]);
    for (const b of [bytes, new Uint8Array(gzipSync(bytes))]) {
      const r = parseIdx(b);
      expect(isRight(r) && r.right.dims).toEqual([2, 2, 1]);
      expect(isRight(r) && Array.from(r.right.data)).toEqual([1, 2, 3, 4]);
    }
  });

  it("rejects a wrong magic number", () => {
    expect(leftMessage(parseIdx(idxBytes(0x0901, [1], [0])))).toMatch(/magic number 0x00000901 is not IDX of unsigned bytes \(type 0x09, signed byte/);
    expect(leftMessage(parseIdx(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])))).toMatch(/magic number 0x89504e47/);
    expect(leftMessage(parseIdx(idxBytes(0x0800, [], [])))).toMatch(/0 dimensions/);
  });

  it("rejects truncated headers and data", () => {
    expect(leftMessage(parseIdx(new Uint8Array([0, 0, 8])))).toMatch(/truncated: 3 bytes, too short for the 4-byte magic number/);
    const full = idxBytes(0x803, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(leftMessage(parseIdx(full.subarray(0, 10)))).toMatch(/truncated: 10 bytes, but the header of 3 dimensions needs 16/);
    expect(leftMessage(parseIdx(full.subarray(0, 20)))).toMatch(/truncated: dimensions \[2, 2, 2\] need 8 data bytes, the file has 4/);
    // every truncation is a Left, never a throw
    for (let n = 0; n < full.length; n++) expect(isLeft(parseIdx(full.subarray(0, n)))).toBe(true);
  });

  it("rejects trailing bytes, wrong dims and corrupt gzip", () => {
    expect(leftMessage(parseIdx(idxBytes(0x801, [2], [1, 2, 3])))).toMatch(/1 trailing bytes/);
    expect(leftMessage(parseIdx(idxBytes(0x801, [2], [1, 2]), { rank: 3 }))).toMatch(/expected 3 dimensions, the file has 1 \(\[2\]\)/);
    expect(leftMessage(parseIdx(idxBytes(0x803, [2, 3, 1], [1, 2, 3, 4, 5, 6]), { dims: [undefined, 28, 28], name: "x.idx" }))).toMatch(
      /idx x.idx: expected dimensions \[\*, 28, 28\], the file has \[2, 3, 1\]/,
    );
    const gz = new Uint8Array(gzipSync(idxBytes(0x801, [2], [1, 2])));
    expect(leftMessage(parseIdx(gz.subarray(0, gz.length - 6)))).toMatch(/cannot gunzip/);
  });

  it("parseIdxOrThrow throws the same error", () => {
    expect(() => parseIdxOrThrow(new Uint8Array([1, 2, 3, 4]))).toThrow(/magic number 0x01020304/);
  });
});
