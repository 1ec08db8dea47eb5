/**
 * Turning saved leaves back into values: tensors from their typed data, numbers,
 * booleans and strings from their JSON form (and the `key` leaves of older files as key tensors).
 * @module
 */
import { ConcreteTensor } from "../../tensor/concrete";
import type { TypedArray } from "../../tensor/dtype";
import { fromSavedNumber, type SavedLeaf } from "./schema";

/**
 * The value of a validated non-tensor saved leaf, or of a tensor leaf given its data.
 * @example
 * leafFromSaved({ kind: "number", value: "-0" }); // -0
 * leafFromSaved({ kind: "tensor", dtype: "int32", shape: [2] }, new Int32Array([1, 2])); // tensor [1, 2]
 */
export function leafFromSaved(leaf: SavedLeaf, data?: TypedArray): unknown {
  switch (leaf.kind) {
    case "number":
      return fromSavedNumber(leaf.value);
    case "boolean":
    case "string":
      return leaf.value;
    case "key":
      // Written before keys were tensors: the key's two words as the uint32 tensor it is now.
      return new ConcreteTensor(Uint32Array.from(leaf.words), [2], "uint32");
    case "tensor":
      if (data === undefined) throw new Error("leafFromSaved: a tensor leaf needs its data");
      return new ConcreteTensor(data, leaf.shape.slice(), leaf.dtype);
  }
}
