import type { Shape } from "../shape";

/**
 * Element strides of `shape` viewed as broadcast to `outShape` (NumPy rules): shapes are
 * aligned on the right, and every axis the operand broadcasts over (missing, or of size 1)
 * gets stride 0. The caller has checked that the shapes broadcast.
 * @example broadcastStrides([3, 1], [2, 3, 4]) // [0, 1, 0]
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const lead = rank - shape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[lead + i] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** An iteration space after {@link coalesce}: its dims, and per operand one stride per dim. */
export interface Coalesced {
  dims: number[];
  strides: number[][];
}

/**
 * Simplifies an N-D iteration shared by several operands: drops size-1 axes and merges
 * neighbouring axes that are laid out contiguously for every operand, so the innermost
 * axis becomes as long as possible. Returns `dims: [0]` when the space is empty and
 * `dims: []` for a single element.
 * @example coalesce([2, 3, 4], [[12, 4, 1], [0, 0, 1]]) // { dims: [6, 4], strides: [[4, 1], [0, 1]] }
 */
export function coalesce(dims: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < dims.length; d++) {
    const n = dims[d];
    if (n === 0) return { dims: [0], strides: strides.map(() => [0]) };
    if (n === 1) continue;
    const last = outDims.length - 1;
    let mergeable = last >= 0;
    for (let o = 0; mergeable && o < strides.length; o++) {
      if (outStrides[o][last] !== strides[o][d] * n) mergeable = false;
    }
    if (mergeable) {
      outDims[last] *= n;
      for (let o = 0; o < strides.length; o++) outStrides[o][last] = strides[o][d];
    } else {
      outDims.push(n);
      for (let o = 0; o < strides.length; o++) outStrides[o].push(strides[o][d]);
    }
  }
  return { dims: outDims, strides: outStrides };
}

/**
 * Walks an N-D iteration space row by row for several strided operands: every axis but the
 * innermost is stepped by an odometer in {@link RowIterator.next}, which keeps each operand's
 * start offset for the current row in `offsets`; the caller runs the innermost axis
 * (`inner` elements, operand strides `innerStrides`) as its own tight loop. The space is
 * coalesced first, so contiguous data yields a single long row.
 * @example
 * const it = new RowIterator([2, 3], [[0, 1], [3, 1]]);
 * for (let r = 0; r < it.rows; r++, it.next()) {
 *   // operand o's row starts at it.offsets[o] and steps by it.innerStrides[o], it.inner times
 * }
 */
export class RowIterator {
  /** Number of rows (product of all but the innermost coalesced axis); 0 when empty. */
  readonly rows: number;
  /** Length of each row. */
  readonly inner: number;
  /** Each operand's stride along the innermost axis. */
  readonly innerStrides: number[];
  /** Each operand's offset of the current row's first element. */
  readonly offsets: number[];
  private readonly outerDims: number[];
  private readonly outerStrides: number[][];
  private readonly index: number[];

  constructor(dims: readonly number[], strides: readonly (readonly number[])[], baseOffsets?: readonly number[]) {
    const c = coalesce(dims, strides);
    const rank = c.dims.length;
    this.offsets = strides.map((_, o) => baseOffsets?.[o] ?? 0);
    if (rank === 0) {
      this.rows = 1;
      this.inner = 1;
      this.innerStrides = strides.map(() => 0);
      this.outerDims = [];
      this.outerStrides = strides.map(() => []);
    } else {
      this.inner = c.dims[rank - 1];
      this.innerStrides = c.strides.map((s) => s[rank - 1]);
      this.outerDims = c.dims.slice(0, rank - 1);
      this.outerStrides = c.strides.map((s) => s.slice(0, rank - 1));
      let rows = this.inner === 0 ? 0 : 1;
      for (const d of this.outerDims) rows *= d;
      this.rows = rows;
    }
    this.index = new Array<number>(this.outerDims.length).fill(0);
  }

  /** Advances `offsets` to the next row (wrapping to the start after the last one). */
  next(): void {
    const dims = this.outerDims;
    const index = this.index;
    const offsets = this.offsets;
    const strides = this.outerStrides;
    const nOps = offsets.length;
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++index[d] < dims[d]) {
        for (let o = 0; o < nOps; o++) offsets[o] += strides[o][d];
        return;
      }
      index[d] = 0;
      for (let o = 0; o < nOps; o++) offsets[o] -= strides[o][d] * (dims[d] - 1);
    }
  }
}

/**
 * True when a broadcasting two-operand op of `size` output elements is a single row: each
 * operand is laid out like the output or is a single element (stride 1 or 0). Kernels
 * test it first and then run their row directly, without a row callback.
 * @example isSingleRow(Float32Array.of(1, 2), Float32Array.of(3), 2) // true
 */
export function isSingleRow(a: { readonly length: number }, b: { readonly length: number }, size: number): boolean {
  return (a.length === size || a.length === 1) && (b.length === size || b.length === 1);
}

/**
 * Walks the output of a broadcasting two-operand op as rows: `row(o, n, ai, sa, bi, sb)`
 * covers output elements o…o+n−1, reading operand a from ai by steps of sa and b likewise.
 * When each operand is laid out like the output or is a single element, that is one row.
 * @example
 * forEachBroadcastRow(a, [2, 1], b, [3], [2, 3], 6, (o, n, ai, sa, bi, sb) => { ... });
 */
export function forEachBroadcastRow(
  a: { readonly length: number },
  aShape: Shape,
  b: { readonly length: number },
  bShape: Shape,
  outShape: Shape,
  size: number,
  row: (o: number, n: number, ai: number, sa: number, bi: number, sb: number) => void,
): void {
  if (isSingleRow(a, b, size)) {
    row(0, size, 0, a.length === 1 ? 0 : 1, 0, b.length === 1 ? 0 : 1);
    return;
  }
  const it = new RowIterator(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const [sa, sb] = it.innerStrides;
  for (let r = 0, o = 0; r < it.rows; r++, o += it.inner, it.next()) row(o, it.inner, it.offsets[0], sa, it.offsets[1], sb);
}
