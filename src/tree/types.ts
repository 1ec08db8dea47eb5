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
 *
 * Containers other than arrays, tuples and objects are known to the type-level helpers
 * through the {@link TreeContainers} registry. The Immutable.js kinds are registered by
 * `purediff/immutable` (`src/tree/immutable-types.ts`), a types-only module that programs
 * using Immutable collections as trees import once: these declarations do not import
 * "immutable" themselves, so a program that does not use it never loads (and, without
 * `skipLibCheck`, never checks) Immutable's large declaration file.
 */

/**
 * Registry of the types the type-level helpers treat as leaves by default. Only the
 * property *types* matter (the names just have to be unique). Extend it by module
 * augmentation so that `map`, `leaves`, ... stop at your leaf type instead of looking
 * inside it:
 *
 * purediff registers tensors this way:
 *
 * ```ts
 * declare module "./tree/types" {
 *   interface LeafTypes {
 *     tensor: Tensor;
 *   }
 * }
 * ```
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
 * ```ts
 * import { tree } from "purediff";
 * const n: tree.RegisteredLeaf = 3;
 * ```
 */
export type RegisteredLeaf = LeafTypes[keyof LeafTypes];

/**
 * A leaf test, as taken by every tree function. A type guard (`x is L`) also tells the
 * type checker that `L` is a leaf type.
 * @example
 * ```ts
 * const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2;
 * ```
 */
export type IsLeaf<L = never> = ((x: unknown) => x is L) | ((x: unknown) => boolean);

/**
 * True when `A` and `B` are the same type (not merely mutually assignable).
 * @example
 * ```ts
 * import { tree } from "purediff";
 * type Yes = tree.Same<number, number>; // true
 * ```
 */
export type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;

/**
 * Registry of the container kinds the type-level helpers descend into besides arrays,
 * tuples and objects: each entry is a {@link TreeContainer}, the names just have to be
 * unique. `purediff/immutable` registers Immutable's List, Map, OrderedMap and Record;
 * register your own by module augmentation.
 *
 * Registering a kind (module augmentation, so it is shown here rather than as a runnable example):
 *
 * ```ts
 * declare module "./tree/types" {
 *   interface TreeContainers {
 *     box: BoxKind; // a TreeContainer for Box<T>
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation, which only an interface allows
export interface TreeContainers {}

/**
 * A type-level description of a container type, written in terms of `this["tree"]` (the
 * container type), `this["leaf"]` (the leaf type `L`) and `this["fn"]` (the leaf function
 * `F`, a {@link LeafFn}): whether the tree is such a container, the union of its leaf
 * types (use {@link LeafOf} on the element types) and the tree with its leaves mapped (use
 * {@link MapLeavesWith} on the element types).
 *
 * For example, for a `Box<T>` container:
 *
 * ```ts
 * interface BoxKind extends TreeContainer {
 *   readonly matches: this["tree"] extends Box<unknown> ? true : false;
 *   readonly leaves: this["tree"] extends Box<infer A> ? LeafOf<A, this["leaf"]> : never;
 *   readonly mapped: this["tree"] extends Box<infer A>
 *     ? this["fn"] extends infer F extends LeafFn ? Box<MapLeavesWith<A, this["leaf"], F>> : never
 *     : never;
 * }
 * ```
 */
export interface TreeContainer {
  readonly tree: unknown;
  readonly leaf: unknown;
  /** A {@link LeafFn} (declared `unknown`: a `LeafFn` here would be intersected with `F`, which the checker cannot unfold). */
  readonly fn: unknown;
  readonly matches: boolean;
  readonly leaves: unknown;
  readonly mapped: unknown;
}

/** The name of the registered container kind `T` belongs to (`never`: none). */
type KindOf<T> = {
  [N in keyof TreeContainers]: (TreeContainers[N] & { readonly tree: T })["matches"] extends true ? N : never;
}[keyof TreeContainers];

/**
 * What every Immutable collection has and plain data does not. Without
 * `purediff/immutable` registered, such a type is opaque to the helpers (`unknown`)
 * rather than mapped member by member.
 */
interface ImmutableLike {
  hashCode(): number;
  equals(other: unknown): boolean;
  asImmutable(): unknown;
}

/** The kind `K` applied to the tree `T`, the leaf type `L` and the leaf function `F`. */
type ApplyKind<K, T, L, F extends LeafFn> = K & { readonly tree: T; readonly leaf: L; readonly fn: F };

/**
 * The union of the leaf types of the tree type `T`, the leaf type being `L`.
 * `null`/`undefined` subtrees contribute nothing.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * type X = tree.LeafOf<{ a: number; b: [string, null] }>; // number | string
 * ```
 */
export type LeafOf<T, L = RegisteredLeaf> = T extends L
  ? T
  : T extends null | undefined
    ? never
    : KindOf<T> extends infer N extends keyof TreeContainers
      ? [N] extends [never]
        ? T extends readonly (infer E)[]
          ? LeafOf<E, L>
          : T extends ImmutableLike
            ? unknown
            : T extends object
              ? LeafOf<T[keyof T], L>
              : T
        : ApplyKind<TreeContainers[N], T, L, LeafFn>["leaves"]
      : never;

/**
 * The leaf type of each tree of a tuple of trees.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * type X = tree.LeavesOf<[{ a: number }, string[]]>; // [number, string]
 * ```
 */
export type LeavesOf<Trees extends readonly unknown[], L = RegisteredLeaf> = {
  [I in keyof Trees]: LeafOf<Trees[I], L>;
};

/**
 * A type-level function on leaf types, for {@link MapLeavesWith}: `out` is computed from
 * `this["in"]`, the type of the leaf being replaced.
 *
 * @example
 * ```ts
 * import { Tensor, tree } from "purediff";
 * // a leaf function that keeps the shape of each tensor leaf:
 * interface SameShape extends tree.LeafFn {
 *   readonly out: this["in"] extends Tensor<infer S> ? Tensor<S> : never;
 * }
 * ```
 */
export interface LeafFn {
  readonly in: unknown;
  readonly out: unknown;
}

/**
 * `F` applied to the leaf type `X`.
 * @example
 * ```ts
 * import type { tree } from "purediff";
 * type Box<T> = { value: T };
 * interface Boxed extends tree.LeafFn { readonly out: Box<this["in"]> }
 * const x: tree.ApplyLeafFn<Boxed, number> = { value: 1 }; // { value: number }
 * ```
 */
export type ApplyLeafFn<F extends LeafFn, X> = (F & { readonly in: X })["out"];

/** The leaf function of `MapLeaves<T, L, R>`: `X` when `X` and `R` are mutually assignable (so `Tensor<[2]>` survives `Tensor<any>`), else `R`. */
interface ReplaceBy<R> extends LeafFn {
  readonly out: [this["in"]] extends [R] ? ([R] extends [this["in"]] ? this["in"] : R) : R;
}

type MapRec<T, L, F extends LeafFn> = T extends L
  ? ApplyLeafFn<F, T>
  : T extends null | undefined
    ? T
    : KindOf<T> extends infer N extends keyof TreeContainers
      ? [N] extends [never]
        ? T extends ImmutableLike
          ? unknown
          : T extends object
            ? { [K in keyof T]: MapRec<T[K], L, F> }
            : T
        : ApplyKind<TreeContainers[N], T, L, F>["mapped"]
      : never;

/**
 * `T` with every leaf `X` of type `L` replaced by `ApplyLeafFn<F, X>`: the general form of
 * {@link MapLeaves}, for replacements that depend on the leaf (e.g. "a tensor of the same
 * shape"). Descends like `MapLeaves`.
 *
 * @example
 * ```ts
 * import type { tree } from "purediff";
 * type Box<T> = { value: T };
 * interface Boxed extends tree.LeafFn { readonly out: Box<this["in"]> }
 * type X = tree.MapLeavesWith<{ a: number; b: [string] }, number | string, Boxed>;
 * const x: X = { a: { value: 1 }, b: [{ value: "s" }] }; // { a: { value: number }; b: [{ value: string }] }
 * ```
 */
export type MapLeavesWith<T, L, F extends LeafFn> = MapRec<T, L, F>;

/**
 * `T` with every leaf of type `L` replaced by `R`, descending through arrays, tuples,
 * (readonly) objects and the registered {@link TreeContainers} (with `purediff/immutable`:
 * Immutable `List`, `Map`, `OrderedMap` and `Record`). Tuples,
 * `readonly` and optional modifiers are kept. Two guarantees that make it usable for
 * gradients:
 * - `MapLeaves<T, L, L>` is exactly `T`;
 * - a leaf whose type is mutually assignable with `R` keeps its own type, so
 *   `MapLeaves<{ w: Tensor<[2, 3]> }, Tensor, Tensor<any>>` is `{ w: Tensor<[2, 3]> }`.
 *
 * @example
 * ```ts
 * import { tree } from "purediff";
 * type G = tree.MapLeaves<{ w: number; b: readonly [number, string] }, number, boolean>;
 * // { w: boolean; b: readonly [boolean, string] }
 * ```
 */
export type MapLeaves<T, L, R> = Same<L, R> extends true ? T : MapRec<T, L, ReplaceBy<R>>;

/**
 * The type `unflatten` gives back: `T` itself when the new leaves have exactly the
 * tree's leaf type (a round trip), else `MapLeaves<T, L, R>`.
 * @example
 * ```ts
 * import { tree } from "purediff";
 * type X = tree.Unflattened<{ a: number }, tree.RegisteredLeaf, string>; // { a: string }
 * ```
 */
export type Unflattened<T, L, R> = Same<R, LeafOf<T, L>> extends true ? T : MapLeaves<T, L, R>;
