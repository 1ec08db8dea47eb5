/**
 * The indices of the nonzero elements, as `jax.numpy`: `nonzero` (one index array per
 * axis), `argwhere` (one row per element) and `where` with one argument (in
 * `compare.ts`). How many there are depends on the values, so without a `size` they need
 * concrete values (they work under `grad`, whose tensors carry values, but not under
 * `jit` or `vmap`); with a `size` the result has that many indices (the first ones,
 * padded with `fillValue`) and works under every transform, as in JAX.
 * @module
 */
import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor, dataOf } from "../tensor/concrete";
import { arange, full, tensor } from "../tensor/create";
import type { TypedArray } from "../tensor/dtype";
import { showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import { Tracer } from "../core/trace";
import { asTensor, convertTo, type Operand } from "./operands";
import { stack } from "./join";
import { truth } from "./logic";

/** Options of {@link nonzero} and {@link argwhere}. */
export interface NonzeroOptions {
  /** Return exactly this many indices: the first ones, padded with `fillValue` (needed under `jit` and `vmap`). */
  readonly size?: number;
  /** The padding index, one for all axes or one per axis (default 0). */
  readonly fillValue?: number | readonly number[];
}

/** The values behind `x` when they are known (a concrete tensor, or an autodiff tracer of one). */
function knownValues(x: Tensor): TypedArray | undefined {
  let t: Tensor | undefined = x;
  while (t instanceof Tracer) t = t.primalValue();
  return t instanceof ConcreteTensor ? dataOf(t) : undefined;
}

/** Row-major strides of `shape`. */
function stridesOf(shape: readonly number[]): number[] {
  const out = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/** The indices of the nonzero elements of concrete values, one array per axis. */
function concreteIndices(values: TypedArray, shape: readonly number[]): Tensor<[number]>[] {
  const strides = stridesOf(shape);
  const columns: number[][] = shape.map(() => []);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) continue;
    strides.forEach((s, d) => columns[d].push(Math.floor(i / s) % shape[d]));
  }
  return columns.map((c) => tensor(Int32Array.from(c), "int32", [c.length]) as Tensor<[number]>);
}

/**
 * Inclusive prefix sums of an int32 vector by doubling (Hillis–Steele): log₂ n shifted
 * additions, written with primitives so it runs under every transform.
 */
function prefixCounts(counts: Tensor, n: number): Tensor {
  let c = counts;
  for (let shift = 1; shift < n; shift *= 2) {
    const head = full([shift], 0, "int32");
    const body = bind("slice", [c], { start: [0], end: [n - shift], step: [1] });
    c = bind("add", [c, bind("concat", [head, body], { axis: 0 })], {});
  }
  return c;
}

/**
 * The first `size` nonzero indices per axis, padded with `fill`, with primitives only: the
 * k-th nonzero element's flat index is the number of positions whose prefix count is ≤ k.
 * Compares size × n pairs.
 */
function paddedIndices(x: Tensor, size: number, fill: readonly number[]): Tensor<[number]>[] {
  const n = x.size;
  if (n === 0) return fill.map((f) => full([size], f, "int32") as Tensor<[number]>);
  const mask = convertTo(truth(bind("reshape", [x], { shape: [n] })), "int32");
  const counts = bind("reshape", [prefixCounts(mask, n)], { shape: [1, n] });
  const slots = bind("reshape", [arange(size, undefined, undefined, "int32")], { shape: [size, 1] });
  const before = convertTo(bind("compare", [counts, slots], { op: "le" }), "int32");
  const flat = bind("reduceSum", [before], { axes: [1] });
  const found = bind("compare", [flat, full([], n, "int32")], { op: "lt" });
  const position = convertTo(flat, "float64");
  const strides = stridesOf(x.shape);
  return x.shape.map((dim, d) => {
    const quotient = bind("floor", [bind("div", [position, full([], strides[d], "float64")], {})], {});
    const index = convertTo(bind("rem", [quotient, full([], dim, "float64")], {}), "int32");
    return bind("select", [found, index, full([], fill[d], "int32")], {}) as Tensor<[number]>;
  });
}

/** The padding per axis, checked. */
function fillPerAxis(op: string, fillValue: number | readonly number[] | undefined, rank: number): number[] {
  const fill = typeof fillValue === "number" || fillValue === undefined ? new Array<number>(rank).fill(fillValue ?? 0) : [...fillValue];
  if (fill.length !== rank) throw new Error(`${op}: fillValue has ${fill.length} entries, x has ${rank} axes`);
  const bad = fill.find((f) => !Number.isInteger(f));
  if (bad !== undefined) throw new Error(`${op}: fillValue must be integers, got ${bad}`);
  return fill;
}

/** The nonzero indices per axis of a tensor of rank ≥ 1, concrete or padded to `size`. */
function indicesOf(op: string, t: Tensor, options: NonzeroOptions): Tensor<[number]>[] {
  const { size } = options;
  if (size !== undefined) {
    if (!Number.isInteger(size) || size < 0) throw new Error(`${op}: size must be a non-negative integer, got ${size}`);
    return paddedIndices(t, size, fillPerAxis(op, options.fillValue, t.ndim));
  }
  const values = knownValues(t);
  if (values === undefined) {
    throw new Error(
      `${op}: the number of nonzero elements of x (${t.dtype}${showShape(t.shape)}) depends on its values, which are not known while tracing (jit, vmap): ` +
        `pass { size } (and fillValue) for a fixed number of indices, as in JAX`,
    );
  }
  return concreteIndices(values, t.shape);
}

/**
 * The indices of the nonzero (true) elements, one int32 array per axis, in row-major
 * order: `x` at those indices is every nonzero element.
 * @example
 * ```ts
 * import { nonzero, tensor } from "purediff";
 * nonzero(tensor([[0, 3], [4, 0]])); // => [[0, 1], [1, 0]]
 * ```
 * @example
 * ```ts
 * import { nonzero, tensor } from "purediff";
 * nonzero(tensor([0, 5, 0, 7]), { size: 3, fillValue: -1 }); // => [[1, 3, -1]]
 * ```
 */
export function nonzero(x: Operand, options: NonzeroOptions = {}): Tensor<[number]>[] {
  const t = asTensor(x);
  if (t.ndim === 0) throw new Error(`nonzero: x is a scalar (shape []), which has no axes to index: reshape it to [1] first`);
  return indicesOf("nonzero", t, options);
}

/**
 * The indices of the nonzero (true) elements as rows, int32 of shape [count, rank].
 * @example
 * ```ts
 * import { argwhere, tensor } from "purediff";
 * argwhere(tensor([[0, 3], [4, 0]])).toArray(); // => [[0, 1], [1, 0]]
 * ```
 */
export function argwhere(x: Operand, options: NonzeroOptions = {}): Tensor<[number, number]> {
  const t = asTensor(x);
  if (t.ndim === 0) {
    const [column] = indicesOf("argwhere", bind("reshape", [t], { shape: [1] }), { ...options, fillValue: 0 });
    return full([column.shape[0], 0], 0, "int32") as Tensor<[number, number]>;
  }
  return stack(indicesOf("argwhere", t, options), 1) as Tensor<[number, number]>;
}
