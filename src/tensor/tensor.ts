import { inspectSymbol } from "./inspect";
import type { DType, TypedArray } from "./dtype";
import { sizeOf, type Shape } from "./shape";
import { formatTensor } from "./format";

/** A nested array of numbers (or booleans) as `toArray()` returns it. */
export type NestedArray = number | boolean | readonly NestedArray[];

/**
 * An immutable n-dimensional array whose shape `S` the type checker knows.
 *
 * A `Tensor` is either concrete (it holds its values) or a tracer that a transform
 * (`grad`, `jvp`, `jit`, ...) hands to the function it traces. Users never need to tell
 * the two apart: every op accepts both. Nothing is ever disposed; garbage collection
 * owns memory.
 *
 * @example
 * ```ts
 * import { tensor } from "purediff";
 * // Tensor<[2, 2]>
 * const x = tensor([[1, 2], [3, 4]]); // => [[1, 2], [3, 4]]
 * x.shape; // => [2, 2]
 * x.toArray(); // => [[1, 2], [3, 4]]
 * ```
 */
export abstract class Tensor<S extends Shape = Shape> {
  /** The dimensions, outermost first. */
  readonly shape: S;
  /** The element type. */
  readonly dtype: DType;

  protected constructor(shape: S, dtype: DType) {
    this.shape = shape;
    this.dtype = dtype;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /**
   * The concrete values behind this tensor. Tracers of autodiff transforms answer with
   * their primal value; tracers of `jit` throw, since their values do not exist yet.
   */
  protected abstract concreteData(op: string): TypedArray;

  /** A fresh copy of the values, row-major. Mutating it never affects the tensor. */
  data(): TypedArray {
    return this.concreteData("data").slice();
  }

  /**
   * The single value of a one-element tensor.
   * @example
   * ```ts
   * import { scalar } from "purediff";
   * scalar(3).item(); // => 3
   * ```
   */
  item(): number {
    if (this.size !== 1) {
      throw new Error(`item: the tensor must have exactly one element, got shape [${this.shape.join(",")}]`);
    }
    return Number(this.concreteData("item")[0]);
  }

  /**
   * The values as nested arrays (booleans for `bool` tensors).
   * @example
   * ```ts
   * import { tensor } from "purediff";
   * tensor([[1, 2], [3, 4]]).toArray(); // => [[1, 2], [3, 4]]
   * ```
   */
  toArray(): NestedArray {
    const data = this.concreteData("toArray");
    const isBool = this.dtype === "bool";
    const read = (i: number): number | boolean => (isBool ? data[i] !== 0 : Number(data[i]));
    if (this.shape.length === 0) return read(0);
    const build = (axis: number, offset: number, stride: number): NestedArray[] => {
      const dim = this.shape[axis];
      const inner = stride / dim;
      const out: NestedArray[] = [];
      for (let i = 0; i < dim; i++) {
        out.push(axis === this.shape.length - 1 ? read(offset + i) : build(axis + 1, offset + i * inner, inner));
      }
      return out;
    };
    return build(0, 0, this.size);
  }

  /** A short description used when printing tracers. */
  protected describe(): string | undefined {
    return undefined;
  }

  /** Readable text: shape, dtype and values (elided when large). */
  toString(): string {
    const description = this.describe();
    if (description !== undefined) return description;
    return formatTensor(this.concreteData("toString"), this.shape, this.dtype);
  }

  /** How Node's REPL and `console.log` show a tensor. */
  [inspectSymbol](): string {
    return this.toString();
  }
}
