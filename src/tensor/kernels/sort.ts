/**
 * Stable sorting along one axis in NumPy's order: ascending, NaN after everything, −0 and 0
 * equal (ties keep their positions); descending reverses the comparison (NaN first), ties
 * still in their original order. Several keys compare lexicographically.
 * @module
 */
import { allocate, type DType, type TypedArray } from "../dtype";
import { sizeOf, type Shape } from "../shape";

/** Below this many entries a run is sorted by insertion (merge sort's leaves). */
const RUN = 16;

/** From this many non-NaN keys on, a row is sorted by radix (linear time) rather than by merging. */
const RADIX_MIN = 512;
/** Radix digits of 11 bits: three passes per 32-bit word. */
const DIGIT = 11;
const BUCKETS = 1 << DIGIT;

/** Reusable buffers for sorting rows of length `n`: keys and positions, and their merge copies. */
interface Scratch {
  keys: Float64Array;
  order: Int32Array;
  keysTmp: Float64Array;
  orderTmp: Int32Array;
  /** For radix sorting: the keys' float64 words mapped to unsigned integers in key order. */
  radix?: { high: Uint32Array; low: Uint32Array; highTmp: Uint32Array; lowTmp: Uint32Array; count: Int32Array };
}

const scratchOf = (n: number): Scratch => ({ keys: new Float64Array(n), order: new Int32Array(n), keysTmp: new Float64Array(n), orderTmp: new Int32Array(n) });

/**
 * Stable LSD radix sort of keys[lo, hi) (no NaN) carrying `order`: each float64 becomes a
 * 64-bit unsigned integer of the same order (−0 as 0; all bits flipped for descending),
 * sorted 11 bits at a time; passes whose digit is the same for all keys are skipped (the
 * low mantissa bits of float32 and integer keys). Leaves only `s.order` sorted.
 */
function radixSort(s: Scratch, lo: number, hi: number, descending: boolean): void {
  const n = hi - lo;
  const length = s.keys.length;
  s.radix ??= {
    high: new Uint32Array(length),
    low: new Uint32Array(length),
    highTmp: new Uint32Array(length),
    lowTmp: new Uint32Array(length),
    count: new Int32Array(BUCKETS),
  };
  let { high, low, highTmp, lowTmp } = s.radix;
  const { count } = s.radix;
  const words = new Uint32Array(s.keys.buffer, s.keys.byteOffset, 2 * length);
  const flip = descending ? 0xffffffff : 0;
  for (let i = 0; i < n; i++) {
    const k = lo + i;
    let h = words[2 * k + 1];
    let l = words[2 * k];
    if (s.keys[k] === 0) h = l = 0;
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    high[i] = (h ^ flip) >>> 0;
    low[i] = (l ^ flip) >>> 0;
  }
  let order = s.order.subarray(lo, hi);
  let orderTmp = s.orderTmp.subarray(lo, hi);
  for (let pass = 0; pass < 6; pass++) {
    const digits = pass < 3 ? low : high;
    const shift = (pass % 3) * DIGIT;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(digits[i] >>> shift) & (BUCKETS - 1)]++;
    if (count[(digits[0] >>> shift) & (BUCKETS - 1)] === n) continue;
    for (let b = 0, total = 0; b < BUCKETS; b++) [count[b], total] = [total, total + count[b]];
    for (let i = 0; i < n; i++) {
      const d = count[(digits[i] >>> shift) & (BUCKETS - 1)]++;
      highTmp[d] = high[i];
      lowTmp[d] = low[i];
      orderTmp[d] = order[i];
    }
    [high, highTmp, low, lowTmp, order, orderTmp] = [highTmp, high, lowTmp, low, orderTmp, order];
  }
  if (order.buffer !== s.order.buffer) s.order.set(order, lo);
}

/** Insertion sort of keys[lo, hi) with their positions; stable. */
function insertion(keys: Float64Array, order: Int32Array, lo: number, hi: number, descending: boolean): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = keys[i];
    const p = order[i];
    let j = i - 1;
    while (j >= lo && (descending ? keys[j] < v : keys[j] > v)) {
      keys[j + 1] = keys[j];
      order[j + 1] = order[j];
      j--;
    }
    keys[j + 1] = v;
    order[j + 1] = p;
  }
}

/** Merges the sorted runs [lo, mid) and [mid, hi) of `src` into `dst`; on ties the left run goes first. */
function merge(srcK: Float64Array, srcO: Int32Array, dstK: Float64Array, dstO: Int32Array, lo: number, mid: number, hi: number, descending: boolean): void {
  let i = lo;
  let j = mid;
  for (let d = lo; d < hi; d++) {
    const takeRight = i >= mid || (j < hi && (descending ? srcK[j] > srcK[i] : srcK[j] < srcK[i]));
    if (takeRight) {
      dstK[d] = srcK[j];
      dstO[d] = srcO[j++];
    } else {
      dstK[d] = srcK[i];
      dstO[d] = srcO[i++];
    }
  }
}

/**
 * Stable bottom-up merge sort of keys[lo, hi) (no NaN) carrying `order`; the result is left
 * in `s.keys`/`s.order`.
 */
function mergeSort(s: Scratch, lo: number, hi: number, descending: boolean): void {
  for (let a = lo; a < hi; a += RUN) insertion(s.keys, s.order, a, Math.min(a + RUN, hi), descending);
  let srcK = s.keys;
  let srcO = s.order;
  let dstK = s.keysTmp;
  let dstO = s.orderTmp;
  for (let width = RUN; width < hi - lo; width *= 2) {
    for (let a = lo; a < hi; a += 2 * width) merge(srcK, srcO, dstK, dstO, a, Math.min(a + width, hi), Math.min(a + 2 * width, hi), descending);
    [srcK, dstK] = [dstK, srcK];
    [srcO, dstO] = [dstO, srcO];
  }
  if (srcK !== s.keys) {
    s.keys.set(srcK.subarray(lo, hi), lo);
    s.order.set(srcO.subarray(lo, hi), lo);
  }
}

/**
 * Reorders `s.order[0, n)` stably by key[base + order[i]·stride]: the non-NaN keys sorted,
 * the NaN ones after them (before them when descending), in their current order.
 */
function stableSortBy(s: Scratch, n: number, key: TypedArray, base: number, stride: number, descending: boolean): void {
  const { keys, order, keysTmp, orderTmp } = s;
  let finite = 0;
  let nans = 0;
  for (let i = 0; i < n; i++) {
    const p = order[i];
    const v = key[base + p * stride];
    if (v !== v) orderTmp[nans++] = p;
    else {
      keysTmp[finite] = v;
      order[finite++] = p;
    }
  }
  // The non-NaN keys go to [lo, lo + finite), the NaN positions to the other end.
  const lo = descending ? nans : 0;
  if (descending) {
    for (let i = finite - 1; i >= 0; i--) order[lo + i] = order[i];
    order.set(orderTmp.subarray(0, nans), 0);
  } else order.set(orderTmp.subarray(0, nans), finite);
  keys.set(keysTmp.subarray(0, finite), lo);
  if (finite >= RADIX_MIN) radixSort(s, lo, lo + finite, descending);
  else mergeSort(s, lo, lo + finite, descending);
}

/** Splits `shape` around `axis`: [product before, length of axis, product after]. */
function around(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return [outer, shape[axis], inner];
}

/** Puts the zeros of a sorted float row back in their original order (native sorts put −0 before 0). */
function restoreZeros(sorted: TypedArray, original: TypedArray): void {
  let negative = false;
  for (let i = 0; i < original.length && !negative; i++) negative = original[i] === 0 && 1 / original[i] < 0;
  if (!negative) return;
  let d = 0;
  while (d < sorted.length && sorted[d] !== 0) d++;
  for (let i = 0; i < original.length; i++) if (original[i] === 0) sorted[d++] = original[i];
}

/** Sorts one key operand by itself: the native typed-array sort (NaN last), fixed up to NumPy's order. */
function sortValues(x: TypedArray, shape: Shape, axis: number, descending: boolean, dtype: DType): TypedArray {
  const [outer, n, inner] = around(shape, axis);
  const out = allocate(dtype, x.length);
  const isFloatRow = dtype === "float32" || dtype === "float64";
  const row = allocate(dtype, n);
  const original = allocate(dtype, n);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const base = o * n * inner + c;
      for (let i = 0; i < n; i++) row[i] = x[base + i * inner];
      row.sort();
      if (descending) row.reverse();
      if (isFloatRow) {
        for (let i = 0; i < n; i++) original[i] = x[base + i * inner];
        restoreZeros(row, original);
      }
      for (let i = 0; i < n; i++) out[base + i * inner] = row[i];
    }
  }
  return out;
}

/**
 * Sorts along `axis` of `shape`: the last operand reordered, in each 1-D slice along the
 * axis, by the stable lexicographic order of the first `numKeys` operands (all operands
 * share `shape`). The result has `dtype`, the last operand's.
 * @example sortKernel([Float32Array.of(3, NaN, 1), Int32Array.of(0, 1, 2)], [3], 0, 1, false, "int32") // Int32Array [2, 0, 1]
 */
export function sortKernel(operands: readonly TypedArray[], shape: Shape, axis: number, numKeys: number, descending: boolean, dtype: DType): TypedArray {
  const payload = operands[operands.length - 1];
  const [outer, n, inner] = around(shape, axis);
  if (operands.length === 1 && n < RADIX_MIN) return sortValues(payload, shape, axis, descending, dtype);
  const out = allocate(dtype, sizeOf(shape));
  const s = scratchOf(n);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const base = o * n * inner + c;
      for (let i = 0; i < n; i++) s.order[i] = i;
      // Least significant key first: each pass is stable, so earlier keys decide ties last.
      for (let k = numKeys - 1; k >= 0; k--) stableSortBy(s, n, operands[k], base, inner, descending);
      for (let i = 0; i < n; i++) out[base + i * inner] = payload[base + s.order[i] * inner];
    }
  }
  return out;
}
