import { allocate } from "../dtype";
import { sizeOf, stridesOf, type Shape } from "../shape";
import { matmul, matmulInWasm } from "./dispatch";
import { stridedCopy } from "./strided-copy";
import { transposeKernel } from "./transpose";
import { scatterWasm } from "./wasm/col2im-module";
import { im2colWasm } from "./wasm/im2col-module";
import { matmulWasm } from "./wasm/matmul-wasm";

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
 * `outShape` (validated by the caller), on the packed matrix kernel. The operands are
 * brought to channels-last (`[N, ...spatial, C]`, `[...spatial, I, O]`); then, whichever
 * costs less (elements written plus multiply-adds):
 * - im2col: each group's patches are gathered into a matrix with one row per output
 *   position and one column per (kernel position, input channel), and one batched product
 *   with the kernel matrices gives every output (forward and filter-gradient convolutions);
 * - col2im: one product of the input rows by the kernel gives, per input position, its
 *   contribution through every kernel position, which is added where it lands (the
 *   transposed convolutions of input gradients, whose patches would be mostly padding).
 * Groups: with `featureGroupCount` g, group t reads input channels `[t·I, (t+1)·I)`; with
 * `batchGroupCount` b, group t reads batch rows `[t·N/b, (t+1)·N/b)`; either way group t
 * writes output features `[t·O/groups, (t+1)·O/groups)`.
 * @example
 * // 1-D: [1, 2, 3, 4] by the window [1, 1], VALID
 * const spec = { lhsSpec: [0, 1, 2], rhsSpec: [0, 1, 2], outSpec: [0, 1, 2], windowStrides: [1], padding: [[0, 0]], lhsDilation: [1], rhsDilation: [1], featureGroupCount: 1, batchGroupCount: 1 };
 * convKernel(Float64Array.of(1, 2, 3, 4), [1, 1, 4], Float64Array.of(1, 1), [1, 1, 2], spec, [1, 1, 3], "float64") // Float64Array [3, 5, 7]
 */
export function convKernel(
  lhs: Floats,
  lhsShape: Shape,
  rhs: Floats,
  rhsShape: Shape,
  spec: ConvKernelSpec,
  outShape: Shape,
  dtype: "float32" | "float64",
): Floats {
  const g = geometry(lhsShape, rhsShape, spec, outShape);
  const x = permuted(lhs, lhsShape, [spec.lhsSpec[0], ...spec.lhsSpec.slice(2), spec.lhsSpec[1]], dtype);
  const w = permuted(rhs, rhsShape, [...spec.rhsSpec.slice(2), spec.rhsSpec[1], spec.rhsSpec[0]], dtype);
  if (sizeOf(outShape) === 0) return allocate(dtype, 0);
  // Each way writes a matrix in JavaScript and multiplies it in the matrix kernel, where a
  // multiply-add costs about an eighth of an element written.
  const patches = g.outN * sizeOf(g.outSpatial) * g.taps * g.inFeatures;
  const contributions = g.outN * sizeOf(g.inSpatial) * g.taps * g.groupFeatures;
  if (patches * (1 + g.groupFeatures / 8) <= contributions * (1 + g.inFeatures / 8)) return viaPatches(x, w, g, spec, outShape, dtype);
  const channelsLast = viaScatter(x, w, g, spec, dtype);
  if (isChannelsLast(spec.outSpec)) return channelsLast;
  const position = (k: number): number => (k === 0 ? 0 : k === 1 ? g.d + 1 : k - 1);
  const clStrides = stridesOf([g.outN, ...g.outSpatial.slice(SPATIAL - g.d), g.features]);
  const outStrides = stridesOf(outShape);
  const out = allocate(dtype, sizeOf(outShape));
  stridedCopy(
    channelsLast,
    0,
    spec.outSpec.map((_, k) => clStrides[position(k)]),
    out,
    0,
    spec.outSpec.map((axis) => outStrides[axis]),
    [g.outN, g.features, ...g.outSpatial.slice(SPATIAL - g.d)],
  );
  return out;
}

/** True for an output layout `[batch, ...spatial, feature]` (`outSpec` `[0, d + 1, 1, …, d]`). */
const isChannelsLast = (outSpec: readonly number[]): boolean => outSpec.every((axis, k) => axis === (k === 0 ? 0 : k === 1 ? outSpec.length - 1 : k - 1));

/** The sizes of a convolution, spatial axes padded to three at the front. */
interface Geometry {
  readonly d: number;
  readonly channels: number;
  readonly features: number;
  readonly inFeatures: number;
  readonly groups: number;
  readonly groupFeatures: number;
  readonly outN: number;
  readonly inSpatial: readonly number[];
  readonly window: readonly number[];
  readonly outSpatial: readonly number[];
  /** Kernel positions. */
  readonly taps: number;
  readonly strides: readonly number[];
  readonly low: readonly number[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
}

function geometry(lhsShape: Shape, rhsShape: Shape, spec: ConvKernelSpec, outShape: Shape): Geometry {
  const d = lhsShape.length - 2;
  const lead = SPATIAL - d;
  const to3 = (xs: readonly number[]): number[] => [...new Array<number>(lead).fill(1), ...xs];
  const { lhsSpec, rhsSpec, outSpec, featureGroupCount, batchGroupCount } = spec;
  const groups = featureGroupCount * batchGroupCount;
  const window = to3(rhsSpec.slice(2).map((a) => rhsShape[a]));
  return {
    d,
    channels: lhsShape[lhsSpec[1]],
    features: rhsShape[rhsSpec[0]],
    inFeatures: rhsShape[rhsSpec[1]],
    groups,
    groupFeatures: rhsShape[rhsSpec[0]] / groups,
    outN: lhsShape[lhsSpec[0]] / batchGroupCount,
    inSpatial: to3(lhsSpec.slice(2).map((a) => lhsShape[a])),
    window,
    outSpatial: to3(outSpec.slice(2).map((a) => outShape[a])),
    taps: sizeOf(window),
    strides: to3(spec.windowStrides),
    low: [...new Array<number>(lead).fill(0), ...spec.padding.map((p) => p[0])],
    lhsDilation: to3(spec.lhsDilation),
    rhsDilation: to3(spec.rhsDilation),
  };
}

/** Patch matrices up to this many elements reuse one buffer per dtype instead of a fresh allocation per call. */
const SCRATCH_LIMIT = 1 << 23;
const scratch = { float32: new Float32Array(0), float64: new Float64Array(0) };

/**
 * A zero-filled array of `size` elements for patches: a view of the dtype's reusable
 * buffer (grown as needed) when small enough, so that large batches of convolutions do not
 * churn the garbage collector; the patches never leave the kernel.
 */
function patchBuffer(dtype: "float32" | "float64", size: number): Floats {
  if (size > SCRATCH_LIMIT) return allocate(dtype, size);
  if (scratch[dtype].length < size) {
    if (dtype === "float32") scratch.float32 = new Float32Array(size);
    else scratch.float64 = new Float64Array(size);
    return scratch[dtype];
  }
  const view = scratch[dtype].subarray(0, size);
  view.fill(0);
  return view;
}

/** `[rows, groups, cols]` as `[groups, rows, cols]`. */
function groupMatrices(w: Floats, rows: number, groups: number, cols: number, dtype: "float32" | "float64"): Floats {
  if (groups === 1) return w;
  const out = allocate(dtype, groups * rows * cols);
  stridedCopy(w, 0, [cols, groups * cols, 1], out, 0, [rows * cols, cols, 1], [groups, rows, cols]);
  return out;
}

/** im2col: the output through one batched product of patch matrices by kernel matrices, in the output layout. */
function viaPatches(x: Floats, w: Floats, g: Geometry, spec: ConvKernelSpec, outShape: Shape, dtype: "float32" | "float64"): Floats {
  const sources = g.inSpatial.map((size, j) => sourceTable(size, g.window[j], g.outSpatial[j], g.strides[j], g.lhsDilation[j], g.rhsDilation[j], g.low[j]));
  const positions = sizeOf(g.outSpatial);
  const rows = g.outN * positions;
  const depth = g.taps * g.inFeatures;
  const features = g.groupFeatures;
  const kernels = groupMatrices(w, depth, g.groups, features, dtype);
  const productSpec = {
    batch: g.groups,
    m: rows,
    k: depth,
    n: features,
    transA: false,
    transB: false,
    aBatchStride: rows * depth,
    bBatchStride: depth * features,
  };
  const product =
    matmulInWasm(productSpec) && x instanceof (dtype === "float32" ? Float32Array : Float64Array)
      ? // the patches gathered in WebAssembly, in place (on the thread pool when large)
        matmulWasm(
          {
            length: g.groups * rows * depth,
            write: (rt, at, free) =>
              im2colWasm(
                rt,
                {
                  x,
                  groups: g.groups,
                  batch: g.outN,
                  groupBatchStride: spec.batchGroupCount > 1 ? g.outN : 0,
                  groupChannelStride: spec.featureGroupCount > 1 ? g.inFeatures : 0,
                  channels: g.channels,
                  run: g.inFeatures,
                  inSpatial: g.inSpatial,
                  window: g.window,
                  outSpatial: g.outSpatial,
                  sources,
                },
                at,
                free,
              ),
          },
          kernels,
          productSpec,
          dtype,
        )
      : matmul(patchMatrices(x, g, spec, sources, dtype), kernels, productSpec, dtype);
  // the product is the output
  if (g.groups === 1 && isChannelsLast(spec.outSpec)) return product;
  // product[t, n, ...spatial, f] → out at (n, t·groupFeatures + f, ...spatial) in the output layout
  const out = allocate(dtype, sizeOf(outShape));
  const outStrides = stridesOf(outShape);
  const spatial = g.outSpatial.slice(SPATIAL - g.d);
  const spatialStrides = stridesOf(spatial).map((s) => s * features);
  const [batchAxis, featureAxis, ...spatialAxes] = spec.outSpec;
  stridedCopy(
    product,
    0,
    [positions * features, ...spatialStrides, rows * features, 1],
    out,
    0,
    [outStrides[batchAxis], ...spatialAxes.map((a) => outStrides[a]), features * outStrides[featureAxis], outStrides[featureAxis]],
    [g.outN, ...spatial, g.groups, features],
  );
  return out;
}

/** The patch matrices of every group, gathered in JavaScript (see {@link im2col}). */
function patchMatrices(x: Floats, g: Geometry, spec: ConvKernelSpec, sources: readonly Int32Array[], dtype: "float32" | "float64"): Floats {
  const rows = g.outN * sizeOf(g.outSpatial);
  const depth = g.taps * g.inFeatures;
  const patches = patchBuffer(dtype, g.groups * rows * depth);
  for (let t = 0; t < g.groups; t++) {
    im2col(x, patches, t * rows * depth, {
      batchStart: spec.batchGroupCount > 1 ? t * g.outN : 0,
      batch: g.outN,
      channelStart: spec.featureGroupCount > 1 ? t * g.inFeatures : 0,
      channels: g.channels,
      inFeatures: g.inFeatures,
      inSpatial: g.inSpatial,
      window: g.window,
      outSpatial: g.outSpatial,
      sources,
    });
  }
  return patches;
}

/**
 * col2im: per group, the input rows `[N·positions, I]` times the kernel `[I, taps·O/groups]`
 * give each input position's contribution through each kernel position; each is added at
 * the output position it reaches. Returns the channels-last output `[N, ...spatial, O]`.
 */
function viaScatter(x: Floats, w: Floats, g: Geometry, spec: ConvKernelSpec, dtype: "float32" | "float64"): Floats {
  const positions = sizeOf(g.inSpatial);
  const rows = g.outN * positions;
  // input rows per group: batch groups are already contiguous, feature groups are gathered
  const inputs = spec.featureGroupCount > 1 ? (transposeKernel(x, [rows, g.groups, g.inFeatures], [1, 0, 2], dtype) as Floats) : x;
  const cols = g.taps * g.groupFeatures;
  // kernel [taps, I, groups, O/groups] → [groups, I, taps·O/groups]
  const kernels = transposeKernel(w, [g.taps, g.inFeatures, g.groups, g.groupFeatures], [2, 1, 0, 3], dtype) as Floats;
  const productSpec = {
    batch: g.groups,
    m: rows,
    k: g.inFeatures,
    n: cols,
    transA: false,
    transB: false,
    aBatchStride: rows * g.inFeatures,
    bBatchStride: g.inFeatures * cols,
  };
  const targets = g.inSpatial.map((size, j) => targetTable(size, g.window[j], g.outSpatial[j], g.strides[j], g.lhsDilation[j], g.rhsDilation[j], g.low[j]));
  const out = allocate(dtype, g.outN * sizeOf(g.outSpatial) * g.features);
  if (matmulInWasm(productSpec)) {
    // the contributions scattered in WebAssembly where the product lies (on the thread pool when large)
    const job = {
      dtype,
      batch: g.outN,
      inSpatial: g.inSpatial,
      window: g.window,
      outSpatial: g.outSpatial,
      features: g.features,
      groupFeatures: g.groupFeatures,
      targets,
    };
    matmulWasm(inputs, kernels, productSpec, dtype, (rt, c, first, count, free) => scatterWasm(rt, job, c, first, count, free, out));
    return out;
  }
  const contributions = matmul(inputs, kernels, productSpec, dtype);
  const [S1, S2, S3] = g.inSpatial;
  const [K1, K2, K3] = g.window;
  const [O1, O2, O3] = g.outSpatial;
  const [t1, t2, t3] = targets;
  const f = g.groupFeatures;
  for (let t = 0; t < g.groups; t++) {
    let row = t * rows * cols;
    for (let b = 0; b < g.outN; b++) {
      for (let s1 = 0; s1 < S1; s1++) {
        for (let s2 = 0; s2 < S2; s2++) {
          for (let s3 = 0; s3 < S3; s3++, row += cols) {
            for (let k1 = 0; k1 < K1; k1++) {
              const o1 = t1[s1 * K1 + k1];
              if (o1 < 0) continue;
              for (let k2 = 0; k2 < K2; k2++) {
                const o2 = t2[s2 * K2 + k2];
                if (o2 < 0) continue;
                const line = ((b * O1 + o1) * O2 + o2) * O3;
                const tap = row + (k1 * K2 + k2) * K3 * f;
                for (let k3 = 0; k3 < K3; k3++) {
                  const o3 = t3[s3 * K3 + k3];
                  if (o3 < 0) continue;
                  const dst = (line + o3) * g.features + t * f;
                  const src = tap + k3 * f;
                  for (let i = 0; i < f; i++) out[dst + i] += contributions[src + i];
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** `x` with its axes permuted (itself when the permutation is the identity). */
function permuted(x: Floats, shape: Shape, perm: readonly number[], dtype: "float32" | "float64"): Floats {
  return perm.every((p, i) => p === i) ? x : (transposeKernel(x, shape, perm, dtype) as Floats);
}

/**
 * For one spatial axis: the input index each (output position, kernel position) reads,
 * at `out · stride + k · rhsDilation − low` of the dilated, padded input, or −1 where that
 * falls on padding or between the points of a dilated input.
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

/** For one spatial axis: the output index each (input position, kernel position) reaches, or −1 (the inverse of {@link sourceTable}). */
function targetTable(size: number, window: number, outSize: number, stride: number, lhsDilation: number, rhsDilation: number, low: number): Int32Array {
  const table = new Int32Array(size * window);
  for (let s = 0; s < size; s++) {
    for (let k = 0; k < window; k++) {
      const p = s * lhsDilation + low - k * rhsDilation;
      const o = p / stride;
      table[s * window + k] = p >= 0 && p % stride === 0 && o < outSize ? o : -1;
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
  // Along the last axis the taps that land inside the input form a range; when they read
  // neighbouring pixels (no dilation) and every channel, the range is one contiguous run.
  const first = new Int32Array(O3);
  const length = new Int32Array(O3);
  let contiguous = run === channels;
  for (let o3 = 0; o3 < O3; o3++) {
    let k = 0;
    while (k < K3 && t3[o3 * K3 + k] < 0) k++;
    first[o3] = k;
    while (k < K3 && t3[o3 * K3 + k] >= 0) {
      if (k > first[o3] && t3[o3 * K3 + k] !== t3[o3 * K3 + k - 1] + 1) contiguous = false;
      k++;
    }
    length[o3] = (k - first[o3]) * run;
    for (; k < K3; k++) if (t3[o3 * K3 + k] >= 0) contiguous = false;
  }
  // the input index each run starts at
  const offsets = new Int32Array(O3);
  for (let o3 = 0; o3 < O3; o3++) offsets[o3] = length[o3] > 0 ? t3[o3 * K3 + first[o3]] : 0;
  let row = at;
  for (let b = 0; b < batch; b++) {
    const image = (batchStart + b) * S1;
    for (let o1 = 0; o1 < O1; o1++) {
      for (let o2 = 0; o2 < O2; o2++, row += O3 * depth) {
        for (let k1 = 0; k1 < K1; k1++) {
          const s1 = t1[o1 * K1 + k1];
          if (s1 < 0) continue;
          for (let k2 = 0; k2 < K2; k2++) {
            const s2 = t2[o2 * K2 + k2];
            if (s2 < 0) continue;
            const line = ((image + s1) * S2 + s2) * S3;
            const column = row + (k1 * K2 + k2) * K3 * run;
            if (contiguous) {
              // one run per output position along the last axis
              for (let o3 = 0, rowAt = column; o3 < O3; o3++, rowAt += depth) {
                const n = length[o3];
                const src = (line + offsets[o3]) * channels;
                const out = rowAt + first[o3] * run;
                for (let i = 0; i < n; i++) dst[out + i] = x[src + i];
              }
              continue;
            }
            for (let o3 = 0, rowAt = column; o3 < O3; o3++, rowAt += depth) {
              for (let k3 = 0; k3 < K3; k3++) {
                const s3 = t3[o3 * K3 + k3];
                if (s3 < 0) continue;
                const src = (line + s3) * channels + channelStart;
                const out = rowAt + k3 * run;
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
