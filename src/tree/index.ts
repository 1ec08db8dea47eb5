/**
 * Pytrees: nested containers (arrays, plain objects, Immutable List / Map / OrderedMap /
 * Record) whose leaves are tensors or other values, as in JAX.
 *
 * @example
 * import { map, zipWith, flatten, unflatten, show } from "./tree";
 * const step = zipWith((p, g) => p - 0.1 * g, params, grads);
 */
export { LeafCountError, TreeMismatchError, type MismatchOptions } from "./errors";
export {
  flatten,
  flattenWithKeys,
  flattenWithPath,
  leaves,
  structure,
  unflatten,
} from "./flatten";
export { map, mapWith, type MapOptions } from "./map";
export { size } from "./size";
export { leafKeyPaths, leafPaths, showPath, showPathKey } from "./path";
export {
  diffDefs,
  equalDefs,
  show,
  type AnyRecord,
  type ArrayDef,
  type ContainerDef,
  type ContainerKind,
  type DefDifference,
  type LeafDef,
  type ListDef,
  type MapDef,
  type NoneDef,
  type ObjectDef,
  type OrderedMapDef,
  type PathKey,
  type RecordDef,
  type RecordFactory,
  type ShowOptions,
  type TreeDef,
  type TreeDefNode,
} from "./treedef";
export type {
  ApplyLeafFn,
  IsLeaf,
  LeafFn,
  LeafOf,
  LeafTypes,
  LeavesOf,
  MapLeaves,
  MapLeavesWith,
  RegisteredLeaf,
  Same,
  TreeContainer,
  TreeContainers,
  Unflattened,
} from "./types";
export { zipWith } from "./zip-with";
