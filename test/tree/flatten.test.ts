import { List, Map, OrderedMap, Record, Set as ISet } from "immutable";
import { describe, expect, it } from "vitest";
import { flatten, LeafCountError, leaves, show, structure, unflatten, type RecordDef } from "../../src/tree";
import { deepChain, deepFreeze, FakeTensor, treeEqual } from "./helpers";

const Point = Record({ x: 0, y: 0 }, "Point");
const Layer = Record({ w: null as unknown, b: null as unknown });

/** flatten, check the leaves, rebuild, check the rebuilt tree is structurally `tree`. */
function roundTrip(tree: unknown, expectedLeaves: readonly unknown[]): unknown {
  const [ls, def] = flatten(tree);
  expect(ls).toEqual(expectedLeaves);
  expect(def.numLeaves).toBe(expectedLeaves.length);
  const back = unflatten(def, ls);
  expect(treeEqual(back, tree)).toBe(true);
  return back;
}

describe("flatten / unflatten round trips", () => {
  it("a single leaf is its own tree", () => {
    roundTrip(3, [3]);
    const t = new FakeTensor([2]);
    const [ls, def] = flatten(t);
    expect(ls[0]).toBe(t);
    expect(def.kind).toBe("leaf");
    expect(unflatten(def, [t])).toBe(t);
  });

  it("arrays and readonly tuples, in order", () => {
    roundTrip([1, [2, 3], [], [[4]]], [1, 2, 3, 4]);
    const tuple = [1, "a", true] as const;
    roundTrip(tuple, [1, "a", true]);
  });

  it("plain objects in sorted key order, whatever the insertion order", () => {
    roundTrip({ b: 1, a: 2, c: { z: 3, y: 4 } }, [2, 1, 4, 3]);
    expect(leaves({ b: 1, a: 2 })).toEqual(leaves({ a: 2, b: 1 }));
    expect(show(structure({ b: 1, a: 2 }))).toBe(show(structure({ a: 1, b: 2 })));
    // sorted by string form: "10" < "2" < "a"
    expect(leaves({ a: "a", 2: "two", 10: "ten" })).toEqual(["ten", "two", "a"]);
  });

  it("rebuilt plain objects have their keys in sorted order", () => {
    const back = unflatten(structure({ b: 1, a: 2 }), [20, 10]);
    expect(Object.keys(back as object)).toEqual(["a", "b"]);
    expect(back).toEqual({ a: 20, b: 10 });
  });

  it("null-prototype objects stay null-prototype", () => {
    const o = Object.assign(Object.create(null) as object, { y: 1, x: 2 });
    const back = roundTrip(o, [2, 1]);
    expect(Object.getPrototypeOf(back)).toBe(null);
  });

  it("an own __proto__ key is a key like any other and does not change the prototype", () => {
    const o = JSON.parse('{"__proto__": [1, 2], "a": 3}') as object;
    const back = roundTrip(o, [1, 2, 3]) as { readonly [key: string]: unknown };
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual([1, 2]);
  });

  it("Immutable List in order", () => {
    roundTrip(List([1, List([2, 3]), List()]), [1, 2, 3]);
  });

  it("Immutable Map with string and number keys, sorted by string form (number first on ties)", () => {
    const m = Map<string | number, string>([
      ["b", "b"],
      [10, "10"],
      ["1", "'1'"],
      [2, "2"],
      [1, "1"],
    ]);
    roundTrip(m, ["1", "'1'", "10", "2", "b"]);
    const back = unflatten(structure(m), ["A", "B", "C", "D", "E"]) as Map<string | number, string>;
    expect(back.get(1)).toBe("A");
    expect(back.get("1")).toBe("B");
    expect(back.get("b")).toBe("E");
    // the same entries in another insertion order have the same structure and leaves
    const m2 = Map<string | number, string>([...m.entries()].reverse());
    expect(leaves(m2)).toEqual(leaves(m));
  });

  it("Immutable Map keys must be strings or numbers", () => {
    expect(() => flatten(Map([[true, 1]]))).toThrow(/Map must be strings or numbers.*boolean.*OrderedMap/);
  });

  it("Immutable OrderedMap in insertion order, any keys", () => {
    const key = List([1, 2]);
    const om = OrderedMap<unknown, number>([
      ["z", 1],
      ["a", 2],
      [key, 3],
      [true, 4],
    ]);
    const back = roundTrip(om, [1, 2, 3, 4]) as OrderedMap<unknown, number>;
    expect(back.keySeq().toArray()).toEqual(["z", "a", key, true]);
  });

  it("Immutable Records in declared field order, rebuilt with the same factory", () => {
    const p = Point({ y: 2, x: 1 });
    const back = roundTrip(p, [1, 2]) as typeof p;
    expect(back).not.toBe(p);
    expect(back.constructor).toBe(Point);
    expect(back instanceof Point).toBe(true);
    expect(back.toString()).toBe("Point { x: 1, y: 2 }");
  });

  it("Record fields left at their default are leaves too", () => {
    roundTrip(Point({ x: 5 }), [5, 0]);
  });

  it("Records of a subclass of a Record factory are rebuilt as that subclass", () => {
    class Affine extends Record({ w: 1, b: 0 }) {
      apply(x: number): number {
        return this.w * x + this.b;
      }
    }
    const a = new Affine({ w: 2, b: 3 });
    const [ls, def] = flatten(a);
    const back = unflatten(
      def,
      ls.map((x) => x * 10),
    ) as unknown as Affine;
    expect(back instanceof Affine).toBe(true);
    expect(back.apply(1)).toBe(50);
    expect((def as RecordDef).name).toBe("Affine");
  });

  it("Record fields named like Record API members are read with get(), not as properties", () => {
    // immutable warns and defines no accessor for such a field; the field still exists
    const warn = console.warn;
    console.warn = () => {};
    try {
      const Weird = Record({ size: 1, get: 2 });
      const w = Weird();
      const back = roundTrip(w, [1, 2]) as typeof w;
      expect(back.get("get")).toBe(2);
    } finally {
      console.warn = warn;
    }
  });

  it("the structure does not keep the leaves of a Record alive (its template holds defaults only)", () => {
    const big = new FakeTensor([1000]);
    const def = structure(Layer({ w: big, b: 1 })) as RecordDef;
    expect(def.template.get("w")).toBe(null);
    expect(def.template.get("b")).toBe(null);
  });

  it("mixes: objects inside Lists inside Records inside arrays", () => {
    const t1 = new FakeTensor([2, 3]);
    const t2 = new FakeTensor([3]);
    const tree = [Layer({ w: List([{ k: t1, a: [1, null] }, Map({ x: t2 })]), b: OrderedMap([["q", [2, undefined]]]) }), { p: Point({ x: 3, y: 4 }) }];
    roundTrip(tree, [1, t1, t2, 2, 3, 4]);
    expect(show(structure(tree))).toBe("[Record{w: List({a: [*, null], k: *}, Map{x: *}), b: OrderedMap{q: [*, undefined]}}, {p: Point{x: *, y: *}}]");
  });

  it("other objects are leaves: class instances, typed arrays, dates, functions, Immutable Sets", () => {
    const things = [new FakeTensor([1]), new Float64Array(2), new Date(0), () => 1, ISet([1]), new globalThis.Map()];
    const [ls] = flatten(things);
    expect(ls).toHaveLength(things.length);
    ls.forEach((l, i) => expect(l).toBe(things[i]));
  });

  it("the rebuilt containers are new objects", () => {
    const inner = [1];
    const tree = { a: inner };
    const back = unflatten(...([structure(tree), leaves(tree)] as const)) as { a: number[] };
    expect(back).not.toBe(tree);
    expect(back.a).not.toBe(inner);
  });
});

describe("null and undefined", () => {
  it("are empty subtrees with no leaves, kept as they are", () => {
    const tree = { a: null, b: undefined, c: [null, 1, undefined], d: List([null]) };
    const [ls, def] = flatten(tree);
    expect(ls).toEqual([1]);
    expect(show(def)).toBe("{a: null, b: undefined, c: [null, *, undefined], d: List(null)}");
    roundTrip(tree, [1]);
    expect(unflatten(structure(null), [])).toBe(null);
    expect(unflatten(structure(undefined), [])).toBe(undefined);
  });

  it("array holes read as undefined subtrees", () => {
    // biome-ignore lint/suspicious/noSparseArray: the test is about an array with a hole
    const back = unflatten(structure([1, , 2]), [1, 2]);
    expect(back).toEqual([1, undefined, 2]);
  });

  it("Record fields holding null are kept", () => {
    roundTrip(Layer({ w: 1 }), [1]);
  });
});

describe("custom isLeaf", () => {
  const isPair = (x: unknown): x is [unknown, unknown] => Array.isArray(x) && x.length === 2;

  it("stops the descent where it returns true", () => {
    const a = new FakeTensor([1]);
    const b = new FakeTensor([2]);
    const tree = { p: [a, b], q: [a, b, a], r: List([[1, 2]]) };
    const [ls, def] = flatten(tree, isPair);
    expect(ls).toEqual([[a, b], a, b, a, [1, 2]]);
    expect(ls[0]).toBe(tree.p);
    expect(show(def)).toBe("{p: *, q: [*, *, *], r: List(*)}");
    expect(treeEqual(unflatten(def, ls), tree)).toBe(true);
  });

  it("is checked first, so it can make null a leaf", () => {
    const [ls, def] = flatten([null, 1, undefined], (x) => x === null);
    expect(ls).toEqual([null, 1]);
    expect(show(def)).toBe("[*, *, undefined]");
  });

  it("can make a whole container a leaf", () => {
    const m = Map({ a: 1 });
    const [ls] = flatten({ m, n: [2] }, (x) => Map.isMap(x));
    expect(ls[0]).toBe(m);
    expect(ls).toHaveLength(2);
  });

  it("is used by leaves and structure", () => {
    expect(leaves([[1, 2], [3], 4], isPair)).toEqual([[1, 2], 3, 4]);
    expect(show(structure([[1, 2], [3], 4], isPair))).toBe("[*, [*], *]");
  });
});

describe("unflatten leaf count", () => {
  it("throws a LeafCountError naming both counts", () => {
    const def = structure({ a: 1, b: [2, 3] });
    expect(() => unflatten(def, [1, 2])).toThrow(LeafCountError);
    expect(() => unflatten(def, [1, 2])).toThrow("tree.unflatten: the structure {a: *, b: [*, *]} has 3 leaves, got 2 leaves");
    expect(() => unflatten(def, [1, 2, 3, 4])).toThrow(/has 3 leaves, got 4 leaves/);
    expect(() => unflatten(structure(7), [])).toThrow(/has 1 leaf, got 0 leaves/);
    try {
      unflatten(def, [1]);
    } catch (e) {
      expect(e).toBeInstanceOf(LeafCountError);
      const err = e as LeafCountError;
      expect([err.expectedCount, err.actualCount, err.operation]).toEqual([3, 1, "tree.unflatten"]);
    }
  });
});

describe("depth", () => {
  it("handles a 100 000-deep chain of nested arrays without overflowing the stack", { timeout: 60_000 }, () => {
    const leaf = new FakeTensor([1]);
    const deep = deepChain(100_000, leaf);
    const [ls, def] = flatten(deep);
    expect(ls).toEqual([leaf]);
    expect(def.numLeaves).toBe(1);
    const back = unflatten(def, [42]);
    let x: unknown = back;
    let depth = 0;
    while (Array.isArray(x) && x.length === 1) {
      x = x[0];
      depth++;
    }
    expect([depth, x]).toEqual([100_000, 42]);
    expect(show(def)).toBe(`${"[".repeat(100_000)}*${"]".repeat(100_000)}`);
  });

  it("handles deep chains through every container kind", { timeout: 60_000 }, () => {
    let t: unknown = 1;
    for (let i = 0; i < 20_000; i++) {
      switch (i % 5) {
        case 0:
          t = { a: t };
          break;
        case 1:
          t = List([t]);
          break;
        case 2:
          t = Map({ k: t });
          break;
        case 3:
          t = OrderedMap([["k", t]]);
          break;
        case 4:
          t = Layer({ w: t });
          break;
      }
    }
    const [ls, def] = flatten(t);
    expect(ls).toEqual([1]);
    expect(treeEqual(unflatten(def, ls), t)).toBe(true);
  });

  it("handles wide trees", { timeout: 60_000 }, () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    const [ls, def] = flatten(wide);
    expect(ls).toHaveLength(100_000);
    expect(ls[99_999]).toBe(99_999);
    expect(treeEqual(unflatten(def, ls), wide)).toBe(true);
  });
});

describe("inputs are never mutated", () => {
  it("flatten and unflatten work on deeply frozen inputs and leave them as they were", () => {
    const p = Point({ x: 1 });
    const tree = deepFreeze({
      a: [1, { b: 2 }],
      l: List([3, [4]]),
      m: Map({ k: [5] }),
      o: OrderedMap([["k", 6]]),
      p,
      n: null,
    });
    const snapshot = show(structure(tree)) + JSON.stringify(leaves(tree));
    const [ls, def] = flatten(tree);
    const back = unflatten(def, ls);
    expect(treeEqual(back, tree)).toBe(true);
    expect(show(structure(tree)) + JSON.stringify(leaves(tree))).toBe(snapshot);
    expect(p.toObject()).toEqual({ x: 1, y: 0 });
  });

  it("the leaves array passed to unflatten is not kept or changed", () => {
    const ls = Object.freeze([1, 2]);
    const back = unflatten(structure([0, 0]), ls) as number[];
    expect(back).toEqual([1, 2]);
    expect(back).not.toBe(ls);
  });
});
