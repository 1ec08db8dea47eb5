import { allocate } from "../dtype";

/**
 * Shape of a batched matrix product. Per batch, A is [m, k] (stored [k, m] when `transA`) and
 * B is [k, n] (stored [n, k] when `transB`), both contiguous; batch t of A starts at
 * `t * aBatchStride` (0 broadcasts A over the batch), likewise for B.
 */
export interface MatmulSpec {
  batch: number;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  aBatchStride: number;
  bBatchStride: number;
}

/** Rows / columns of the register tile. */
const MR = 4;
const NR = 4;
/** Depth of a k block: a packed 4×KC panel of A and of B is 8 KiB each, so both stay in L1. */
const KC = 256;
/** Width of a column block: the packed KC×NC block of B (1 MiB of doubles) stays in L2. */
const NC = 512;

/**
 * Batched matrix product C[t] = A[t] · B[t] into a fresh contiguous [batch, m, n] array of
 * `dtype`. Reference JS implementation, cache-blocked: each operand is packed (transposing it
 * as needed, so all four trans variants run the same loop) into double-precision panels of 4
 * rows of A / 4 columns of B, and a 4×4 register tile of C is accumulated in local variables
 * over a k block. Products always accumulate in doubles, also for float32.
 * @example
 * const spec = { batch: 1, m: 2, k: 2, n: 2, transA: false, transB: false, aBatchStride: 4, bBatchStride: 4 };
 * matmulKernel(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 0, 0, 1), spec, "float32") // Float32Array [1, 2, 3, 4]
 */
export function matmulKernel(
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  spec: MatmulSpec,
  dtype: "float32" | "float64",
): Float32Array | Float64Array {
  const { batch, m, k, n, transA, transB, aBatchStride, bBatchStride } = spec;
  const plane = m * n;
  const out = allocate(dtype, batch * plane);
  if (out.length === 0 || k === 0) return out;
  const packedA = new Float64Array(Math.ceil(m / MR) * MR * k);
  const packedB = new Float64Array(Math.ceil(n / NR) * NR * k);
  // float64 output is accumulated in place; float32 goes through a double buffer per batch.
  const c = out instanceof Float64Array ? out : new Float64Array(plane);
  let aPackedAt = -1;
  let bPackedAt = -1;
  for (let t = 0; t < batch; t++) {
    const aOff = t * aBatchStride;
    const bOff = t * bBatchStride;
    if (aOff !== aPackedAt) {
      packA(a, aOff, m, k, transA, packedA);
      aPackedAt = aOff;
    }
    if (bOff !== bPackedAt) {
      packB(b, bOff, k, n, transB, packedB);
      bPackedAt = bOff;
    }
    if (c === out) {
      gemmPacked(packedA, packedB, c, t * plane, m, n, k);
    } else {
      gemmPacked(packedA, packedB, c, 0, m, n, k);
      out.set(c, t * plane);
    }
  }
  return out;
}

/**
 * Packs A (logical [m, k]) into panels of MR rows: element (i, p) goes to
 * `((i / MR | 0) * k + p) * MR + i % MR`. Rows past m stay zero.
 */
function packA(a: Float32Array | Float64Array, off: number, m: number, k: number, trans: boolean, dst: Float64Array): void {
  for (let i0 = 0; i0 < m; i0 += MR) {
    const rows = Math.min(MR, m - i0);
    const panel = i0 * k;
    if (trans) {
      // stored [k, m]: the MR values of a panel column are contiguous
      for (let p = 0; p < k; p++) {
        const s = off + p * m + i0;
        const d = panel + p * MR;
        for (let r = 0; r < rows; r++) dst[d + r] = a[s + r];
      }
    } else {
      for (let r = 0; r < rows; r++) {
        const s = off + (i0 + r) * k;
        for (let p = 0, d = panel + r; p < k; p++, d += MR) dst[d] = a[s + p];
      }
    }
  }
}

/**
 * Packs B (logical [k, n]) into panels of NR columns: element (p, j) goes to
 * `((j / NR | 0) * k + p) * NR + j % NR`. Columns past n stay zero.
 */
function packB(b: Float32Array | Float64Array, off: number, k: number, n: number, trans: boolean, dst: Float64Array): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const cols = Math.min(NR, n - j0);
    const panel = j0 * k;
    if (trans) {
      // stored [n, k]: each column of B is a contiguous row
      for (let r = 0; r < cols; r++) {
        const s = off + (j0 + r) * k;
        for (let p = 0, d = panel + r; p < k; p++, d += NR) dst[d] = b[s + p];
      }
    } else {
      for (let p = 0; p < k; p++) {
        const s = off + p * n + j0;
        const d = panel + p * NR;
        for (let r = 0; r < cols; r++) dst[d + r] = b[s + r];
      }
    }
  }
}

/** C[cOff ..] (m×n, row-major) = packed A · packed B. Loops: column block, k block, row panel, column panel, k. */
function gemmPacked(ap: Float64Array, bp: Float64Array, c: Float64Array, cOff: number, m: number, n: number, k: number): void {
  const edge = new Float64Array(MR * NR);
  for (let jc = 0; jc < n; jc += NC) {
    const jcEnd = Math.min(n, jc + NC);
    for (let kc = 0; kc < k; kc += KC) {
      const kcEnd = Math.min(k, kc + KC);
      const first = kc === 0;
      for (let i = 0; i < m; i += MR) {
        const aStart = i * k + kc * MR;
        for (let j = jc; j < jcEnd; j += NR) {
          let pa = aStart;
          let pb = j * k + kc * NR;
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0,
            c23 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0,
            c33 = 0;
          for (let p = kc; p < kcEnd; p++, pa += MR, pb += NR) {
            const a0 = ap[pa],
              a1 = ap[pa + 1],
              a2 = ap[pa + 2],
              a3 = ap[pa + 3];
            const b0 = bp[pb],
              b1 = bp[pb + 1],
              b2 = bp[pb + 2],
              b3 = bp[pb + 3];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
          }
          if (i + MR <= m && j + NR <= n) {
            const r0 = cOff + i * n + j,
              r1 = r0 + n,
              r2 = r1 + n,
              r3 = r2 + n;
            if (first) {
              c[r0] = c00;
              c[r0 + 1] = c01;
              c[r0 + 2] = c02;
              c[r0 + 3] = c03;
              c[r1] = c10;
              c[r1 + 1] = c11;
              c[r1 + 2] = c12;
              c[r1 + 3] = c13;
              c[r2] = c20;
              c[r2 + 1] = c21;
              c[r2 + 2] = c22;
              c[r2 + 3] = c23;
              c[r3] = c30;
              c[r3 + 1] = c31;
              c[r3 + 2] = c32;
              c[r3 + 3] = c33;
            } else {
              c[r0] += c00;
              c[r0 + 1] += c01;
              c[r0 + 2] += c02;
              c[r0 + 3] += c03;
              c[r1] += c10;
              c[r1 + 1] += c11;
              c[r1 + 2] += c12;
              c[r1 + 3] += c13;
              c[r2] += c20;
              c[r2 + 1] += c21;
              c[r2 + 2] += c22;
              c[r2 + 3] += c23;
              c[r3] += c30;
              c[r3 + 1] += c31;
              c[r3 + 2] += c32;
              c[r3 + 3] += c33;
            }
          } else {
            // Partial tile at the bottom / right edge: store only the rows and columns that exist.
            edge[0] = c00;
            edge[1] = c01;
            edge[2] = c02;
            edge[3] = c03;
            edge[4] = c10;
            edge[5] = c11;
            edge[6] = c12;
            edge[7] = c13;
            edge[8] = c20;
            edge[9] = c21;
            edge[10] = c22;
            edge[11] = c23;
            edge[12] = c30;
            edge[13] = c31;
            edge[14] = c32;
            edge[15] = c33;
            const rows = Math.min(MR, m - i);
            const cols = Math.min(NR, n - j);
            for (let r = 0; r < rows; r++) {
              const row = cOff + (i + r) * n + j;
              for (let q = 0; q < cols; q++) {
                c[row + q] = first ? edge[r * NR + q] : c[row + q] + edge[r * NR + q];
              }
            }
          }
        }
      }
    }
  }
}
