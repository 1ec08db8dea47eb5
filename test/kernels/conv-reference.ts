/**
 * The convolution by its definition (XLA's semantics), in direct loops over every output
 * element and every term of its sum: the reference the fast kernel, the primitive and the
 * public ops are checked against.
 */

/** A convolution's options, layouts as axis permutations (`[batch, feature, ...spatial]`, `[O, I, ...spatial]`). */
export interface ReferenceConv {
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

const stridesOf = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
};

/** Every index of a shape, in row-major order. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < total; flat++) {
    const idx = new Array<number>(shape.length);
    let rest = flat;
    for (let j = shape.length - 1; j >= 0; j--) {
      idx[j] = rest % shape[j];
      rest = Math.floor(rest / shape[j]);
    }
    yield idx;
  }
}

/** The output shape and values (row-major in the output's layout) of a convolution, by definition. */
export function convReference(
  lhs: ArrayLike<number>,
  lhsShape: readonly number[],
  rhs: ArrayLike<number>,
  rhsShape: readonly number[],
  c: ReferenceConv,
): { shape: number[]; values: number[] } {
  const d = lhsShape.length - 2;
  const L = stridesOf(lhsShape);
  const R = stridesOf(rhsShape);
  const n = lhsShape[c.lhsSpec[0]];
  const [outFeatures, inFeatures] = [rhsShape[c.rhsSpec[0]], rhsShape[c.rhsSpec[1]]];
  const size = c.lhsSpec.slice(2).map((a) => lhsShape[a]);
  const window = c.rhsSpec.slice(2).map((a) => rhsShape[a]);
  const outSpatial = size.map((s, j) => {
    const padded = (s - 1) * c.lhsDilation[j] + 1 + c.padding[j][0] + c.padding[j][1];
    return Math.floor((padded - ((window[j] - 1) * c.rhsDilation[j] + 1)) / c.windowStrides[j]) + 1;
  });
  const batch = n / c.batchGroupCount;
  const canonical = [batch, outFeatures, ...outSpatial];
  const shape = new Array<number>(d + 2);
  c.outSpec.forEach((axis, k) => (shape[axis] = canonical[k]));
  const O = stridesOf(shape);
  const values = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  for (const [b, o, ...pos] of indices(canonical)) {
    const featureGroup = Math.floor(o / (outFeatures / c.featureGroupCount));
    const batchGroup = Math.floor(o / (outFeatures / c.batchGroupCount));
    let sum = 0;
    for (let i = 0; i < inFeatures; i++) {
      const channel = featureGroup * inFeatures + i;
      const image = batchGroup * batch + b;
      for (const k of indices(window)) {
        let lhsAt = image * L[c.lhsSpec[0]] + channel * L[c.lhsSpec[1]];
        let inside = true;
        for (let j = 0; j < d; j++) {
          const p = pos[j] * c.windowStrides[j] + k[j] * c.rhsDilation[j] - c.padding[j][0];
          if (p < 0 || p % c.lhsDilation[j] !== 0 || p / c.lhsDilation[j] >= size[j]) inside = false;
          lhsAt += (p / c.lhsDilation[j]) * L[c.lhsSpec[2 + j]];
        }
        if (!inside) continue;
        let rhsAt = o * R[c.rhsSpec[0]] + i * R[c.rhsSpec[1]];
        for (let j = 0; j < d; j++) rhsAt += k[j] * R[c.rhsSpec[2 + j]];
        sum += lhs[lhsAt] * rhs[rhsAt];
      }
    }
    let outAt = b * O[c.outSpec[0]] + o * O[c.outSpec[1]];
    for (let j = 0; j < d; j++) outAt += pos[j] * O[c.outSpec[2 + j]];
    values[outAt] = sum;
  }
  return { shape, values };
}

/** One convolution test case: operand shapes and the options not at their defaults. */
export interface ConvCase {
  readonly name: string;
  readonly lhs: readonly number[];
  readonly rhs: readonly number[];
  readonly spec: Partial<ReferenceConv>;
}

const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * A convolution's options for operands of `rank`, the ones not given at their defaults:
 * identity layouts, unit strides and dilations, no padding, one group.
 * @example withDefaults(4, { windowStrides: [2, 2] })
 */
export function withDefaults(rank: number, given: Partial<ReferenceConv>): ReferenceConv {
  const ones = new Array<number>(rank - 2).fill(1);
  return {
    lhsSpec: iota(rank),
    rhsSpec: iota(rank),
    outSpec: iota(rank),
    windowStrides: ones,
    padding: ones.map(() => [0, 0] as const),
    lhsDilation: ones,
    rhsDilation: ones,
    featureGroupCount: 1,
    batchGroupCount: 1,
    ...given,
  };
}
