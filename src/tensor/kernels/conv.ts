import { allocate } from "../dtype";
import { sizeOf, type Shape } from "../shape";
import { matmul } from "./dispatch";
import { transposeKernel } from "./transpose";

/**
 * A convolution as the kernel runs it: layouts as axis permutations (`lhsSpec` is
 * `[batch, feature, ...spatial]`, `rhsSpec` `[output feature, input feature, ...spatial]`,
 * `outSpec` `[batch, feature, ...spatial]`), one entry per spatial axis for the rest.
 */
export interface ConvKernelSpec {
  readonly lhsSpec: readonly number[];
  readonly rhsSpec: readonly number[];
  readonly outSpec: readonly number[];
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

type Floats = Float32Array | Float64Array;

/** The kernel runs every convolution as a 3-D one: missing leading spatial axes have size 1. */
const SPATIAL = 3;

/**
 * A general dilated convolution (XLA's semantics) of `lhs` by `rhs` into a fresh array of
 * `outShape` (validated by the caller), as im2col into the packed matrix kernel: the
 * operands are brought to channels-last (`[N, ...spatial, C]`, `[...spatial, I, O]`), each
 * group's patches are gathered into a matrix with one row per output position and one
 * column per (kernel position, input channel), and one batched product with the kernel
 * matrices gives every output; the result is permuted to the output layout.
 * Groups: with `featureGroupCount` g, group t reads input channels `[t·I, (t+1)·I)`; with
 * `batchGroupCount` b, group t reads batch rows `[t·N/b, (t+1)·N/b)`; either way group t
 * writes output features `[t·O/groups, (t+1)·O/groups)`.
 * @example
 * // 1-D: [1, 2, 3, 4] by the window [1, 1], VALID
 * const spec = { lhsSpec: [0, 1, 2], rhsSpec: [0, 1, 2], outSpec: [0, 1, 2], windowStrides: [1], padding: [[0, 0]], lhsDilation: [1], rhsDilation: [1], featureGroupCount: 1, batchGroupCount: 1 };
 * convKernel(Float64Array.of(1, 2, 3, 4), [1, 1, 4], Float64Array.of(1, 1), [1, 1, 2], spec, [1, 1, 3], "float64") // Float64Array [3, 5, 7]
 */
export function convKernel(lhs: Floats, lhsShape: Shape, rhs: Floats, rhsShape: Shape, spec: ConvKernelSpec, outShape: Shape, dtype: "float32" | "float64"): Floats {
  const d = lhsShape.length - 2;
  const { lhsSpec, rhsSpec, outSpec, featureGroupCount, batchGroupCount } = spec;
  const lead = SPATIAL - d;
  const to3 = (xs: readonly number[], fill: number): number[] => [...new Array<number>(lead).fill(fill), ...xs];
  const [n, c] = [lhsShape[lhsSpec[0]], lhsShape[lhsSpec[1]]];
  const [o, inFeatures] = [rhsShape[rhsSpec[0]], rhsShape[rhsSpec[1]]];
  const inSpatial = to3(lhsSpec.slice(2).map((a) => lhsShape[a]), 1);
  const window = to3(rhsSpec.slice(2).map((a) => rhsShape[a]), 1);
  const outSpatial = to3(outSpec.slice(2).map((a) => outShape[a]), 1);
  const groups = featureGroupCount * batchGroupCount;
  const outN = n / batchGroupCount;
  const groupFeatures = o / groups;

  const x = permuted(lhs, lhsShape, [lhsSpec[0], ...lhsSpec.slice(2), lhsSpec[1]], dtype);
  const w = permuted(rhs, rhsShape, [...rhsSpec.slice(2), rhsSpec[1], rhsSpec[0]], dtype);
  const sources = inSpatial.map((size, j) =>
    sourceTable(size, window[j], outSpatial[j], to3(spec.windowStrides, 1)[j], to3(spec.lhsDilation, 1)[j], to3(spec.rhsDilation, 1)[j], j < lead ? 0 : spec.padding[j - lead][0]),
  );
  const rows = outN * sizeOf(outSpatial);
  const depth = sizeOf(window) * inFeatures;
  const patches = allocate(dtype, groups * rows * depth);
  for (let t = 0; t < groups; t++) {
    im2col(x, patches, t * rows * depth, {
      batchStart: batchGroupCount > 1 ? t * outN : 0,
      batch: outN,
      channelStart: featureGroupCount > 1 ? t * inFeatures : 0,
      channels: c,
      inFeatures,
      inSpatial,
      window,
      outSpatial,
      sources,
    });
  }
  const kernels = groups === 1 ? w : groupKernels(w, depth, o, groups, dtype);
  const product = matmul(patches, kernels, { batch: groups, m: rows, k: depth, n: groupFeatures, transA: false, transB: false, aBatchStride: rows * depth, bBatchStride: depth * groupFeatures }, dtype);
  // [groups, N·spatial, O/groups] → channels-last output [N, ...spatial, O]
  const channelsLast = groups === 1 ? product : (transposeKernel(product, [groups, rows, groupFeatures], [1, 0, 2], dtype) as Floats);
  // channels-last axis of each canonical output dimension: batch 0, feature last, spatial in between
  const position = (k: number): number => (k === 0 ? 0 : k === 1 ? d + 1 : k - 1);
  const canonicalOf = new Array<number>(d + 2);
  outSpec.forEach((axis, k) => (canonicalOf[axis] = k));
  const perm = canonicalOf.map(position);
  const clShape = [outN, ...outSpatial.slice(lead), o];
  return permuted(channelsLast, clShape, perm, dtype);
}

/** `x` with its axes permuted (itself when the permutation is the identity). */
function permuted(x: Floats, shape: Shape, perm: readonly number[], dtype: "float32" | "float64"): Floats {
  return perm.every((p, i) => p === i) ? x : (transposeKernel(x, shape, perm, dtype) as Floats);
}

/**
 * For one spatial axis: the input index each (output position, kernel position) reads,
 * at `out · windowPos + k · kernelPos`, or −1 where that falls on padding or between
 * the points of a dilated input.
 */
function sourceTable(size: number, window: number, outSize: number, stride: number, lhsDilation: number, rhsDilation: number, low: number): Int32Array {
  const table = new Int32Array(outSize * window);
  for (let i = 0; i < outSize; i++) {
    for (let k = 0; k < window; k++) {
      const p = i * stride + k * rhsDilation - low;
      const s = p / lhsDilation;
      table[i * window + k] = p >= 0 && p % lhsDilation === 0 && s < size ? s : -1;
    }
  }
  return table;
}

interface PatchPlan {
  readonly batchStart: number;
  readonly batch: number;
  readonly channelStart: number;
  readonly channels: number;
  readonly inFeatures: number;
  readonly inSpatial: readonly number[];
  readonly window: readonly number[];
  readonly outSpatial: readonly number[];
  readonly sources: readonly Int32Array[];
}

/**
 * Writes the patch matrix of one group at `at` in `dst` (zero-filled): row `(n, o1, o2, o3)`,
 * column `(k1, k2, k3, i)` holds `x[batchStart + n, s1, s2, s3, channelStart + i]` where the
 * source tables give s; entries on padding stay zero.
 */
function im2col(x: Floats, dst: Floats, at: number, plan: PatchPlan): void {
  const { batchStart, batch, channelStart, channels, inFeatures: run, sources } = plan;
  const [S1, S2, S3] = plan.inSpatial;
  const [K1, K2, K3] = plan.window;
  const [O1, O2, O3] = plan.outSpatial;
  const [t1, t2, t3] = sources;
  const depth = K1 * K2 * K3 * run;
  let row = at;
  for (let b = 0; b < batch; b++) {
    const image = (batchStart + b) * S1;
    for (let o1 = 0; o1 < O1; o1++) {
      for (let o2 = 0; o2 < O2; o2++) {
        for (let o3 = 0; o3 < O3; o3++, row += depth) {
          for (let k1 = 0; k1 < K1; k1++) {
            const s1 = t1[o1 * K1 + k1];
            if (s1 < 0) continue;
            for (let k2 = 0; k2 < K2; k2++) {
              const s2 = t2[o2 * K2 + k2];
              if (s2 < 0) continue;
              const line = ((image + s1) * S2 + s2) * S3;
              const column = row + (k1 * K2 + k2) * K3 * run;
              for (let k3 = 0; k3 < K3; k3++) {
                const s3 = t3[o3 * K3 + k3];
                if (s3 < 0) continue;
                const src = (line + s3) * channels + channelStart;
                const out = column + k3 * run;
                if (run === 1) dst[out] = x[src];
                else for (let i = 0; i < run; i++) dst[out + i] = x[src + i];
              }
            }
          }
        }
      }
    }
  }
}

/** The channels-last kernel `[depth, O]` as one `[depth, O/groups]` matrix per group. */
function groupKernels(w: Floats, depth: number, o: number, groups: number, dtype: "float32" | "float64"): Floats {
  return transposeKernel(w, [depth, groups, o / groups], [1, 0, 2], dtype) as Floats;
}
