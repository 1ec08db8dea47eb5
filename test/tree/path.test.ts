import { List, Map, OrderedMap, Record } from "immutable";
import { describe, expect, it } from "vitest";
import { flattenWithKeys, flattenWithPath, leaves, showPath, showPathKey } from "../../src/tree";
import { deepChain } from "./helpers";

const Point = Record({ x: 0, y: 0 }, "Point");

describe("flattenWithPath", () => {
  it("gives the JS accessor of every leaf, in flatten order", () => {
    const params = { W: 1, layers: [{ b: 2, w: 3 }], "my key": 4 };
    expect(flattenWithPath(params)).toEqual([
      [".W", 1],
      [".layers[0].b", 2],
      [".layers[0].w", 3],
      ['["my key"]', 4],
    ]);
  });

  it("reads Immutable containers with get()", () => {
    const tree = {
      l: List([1, 2, 3]),
      m: Map<string | number, number>([
        ["a", 4],
        [1, 5],
        ["1", 6],
      ]),
      o: OrderedMap([["z", 7]]),
      p: Point({ x: 8 }),
    };
    expect(flattenWithPath(tree).map(([p]) => p)).toEqual([
      ".l.get(0)",
      ".l.get(1)",
      ".l.get(2)",
      ".m.get(1)",
      '.m.get("1")',
      '.m.get("a")',
      '.o.get("z")',
      ".p.x",
      ".p.y",
    ]);
    expect(flattenWithPath(List([1, 2, 3]))[2][0]).toBe(".get(2)");
  });

  it("every path, evaluated on the tree, gives its leaf", () => {
    const warn = console.warn;
    console.warn = () => {};
    const Odd = Record({ get: 1, "a b": 2, size: 3 });
    console.warn = warn;
    const tree = { W: [1, { "x-y": 2 }], l: List([Map({ k: 3 })]), r: Odd(), p: Point() };
    for (const [path, leaf] of flattenWithPath(tree)) {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const read = new Function("tree", `return tree${path};`) as (t: unknown) => unknown;
      expect([path, read(tree)]).toEqual([path, leaf]);
    }
    expect(flattenWithPath(Odd()).map(([p]) => p)).toEqual(['.get("get")', '.get("a b")', ".size"]);
  });

  it("gives the empty path to a root leaf and nothing for null", () => {
    expect(flattenWithPath(5)).toEqual([["", 5]]);
    expect(flattenWithPath({ a: null })).toEqual([]);
  });

  it("builds masks, e.g. every leaf whose key is not b", () => {
    const params = {
      layers: [
        { w: 1, b: 2 },
        { w: 3, b: 4 },
      ],
      out: { w: 5, b: 6 },
    };
    const mask = flattenWithPath(params).map(([path]) => !path.endsWith(".b"));
    expect(mask).toEqual([false, true, false, true, false, true]);
  });

  it("takes a custom leaf test", () => {
    const isPair = (x: unknown): boolean => Array.isArray(x) && x.length === 2;
    expect(flattenWithPath({ a: [1, 2], b: [3] }, isPair)).toEqual([
      [".a", [1, 2]],
      [".b[0]", 3],
    ]);
  });

  it("handles a 100 000-deep chain", { timeout: 60_000 }, () => {
    const [[path, leaf]] = flattenWithPath(deepChain(100_000, 7));
    expect(leaf).toBe(7);
    expect(path).toBe("[0]".repeat(100_000));
  });
});

describe("flattenWithKeys", () => {
  it("gives structured paths", () => {
    const tree = { W: 1, layers: List([{ b: 2 }]), m: Map([[3, 4]]), p: Point() };
    const [[k0], [k1], [k2], [k3]] = flattenWithKeys(tree);
    expect(k0).toEqual([{ container: "object", key: "W" }]);
    expect(k1).toEqual([
      { container: "object", key: "layers" },
      { container: "List", key: 0 },
      { container: "object", key: "b" },
    ]);
    expect(k2).toEqual([
      { container: "object", key: "m" },
      { container: "Map", key: 3 },
    ]);
    expect(k3).toEqual([
      { container: "object", key: "p" },
      { container: "Record", key: "x" },
    ]);
    expect(showPath(k1)).toBe(".layers.get(0).b");
  });

  it("masks by key whatever the container", () => {
    const tree = { a: { b: 1, c: 2 }, m: Map({ b: 3, c: 4 }), r: Record({ b: 5, c: 6 })() };
    const mask = flattenWithKeys(tree).map(([keys]) => keys[keys.length - 1]?.key !== "b");
    expect(mask).toEqual([false, true, false, true, false, true]);
    expect(leaves(tree)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("showPathKey", () => {
  it("writes each step as JS", () => {
    expect(showPathKey({ container: "array", key: 3 })).toBe("[3]");
    expect(showPathKey({ container: "object", key: "a" })).toBe(".a");
    expect(showPathKey({ container: "object", key: "0" })).toBe('["0"]');
    expect(showPathKey({ container: "Record", key: "a" })).toBe(".a");
    expect(showPathKey({ container: "Record", key: "toString" })).toBe('.get("toString")');
    expect(showPathKey({ container: "List", key: 2 })).toBe(".get(2)");
    expect(showPathKey({ container: "Map", key: "a" })).toBe('.get("a")');
    expect(showPathKey({ container: "OrderedMap", key: -0 })).toBe(".get(-0)");
  });
});
