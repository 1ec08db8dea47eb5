import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isLeft, isRight, type Either } from "fp-ts/Either";
import { List, Map as IMap, Record as IRecord } from "immutable";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tensor, Tensor, type DType } from "../../src/index";
import { key, normal, split } from "../../src/random";
import { crc32, decodeE, encode, fromJson, fromJsonE, loadParams, loadParamsE, saveParams, toJson } from "../../src/train";

function leftMessage(e: Either<Error, unknown>): string {
  if (!isLeft(e)) throw new Error("expected a Left");
  return e.left.message;
}

/** A tensor with the given raw bits (every bit pattern, NaN payloads included). */
function fromBits(dtype: "float32" | "float64", bits: number[]): Tensor {
  if (dtype === "float32") return tensor(new Float32Array(new Uint32Array(bits).buffer), "float32");
  return tensor(new Float64Array(new Uint32Array(bits).buffer), "float64");
}

function bitsOf(t: Tensor): number[] {
  const d = t.data();
  return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
}

/** Bitwise equality of two trees: same structure, same leaves, tensors equal to the bit. */
function expectBitwiseEqual(a: unknown, b: unknown, path = ""): void {
  if (a instanceof Tensor) {
    expect(b, path).toBeInstanceOf(Tensor);
    const t = b as Tensor;
    expect(t.dtype, path).toBe(a.dtype);
    expect(t.shape, path).toEqual(a.shape);
    expect(bitsOf(t), path).toEqual(bitsOf(a));
    return;
  }
  if (IMap.isMap(a)) {
    // a Map's iteration order is not part of its value: compare by key
    expect(IMap.isMap(b), path).toBe(true);
    const ma = a as IMap<unknown, unknown>;
    const mb = b as IMap<unknown, unknown>;
    expect(mb.size, path).toBe(ma.size);
    for (const [k, v] of ma) {
      expect(mb.has(k), `${path} key ${String(k)}`).toBe(true);
      expectBitwiseEqual(v, mb.get(k), `${path}.get(${String(k)})`);
    }
    return;
  }
  if (List.isList(a)) {
    expect((a as { equals(o: unknown): boolean }).constructor).toBe((b as object).constructor);
    const ea = Array.from(a as Iterable<unknown>);
    const eb = Array.from(b as Iterable<unknown>);
    expect(eb.length).toBe(ea.length);
    ea.forEach((x, i) => expectBitwiseEqual(x, eb[i], `${path}[${i}]`));
    return;
  }
  if (Array.isArray(a)) {
    expect(Array.isArray(b), path).toBe(true);
    expect((b as unknown[]).length, path).toBe(a.length);
    a.forEach((x, i) => expectBitwiseEqual(x, (b as unknown[])[i], `${path}[${i}]`));
    return;
  }
  if (typeof a === "object" && a !== null) {
    expect(Object.getPrototypeOf(b)).toBe(Object.getPrototypeOf(a));
    const keys = Object.keys(a).sort();
    expect(Object.keys(b as object).sort(), path).toEqual(keys);
    for (const k of keys) expectBitwiseEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
}

const [k1, k2, k3] = split(key(7), 3);
const SPECIALS32 = [0x7fc00000, 0xffc00001, 0x7f800000, 0xff800000, 0x80000000, 0x00000001, 0x807fffff, 0x3dcccccd, 0x7f7fffff];

function nestedParams(): unknown {
  return {
    layers: [
      { W: normal(k1, [4, 3]), b: tensor([0, -0, 1.5]) },
      { W: normal(k2, [3, 2], { dtype: "float64" }), b: tensor([1e-300, -2.5e300], "float64") },
    ],
    embed: tensor([[[1, 2]], [[3, 4]]], "int32"),
    mask: tensor([true, false, true], "bool"),
    scalar: tensor(0.1),
    empty: tensor(new Float32Array(0), "float32", [0, 3]),
    opt: { count: 12, lr: 1e-3, mu: [normal(k3, [2]), null], name: "adam", nesterov: false, nothing: undefined, inf: -Infinity, negZero: -0 },
    rng: key(123),
  };
}

describe("CRC-32", () => {
  it("matches the standard check value and composes over pieces", () => {
    const bytes = new TextEncoder().encode("123456789");
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe("JSON round trips", () => {
  it("are exact for nested trees of float32, float64, int32, bool tensors and plain values", () => {
    const tree = nestedParams();
    const back = fromJson(toJson(tree));
    expectBitwiseEqual(tree, back);
    expectBitwiseEqual(tree, fromJson(toJson(tree, { indent: 2 }), tree));
  });

  it("are exact for special float values and subnormals", () => {
    const t32 = fromBits(
      "float32",
      SPECIALS32.filter((b) => b !== 0xffc00001),
    ); // NaN payloads are not kept in JSON
    const t64 = tensor(new Float64Array([NaN, Infinity, -Infinity, -0, 5e-324, Number.MAX_VALUE, 0.1]), "float64");
    const back = fromJson(toJson([t32, t64])) as Tensor[];
    expect(bitsOf(back[0])).toEqual(bitsOf(t32));
    expect(bitsOf(back[1])).toEqual(bitsOf(t64));
  });

  it("writes float32 values with the fewest digits", () => {
    const text = toJson({ w: tensor([0.1, 1 / 3]) });
    expect(text).toContain('"values":[0.1,0.33333334]');
    expect(text).toContain('"dtype":"float32"');
  });

  it("rebuilds Immutable Lists and Maps on their own, Records from like", () => {
    const Point = IRecord({ x: tensor([0]), y: 0 }, "Point");
    const tree = {
      l: List([tensor([1, 2]), 3]),
      m: IMap<string | number, unknown>([
        ["a", tensor([4])],
        [2, "two"],
      ]),
      p: Point({ x: tensor([5]), y: 6 }),
    };
    const noRecord = { l: tree.l, m: tree.m };
    const back = fromJson(toJson(noRecord)) as typeof noRecord;
    expect(List.isList(back.l)).toBe(true);
    expect(IMap.isMap(back.m)).toBe(true);
    expectBitwiseEqual(noRecord, back);
    expect(leftMessage(fromJsonE(toJson(tree)))).toMatch(/the file holds an Immutable Record Point\{x, y\} at \.p; pass `like`/);
    const withLike = fromJson(toJson(tree), tree);
    expect(withLike.p instanceof Point).toBe(true);
    expect(withLike.p.y).toBe(6);
    expectBitwiseEqual(withLike.p.x, tree.p.x);
  });

  it("reports malformed documents as Left naming the problem", () => {
    expect(leftMessage(fromJsonE("{"))).toMatch(/^fromJson: not valid JSON/);
    expect(leftMessage(fromJsonE("[]"))).toBe("fromJson: expected a JSON object");
    expect(leftMessage(fromJsonE('{"format":"x"}'))).toMatch(/not a purediff tree: "format" is "x"/);
    expect(leftMessage(fromJsonE('{"format":"purediff-tree","version":9}'))).toMatch(/format version 9 is not supported/);
    const good = JSON.parse(toJson({ a: tensor([1, 2]), b: [3] }));
    interface Doc {
      leaves: { values: unknown[]; dtype: string }[];
      structure: { keys: string[]; children: { kind: string }[] };
    }
    // Edited documents without their checksum (as hand-written or pre-checksum ones), so the validation itself is seen.
    const edit = (f: (d: Doc) => void): string => {
      const d = structuredClone(good) as Doc & { checksum?: string };
      delete d.checksum;
      f(d);
      return JSON.stringify(d);
    };
    expect(leftMessage(fromJsonE(edit((d) => (d.leaves[0].values = [1]))))).toMatch(/leaf 0: 1 values do not fill shape \[2\]/);
    expect(leftMessage(fromJsonE(edit((d) => (d.leaves[0].values[1] = "x"))))).toMatch(/leaf 0: value 1 is "x", not a number/);
    expect(leftMessage(fromJsonE(edit((d) => (d.leaves[0].dtype = "float16"))))).toMatch(/unknown dtype "float16"/);
    expect(leftMessage(fromJsonE(edit((d) => d.leaves.pop())))).toMatch(/the structure has 2 leaves but 1 leaves are saved/);
    expect(leftMessage(fromJsonE(edit((d) => (d.structure.children[1].kind = "tuple"))))).toMatch(/structure at \.b: unknown node kind "tuple"/);
    expect(leftMessage(fromJsonE(edit((d) => (d.structure.keys = ["b", "a"]))))).toMatch(/object keys must be sorted/);
  });
});

describe("binary round trips", () => {
  it("are exact to the bit, NaN payloads included", () => {
    const tree = {
      ...(nestedParams() as object),
      bits32: fromBits("float32", SPECIALS32),
      bits64: fromBits("float64", [0x1, 0x7ff00000, 0xdeadbeef, 0xfff7ffff]),
    };
    const bytes = encode(tree);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("PDIF");
    const back = decodeE(bytes);
    expect(isRight(back)).toBe(true);
    if (isRight(back)) expectBitwiseEqual(tree, back.right);
    const withLike = decodeE(bytes, tree);
    if (isRight(withLike)) expectBitwiseEqual(tree, withLike.right);
    else throw withLike.left;
  });

  it("aligns tensor data to 8 bytes and ends with the CRC of everything before it", () => {
    const bytes = encode([tensor([1], "bool"), tensor([2.5], "float64"), tensor([1, 2, 3], "int32")]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(4, true)).toBe(1);
    const headerLength = view.getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + headerLength)));
    const offsets = header.leaves.map((l: { offset: number }) => l.offset);
    expect(offsets).toEqual([0, 8, 16]);
    const dataStart = Math.ceil((24 + headerLength) / 8) * 8;
    expect(view.getFloat64(dataStart + 8, true)).toBe(2.5);
    expect(view.getInt32(dataStart + 16 + 8, true)).toBe(3);
    expect(view.getUint32(bytes.length - 4, true)).toBe(crc32(bytes.subarray(0, bytes.length - 4)));
    expect(bytes.length % 8).toBe(4);
  });

  it("gives a Left, never a throw, for every truncation", () => {
    const bytes = encode({
      w: tensor([
        [1, 2],
        [3, 4],
      ]),
      step: 3,
    });
    for (let n = 0; n < bytes.length; n++) {
      const r = decodeE(bytes.subarray(0, n));
      expect(isLeft(r)).toBe(true);
    }
    expect(leftMessage(decodeE(bytes.subarray(0, 2)))).toMatch(/truncated: 2 bytes, too short for the magic number/);
    expect(leftMessage(decodeE(bytes.subarray(0, bytes.length - 1)))).toMatch(/^decode: truncated: \d+ bytes, but the preamble announces \d+/);
  });

  it("detects corruption of any single byte", () => {
    const bytes = encode({
      w: tensor([
        [1, 2],
        [3, 4],
      ]),
      b: tensor([0.5], "float64"),
    });
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 0x10;
      expect(() => decodeE(bad)).not.toThrow();
      expect(isLeft(decodeE(bad)), `byte ${i}`).toBe(true);
    }
    const bad = bytes.slice();
    bad[bytes.length - 10] ^= 1; // in the data
    expect(leftMessage(decodeE(bad))).toMatch(/corrupt: checksum mismatch \(stored CRC-32 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(leftMessage(decodeE(longer))).toMatch(/corrupt: 3 unexpected bytes/);
  });

  it("rejects a wrong magic number and an unknown version", () => {
    const bytes = encode([tensor([1])]);
    const png = bytes.slice();
    png.set([0x89, 0x50, 0x4e, 0x47]);
    expect(leftMessage(decodeE(png))).toMatch(/not a purediff params file: it starts with bytes \(89 50 4e 47\), expected "PDIF"/);
    const v2 = bytes.slice();
    new DataView(v2.buffer).setUint32(4, 2, true);
    expect(leftMessage(decodeE(v2))).toMatch(/format version 2 is not supported: this purediff reads version 1/);
  });

  it("saves PRNG keys as the uint32 tensors they are, and reads the key leaves of older files", () => {
    const back = fromJson(toJson({ rng: key(123) })) as { rng: Tensor };
    expect(back.rng.dtype).toBe("uint32");
    expect(back.rng.toArray()).toEqual([0, 123]);
    const old = '{"format":"purediff-tree","version":1,"structure":{"kind":"leaf"},"leaves":[{"kind":"key","words":[1,4294967295]}]}';
    const k = fromJson(old, key(0)) as Tensor;
    expect(k.dtype).toBe("uint32");
    expect(k.toArray()).toEqual([1, 4294967295]);
  });

  it("rejects trees that hold values it cannot save", () => {
    expect(() => encode({ a: { f: () => 1 } })).toThrow(
      /the leaf at \.a\.f is a function; only tensors \(PRNG keys included\), numbers, booleans and strings can be saved/,
    );
    expect(() => encode([new Date(0)])).toThrow(/the leaf at \[0\] is an object of class Date/);
  });
});

describe("loading with like", () => {
  const like = { layers: [{ W: tensor([[0, 0, 0]]), b: tensor([0]) }], step: 0 };
  const saved = { layers: [{ W: tensor([[1, 2, 3]]), b: tensor([4]) }], step: 9 };

  it("returns the saved values in the structure of like", () => {
    const r = decodeE(encode(saved), like);
    expect(isRight(r) && r.right.step).toBe(9);
    expect(isRight(r) && r.right.layers[0].W.toArray()).toEqual([[1, 2, 3]]);
  });

  it("prints both structures when they differ", () => {
    const other = { layers: [{ W: tensor([[1, 2, 3]]), b: tensor([4]) }, { W: tensor([[1]]) }], step: 1 };
    const message = leftMessage(decodeE(encode(other), like));
    expect(message).toContain("decode: structures differ at .layers[1]");
    expect(message).toContain("expected {layers: [{W: *, b: *}], step: *}");
    expect(message).toContain("got {layers: [{W: *, b: *}, {W: *}], step: *}");
    const renamed = leftMessage(decodeE(encode({ layers: [{ W: tensor([[1, 2, 3]]), bias: tensor([4]) }], step: 9 }), like));
    expect(renamed).toMatch(/structures differ at \.layers\[0\]\.b/);
  });

  it("names the leaf whose shape or dtype differs", () => {
    const wrongShape = { layers: [{ W: tensor([[1, 2]]), b: tensor([4]) }], step: 9 };
    expect(leftMessage(decodeE(encode(wrongShape), like))).toBe(
      "decode: the leaf at .layers[0].W is a float32[1,2] tensor in the file, but a float32[1,3] tensor in `like`",
    );
    const wrongDtype = { layers: [{ W: tensor([[1, 2, 3]], "float64"), b: tensor([4]) }], step: 9 };
    expect(leftMessage(decodeE(encode(wrongDtype), like))).toMatch(/\.layers\[0\]\.W is a float64\[1,3\] tensor in the file, but a float32\[1,3\] tensor/);
    const wrongKind = { layers: [{ W: tensor([[1, 2, 3]]), b: tensor([4]) }], step: tensor([9]) };
    expect(leftMessage(fromJsonE(toJson(wrongKind), like))).toMatch(/the leaf at \.step is a float32\[1\] tensor in the file, but a number in `like`/);
  });
});

describe("files", () => {
  const dir = mkdtempSync(join(tmpdir(), "purediff-params-"));

  it("save and load binary and JSON files exactly", () => {
    const tree = nestedParams();
    saveParams(join(dir, "p.pdif"), tree);
    saveParams(join(dir, "p.json"), tree);
    expect(readFileSync(join(dir, "p.json"), "utf8").startsWith("{")).toBe(true);
    expectBitwiseEqual(tree, loadParams(join(dir, "p.pdif")));
    expectBitwiseEqual(tree, loadParams(join(dir, "p.json"), { like: tree }));
  });

  it("report missing, truncated, corrupt and mismatched files as Left with the path", () => {
    expect(leftMessage(loadParamsE(join(dir, "missing.pdif")))).toMatch(/loadParams .*missing\.pdif: ENOENT/);
    const bytes = encode({ w: tensor([1, 2, 3]) });
    writeFileSync(join(dir, "t.pdif"), bytes.subarray(0, 40));
    expect(leftMessage(loadParamsE(join(dir, "t.pdif")))).toMatch(/loadParams .*t\.pdif: truncated/);
    const bad = bytes.slice();
    bad[bad.length - 6] ^= 0xff;
    writeFileSync(join(dir, "c.pdif"), bad);
    expect(leftMessage(loadParamsE(join(dir, "c.pdif")))).toMatch(/c\.pdif: corrupt: checksum mismatch/);
    writeFileSync(join(dir, "m.pdif"), bytes);
    expect(leftMessage(loadParamsE(join(dir, "m.pdif"), { like: { w: tensor([1, 2]) } }))).toMatch(
      /m\.pdif: the leaf at \.w is a float32\[3\] tensor in the file, but a float32\[2\] tensor in `like`/,
    );
    writeFileSync(join(dir, "j.json"), toJson({ w: tensor([1]) }).slice(0, 30));
    expect(leftMessage(loadParamsE(join(dir, "j.json")))).toMatch(/j\.json: not valid JSON/);
    writeFileSync(join(dir, "x.bin"), "hello world, not params");
    expect(leftMessage(loadParamsE(join(dir, "x.bin")))).toMatch(/not a purediff params file: it starts with "hell"/);
  });

  it("types the result by like", () => {
    const like = { w: tensor([0, 0]) as Tensor<[2]>, n: 0 };
    saveParams(join(dir, "typed.pdif"), { w: tensor([1, 2]), n: 5 });
    const r = loadParams(join(dir, "typed.pdif"), { like });
    const w: Tensor<[2]> = r.w;
    const n: number = r.n;
    expect(w.toArray()).toEqual([1, 2]);
    expect(n).toBe(5);
  });
});

describe("dtypes", () => {
  it.each<DType>(["float32", "float64", "int32", "bool"])("round-trips %s through both formats", (dtype) => {
    const t = tensor(
      [
        [1, 0],
        [1, 1],
      ],
      dtype,
    );
    expectBitwiseEqual(t, fromJson(toJson(t)));
    const r = decodeE(encode(t));
    if (isRight(r)) expectBitwiseEqual(t, r.right);
    else throw r.left;
  });
});

describe("round trips of arbitrary bit patterns (property)", () => {
  const words = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 0, maxLength: 40 });

  it("binary keeps every float32 and float64 bit pattern", () => {
    fc.assert(
      fc.property(words, (ws) => {
        const t32 = fromBits("float32", ws);
        const t64 = fromBits("float64", ws.length % 2 === 0 ? ws : ws.slice(1));
        const r = decodeE(encode({ a: t32, b: [t64] }));
        if (!isRight(r)) return false;
        const back = r.right as { a: Tensor; b: Tensor[] };
        return bitsOf(back.a).join() === bitsOf(t32).join() && bitsOf(back.b[0]).join() === bitsOf(t64).join();
      }),
      { numRuns: 200 },
    );
  });

  it("JSON keeps every non-NaN float32 bit pattern", () => {
    fc.assert(
      fc.property(words, (ws) => {
        const t = fromBits(
          "float32",
          ws.filter((w) => (w & 0x7f800000) !== 0x7f800000 || (w & 0x007fffff) === 0),
        );
        const back = fromJson(toJson(t)) as Tensor;
        return bitsOf(back).join() === bitsOf(t).join();
      }),
      { numRuns: 200 },
    );
  });
});
