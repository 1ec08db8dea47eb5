/**
 * Turning saved leaves back into values: tensors from their typed data, numbers,
 * booleans, strings and PRNG keys from their JSON form.
 * @module
 */
import { PRNGKey } from "../../random/key";
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
      return new PRNGKey(leaf.words[0], leaf.words[1]);
    case "tensor":
      if (data === undefined) throw new Error("leafFromSaved: a tensor leaf needs its data");
      return new ConcreteTensor(data, leaf.shape.slice(), leaf.dtype);
  }
}
