/**
 * Type-level view of pytrees: which parts of a type are leaves, and the type of a tree
 * after its leaves have been replaced.
 *
 * At run time a value is a container (array, plain object, Immutable List / Map /
 * OrderedMap / Record), an empty subtree (`null` / `undefined`) or a leaf. The type
 * checker cannot tell a plain object type from a class instance type, so at the type
 * level descent stops at the *leaf type* `L`: every part of a type assignable to `L`
 * is a leaf. By default `L` is {@link RegisteredLeaf}, the union of the entries of the
 * {@link LeafTypes} registry, which a library extends by module augmentation.
 */
import type { List, Map as IMap, MapOf, OrderedMap, Record as IRecord, RecordOf } from "immutable";

/**
 * Registry of the types the type-level helpers treat as leaves by default. Only the
 * property *types* matter (the names just have to be unique). Extend it by module
 * augmentation so that `map`, `leaves`, ... stop at your leaf type instead of looking
 * inside it:
 *
 * @example
 * declare module "./tree/types" {
 *   interface LeafTypes {
 *     tensor: Tensor;
 *   }
 * }
 */
export interface LeafTypes {
  number: number;
  string: string;
  boolean: boolean;
  bigint: bigint;
  symbol: symbol;
  function: (...args: never[]) => unknown;
}

/**
 * The default leaf type: the union of the {@link LeafTypes} registry.
 * @example
 * const n: RegisteredLeaf = 3;
 */
export type RegisteredLeaf = LeafTypes[keyof LeafTypes];

/**
 * A leaf test, as taken by every tree function. A type guard (`x is L`) also tells the
 * type checker that `L` is a leaf type.
 * @example
 * const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
 */
export type IsLeaf<L = never> = ((x: unknown) => x is L) | ((x: unknown) => boolean);

/**
 * True when `A` and `B` are the same type (not merely mutually assignable).
 * @example
 * type Yes = Same<number, number>; // true
 */
export type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/**
 * `[P]` when `T` is exactly `MapOf<P>` (the type of `Map({ ... })`), else `false`. Its
 * value type can not be read with `T extends Map<unknown, infer V>`: that infers `unknown`.
 */
type IsMapOf<T> = T extends MapOf<infer P> ? (Same<T, MapOf<P>> extends true ? [P] : false) : false;

/**
 * The union of the leaf types of the tree type `T`, the leaf type being `L`.
 * `null`/`undefined` subtrees contribute nothing.
 *
 * @example
 * type X = LeafOf<{ a: number; b: [string, null] }>; // number | string
 */
export type LeafOf<T, L = RegisteredLeaf> = T extends L
  ? T
  : T extends null | undefined
    ? never
    : T extends List<infer A>
      ? LeafOf<A, L>
      : T extends IMap<unknown, infer V>
        ? IsMapOf<T> extends [infer P]
          ? LeafOf<P[keyof P], L>
          : LeafOf<V, L>
        : // props are read from `toObject()`: `T extends Record<infer P>` infers `unknown` for
          // non-primitive props (the candidates from `toJS(): DeepCopy<P>` spoil it)
          T extends IRecord<infer _> & { toObject(): infer P }
          ? LeafOf<P[keyof P], L>
          : T extends readonly (infer E)[]
            ? LeafOf<E, L>
            : T extends object
              ? LeafOf<T[keyof T], L>
              : T;

/**
 * The leaf type of each tree of a tuple of trees.
 * @example
 * type X = LeavesOf<[{ a: number }, string[]]>; // [number, string]
 */
export type LeavesOf<Trees extends readonly unknown[], L = RegisteredLeaf> = {
  [I in keyof Trees]: LeafOf<Trees[I], L>;
};

/**
 * A type-level function on leaf types, for {@link MapLeavesWith}: `out` is computed from
 * `this["in"]`, the type of the leaf being replaced.
 *
 * @example
 * // a leaf function that keeps the shape of each tensor leaf:
 * interface SameShape extends LeafFn {
 *   readonly out: this["in"] extends Tensor<infer S> ? Tensor<S> : never;
 * }
 */
export interface LeafFn {
  readonly in: unknown;
  readonly out: unknown;
}

/**
 * `F` applied to the leaf type `X`.
 * @example
 * interface Boxed extends LeafFn { readonly out: { value: this["in"] } }
 * type X = ApplyLeafFn<Boxed, number>; // { value: number }
 */
export type ApplyLeafFn<F extends LeafFn, X> = (F & { readonly in: X })["out"];

/** The leaf function of `MapLeaves<T, L, R>`: `X` when `X` and `R` are mutually assignable (so `Tensor<[2]>` survives `Tensor<any>`), else `R`. */
interface ReplaceBy<R> extends LeafFn {
  readonly out: [this["in"]] extends [R] ? ([R] extends [this["in"]] ? this["in"] : R) : R;
}

/**
 * `Map` and `OrderedMap` are structurally the same type (each is assignable to the other),
 * so `extends` cannot tell them apart; type identity can.
 */
type MapOfMap<T, K, V, L, F extends LeafFn> =
  Same<T, OrderedMap<K, V>> extends true
    ? OrderedMap<K, MapRec<V, L, F>>
    : IsMapOf<T> extends [infer P]
      ? MapOf<{ [P2 in keyof P]: MapRec<P[P2], L, F> }>
      : IMap<K, MapRec<V, L, F>>;

type MapRec<T, L, F extends LeafFn> = T extends L
  ? ApplyLeafFn<F, T>
  : T extends null | undefined
    ? T
    : T extends List<infer A>
      ? List<MapRec<A, L, F>>
      : T extends IMap<infer K, infer V>
        ? MapOfMap<T, K, V, L, F>
        : T extends IRecord<infer _> & { toObject(): infer P extends object }
          ? RecordOf<{ [K in keyof P]: MapRec<P[K], L, F> }>
          : T extends readonly unknown[]
            ? { [K in keyof T]: MapRec<T[K], L, F> }
            : T extends object
              ? { [K in keyof T]: MapRec<T[K], L, F> }
              : T;

/**
 * `T` with every leaf `X` of type `L` replaced by `ApplyLeafFn<F, X>`: the general form of
 * {@link MapLeaves}, for replacements that depend on the leaf (e.g. "a tensor of the same
 * shape"). Descends like `MapLeaves`.
 *
 * @example
 * interface Boxed extends LeafFn { readonly out: { value: this["in"] } }
 * type X = MapLeavesWith<{ a: number; b: [string] }, number | string, Boxed>;
 * // { a: { value: number }; b: [{ value: string }] }
 */
export type MapLeavesWith<T, L, F extends LeafFn> = MapRec<T, L, F>;

/**
 * `T` with every leaf of type `L` replaced by `R`, descending through arrays, tuples,
 * (readonly) objects, Immutable `List`, `Map`, `OrderedMap` and `Record`. Tuples,
 * `readonly` and optional modifiers are kept. Two guarantees that make it usable for
 * gradients:
 * - `MapLeaves<T, L, L>` is exactly `T`;
 * - a leaf whose type is mutually assignable with `R` keeps its own type, so
 *   `MapLeaves<{ w: Tensor<[2, 3]> }, Tensor, Tensor<any>>` is `{ w: Tensor<[2, 3]> }`.
 *
 * Record subclasses are mapped to `RecordOf<props>` (their extra methods are not
 * tracked at the type level; at run time the subclass is kept).
 *
 * @example
 * type G = MapLeaves<{ w: number; b: readonly [number, string] }, number, boolean>;
 * // { w: boolean; b: readonly [boolean, string] }
 */
export type MapLeaves<T, L, R> = Same<L, R> extends true ? T : MapRec<T, L, ReplaceBy<R>>;

/**
 * The type `unflatten` gives back: `T` itself when the new leaves have exactly the
 * tree's leaf type (a round trip), else `MapLeaves<T, L, R>`.
 * @example
 * type X = Unflattened<{ a: number }, RegisteredLeaf, string>; // { a: string }
 */
export type Unflattened<T, L, R> = Same<R, LeafOf<T, L>> extends true ? T : MapLeaves<T, L, R>;
