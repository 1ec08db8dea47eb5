/**
 * The order in which einsum contracts its operands two at a time: greedy by cost, as
 * opt_einsum's `greedy` strategy. At each step, among the pairs that share an index (all
 * pairs when none do), it contracts the one whose result removes the most memory
 * (size of the result − sizes of the two operands), cheaper products first on ties.
 * @module
 */

/** The labels of one operand, as numbers (one per axis, no repeats). */
export type Labels = readonly number[];

/** One step of a path: contract operands `i` and `j` of the current list; the result goes to its end. */
export type PathStep = readonly [number, number];

const sizeOf = (labels: Iterable<number>, sizes: ReadonlyMap<number, number>): number => {
  let n = 1;
  for (const l of labels) n *= sizes.get(l) ?? 1;
  return n;
};

/**
 * The labels a pairwise contraction of `a` and `b` keeps: those still needed by the output
 * or by another operand, in `a`'s order then `b`'s.
 */
export function keptLabels(a: Labels, b: Labels, others: readonly Labels[], output: Labels): number[] {
  const needed = new Set<number>([...output, ...others.flat()]);
  return [...new Set([...a, ...b])].filter((l) => needed.has(l));
}

/**
 * A greedy contraction order for operands with `inputs` labels, `sizes` per label and the
 * `output` labels: one step per contraction, each naming two positions of the current list.
 * @example greedyPath([[0, 1], [1, 2], [2, 3]], new Map([[0, 100], [1, 100], [2, 100], [3, 2]]), [0, 3]) // [[1, 2], [0, 1]]: (B·C) first
 */
export function greedyPath(inputs: readonly Labels[], sizes: ReadonlyMap<number, number>, output: Labels): PathStep[] {
  const current: Labels[] = [...inputs];
  const path: PathStep[] = [];
  while (current.length > 1) {
    let best: { i: number; j: number; result: number[]; removed: number; flops: number; shares: boolean } | undefined;
    for (let i = 0; i < current.length; i++) {
      for (let j = i + 1; j < current.length; j++) {
        const a = current[i];
        const b = current[j];
        const shares = a.some((l) => b.includes(l));
        const result = keptLabels(
          a,
          b,
          current.filter((_, k) => k !== i && k !== j),
          output,
        );
        const removed = sizeOf(result, sizes) - sizeOf(a, sizes) - sizeOf(b, sizes);
        const flops = sizeOf(new Set([...a, ...b]), sizes);
        const better =
          best === undefined ||
          (shares && !best.shares) ||
          (shares === best.shares && (removed < best.removed || (removed === best.removed && flops < best.flops)));
        if (better) best = { i, j, result, removed, flops, shares };
      }
    }
    const { i, j, result } = best as NonNullable<typeof best>;
    path.push([i, j]);
    current.splice(j, 1);
    current.splice(i, 1);
    current.push(result);
  }
  return path;
}
