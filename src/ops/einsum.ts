import type { Tensor } from "../tensor/tensor";
import { isFloat, promote, type DType } from "../tensor/dtype";
import { showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import { convertTo } from "./operands";
import { greedyPath, keptLabels, type Labels } from "./einsum-path";

/** A tensor with one label per axis (labels are numbers; within one operand they are distinct). */
interface Labelled {
  readonly value: Tensor;
  readonly labels: Labels;
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

const transposeTo = (x: Tensor, perm: readonly number[]): Tensor => (perm.every((p, i) => p === i) ? x : bind("transpose", [x], { perm: [...perm] }));

const reshapeTo = (x: Tensor, shape: readonly number[]): Tensor =>
  x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : bind("reshape", [x], { shape: [...shape] });

const sumAxes = (x: Tensor, axes: readonly number[]): Tensor => (axes.length === 0 ? x : bind("reduceSum", [x], { axes: [...axes] }));

/**
 * The diagonal of `x` over `axis1` and `axis2` (moved to the end, offset `offset` above the
 * main diagonal, as NumPy's `diagonal`): the two axes are replaced by a last axis of the
 * diagonal's length. Built from transpose, reshape and a strided slice, so it differentiates.
 */
export function diagonalOf(x: Tensor, axis1: number, axis2: number, offset = 0): Tensor {
  const rest = x.shape.map((_, i) => i).filter((i) => i !== axis1 && i !== axis2);
  const lead = rest.map((i) => x.shape[i]);
  const [n, m] = [x.shape[axis1], x.shape[axis2]];
  const length = Math.max(0, offset >= 0 ? Math.min(n, m - offset) : Math.min(n + offset, m));
  const flat = reshapeTo(transposeTo(x, [...rest, axis1, axis2]), [...lead, n * m]);
  if (length === 0) return bind("slice", [flat], { start: [...lead.map(() => 0), 0], end: [...lead, 0], step: [...lead.map(() => 1), 1] });
  const start = offset >= 0 ? offset : -offset * m;
  return bind("slice", [flat], {
    start: [...lead.map(() => 0), start],
    end: [...lead, start + (length - 1) * (m + 1) + 1],
    step: [...lead.map(() => 1), m + 1],
  });
}

/** One operand with its repeated labels reduced to their diagonals. */
function diagonals(op: Labelled): Labelled {
  let { value, labels } = op;
  for (;;) {
    const i = labels.findIndex((l, k) => labels.indexOf(l) !== k);
    if (i < 0) return { value, labels };
    const first = labels.indexOf(labels[i]);
    value = diagonalOf(value, first, i);
    labels = [...labels.filter((_, k) => k !== first && k !== i), labels[i]];
  }
}

/** Sums out the labels of `op` that are not in `keep`. */
function sumOut(op: Labelled, keep: ReadonlySet<number>): Labelled {
  const axes = op.labels.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  return { value: sumAxes(op.value, axes), labels: op.labels.filter((l) => keep.has(l)) };
}

/** `op`'s axes in the order of `labels` (a permutation of its own). */
const arrange = (op: Labelled, labels: Labels): Tensor =>
  transposeTo(
    op.value,
    labels.map((l) => op.labels.indexOf(l)),
  );

/**
 * Contracts two operands over their shared labels that `keep` does not need: a batched
 * matrix product (`matmul`) in general, a broadcast product when nothing is contracted,
 * a product and a sum when nothing else remains or the dtype is not float.
 */
function contractPair(a: Labelled, b: Labelled, keep: ReadonlySet<number>, sizes: ReadonlyMap<number, number>): Labelled {
  const x = sumOut(a, new Set([...keep, ...b.labels]));
  const y = sumOut(b, new Set([...keep, ...x.labels]));
  const batch = x.labels.filter((l) => y.labels.includes(l) && keep.has(l));
  const contracted = x.labels.filter((l) => y.labels.includes(l) && !keep.has(l));
  const left = x.labels.filter((l) => !y.labels.includes(l));
  const right = y.labels.filter((l) => !x.labels.includes(l));
  const dims = (ls: Labels): number[] => ls.map((l) => sizes.get(l) as number);
  const [bs, m, k, n] = [product(dims(batch)), product(dims(left)), product(dims(contracted)), product(dims(right))];
  const labels = [...batch, ...left, ...right];
  const outShape = dims(labels);
  if (k === 1 || (m === 1 && n === 1) || !isFloat(x.value.dtype)) {
    // [batch, left, contracted, 1] · [batch, 1, contracted, right], summed over contracted.
    const xs = reshapeTo(arrange(x, [...batch, ...left, ...contracted]), [bs, m, k, 1]);
    const ys = reshapeTo(arrange(y, [...batch, ...contracted, ...right]), [bs, 1, k, n]);
    const prod = bind("mul", [bind("broadcastTo", [xs], { shape: [bs, m, k, n] }), bind("broadcastTo", [ys], { shape: [bs, m, k, n] })], {});
    return { value: reshapeTo(sumAxes(prod, [2]), outShape), labels };
  }
  // The operands as [batch, m, k] and [batch, k, n] (no batch axis when there is none); a stored [batch, k, m] is read transposed.
  const matrix = (op: Labelled, outer: Labels, rows: number, cols: number, outerFirst: boolean): [Tensor, boolean] => {
    const natural = outerFirst ? [...batch, ...outer, ...contracted] : [...batch, ...contracted, ...outer];
    const flipped = outerFirst ? [...batch, ...contracted, ...outer] : [...batch, ...outer, ...contracted];
    const inPlace = (order: Labels) => order.every((l, i) => op.labels[i] === l);
    const transposed = !inPlace(natural) && inPlace(flipped);
    const order = transposed ? flipped : natural;
    const matrixShape = transposed ? [cols, rows] : [rows, cols];
    return [reshapeTo(arrange(op, order), batch.length === 0 ? matrixShape : [bs, ...matrixShape]), transposed];
  };
  const [am, transA] = matrix(x, left, m, k, true);
  const [bm, transB] = matrix(y, right, k, n, false);
  return { value: reshapeTo(bind("matmul", [am, bm], { transA, transB }), outShape), labels };
}

/**
 * Contracts labelled operands to the `output` labels: repeated labels become diagonals,
 * labels of size 1 against a larger size broadcast, labels in one operand only are summed
 * first, then pairs are contracted in the greedy order. Internal: einsum, tensordot and
 * inner are built on it.
 */
export function contract(op: string, operands: readonly Labelled[], output: Labels): Tensor {
  const sizes = new Map<number, number>();
  for (const { value, labels } of operands) {
    labels.forEach((l, i) => {
      const d = value.shape[i];
      const seen = sizes.get(l);
      if (seen !== undefined && seen !== d && seen !== 1 && d !== 1) {
        throw new Error(
          `${op}: the index ${showLabel(l)} has size ${seen} in one operand and ${d} in another (shapes ${operands.map((o) => showShape(o.value.shape)).join(", ")})`,
        );
      }
      sizes.set(l, seen === undefined || seen === 1 ? d : seen);
    });
  }
  const dtype = operands.map((o) => o.value.dtype).reduce((a: DType, b) => promote(a, b, op));
  const work = dtype === "bool" ? "int32" : dtype;
  // An axis of size 1 whose label is larger elsewhere broadcasts: the operand does not vary along it.
  let current: Labelled[] = operands.map((o) => {
    const d = diagonals({ value: convertTo(o.value, work), labels: o.labels });
    const stretched = d.labels.flatMap((l, i) => (d.value.shape[i] === 1 && (sizes.get(l) as number) > 1 ? [i] : []));
    if (stretched.length === 0) return d;
    return {
      value: reshapeTo(
        d.value,
        d.value.shape.filter((_, i) => !stretched.includes(i)),
      ),
      labels: d.labels.filter((_, i) => !stretched.includes(i)),
    };
  });
  current = current.map((o, i) => sumOut(o, new Set([...output, ...current.filter((_, k) => k !== i).flatMap((c) => c.labels)])));
  for (const [i, j] of greedyPath(
    current.map((o) => o.labels),
    sizes,
    output,
  )) {
    const others = current.filter((_, k) => k !== i && k !== j);
    const keep = new Set(
      keptLabels(
        current[i].labels,
        current[j].labels,
        others.map((o) => o.labels),
        output,
      ),
    );
    const result = contractPair(current[i], current[j], keep, sizes);
    current = [...others, result];
  }
  return arrange(current[0], output);
}

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Labels of the ellipsis axes are numbered after the letters. */
const ELLIPSIS = letters.length;
const showLabel = (l: number): string => (l < ELLIPSIS ? letters[l] : `… axis ${l - ELLIPSIS}`);

/** One term of the subscripts: its letters as labels, and where its ellipsis is (−1 when none). */
function parseTerm(term: string, where: string): { labels: number[]; ellipsis: number } {
  const parts = term.split("...");
  if (parts.length > 2) throw new Error(`einsum: ${where} "${term}" has more than one ellipsis`);
  const labels: number[] = [];
  for (const part of parts) {
    for (const c of part) {
      const l = letters.indexOf(c);
      if (l < 0) throw new Error(`einsum: ${where} "${term}" has the character "${c}"; subscripts are letters a–z, A–Z and one "..." per term`);
      labels.push(l);
    }
  }
  return { labels, ellipsis: parts.length === 2 ? parts[0].length : -1 };
}

/**
 * Einstein summation over `subscripts` (NumPy's `einsum`): a comma-separated term of
 * letters per operand, then optionally `->` and the output's letters. Without `->` the
 * output is every letter that appears once, in alphabetical order (uppercase first).
 * `...` stands for broadcast axes; a letter repeated in one operand takes its diagonal;
 * letters missing from the output are summed. Three or more operands are contracted two at
 * a time in a greedy order (as opt_einsum's `greedy`), each pair lowered to one `matmul`
 * (or a product and a sum where nothing is left to multiply), so gradients, `jit` and
 * `vmap` follow.
 * @example
 * ```ts
 * import { einsum, tensor } from "purediff";
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor([[5, 6], [7, 8]]);
 * // matmul(a, b)
 * einsum("ij,jk->ik", a, b).toArray(); // => [[19, 22], [43, 50]]
 * ```
 * @example
 * ```ts
 * import { einsum, tensor } from "purediff";
 * // the trace
 * einsum("ii", tensor([[1, 2], [3, 4]])).toArray(); // => 5
 * ```
 * @example
 * ```ts
 * import { einsum, ones } from "purediff";
 * // batched matmul: [5, 2, 3] times [5, 3, 4]
 * einsum("...ij,...jk", ones([5, 2, 3]), ones([5, 3, 4])).shape; // => [5, 2, 4]
 * ```
 */
export function einsum(subscripts: string, ...operands: Tensor[]): Tensor<number[]> {
  const spec = subscripts.replace(/\s+/g, "");
  const arrow = spec.indexOf("->");
  const inputTerms = (arrow < 0 ? spec : spec.slice(0, arrow)).split(",");
  if (inputTerms.length !== operands.length) {
    throw new Error(
      `einsum: subscripts "${subscripts}" name ${inputTerms.length} operand(s), got ${operands.length} (shapes ${operands.map((o) => showShape(o.shape)).join(", ")})`,
    );
  }
  const parsed = inputTerms.map((t, i) => parseTerm(t, `term ${i}`));
  const ellipsisRanks = parsed.map((p, i) => {
    const rank = operands[i].shape.length;
    const extra = rank - p.labels.length;
    if (p.ellipsis < 0 ? extra !== 0 : extra < 0) {
      throw new Error(
        `einsum: term ${i} "${inputTerms[i]}" has ${p.labels.length} index(es) for operand ${i} of rank ${rank} (shape ${showShape(operands[i].shape)})`,
      );
    }
    return p.ellipsis < 0 ? 0 : extra;
  });
  const ellipsisRank = Math.max(0, ...ellipsisRanks);
  // The ellipsis axes align to the right, as in broadcasting.
  const ellipsisLabels = (k: number): number[] => Array.from({ length: k }, (_, j) => ELLIPSIS + ellipsisRank - k + j);
  const labelled = parsed.map((p, i) => {
    const labels = p.ellipsis < 0 ? p.labels : [...p.labels.slice(0, p.ellipsis), ...ellipsisLabels(ellipsisRanks[i]), ...p.labels.slice(p.ellipsis)];
    return { value: operands[i], labels };
  });
  let output: number[];
  if (arrow < 0) {
    const counts = new Map<number, number>();
    parsed.forEach((p) => p.labels.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1)));
    const once = [...counts]
      .filter(([, c]) => c === 1)
      .map(([l]) => l)
      .sort((a, b) => letters[a].charCodeAt(0) - letters[b].charCodeAt(0));
    output = [...ellipsisLabels(ellipsisRank), ...once];
  } else {
    const out = parseTerm(spec.slice(arrow + 2), "output");
    if (out.ellipsis < 0 && ellipsisRank > 0) {
      throw new Error(`einsum: the operands have ${ellipsisRank} axis(es) under "...", but the output "${spec.slice(arrow + 2)}" has no "..." to put them`);
    }
    out.labels.forEach((l, i) => {
      if (out.labels.indexOf(l) !== i) throw new Error(`einsum: the output "${spec.slice(arrow + 2)}" repeats the index ${letters[l]}`);
      if (!parsed.some((p) => p.labels.includes(l))) throw new Error(`einsum: the output index ${letters[l]} appears in no operand of "${subscripts}"`);
    });
    output = out.ellipsis < 0 ? out.labels : [...out.labels.slice(0, out.ellipsis), ...ellipsisLabels(ellipsisRank), ...out.labels.slice(out.ellipsis)];
  }
  return contract("einsum", labelled, output) as Tensor<number[]>;
}
