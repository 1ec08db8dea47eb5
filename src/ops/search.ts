import type { Tensor } from "../tensor/tensor";
import { zeros } from "../tensor/create";
import { showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { operandPair, type Operand, type ShapeOfOperand } from "./operands";
import { take } from "./indexing";
import { iotaAlong } from "../core/primitives/sort";
import { sortOperands } from "./sort";

/** Options of {@link searchsorted}. */
export interface SearchsortedOptions {
  /** "left" (default): the first position where v fits; "right": the last. */
  readonly side?: "left" | "right";
  /** int32 indices that sort `a` (NumPy's `sorter`), when `a` itself is not sorted. */
  readonly sorter?: Tensor<[number]>;
}

/** The rank of each entry of a vector in its stable sorted order (the inverse of argsort). */
function ranks(x: Tensor): Tensor {
  const iota = iotaAlong(x.shape, 0);
  return sortOperands([sortOperands([x, iota], 0, 1, false), iota], 0, 1, false);
}

/**
 * Where the values `v` would be inserted into the sorted vector `a` to keep it sorted
 * (NumPy's order: NaNs last): for side "left" the number of entries of `a` below v, for
 * "right" the number at most v. int32, in v's shape. Built from stable sorts (JAX's
 * method "sort"), so it runs under `jit` and `vmap`; its derivative is zero.
 * @example
 * ```ts
 * import { searchsorted, tensor } from "purediff";
 * searchsorted(tensor([1, 2, 2, 3]), tensor([2, 0, 5])).toArray(); // => [1, 0, 4]
 * ```
 * @example
 * ```ts
 * import { searchsorted, tensor } from "purediff";
 * searchsorted(tensor([1, 2, 2, 3]), 2, { side: "right" }).toArray(); // => 3
 * ```
 */
export function searchsorted<V extends Operand>(a: Tensor, v: V, options: SearchsortedOptions = {}): Tensor<ShapeOfOperand<V>> {
  type Out = Tensor<ShapeOfOperand<V>>;
  const side = options.side ?? "left";
  if (side !== "left" && side !== "right") throw new Error(`searchsorted: side must be "left" or "right", got ${String(side)}`);
  if (a.shape.length !== 1) throw new Error(`searchsorted: a must be a vector (rank 1), got shape ${showShape(a.shape)}`);
  const n = a.shape[0];
  const sorter = options.sorter;
  if (sorter !== undefined && (sorter.dtype !== "int32" || sorter.shape.length !== 1 || sorter.shape[0] !== n)) {
    throw new Error(`searchsorted: sorter must be int32 of shape [${n}] like a, got ${sorter.dtype} ${showShape(sorter.shape)}`);
  }
  const [table, values] = operandPair(sorter === undefined ? a : take(a, sorter), v, false, "searchsorted");
  const shape: Shape = values.shape;
  if (n === 0 || values.size === 0) return zeros(shape, "int32") as unknown as Out;
  const m = values.size;
  const flat = bind("reshape", [values], { shape: [m] });
  // Stable ties: queries before the table count the entries strictly below, after it those at most.
  const joined = side === "left" ? bind("concat", [flat, table], { axis: 0 }) : bind("concat", [table, flat], { axis: 0 });
  const start = side === "left" ? 0 : n;
  const mine = bind("slice", [ranks(joined)], { start: [start], end: [start + m], step: [1] });
  return bind("reshape", [bind("sub", [mine, ranks(flat)], {})], { shape: [...shape] }) as Out;
}
