import { List, Map, OrderedMap, Record } from "immutable";
import { describe, expect, it } from "vitest";
import { diffDefs, equalDefs, show, showPath, structure, type TreeDefNode } from "../../src/tree";
import { deepChain, FakeTensor } from "./helpers";

const Point = Record({ x: 0, y: 0 }, "Point");
const Unnamed = Record({ x: 0 });

describe("show", () => {
  it("prints the example of the spec", () => {
    expect(show(structure({ a: 1, b: [2, 3], c: List([4]), d: null }))).toBe("{a: *, b: [*, *], c: List(*), d: null}");
  });

  it("prints every kind", () => {
    const t = {
      arr: [],
      obj: {},
      list: List(),
      map: Map<string | number, unknown>([
        ["b", 1],
        [1, 2],
        ["1", 3],
        ["x y", 4],
      ]),
      om: OrderedMap([["z", [1]]]),
      rec: Point(),
      anon: Unnamed(),
      u: undefined,
      "odd key": new FakeTensor([1]),
    };
    expect(show(structure(t))).toBe(
      '{anon: Record{x: *}, arr: [], list: List(), map: Map{1: *, "1": *, b: *, "x y": *}, obj: {}, ' +
        '"odd key": *, om: OrderedMap{z: [*]}, rec: Point{x: *, y: *}, u: undefined}',
    );
  });

  it("prints a leaf, null and undefined at the root", () => {
    expect([show(structure(1)), show(structure(null)), show(structure(undefined))]).toEqual(["*", "null", "undefined"]);
  });

  it("stops near maxLength", () => {
    const s = show(structure(Array.from({ length: 1000 }, () => 0)), { maxLength: 20 });
    expect(s.length).toBeLessThan(30);
    expect(s.endsWith("…")).toBe(true);
  });
});

describe("TreeDef", () => {
  it("is frozen all the way down", () => {
    const def = structure({ a: [1, { b: 2 }], m: Map({ k: 1 }) });
    const stack: TreeDefNode[] = [def];
    let count = 0;
    while (stack.length > 0) {
      const d = stack.pop() as TreeDefNode;
      count++;
      expect(Object.isFrozen(d)).toBe(true);
      if ("children" in d) {
        expect(Object.isFrozen(d.children)).toBe(true);
        if ("keys" in d) expect(Object.isFrozen(d.keys)).toBe(true);
        stack.push(...d.children);
      }
    }
    expect(count).toBe(7);
  });

  it("describes its node: kind, keys, counts, record factory", () => {
    const def = structure({ p: Point(), l: List([1, [2, 3]]) });
    expect(def.kind).toBe("object");
    if (def.kind !== "object") return;
    expect(def.keys).toEqual(["l", "p"]);
    expect(def.numLeaves).toBe(5);
    const [l, p] = def.children;
    expect(l.kind === "List" && l.children.length).toBe(2);
    expect(p.kind === "Record" && [p.factory === Point, p.name, p.keys]).toEqual([true, "Point", ["x", "y"]]);
  });
});

describe("equalDefs", () => {
  const same = (a: unknown, b: unknown): boolean => equalDefs(structure(a), structure(b));

  it("ignores leaves and plain-object key order", () => {
    expect(same({ b: 1, a: [2, 3] }, { a: ["x", new FakeTensor([2])], b: 4 })).toBe(true);
  });

  it("tells container kinds apart", () => {
    expect(same([1, 2], List([1, 2]))).toBe(false);
    expect(same(Map({ a: 1 }), OrderedMap({ a: 1 }))).toBe(false);
    expect(same({ a: 1 }, Map({ a: 1 }))).toBe(false);
    expect(same({ x: 1, y: 2 }, Point({ x: 1, y: 2 }))).toBe(false);
    expect(same([1], 1)).toBe(false);
  });

  it("tells null, undefined and leaves apart", () => {
    expect(same([null], [undefined])).toBe(false);
    expect(same([null], [1])).toBe(false);
    expect(same([null], [null])).toBe(true);
  });

  it("compares lengths and keys", () => {
    expect(same([1, 2], [1])).toBe(false);
    expect(same({ a: 1 }, { b: 1 })).toBe(false);
    expect(same(Map([[1, 0]]), Map([["1", 0]]))).toBe(false);
    expect(same(OrderedMap({ a: 1, b: 2 }), OrderedMap({ b: 1, a: 2 }))).toBe(false);
    expect(same(OrderedMap([[List([1]), 0]]), OrderedMap([[List([1]), 5]]))).toBe(true);
  });

  it("Maps with the same keys inserted in another order are equal", () => {
    expect(same(Map({ a: 1, b: 2 }), Map({ b: 3, a: 4 }))).toBe(true);
    expect(same(Map([[NaN, 1]]), Map([[NaN, 2]]))).toBe(true);
  });

  it("requires Records to come from the same factory", () => {
    const Point2 = Record({ x: 0, y: 0 }, "Point");
    expect(same(Point(), Point({ x: 3 }))).toBe(true);
    expect(same(Point(), Point2())).toBe(false);
  });

  it("ignores whether a plain object has a null prototype", () => {
    expect(same(Object.assign(Object.create(null) as object, { a: 1 }), { a: 2 })).toBe(true);
  });

  it("handles 100 000-deep structures", { timeout: 60_000 }, () => {
    expect(equalDefs(structure(deepChain(100_000, 1)), structure(deepChain(100_000, "x")))).toBe(true);
    expect(equalDefs(structure(deepChain(100_000, 1)), structure(deepChain(100_000, [1])))).toBe(false);
  });
});

describe("diffDefs", () => {
  const diff = (a: unknown, b: unknown): [string, string] | undefined => {
    const d = diffDefs(structure(a), structure(b));
    return d && [showPath(d.path), d.reason];
  };

  it("is undefined for equal structures", () => {
    expect(diff({ a: [1] }, { a: [2] })).toBeUndefined();
  });

  it("reports the first difference in leaf order, with a path and a reason", () => {
    expect(diff({ a: 1, b: [1, 2] }, { a: 1, b: [1] })).toEqual([".b[1]", "array length 2 vs 1"]);
    expect(diff([[1, 1], 1], [[1], 1, 1])).toEqual(["[0][1]", "array length 2 vs 1"]);
    expect(diff({ a: 1, c: 1 }, { a: 1, b: 1, c: 1 })).toEqual([".b", 'unexpected key "b"']);
    expect(diff({ a: 1, b: 1 }, { a: 1 })).toEqual([".b", 'key "b" is missing']);
    expect(diff({ a: [1] }, { a: List([1]) })).toEqual([".a", "expected an array of 1, got a List of 1"]);
    expect(diff([1, null], [1, undefined])).toEqual(["[1]", "expected null, got undefined"]);
    expect(diff(1, [1])).toEqual(["", "expected a leaf, got an array of 1"]);
  });

  it("reports differences inside Immutable containers with their accessors", () => {
    expect(diff(List([1, [1]]), List([1, [1, 1]]))).toEqual([".get(1)[1]", "array length 1 vs 2"]);
    expect(diff(Map({ k: [1] }), Map({ k: 1 }))).toEqual(['.get("k")', "expected an array of 1, got a leaf"]);
    expect(diff(OrderedMap({ a: 1, b: 1 }), OrderedMap({ a: 1, c: 1 }))).toEqual(['.get("b")', 'key "b" vs "c" at position 1']);
    const Loose = Record({ x: 0 as unknown, y: 0 as unknown }, "Loose");
    expect(diff({ p: Loose({ x: 1 }) }, { p: Loose({ x: [1] }) })).toEqual([".p.x", "expected a leaf, got an array of 1"]);
    const Other = Record({ x: 0, y: 0 }, "Other");
    expect(diff({ p: Point() }, { p: Other() })).toEqual([".p", "different Record factories (Point vs Other)"]);
  });
});
