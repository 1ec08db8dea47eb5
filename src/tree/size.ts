/**
 * Counting the numbers a tree holds (parameters, optimizer state).
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { flattenUntyped } from "./flatten";

/**
 * The number of scalars in a tree: every element of each tensor leaf, 1 for each number
 * leaf; other leaves (strings, booleans) count 0. A PRNG key (a uint32 tensor of 2
 * words) counts 2.
 * @example
 * ```ts
 * import { tree, zeros } from "purediff";
 * tree.size({ W: zeros([784, 256]), b: zeros([256]) }); // => 200960
 * tree.size([{ W: zeros([2, 3]) }, 0.5]); // => 7
 * ```
 */
export function size(tree: unknown): number {
  const [leaves] = flattenUntyped(tree);
  let n = 0;
  for (const leaf of leaves) {
    if (leaf instanceof Tensor) n += leaf.shape.reduce((a: number, b: number) => a * b, 1);
    else if (typeof leaf === "number") n += 1;
  }
  return n;
}
