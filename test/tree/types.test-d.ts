import { List, type Map, type OrderedMap, type MapOf, type RecordOf } from "immutable";
import { describe, expectTypeOf, it } from "vitest";
import {
  flatten,
  leaves,
  map,
  mapWith,
  structure,
  unflatten,
  zipWith,
  type LeafFn,
  type LeafOf,
  type MapLeaves,
  type MapLeavesWith,
  type RegisteredLeaf,
  type TreeDef,
} from "../../src/tree";
import type { FakeTensor } from "./helpers";
// Immutable collections as trees at the type level (what `purediff/immutable` gives users).
import type {} from "../../src/tree/immutable-types";

// Register the test tensor as a leaf type, as the library does for its Tensor.
declare module "../../src/tree/types" {
  interface LeafTypes {
    fakeTensor: FakeTensor;
  }
}

type T2x3 = FakeTensor<[2, 3]>;
type T3 = FakeTensor<[3]>;

type Layer = RecordOf<{ w: T2x3; b: T3 }>;
type Params = {
  readonly embed: T2x3;
  layers: readonly [{ w: T2x3; b?: T3 }, Layer];
  heads: List<{ out: T3 }>;
  table: Map<string, T3>;
  ordered: OrderedMap<number, T3[]>;
  frozen: null;
  missing: undefined;
};

describe("MapLeaves", () => {
  it("MapLeaves<T, L, L> is T", () => {
    expectTypeOf<MapLeaves<Params, FakeTensor, FakeTensor>>().toEqualTypeOf<Params>();
    // biome-ignore lint/suspicious/noExplicitAny: the test is about tensors of any shape, `FakeTensor<any>`
    expectTypeOf<MapLeaves<Params, FakeTensor<any>, FakeTensor<any>>>().toEqualTypeOf<Params>();
    expectTypeOf<MapLeaves<{ a: number; b: [string] }, number | string, number | string>>().toEqualTypeOf<{
      a: number;
      b: [string];
    }>();
  });

  it("keeps leaves whose type is mutually assignable with the replacement (any shapes)", () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test is about tensors of any shape, `FakeTensor<any>`
    type AnyTensor = FakeTensor<any>;
    expectTypeOf<MapLeaves<{ w: T2x3; b: List<T3> }, FakeTensor, AnyTensor>>().toEqualTypeOf<{
      w: T2x3;
      b: List<T3>;
    }>();
  });

  it("replaces leaves through arrays, tuples and readonly / optional object properties", () => {
    type In = { readonly a: number; b?: number; c: readonly [number, string]; d: number[]; e: null; f: undefined };
    expectTypeOf<MapLeaves<In, number, boolean>>().toEqualTypeOf<{
      readonly a: boolean;
      b?: boolean | undefined;
      c: readonly [boolean, string];
      d: boolean[];
      e: null;
      f: undefined;
    }>();
  });

  it("replaces leaves through Immutable List, Map, OrderedMap, MapOf and Record", () => {
    expectTypeOf<MapLeaves<List<number>, number, string>>().toEqualTypeOf<List<string>>();
    expectTypeOf<MapLeaves<Map<"a" | "b", number[]>, number, string>>().toEqualTypeOf<Map<"a" | "b", string[]>>();
    expectTypeOf<MapLeaves<OrderedMap<number, number>, number, string>>().toEqualTypeOf<OrderedMap<number, string>>();
    expectTypeOf<MapLeaves<MapOf<{ x: number; y: string }>, number, boolean>>().toEqualTypeOf<MapOf<{ x: boolean; y: string }>>();
    expectTypeOf<MapLeaves<RecordOf<{ x: number; y: List<number> }>, number, boolean>>().toEqualTypeOf<RecordOf<{ x: boolean; y: List<boolean> }>>();
  });

  it("does not confuse Map and OrderedMap (structurally identical types)", () => {
    expectTypeOf<MapLeaves<Map<string, number>, number, string>>().not.toEqualTypeOf<OrderedMap<string, string>>();
    expectTypeOf<MapLeaves<Map<string, number>, number, string>>().toEqualTypeOf<Map<string, string>>();
  });

  it("distributes over unions", () => {
    expectTypeOf<MapLeaves<number | [number] | null, number, string>>().toEqualTypeOf<string | [string] | null>();
  });

  it("maps a whole params tree to gradients of the same type", () => {
    type Grads = MapLeaves<Params, FakeTensor, FakeTensor>;
    expectTypeOf<Grads["layers"][1]>().toEqualTypeOf<Layer>();
    expectTypeOf<MapLeaves<Params, FakeTensor, number>["layers"][1]>().toEqualTypeOf<RecordOf<{ w: number; b: number }>>();
    expectTypeOf<MapLeaves<Params, FakeTensor, number>["heads"]>().toEqualTypeOf<List<{ out: number }>>();
  });
});

describe("MapLeavesWith", () => {
  it("applies a type-level function to each leaf", () => {
    interface SameShape extends LeafFn {
      readonly out: this["in"] extends FakeTensor<infer S> ? FakeTensor<S> : never;
    }
    interface Shape extends LeafFn {
      readonly out: this["in"] extends FakeTensor<infer S> ? S : never;
    }
    expectTypeOf<MapLeavesWith<Params, FakeTensor, SameShape>>().toEqualTypeOf<{
      readonly embed: T2x3;
      layers: readonly [{ w: T2x3; b?: T3 | undefined }, RecordOf<{ w: T2x3; b: T3 }>];
      heads: List<{ out: T3 }>;
      table: Map<string, T3>;
      ordered: OrderedMap<number, T3[]>;
      frozen: null;
      missing: undefined;
    }>();
    expectTypeOf<MapLeavesWith<{ w: T2x3; b: [T3] }, FakeTensor, Shape>>().toEqualTypeOf<{ w: [2, 3]; b: [[3]] }>();
  });
});

describe("LeafOf", () => {
  it("is the union of the leaf types", () => {
    expectTypeOf<LeafOf<Params>>().toEqualTypeOf<T2x3 | T3>();
    expectTypeOf<LeafOf<{ a: number; b: [string, null]; c: List<boolean> }>>().toEqualTypeOf<number | string | boolean>();
    expectTypeOf<LeafOf<null>>().toEqualTypeOf<never>();
    expectTypeOf<LeafOf<{ p: [number, number] }, [number, number]>>().toEqualTypeOf<[number, number]>();
  });

  it("stops at registered leaf types (FakeTensor is registered above)", () => {
    expectTypeOf<FakeTensor>().toExtend<RegisteredLeaf>();
    expectTypeOf<LeafOf<{ t: FakeTensor<[1]> }>>().toEqualTypeOf<FakeTensor<[1]>>();
  });
});

describe("map", () => {
  const params = null as unknown as Params;

  it("types the leaf parameter and the result", () => {
    const out = map((x) => x * 2, { a: 1, b: [2, 3] as const, c: List([1]), d: null });
    expectTypeOf(out).toEqualTypeOf<{ a: number; b: readonly [number, number]; c: List<number>; d: null }>();
    map((t) => {
      expectTypeOf(t).toEqualTypeOf<T2x3 | T3>();
      return t;
    }, params);
  });

  it("keeps the tree type when tensors map to tensors of any shape", () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test is about tensors of any shape, `FakeTensor<any>`
    const same = map((t): FakeTensor<any> => t, params);
    expectTypeOf(same).toEqualTypeOf<Params>();
  });

  it("replaces leaf types", () => {
    const shapes = map((t) => t.shape.length, params);
    expectTypeOf(shapes.embed).toEqualTypeOf<2 | 1>();
    expectTypeOf(shapes.heads).toEqualTypeOf<List<{ out: 2 | 1 }>>();
    expectTypeOf(map(String, [1, [2]] as [number, [number]])).toEqualTypeOf<[string, [string]]>();
  });

  it("types the leaves of the other trees", () => {
    const out = map(
      (x, y, z) => {
        expectTypeOf(x).toEqualTypeOf<number>();
        expectTypeOf(y).toEqualTypeOf<string>();
        expectTypeOf(z).toEqualTypeOf<boolean>();
        return x > 0;
      },
      { a: 1 },
      { a: "s" },
      { a: true },
    );
    expectTypeOf(out).toEqualTypeOf<{ a: boolean }>();
  });

  it("rejects a function that does not take the leaves", () => {
    // @ts-expect-error -- the leaves are numbers
    map((s: string) => s, { a: 1 });
  });
});

describe("mapWith", () => {
  it("a type-guard isLeaf adds its type to the leaf types", () => {
    const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
    const out = mapWith({ isLeaf: isPair }, ([a, b]) => a * b, {
      u: [2, 3] as [number, number],
      v: List([[4, 5] as [number, number]]),
    });
    expectTypeOf(out).toEqualTypeOf<{ u: number; v: List<number> }>();
  });

  it("a boolean isLeaf leaves the types alone", () => {
    const out = mapWith({ isLeaf: (x) => x === 1 }, (a) => String(a), { u: [2, 3] });
    expectTypeOf(out).toEqualTypeOf<{ u: string[] }>();
  });
});

describe("zipWith", () => {
  it("types both leaves and the result like the first tree", () => {
    const out = zipWith(
      (a, b) => {
        expectTypeOf(a).toEqualTypeOf<number>();
        expectTypeOf(b).toEqualTypeOf<string>();
        return [a, b] as const;
      },
      { x: [1] },
      { x: ["s"] },
    );
    expectTypeOf(out).toEqualTypeOf<{ x: (readonly [number, string])[] }>();
  });
});

describe("flatten / unflatten / leaves / structure", () => {
  const tree = { a: 1, b: ["x"], c: List([true]) };
  type Tree = typeof tree;

  it("flatten types the leaves and carries the tree type in the TreeDef", () => {
    const [ls, def] = flatten(tree);
    expectTypeOf(ls).toEqualTypeOf<(string | number | boolean)[]>();
    expectTypeOf(def).toEqualTypeOf<TreeDef<Tree, RegisteredLeaf>>();
    expectTypeOf(leaves(tree)).toEqualTypeOf<(string | number | boolean)[]>();
    expectTypeOf(structure(tree)).toEqualTypeOf<TreeDef<Tree, RegisteredLeaf>>();
  });

  it("unflatten of the same leaves gives the tree type back", () => {
    const [ls, def] = flatten(tree);
    expectTypeOf(unflatten(def, ls)).toEqualTypeOf<Tree>();
  });

  it("unflatten of other leaves replaces the leaf type", () => {
    const def = structure(tree);
    expectTypeOf(unflatten(def, [0n])).toEqualTypeOf<{ a: bigint; b: bigint[]; c: List<bigint> }>();
  });

  it("an untyped TreeDef unflattens to unknown", () => {
    const def = structure(tree as unknown);
    expectTypeOf(unflatten(def, [1])).toEqualTypeOf<unknown>();
  });

  it("a type-guard isLeaf makes its type a leaf type", () => {
    const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
    const [ls] = flatten({ p: [1, 2] as [number, number], q: "s" }, isPair);
    expectTypeOf(ls).toEqualTypeOf<([number, number] | string)[]>();
  });
});
