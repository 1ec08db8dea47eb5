import { List, Map, OrderedMap, Record } from "immutable";
import { describe, expect, it } from "vitest";
import { leaves, map, mapWith, structure, show, TreeMismatchError, zipWith } from "../../src/tree";
import { deepChain, deepFreeze, FakeTensor, treeEqual } from "./helpers";
// Immutable collections as trees at the type level (what `purediff/immutable` gives users).
import type {} from "../../src/tree/immutable-types";

const Point = Record({ x: 0, y: 0 }, "Point");

describe("map", () => {
  it("applies f to every leaf and keeps every container kind", () => {
    const tree = {
      a: [1, 2],
      l: List([3, { z: 4 }]),
      m: Map<string | number, number>([
        ["k", 5],
        [1, 6],
      ]),
      o: OrderedMap([["q", 7]]),
      p: Point({ x: 8 }),
      n: null,
      u: undefined,
    };
    const out = map((x) => x * 10, tree);
    expect(out.a).toEqual([10, 20]);
    expect(List.isList(out.l) && out.l.get(0)).toBe(30);
    expect(out.l.get(1)).toEqual({ z: 40 });
    expect(Map.isMap(out.m) && !OrderedMap.isOrderedMap(out.m)).toBe(true);
    expect([out.m.get("k"), out.m.get(1)]).toEqual([50, 60]);
    expect(OrderedMap.isOrderedMap(out.o) && out.o.get("q")).toBe(70);
    expect(out.p instanceof Point && out.p.x).toBe(80);
    expect(out.p.y).toBe(0);
    expect([out.n, "u" in out, out.u]).toEqual([null, true, undefined]);
    expect(show(structure(out))).toBe(show(structure(tree)));
  });

  it("calls f once per leaf, in flatten order, with the leaves only", () => {
    const calls: unknown[][] = [];
    map(
      (...args: unknown[]) => {
        calls.push(args);
        return 0;
      },
      { b: [1, 2], a: 3 },
    );
    expect(calls).toEqual([[3], [1], [2]]);
  });

  it("maps several trees leaf by leaf", () => {
    const p = { w: [1, 2], b: 3 };
    const g = { b: 30, w: [10, 20] };
    const v = { w: [100, 200], b: 300 };
    expect(map((x, y, z) => x + y + z, p, g, v)).toEqual({ b: 333, w: [111, 222] });
    expect(map((x, y) => x - 0.5 * y, p, g)).toEqual({ b: -12, w: [-4, -8] });
  });

  it("maps tensors to tensors", () => {
    const params = { w: new FakeTensor([2, 3], 1), b: new FakeTensor([3], 2) };
    const out = map((t) => t.neg(), params);
    expect(out.w).toBeInstanceOf(FakeTensor);
    expect([out.w.shape, out.w.value, out.b.value]).toEqual([[2, 3], -1, -2]);
  });

  it("throws a TreeMismatchError naming the tree, path and both structures", () => {
    const a = { a: 1, b: [1, 2] };
    expect(() => map((x, y) => x + y, a, { a: 1, b: [1] })).toThrow(
      "tree.map: structures differ at .b[1]: expected {a: *, b: [*, *]}, got {a: *, b: [*]} (array length 2 vs 1)",
    );
    expect(() => map((x, y, z) => x + y + z, a, a, { a: 1, c: [1, 2] })).toThrow(
      'tree.map: structures differ at .b: expected {a: *, b: [*, *]}, got {a: *, c: [*, *]} (tree 2 vs tree 0: key "b" is missing)',
    );
  });

  it("does not mutate deeply frozen inputs", () => {
    const p = Point({ x: 1 });
    const tree = deepFreeze({ a: [1, { b: 2 }], l: List([3]), m: Map({ k: [4] }), p });
    const before = JSON.stringify(leaves(tree)) + show(structure(tree));
    const out = map((x) => x + 1, tree);
    expect(leaves(out)).toEqual([2, 3, 4, 5, 2, 1]);
    expect(JSON.stringify(leaves(tree)) + show(structure(tree))).toBe(before);
    expect(p.toObject()).toEqual({ x: 1, y: 0 });
  });

  it("handles a 100 000-deep chain", { timeout: 60_000 }, () => {
    const out = map((x) => (x as number) + 1, deepChain(100_000, 1));
    expect(leaves(out)).toEqual([2]);
  });
});

describe("mapWith", () => {
  it("uses the custom leaf test", () => {
    const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
    const out = mapWith({ isLeaf: isPair }, ([a, b]) => a * b, { u: [2, 3] as [number, number], v: List([[4, 5] as [number, number]]) });
    expect(out.u).toBe(6);
    expect(List.isList(out.v) && out.v.get(0)).toBe(20);
  });

  it("without isLeaf behaves like map", () => {
    expect(mapWith({}, (x) => -x, [1, [2]])).toEqual([-1, [-2]]);
  });

  it("checks the structures of the other trees with the same leaf test", () => {
    const isPair = (x: unknown): boolean => Array.isArray(x) && x.length === 2;
    expect(mapWith({ isLeaf: isPair }, (a, b) => [a, b], { p: [1, 2] }, { p: 3 })).toEqual({ p: [[1, 2], 3] });
  });
});

describe("zipWith", () => {
  it("combines two trees of the same structure", () => {
    expect(zipWith((x, y) => x + y, { a: 1, b: [2, 3] }, { b: [20, 30], a: 10 })).toEqual({ a: 11, b: [22, 33] });
    const out = zipWith((x, y) => x * y, List([Point({ x: 2, y: 3 })]), List([Point({ x: 4, y: 5 })]));
    expect(out.get(0)?.toObject()).toEqual({ x: 8, y: 15 });
  });

  it("throws the spec's message on a structure mismatch", () => {
    expect(() => zipWith((x, y) => x + y, { a: 1, b: [1, 2] }, { a: 1, b: [1] })).toThrow(
      "tree.zipWith: structures differ at .b[1]: expected {a: *, b: [*, *]}, got {a: *, b: [*]}",
    );
  });

  it("exposes the mismatch on the error", () => {
    let caught: unknown;
    try {
      zipWith((x, y) => [x, y], { l: List([{ a: 1 }]) }, { l: List([{ a: 1, b: 2 }]) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TreeMismatchError);
    const err = caught as TreeMismatchError;
    expect(err.name).toBe("TreeMismatchError");
    expect(err.operation).toBe("tree.zipWith");
    expect(err.pathText).toBe(".l.get(0).b");
    expect(err.path).toEqual([
      { container: "object", key: "l" },
      { container: "List", key: 0 },
      { container: "object", key: "b" },
    ]);
    expect(err.reason).toBe('unexpected key "b"');
    expect(show(err.expected)).toBe("{l: List({a: *})}");
    expect(show(err.actual)).toBe("{l: List({a: *, b: *})}");
    expect(err.message).toContain("expected {l: List({a: *})}, got {l: List({a: *, b: *})}");
  });

  it("reports a mismatch at the root and between container kinds", () => {
    expect(() => zipWith((x, y) => [x, y], [1], List([1]))).toThrow(
      "tree.zipWith: structures differ at <root>: expected [*], got List(*) (expected an array of 1, got a List of 1)",
    );
    expect(() => zipWith((x, y) => [x, y], { a: null }, { a: 1 })).toThrow(/at \.a: .*expected null, got a leaf/);
  });

  it("takes a custom leaf test", () => {
    const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
    expect(zipWith(([a, b], c) => a + b + c, { p: [1, 2] as [number, number] }, { p: 3 }, isPair)).toEqual({ p: 6 });
  });

  it("keeps the mismatch message short for huge structures", { timeout: 60_000 }, () => {
    const a = deepChain(100_000, 1);
    const b = deepChain(100_000, [1]);
    let message = "";
    try {
      zipWith((x, y) => [x, y], a, b);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^tree\.zipWith: structures differ at …(\[0\])+: expected \[+…, got \[+…/);
    expect(message.length).toBeLessThan(10_000);
  });

  it("gives a tree equal to the input when f returns its first argument", () => {
    const t = { a: List([Point({ x: 1 }), OrderedMap([["z", [1, null]]])]) };
    expect(
      treeEqual(
        zipWith((x) => x, t, t),
        t,
      ),
    ).toBe(true);
  });
});
