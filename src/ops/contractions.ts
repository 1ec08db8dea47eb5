import type { Tensor } from "../tensor/tensor";
import { eye, zerosLike } from "../tensor/create";
import { isFloat } from "../tensor/dtype";
import { normalizeAxis, showShape, type Shape } from "../tensor/shape";
import { bind } from "../core/bind";
import { contract, diagonalOf } from "./einsum";
import { convertTo } from "./operands";
import { mul, sub } from "./arithmetic";
import { stack } from "./join";
import { inv } from "./linalg-solve";
import { matmulImpl } from "./linalg";

const axesOf = (rank: number, offset = 0): number[] => Array.from({ length: rank }, (_, i) => i + offset);

/**
 * Sums products over `axes` of `a` and of `b` (NumPy's `tensordot`): a number N pairs the
 * last N axes of `a` with the first N of `b` (default 2); a pair of lists (or of numbers)
 * names the axes. The result has `a`'s other axes, then `b`'s.
 * @example
 * ```ts
 * import { ones, tensordot } from "purediff";
 * tensordot(ones([2, 3, 4]), ones([3, 4, 5])).shape; // => [2, 5]
 * ```
 * @example
 * ```ts
 * import { arange, reshape, tensordot } from "purediff";
 * const a = reshape(arange(6), [3, 2]);
 * const b = reshape(arange(6), [2, 3]);
 * // Σᵢ a[i, j] b[k, i]
 * tensordot(a, b, [[0], [1]]).toArray(); // => [[10, 28], [13, 40]]
 * ```
 */
export function tensordot(a: Tensor, b: Tensor, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): Tensor<number[]> {
  const [ra, rb] = [a.shape.length, b.shape.length];
  let pairA: number[];
  let pairB: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > ra || axes > rb) {
      throw new Error(`tensordot: axes ${axes} must be an integer in [0, ${Math.min(ra, rb)}] for shapes ${showShape(a.shape)} and ${showShape(b.shape)}`);
    }
    pairA = axesOf(axes, ra - axes);
    pairB = axesOf(axes);
  } else {
    const list = (x: number | readonly number[]): readonly number[] => (typeof x === "number" ? [x] : x);
    pairA = list(axes[0]).map((x) => normalizeAxis("tensordot", x, ra));
    pairB = list(axes[1]).map((x) => normalizeAxis("tensordot", x, rb));
    if (pairA.length !== pairB.length)
      throw new Error(`tensordot: ${pairA.length} axes of a ([${pairA.join(",")}]) but ${pairB.length} of b ([${pairB.join(",")}])`);
  }
  pairA.forEach((x, i) => {
    if (a.shape[x] !== b.shape[pairB[i]]) {
      throw new Error(
        `tensordot: axis ${x} of a (shape ${showShape(a.shape)}) has length ${a.shape[x]}, axis ${pairB[i]} of b (shape ${showShape(b.shape)}) has ${b.shape[pairB[i]]}`,
      );
    }
  });
  const labelsA = axesOf(ra);
  const labelsB = axesOf(rb, ra).map((l, i) => (pairB.includes(i) ? pairA[pairB.indexOf(i)] : l));
  const output = [...labelsA.filter((l) => !pairA.includes(l)), ...labelsB.filter((_, i) => !pairB.includes(i))];
  return contract(
    "tensordot",
    [
      { value: a, labels: labelsA },
      { value: b, labels: labelsB },
    ],
    output,
  ) as Tensor<number[]>;
}

/**
 * Inner product over the last axes (NumPy's `inner`): for vectors Σ aᵢbᵢ; in general the
 * result has `a`'s other axes, then `b`'s. A scalar operand multiplies.
 * @example
 * ```ts
 * import { inner, tensor } from "purediff";
 * inner(tensor([1, 2, 3]), tensor([4, 5, 6])).toArray(); // => 32
 * ```
 */
export function inner(a: Tensor, b: Tensor): Tensor<number[]> {
  if (a.shape.length === 0 || b.shape.length === 0) return mul(a, b) as Tensor<number[]>;
  if (a.shape[a.shape.length - 1] !== b.shape[b.shape.length - 1]) {
    throw new Error(`inner: the last axes differ: a has shape ${showShape(a.shape)}, b has shape ${showShape(b.shape)}`);
  }
  return tensordot(a, b, [[-1], [-1]]);
}

/**
 * The dot product of the flattened operands (NumPy's `vdot`, on real numbers).
 * @example
 * ```ts
 * import { tensor, vdot } from "purediff";
 * vdot(tensor([[1, 2], [3, 4]]), tensor([[1, 0], [0, 1]])).toArray(); // => 5
 * ```
 */
export function vdot(a: Tensor, b: Tensor): Tensor<[]> {
  if (a.size !== b.size)
    throw new Error(`vdot: a (shape ${showShape(a.shape)}) and b (shape ${showShape(b.shape)}) must have as many elements (${a.size} vs ${b.size})`);
  const flat = (x: Tensor): Tensor => bind("reshape", [x], { shape: [x.size] });
  return contract(
    "vdot",
    [
      { value: flat(a), labels: [0] },
      { value: flat(b), labels: [0] },
    ],
    [],
  ) as Tensor<[]>;
}

/**
 * The Kronecker product: blocks `a[i, j] · b` (NumPy's `kron`; the shorter shape is padded
 * with leading ones).
 * @example
 * ```ts
 * import { kron, tensor } from "purediff";
 * kron(tensor([1, 2]), tensor([1, 10])).toArray(); // => [1, 10, 2, 20]
 * ```
 */
export function kron(a: Tensor, b: Tensor): Tensor<number[]> {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (s: Shape): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [sa, sb] = [pad(a.shape), pad(b.shape)];
  const spreadA = bind("reshape", [a], { shape: sa.flatMap((d) => [d, 1]) });
  const spreadB = bind("reshape", [b], { shape: sb.flatMap((d) => [1, d]) });
  return bind("reshape", [mul(spreadA, spreadB)], { shape: sa.map((d, i) => d * sb[i]) }) as Tensor<number[]>;
}

/** Options of {@link cross}: the axes holding the vectors (NumPy's `axisa`, `axisb`, `axisc`, `axis`). */
export interface CrossOptions {
  /** The axis of `a` holding its vectors (default −1). */
  readonly axisa?: number;
  /** The axis of `b` holding its vectors (default −1). */
  readonly axisb?: number;
  /** The axis of the result holding its vectors (default −1). */
  readonly axisc?: number;
  /** Sets all three at once. */
  readonly axis?: number;
}

/**
 * The cross product of 3-vectors (or 2-vectors, taken with z = 0) along an axis, the other
 * axes broadcasting (NumPy's `cross`). Two 2-vectors give the z component alone, a scalar
 * per pair.
 * @example
 * ```ts
 * import { cross, tensor } from "purediff";
 * cross(tensor([1, 0, 0]), tensor([0, 1, 0])).toArray(); // => [0, 0, 1]
 * ```
 * @example
 * ```ts
 * import { cross, tensor } from "purediff";
 * cross(tensor([1, 2]), tensor([3, 4])).toArray(); // => -2
 * ```
 */
export function cross(a: Tensor, b: Tensor, options: CrossOptions = {}): Tensor<number[]> {
  const vectors = (x: Tensor, axis: number, name: string): Tensor => {
    if (x.shape.length === 0) throw new Error(`cross: ${name} must have an axis of vectors, got a scalar`);
    const ax = normalizeAxis("cross", axis, x.shape.length);
    const d = x.shape[ax];
    if (d !== 2 && d !== 3)
      throw new Error(`cross: the vectors of ${name} (axis ${axis} of shape ${showShape(x.shape)}) must have 2 or 3 components, got ${d}`);
    const perm = [...axesOf(x.shape.length).filter((i) => i !== ax), ax];
    return perm.every((p, i) => p === i) ? x : bind("transpose", [x], { perm });
  };
  const va = vectors(a, options.axis ?? options.axisa ?? -1, "a");
  const vb = vectors(b, options.axis ?? options.axisb ?? -1, "b");
  const component = (x: Tensor, i: number): Tensor => {
    const rest = x.shape.slice(0, -1);
    const picked = bind("slice", [x], { start: [...rest.map(() => 0), i], end: [...rest, i + 1], step: x.shape.map(() => 1) });
    return bind("reshape", [picked], { shape: rest });
  };
  const [a0, a1, b0, b1] = [component(va, 0), component(va, 1), component(vb, 0), component(vb, 1)];
  const z = sub(mul(a0, b1), mul(a1, b0));
  const twoD = va.shape[va.shape.length - 1] === 2 && vb.shape[vb.shape.length - 1] === 2;
  if (twoD) return z as Tensor<number[]>;
  const third = (x: Tensor): Tensor => (x.shape[x.shape.length - 1] === 3 ? component(x, 2) : zerosLike(component(x, 0)));
  const [a2, b2] = [third(va), third(vb)];
  const x = sub(mul(a1, b2), mul(a2, b1));
  const y = sub(mul(a2, b0), mul(a0, b2));
  return stack([x, y, z], options.axis ?? options.axisc ?? -1) as Tensor<number[]>;
}

/**
 * The product of a chain of matrices in the cheapest order (dynamic programming over the
 * parenthesisations, as NumPy's `multi_dot`). The first operand may be a vector (a row)
 * and the last a vector (a column); those axes are dropped from the result.
 * @example
 * ```ts
 * import { multiDot, ones } from "purediff";
 * // matmul(matmul(a, b), c) or matmul(a, matmul(b, c)), whichever is cheaper
 * multiDot([ones([10, 100]), ones([100, 5]), ones([5, 50])]).shape; // => [10, 50]
 * ```
 */
export function multiDot(arrays: readonly Tensor[]): Tensor<number[]> {
  const k = arrays.length;
  if (k < 2) throw new Error(`multiDot: needs at least two arrays, got ${k}`);
  const matrices = arrays.map((x, i) => {
    const vectorEnd = (i === 0 || i === k - 1) && x.shape.length === 1;
    if (!vectorEnd && x.shape.length !== 2) {
      throw new Error(`multiDot: array ${i} must be a matrix${i === 0 || i === k - 1 ? " or a vector" : ""}, got shape ${showShape(x.shape)}`);
    }
    if (!vectorEnd) return x;
    return bind("reshape", [x], { shape: i === 0 ? [1, x.shape[0]] : [x.shape[0], 1] });
  });
  matrices.slice(1).forEach((x, i) => {
    if (matrices[i].shape[1] !== x.shape[0]) {
      throw new Error(`multiDot: arrays ${i} (shape ${showShape(arrays[i].shape)}) and ${i + 1} (shape ${showShape(arrays[i + 1].shape)}) do not multiply`);
    }
  });
  const dims = [matrices[0].shape[0], ...matrices.map((x) => x.shape[1])];
  // cost[i][j]: fewest multiplications for matrices i..j; split[i][j]: where to cut.
  const cost = matrices.map(() => new Array<number>(k).fill(0));
  const split = matrices.map(() => new Array<number>(k).fill(0));
  for (let length = 1; length < k; length++) {
    for (let i = 0; i + length < k; i++) {
      const j = i + length;
      cost[i][j] = Infinity;
      for (let s = i; s < j; s++) {
        const c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
        if (c < cost[i][j]) [cost[i][j], split[i][j]] = [c, s];
      }
    }
  }
  const build = (i: number, j: number): Tensor => (i === j ? matrices[i] : matmulImpl(build(i, split[i][j]), build(split[i][j] + 1, j), false, false));
  const out = build(0, k - 1);
  const shape = [...(arrays[0].shape.length === 1 ? [] : [out.shape[0]]), ...(arrays[k - 1].shape.length === 1 ? [] : [out.shape[1]])];
  return bind("reshape", [out], { shape }) as Tensor<number[]>;
}

/** The batched matrix product of the last two axes, for any dtype (einsum's contraction). */
const matrixProduct = (x: Tensor, y: Tensor): Tensor => {
  const batch = axesOf(x.shape.length - 2, 3);
  return contract(
    "matrixPower",
    [
      { value: x, labels: [...batch, 0, 1] },
      { value: y, labels: [...batch, 1, 2] },
    ],
    [...batch, 0, 2],
  );
};

/**
 * The square matrix (or each of a batch) to the integer power `n` by repeated squaring;
 * n = 0 gives the identity, negative powers invert first (with `inv`).
 * @example
 * ```ts
 * import { matrixPower, tensor } from "purediff";
 * matrixPower(tensor([[1, 1], [0, 1]]), 3).toArray(); // => [[1, 3], [0, 1]]
 * ```
 */
export function matrixPower<S extends Shape>(a: Tensor<S>, n: number): Tensor<S> {
  const rank = a.shape.length;
  if (rank < 2 || a.shape[rank - 1] !== a.shape[rank - 2])
    throw new Error(`matrixPower: a must be a square matrix or a batch of them, got shape ${showShape(a.shape)}`);
  if (!Number.isInteger(n)) throw new Error(`matrixPower: the power n must be an integer, got ${n}`);
  if (n < 0 && !isFloat(a.dtype)) throw new Error(`matrixPower: a negative power inverts, so a must be float32 or float64, got ${a.dtype}`);
  const m = a.shape[rank - 1];
  if (n === 0) return bind("broadcastTo", [eye(m, m, a.dtype === "bool" ? "int32" : a.dtype)], { shape: [...a.shape] }) as Tensor<S>;
  let base: Tensor = n < 0 ? inv(a) : a;
  let result: Tensor | undefined;
  for (let p = Math.abs(n); ; p = Math.floor(p / 2)) {
    if (p % 2 === 1) result = result === undefined ? base : matrixProduct(result, base);
    if (p <= 1) return result as Tensor<S>;
    base = matrixProduct(base, base);
  }
}

/**
 * The sum of a diagonal (NumPy's `trace`): `offset` above the main one (below when
 * negative), over `axis1` and `axis2` (default 0 and 1); those axes are removed.
 * @example
 * ```ts
 * import { tensor, trace } from "purediff";
 * trace(tensor([[1, 2], [3, 4]])).toArray(); // => 5
 * ```
 * @example
 * ```ts
 * import { tensor, trace } from "purediff";
 * trace(tensor([[1, 2], [3, 4]]), 1).toArray(); // => 2
 * ```
 */
export function trace(x: Tensor, offset = 0, axis1 = 0, axis2 = 1): Tensor<number[]> {
  if (x.shape.length < 2) throw new Error(`trace: x must have at least two axes, got shape ${showShape(x.shape)}`);
  if (!Number.isInteger(offset)) throw new Error(`trace: offset must be an integer, got ${offset}`);
  const a1 = normalizeAxis("trace", axis1, x.shape.length);
  const a2 = normalizeAxis("trace", axis2, x.shape.length);
  if (a1 === a2) throw new Error(`trace: axis1 and axis2 name the same axis ${a1} of shape ${showShape(x.shape)}`);
  const diagonal = diagonalOf(x.dtype === "bool" ? convertTo(x, "int32") : x, a1, a2, offset);
  return bind("reduceSum", [diagonal], { axes: [diagonal.shape.length - 1] }) as Tensor<number[]>;
}
