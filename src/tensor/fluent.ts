/**
 * Fluent methods on {@link Tensor} for the REPL and for short expressions:
 * `x.add(y)`, `x.sum(1)`, `x.reshape([2, 3])`, `x.T`. Each one is the function of the
 * same name applied to the tensor (`x.add(y)` is `add(x, y)`), with the function's own
 * types: every return type is derived from the function's, so the two cannot drift, and
 * a method works wherever the function does, on tracers inside `grad`, `jit` and `vmap`.
 *
 * `tensor.ts` cannot import the ops (they import `Tensor`), so the methods are declared
 * here by declaration merging and installed on `Tensor.prototype` when this module is
 * first imported; `src/index.ts` imports it, so every entry point has them.
 * @module
 */
import { Tensor } from "./tensor";
import type { DType } from "./dtype";
import type { Shape } from "./shape";
import type { Operand } from "../ops/operands";
import type { Axes, ReduceOptions } from "../ops/axes";
import { add, div, mul, neg, pow, sub } from "../ops/arithmetic";
import { abs, exp, log, sigmoid, sqrt, tanh } from "../ops/math";
import { relu } from "../ops/activation";
import { equal, greater, greaterEqual, less, lessEqual, notEqual } from "../ops/compare";
import { argmax, argmin, max, mean, min, sum } from "../ops/reduce";
import { expandDims, ravel, reshape, squeeze, transpose } from "../ops/shape";
import { slice, take } from "../ops/indexing";
import { matmul } from "../ops/linalg";
import { astype } from "../ops/gradient-control";

/** The type the function `F` requires of its second argument (shape checks included). */
type SecondParameter<F extends (...args: never[]) => unknown> = Parameters<F>[1];

/**
 * The methods, each typed from its function: `this` stands for the function's first
 * argument, so `x.add(y)` infers exactly what `add(x, y)` does. (`Tensor` also has the
 * getter `T`, declared with it below.)
 */
export interface FluentMethods {
  /** {@link add}(x, b): elementwise x + b. @example tensor([1, 2]).add(10) // [11, 12] */
  add<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof add<A, B>>): ReturnType<typeof add<A, B>>;
  /** {@link sub}(x, b): elementwise x − b. @example tensor([3, 4]).sub(1) // [2, 3] */
  sub<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof sub<A, B>>): ReturnType<typeof sub<A, B>>;
  /** {@link mul}(x, b): elementwise x · b. @example tensor([1, 2]).mul(3) // [3, 6] */
  mul<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof mul<A, B>>): ReturnType<typeof mul<A, B>>;
  /** {@link div}(x, b): elementwise x / b. @example tensor([1, 2]).div(2) // [0.5, 1] */
  div<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof div<A, B>>): ReturnType<typeof div<A, B>>;
  /** {@link pow}(x, b): elementwise x ** b. @example tensor([2, 3]).pow(2) // [4, 9] */
  pow<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof pow<A, B>>): ReturnType<typeof pow<A, B>>;
  /** {@link neg}(x): elementwise −x. @example tensor([1, -2]).neg() // [-1, 2] */
  neg<A extends Tensor>(this: A): ReturnType<typeof neg<A>>;
  /** {@link exp}(x): elementwise eˣ. @example tensor([0, 1]).exp() // [1, 2.71828] */
  exp<A extends Tensor>(this: A): ReturnType<typeof exp<A>>;
  /** {@link log}(x): elementwise natural logarithm. @example tensor([1]).log() // [0] */
  log<A extends Tensor>(this: A): ReturnType<typeof log<A>>;
  /** {@link sqrt}(x): elementwise square root. @example tensor([4, 9]).sqrt() // [2, 3] */
  sqrt<A extends Tensor>(this: A): ReturnType<typeof sqrt<A>>;
  /** {@link abs}(x): elementwise |x|. @example tensor([-1, 2]).abs() // [1, 2] */
  abs<A extends Tensor>(this: A): ReturnType<typeof abs<A>>;
  /** {@link tanh}(x): elementwise hyperbolic tangent. @example tensor([0]).tanh() // [0] */
  tanh<A extends Tensor>(this: A): ReturnType<typeof tanh<A>>;
  /** {@link sigmoid}(x): elementwise 1 / (1 + e⁻ˣ). @example tensor([0]).sigmoid() // [0.5] */
  sigmoid<A extends Tensor>(this: A): ReturnType<typeof sigmoid<A>>;
  /** {@link relu}(x): elementwise max(x, 0). @example tensor([-1, 2]).relu() // [0, 2] */
  relu<S extends Shape>(this: Tensor<S>): ReturnType<typeof relu<S>>;

  /** {@link sum}(x, axes, options): sum over `axes` (all by default). @example tensor([[1, 2], [3, 4]]).sum(1) // [3, 7] */
  sum<T extends Tensor, const A extends Axes = undefined, K extends boolean = false>(
    this: T,
    axes?: A,
    options?: ReduceOptions<K>,
  ): ReturnType<typeof sum<T, A, K>>;
  /** {@link mean}(x, axes, options): mean over `axes` (all by default). @example tensor([1, 2, 3, 6]).mean() // 3 */
  mean<T extends Tensor, const A extends Axes = undefined, K extends boolean = false>(
    this: T,
    axes?: A,
    options?: ReduceOptions<K>,
  ): ReturnType<typeof mean<T, A, K>>;
  /** {@link max}(x, axes, options): maximum over `axes` (all by default). @example tensor([1, 5, 2]).max() // 5 */
  max<T extends Tensor, const A extends Axes = undefined, K extends boolean = false>(
    this: T,
    axes?: A,
    options?: ReduceOptions<K>,
  ): ReturnType<typeof max<T, A, K>>;
  /** {@link min}(x, axes, options): minimum over `axes` (all by default). @example tensor([1, 5, 2]).min() // 1 */
  min<T extends Tensor, const A extends Axes = undefined, K extends boolean = false>(
    this: T,
    axes?: A,
    options?: ReduceOptions<K>,
  ): ReturnType<typeof min<T, A, K>>;
  /** {@link argmax}(x, axis, options): index (int32) of the largest element along `axis`. @example tensor([[1, 5], [7, 2]]).argmax(1) // [1, 0] */
  argmax<T extends Tensor, const A extends number | undefined = undefined, K extends boolean = false>(
    this: T,
    axis?: A,
    options?: ReduceOptions<K>,
  ): ReturnType<typeof argmax<T, A, K>>;
  /** {@link argmin}(x, axis, options): index (int32) of the smallest element along `axis`. @example tensor([1, 5, 0]).argmin() // 2 */
  argmin<T extends Tensor, const A extends number | undefined = undefined, K extends boolean = false>(
    this: T,
    axis?: A,
    options?: ReduceOptions<K>,
  ): ReturnType<typeof argmin<T, A, K>>;

  /** {@link reshape}(x, shape): the same values in a new shape (one −1 is inferred). @example arange(6).reshape([2, 3]) // [[0, 1, 2], [3, 4, 5]] */
  reshape<S extends Shape, const T extends Shape>(this: Tensor<S>, shape: T & SecondParameter<typeof reshape<S, T>>): ReturnType<typeof reshape<S, T>>;
  /** {@link transpose}(x, perm): permutes the axes (reverses them by default). @example zeros([2, 3, 4]).transpose([0, 2, 1]).shape // [2, 4, 3] */
  transpose<S extends Shape, const P extends readonly number[] | undefined = undefined>(this: Tensor<S>, perm?: P): ReturnType<typeof transpose<S, P>>;
  /** {@link squeeze}(x, axis): removes axes of size 1 (all, or the one named). @example zeros([1, 3, 1]).squeeze().shape // [3] */
  squeeze<S extends Shape, const A extends number | undefined = undefined>(this: Tensor<S>, axis?: A): ReturnType<typeof squeeze<S, A>>;
  /** {@link expandDims}(x, axis): inserts an axis of size 1 at `axis`. @example tensor([1, 2]).expandDims(0).shape // [1, 2] */
  expandDims<S extends Shape, const A extends number>(this: Tensor<S>, axis: A): ReturnType<typeof expandDims<S, A>>;
  /** {@link expandDims}(x, axes): inserts axes of size 1 at each of `axes`. @example tensor([1, 2]).expandDims([0, -1]).shape // [1, 2, 1] */
  expandDims<S extends Shape>(this: Tensor<S>, axes: readonly number[]): ReturnType<typeof expandDims<S>>;
  /** {@link ravel}(x): the entries as a vector, row-major. @example tensor([[1, 2], [3, 4]]).flatten() // [1, 2, 3, 4] */
  flatten<S extends Shape>(this: Tensor<S>): ReturnType<typeof ravel<S>>;
  /** {@link slice}(x, start, end, step): a strided window, Python slice semantics. @example arange(10).slice([2], [8], [3]) // [2, 5] */
  slice<S extends Shape>(
    this: Tensor<S>,
    start: readonly (number | null)[],
    end?: readonly (number | null)[],
    step?: readonly number[],
  ): ReturnType<typeof slice<S>>;
  /** {@link take}(x, indices, axis): gathers entries along `axis` (of the flattened x by default). @example tensor([[1, 2], [3, 4]]).take([1, 0], 0) // [[3, 4], [1, 2]] */
  take<S extends Shape, I extends Shape, const A extends number | undefined = undefined>(
    this: Tensor<S>,
    indices: Tensor<I> | readonly number[],
    axis?: A,
  ): ReturnType<typeof take<S, I, A>>;
  /** {@link matmul}(x, b): matrix product with NumPy's rules. @example ones([2, 3]).matmul(ones([3, 4])).shape // [2, 4] */
  matmul<S extends Shape, B extends Shape>(this: Tensor<S>, b: Tensor<B> & SecondParameter<typeof matmul<S, B>>): ReturnType<typeof matmul<S, B>>;
  /** {@link astype}(x, dtype): the values converted to `dtype`. @example tensor([1.7, -1.7]).astype("int32") // [1, -1] */
  astype<S extends Shape>(this: Tensor<S>, dtype: DType): ReturnType<typeof astype<S>>;

  /** {@link equal}(x, b): elementwise x == b (bool). @example tensor([1, 2]).equal(2) // [false, true] */
  equal<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof equal<A, B>>): ReturnType<typeof equal<A, B>>;
  /** {@link notEqual}(x, b): elementwise x != b (bool). @example tensor([1, 2]).notEqual(2) // [true, false] */
  notEqual<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof notEqual<A, B>>): ReturnType<typeof notEqual<A, B>>;
  /** {@link greater}(x, b): elementwise x > b (bool). @example tensor([1, 3]).greater(2) // [false, true] */
  greater<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof greater<A, B>>): ReturnType<typeof greater<A, B>>;
  /** {@link greaterEqual}(x, b): elementwise x ≥ b (bool). @example tensor([1, 2]).greaterEqual(2) // [false, true] */
  greaterEqual<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof greaterEqual<A, B>>): ReturnType<typeof greaterEqual<A, B>>;
  /** {@link less}(x, b): elementwise x < b (bool). @example tensor([1, 3]).less(2) // [true, false] */
  less<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof less<A, B>>): ReturnType<typeof less<A, B>>;
  /** {@link lessEqual}(x, b): elementwise x ≤ b (bool). @example tensor([2, 3]).lessEqual(2) // [true, false] */
  lessEqual<A extends Tensor, B extends Operand>(this: A, b: B & SecondParameter<typeof lessEqual<A, B>>): ReturnType<typeof lessEqual<A, B>>;
}

/**
 * The shape of `x.T`: the axes reversed, as `Transpose<S>` (the type tests check that
 * they agree). It is written as one conditional type on `S` so that the type checker
 * can still see that `Tensor<S>` is covariant in `S` (a `Tensor<[2, 3]>` is a `Tensor`);
 * a property typed with `Transpose<S>` would make `Tensor` invariant.
 * @example ReversedAxes<[2, 3, 4]> // [4, 3, 2]
 */
export type ReversedAxes<S extends Shape, Acc extends number[] = []> = S extends readonly [infer H extends number, ...infer R extends Shape]
  ? ReversedAxes<R, [H, ...Acc]>
  : S extends readonly []
    ? Acc
    : number[];

declare module "./tensor" {
  // The class Tensor and this interface merge: every tensor has the fluent methods.
  interface Tensor<S extends Shape = Shape> extends FluentMethods {
    /**
     * The axes reversed, as NumPy's `.T`: {@link transpose}(x).
     * @example
     * ```ts
     * import { tensor } from "purediff";
     * tensor([[1, 2, 3]]).T.toArray(); // => [[1], [2], [3]]
     * ```
     */
    readonly T: Tensor<ReversedAxes<S>>;
  }
}

/** An implementation: the function applied to `this`, loosely typed (the interface above carries the types). */
type Implementation = (this: Tensor, ...args: never[]) => Tensor;

const methods: { readonly [K in keyof FluentMethods]: Implementation } = {
  add(b: Operand) {
    return add(this, b);
  },
  sub(b: Operand) {
    return sub(this, b);
  },
  mul(b: Operand) {
    return mul(this, b);
  },
  div(b: Operand) {
    return div(this, b);
  },
  pow(b: Operand) {
    return pow(this, b);
  },
  neg() {
    return neg(this);
  },
  exp() {
    return exp(this);
  },
  log() {
    return log(this);
  },
  sqrt() {
    return sqrt(this);
  },
  abs() {
    return abs(this);
  },
  tanh() {
    return tanh(this);
  },
  sigmoid() {
    return sigmoid(this);
  },
  relu() {
    return relu(this);
  },
  sum(axes?: Axes, options?: ReduceOptions) {
    return sum(this, axes, options);
  },
  mean(axes?: Axes, options?: ReduceOptions) {
    return mean(this, axes, options);
  },
  max(axes?: Axes, options?: ReduceOptions) {
    return max(this, axes, options);
  },
  min(axes?: Axes, options?: ReduceOptions) {
    return min(this, axes, options);
  },
  argmax(axis?: number, options?: ReduceOptions) {
    return argmax(this, axis, options);
  },
  argmin(axis?: number, options?: ReduceOptions) {
    return argmin(this, axis, options);
  },
  reshape(shape: Shape) {
    return reshape(this, [...shape]);
  },
  transpose(perm?: readonly number[]) {
    return transpose(this, perm);
  },
  squeeze(axis?: number) {
    return squeeze(this, axis);
  },
  expandDims(axis: number | readonly number[]) {
    return typeof axis === "number" ? expandDims(this, axis) : expandDims(this, axis);
  },
  flatten() {
    return ravel(this);
  },
  slice(start: readonly (number | null)[], end?: readonly (number | null)[], step?: readonly number[]) {
    return slice(this, start, end, step);
  },
  take(indices: Tensor | readonly number[], axis?: number) {
    return take(this, indices, axis);
  },
  matmul(b: Tensor) {
    return matmul(this, b);
  },
  astype(dtype: DType) {
    return astype(this, dtype);
  },
  equal(b: Operand) {
    return equal(this, b);
  },
  notEqual(b: Operand) {
    return notEqual(this, b);
  },
  greater(b: Operand) {
    return greater(this, b);
  },
  greaterEqual(b: Operand) {
    return greaterEqual(this, b);
  },
  less(b: Operand) {
    return less(this, b);
  },
  lessEqual(b: Operand) {
    return lessEqual(this, b);
  },
};

// Installed like class members: on the prototype, not enumerable, so tracers (subclasses) have them too.
for (const [name, value] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true, enumerable: false });
}
Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor) {
    return transpose(this);
  },
  configurable: true,
  enumerable: false,
});
