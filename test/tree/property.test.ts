import fc from "fast-check";
import { List, Map, OrderedMap, Record } from "immutable";
import { describe, expect, it } from "vitest";
import { equalDefs, flatten, flattenWithPath, leaves, map, show, structure, unflatten, zipWith } from "../../src/tree";
import { deepFreeze, FakeTensor, treeEqual } from "./helpers";

const Point = Record({ x: 0 as unknown, y: 0 as unknown }, "Point");
class Pair extends Record({ first: null as unknown, second: null as unknown }) {}

/** A leaf wrapping another leaf (a class instance, so a leaf itself). */
class Box {
  constructor(readonly value: unknown) {}
}

const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.bigInt(),
  fc.integer({ min: 1, max: 4 }).map((n) => new FakeTensor([n], n)),
  fc.constant(new Date(0)),
);

const keyArb = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom("__proto__", "constructor", "a", "b", "10", "2"));
const mapKeyArb = fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -3, max: 12 }), fc.constantFrom("1", "2"));

const { tree: treeArb } = fc.letrec<{
  tree: unknown;
  array: unknown[];
  object: unknown;
  list: unknown;
  map: unknown;
  orderedMap: unknown;
  record: unknown;
}>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.constantFrom(null, undefined),
    tie("array"),
    tie("object"),
    tie("list"),
    tie("map"),
    tie("orderedMap"),
    tie("record"),
  ),
  array: fc.array(tie("tree"), { maxLength: 4 }),
  // fast-check also makes null-prototype objects and own `__proto__` keys
  object: fc.dictionary(keyArb, tie("tree"), { maxKeys: 4 }),
  list: fc.array(tie("tree"), { maxLength: 4 }).map((xs) => List(xs)),
  map: fc.array(fc.tuple(mapKeyArb, tie("tree")), { maxLength: 4 }).map((es) => Map(es)),
  orderedMap: fc.array(fc.tuple(fc.oneof(mapKeyArb, fc.constant(List([1]))), tie("tree")), { maxLength: 4 }).map((es) => OrderedMap(es)),
  record: fc.oneof(
    fc.tuple(tie("tree"), tie("tree")).map(([x, y]) => Point({ x, y })),
    fc.tuple(tie("tree"), tie("tree")).map(([first, second]) => new Pair({ first, second })),
  ),
}));

describe("properties over random trees", () => {
  it("unflatten(flatten(t)) equals t", () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const [ls, def] = flatten(t);
        expect(ls.length).toBe(def.numLeaves);
        expect(treeEqual(unflatten(def, ls), t)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("map keeps the structure and applies f to each leaf in order", () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const out = map((x) => new Box(x), t);
        expect(equalDefs(structure(out), structure(t))).toBe(true);
        const boxes = leaves(out) as Box[];
        expect(boxes.every((b) => b instanceof Box)).toBe(true);
        expect(boxes.map((b) => b.value)).toEqual(leaves(t));
        expect(
          treeEqual(
            map((x) => x, t),
            t,
          ),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("zipWith of a tree with itself pairs each leaf with itself", () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const out = zipWith((a, b) => Object.is(a, b), t, t);
        expect(leaves(out).every((x) => x === true)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("flatten never mutates its (frozen) input and is deterministic", () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        deepFreeze(t);
        const [ls1, d1] = flatten(t);
        const [ls2, d2] = flatten(t);
        expect(ls2).toEqual(ls1);
        expect(show(d2)).toBe(show(d1));
        expect(equalDefs(d1, d2)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("there is one path per leaf and the paths are distinct", () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const paths = flattenWithPath(t).map(([p]) => p);
        expect(paths.length).toBe(leaves(t).length);
        // OrderedMap keys that print alike (List([1]) twice) may collide; everything else may not
        if (!show(structure(t)).includes("List [")) expect(new Set(paths).size).toBe(paths.length);
      }),
      { numRuns: 200 },
    );
  });
});
