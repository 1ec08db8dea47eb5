import { Tensor } from "../tensor/tensor";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { tensor } from "../tensor/create";
import { bind } from "../core/bind";

/**
 * The whole tensor repeated `reps` times along each axis (NumPy's tile): with more reps
 * than axes, `x` gains leading axes of size 1 first; with fewer, the reps apply to the
 * last axes.
 * @example
 * ```ts
 * import { tensor, tile } from "purediff";
 * tile(tensor([1, 2]), [2, 2]).toArray(); // => [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export function tile(x: Tensor, reps: number | readonly number[]): Tensor<number[]> {
  const list = typeof reps === "number" ? [reps] : reps;
  list.forEach((r) => {
    if (!Number.isInteger(r) || r < 0) throw new Error(`tile: reps [${list.join(",")}] must be non-negative integers`);
  });
  const rank = Math.max(x.shape.length, list.length);
  const shape = [...new Array<number>(rank - x.shape.length).fill(1), ...x.shape];
  const r = [...new Array<number>(rank - list.length).fill(1), ...list];
  // [s0, s1] → [1, s0, 1, s1] → broadcast [r0, s0, r1, s1] → [r0·s0, r1·s1]
  const spread = bind("reshape", [x], { shape: shape.flatMap((d) => [1, d]) });
  const copies = bind("broadcastTo", [spread], { shape: shape.flatMap((d, i) => [r[i], d]) });
  return bind("reshape", [copies], { shape: shape.map((d, i) => d * r[i]) }) as Tensor<number[]>;
}

/**
 * Each entry repeated along `axis` (NumPy's repeat): `repeats` is one count for all, or
 * one count per entry (plain numbers or a concrete int tensor). Without an axis the
 * tensor is flattened first.
 * @example
 * ```ts
 * import { repeat, tensor } from "purediff";
 * repeat(tensor([1, 2]), 2).toArray(); // => [1, 1, 2, 2]
 * ```
 * @example
 * ```ts
 * import { repeat, tensor } from "purediff";
 * repeat(tensor([[1, 2], [3, 4]]), [1, 2], 0).toArray(); // => [[1, 2], [3, 4], [3, 4]]
 * ```
 */
export function repeat(x: Tensor, repeats: number | readonly number[] | Tensor, axis?: number): Tensor<number[]> {
  const source = axis === undefined ? bind("reshape", [x], { shape: [x.size] }) : x;
  const ax = normalizeAxis("repeat", axis ?? 0, source.shape.length);
  const n = source.shape[ax];
  const counts = repeatCounts(repeats, n, source.shape, ax);
  if (counts.length === 1) {
    // One count: a new axis after `ax`, broadcast, merged back.
    const r = counts[0];
    const spread = bind("reshape", [source], { shape: [...source.shape.slice(0, ax + 1), 1, ...source.shape.slice(ax + 1)] });
    const copies = bind("broadcastTo", [spread], { shape: [...source.shape.slice(0, ax + 1), r, ...source.shape.slice(ax + 1)] });
    return bind("reshape", [copies], { shape: source.shape.map((d, i) => (i === ax ? d * r : d)) }) as Tensor<number[]>;
  }
  const indices = counts.flatMap((r, i) => new Array<number>(r).fill(i));
  return bind("gather", [source, tensor(indices, "int32")], { axis: ax }) as Tensor<number[]>;
}

/** The repeat counts as numbers: one for all entries, or one per entry of an axis of size `n`. */
function repeatCounts(repeats: number | readonly number[] | Tensor, n: number, shape: Shape, axis: number): number[] {
  let counts: number[];
  if (repeats instanceof Tensor) {
    if (repeats.shape.length > 1) throw new Error(`repeat: repeats must be a number or a rank-1 tensor, got shape ${showShape(repeats.shape)}`);
    try {
      counts = Array.from(repeats.data(), Number);
    } catch (e) {
      throw new Error(`repeat: repeats must be concrete (the output shape depends on them): ${(e as Error).message}`);
    }
  } else counts = typeof repeats === "number" ? [repeats] : [...repeats];
  counts.forEach((r) => {
    if (!Number.isInteger(r) || r < 0) throw new Error(`repeat: repeats must be non-negative integers, got [${counts.join(",")}]`);
  });
  if (counts.length !== 1 && counts.length !== n) {
    throw new Error(`repeat: ${counts.length} repeats for axis ${axis} of size ${n} (shape ${showShape(shape)}); give one count or one per entry`);
  }
  return counts;
}
