/**
 * Immutable.js collections as trees at the type level: registers List, Map, OrderedMap
 * and Record in the {@link TreeContainers} registry, so that `tree.map`, `leaves`,
 * `unflatten`, gradients and optimizer states type Immutable containers precisely.
 *
 * At run time every tree function handles Immutable collections whether or not this
 * module is loaded; only the types need it. It is kept out of the main entry point so
 * that programs not using Immutable never load its declarations (checking them, without
 * `skipLibCheck`, costs more than the rest of purediff's). Import it once in a program
 * that puts Immutable collections in trees:
 *
 * @example
 * import type {} from "purediff/immutable";
 * const doubled = tree.map((x: number) => x * 2, List([1, 2])); // List<number>
 * @module
 */
import type { List, Map as IMap, MapOf, OrderedMap, Record as IRecord, RecordOf } from "immutable";
import type { TreeContainer, LeafFn, LeafOf, MapLeavesWith, Same } from "./types";

declare module "./types" {
  interface TreeContainers {
    immutable: ImmutableKind;
  }
}

/**
 * `[P]` when `T` is exactly `MapOf<P>` (the type of `Map({ ... })`), else `false`. Its
 * value type can not be read with `T extends Map<unknown, infer V>`: that infers `unknown`.
 */
type IsMapOf<T> = T extends MapOf<infer P> ? (Same<T, MapOf<P>> extends true ? [P] : false) : false;

/**
 * The props of a Record type. They are read from `toObject()`: `T extends Record<infer P>`
 * infers `unknown` for non-primitive props (the candidates from `toJS(): DeepCopy<P>`
 * spoil it).
 */
type RecordProps<T> = T extends IRecord<infer _> & { toObject(): infer P extends object } ? [P] : false;

/**
 * `Map` and `OrderedMap` are structurally the same type (each is assignable to the other),
 * so `extends` cannot tell them apart; type identity can.
 */
/** `MapLeavesWith<T, L, F>` for the leaf function `F` a kind receives as `this["fn"]`. */
type MapWith<T, L, F> = F extends LeafFn ? MapLeavesWith<T, L, F> : never;

type MapOfMap<T, K, V, L, F> =
  Same<T, OrderedMap<K, V>> extends true
    ? OrderedMap<K, MapWith<V, L, F>>
    : IsMapOf<T> extends [infer P]
      ? MapOf<{ [P2 in keyof P]: MapWith<P[P2], L, F> }>
      : IMap<K, MapWith<V, L, F>>;

/**
 * The container kind of Immutable List, Map (and MapOf), OrderedMap and Record. Record
 * subclasses are mapped to `RecordOf<props>` (their extra methods are not tracked at the
 * type level; at run time the subclass is kept).
 * @example
 * type K = TreeContainers["immutable"]; // ImmutableKind
 */
export interface ImmutableKind extends TreeContainer {
  readonly matches: this["tree"] extends List<unknown> | IMap<unknown, unknown> ? true : RecordProps<this["tree"]> extends [object] ? true : false;
  readonly leaves: this["tree"] extends List<infer A>
    ? LeafOf<A, this["leaf"]>
    : this["tree"] extends IMap<unknown, infer V>
      ? IsMapOf<this["tree"]> extends [infer P]
        ? LeafOf<P[keyof P], this["leaf"]>
        : LeafOf<V, this["leaf"]>
      : RecordProps<this["tree"]> extends [infer P]
        ? LeafOf<P[keyof P], this["leaf"]>
        : never;
  readonly mapped: this["tree"] extends List<infer A>
    ? List<MapWith<A, this["leaf"], this["fn"]>>
    : this["tree"] extends IMap<infer K, infer V>
      ? MapOfMap<this["tree"], K, V, this["leaf"], this["fn"]>
      : RecordProps<this["tree"]> extends [infer P]
        ? RecordOf<{ [K in keyof P]: MapWith<P[K], this["leaf"], this["fn"]> }>
        : never;
}
