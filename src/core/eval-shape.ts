import type { Tensor } from "../tensor/tensor";
import type { DType } from "../tensor/dtype";
import { showShape, type Shape } from "../tensor/shape";
import { flatten, unflatten } from "../tree";
import { isTensorLeaf } from "./leaves";
import { stage } from "./staging";

/**
 * The shape and dtype of an array without its values (JAX's `ShapeDtypeStruct`): what
 * {@link evalShape} returns for each output, and what it accepts in place of an argument.
 * @example
 * ```ts
 * import { ShapeDtypeStruct } from "purediff";
 * new ShapeDtypeStruct([784, 256], "float32")
 * ```
 */
export class ShapeDtypeStruct<S extends Shape = Shape> {
  readonly shape: S;
  readonly dtype: DType;

  constructor(shape: S, dtype: DType = "float32") {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`ShapeDtypeStruct: shape ${Array.isArray(shape) ? showShape(shape) : String(shape)} must be an array of non-negative integers`);
    }
    this.shape = Object.freeze(shape.slice()) as unknown as S;
    this.dtype = dtype;
  }

  toString(): string {
    return `ShapeDtypeStruct(shape=${showShape(this.shape)}, dtype=${this.dtype})`;
  }
}

/**
 * A tree with every tensor (and number) leaf replaced by its {@link ShapeDtypeStruct}.
 * @example
 * ```ts
 * import { ShapeTree, Tensor } from "purediff";
 * type T = ShapeTree<[Tensor<[2]>, { b: Tensor<[]> }]> // [ShapeDtypeStruct<[2]>, { b: ShapeDtypeStruct<[]> }]
 * ```
 */
export type ShapeTree<T> =
  T extends Tensor<infer S>
    ? ShapeDtypeStruct<S>
    : T extends number
      ? ShapeDtypeStruct<[]>
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: ShapeTree<T[K]> }
        : T extends object
          ? { [K in keyof T]: ShapeTree<T[K]> }
          : T;

/** An argument of an `evalShape`d function: the value itself, or its shape and dtype. */
export type Abstract<T> =
  T extends Tensor<infer S>
    ? Tensor<S> | ShapeDtypeStruct<S>
    : T extends readonly unknown[]
      ? { [K in keyof T]: Abstract<T[K]> }
      : T extends object
        ? { [K in keyof T]: Abstract<T[K]> }
        : T;

const isAbstractLeaf = (x: unknown): boolean => isTensorLeaf(x) || x instanceof ShapeDtypeStruct;

/**
 * The shapes and dtypes of `f`'s outputs, found by tracing it (JAX's `eval_shape`):
 * nothing is computed, so it is cheap even for a large network, and arguments may be
 * {@link ShapeDtypeStruct}s instead of tensors. Returns the output tree with a
 * `ShapeDtypeStruct` per tensor; errors (mismatched shapes) are thrown as when running.
 * @example
 * ```ts
 * import { ShapeDtypeStruct, Tensor, evalShape, matmul, zeros } from "purediff";
 * const out = evalShape((x: Tensor<[8, 784]>, w: Tensor<[784, 256]>) => matmul(x, w))(
 *   new ShapeDtypeStruct([8, 784]), zeros([784, 256]));
 * out.shape; // => [8, 256]
 * ```
 */
export function evalShape<Args extends unknown[], R>(f: (...args: Args) => R): (...args: { [K in keyof Args]: Abstract<Args[K]> }) => ShapeTree<R> {
  return (...args) => {
    const [leaves, def] = flatten(args, isAbstractLeaf);
    const avals = leaves.map((x, i) => {
      if (typeof x === "number") return { shape: [], dtype: "float32" as DType };
      if (!isAbstractLeaf(x)) throw new Error(`evalShape: argument leaf ${i} is not a tensor, a number or a ShapeDtypeStruct`);
      return x as Tensor | ShapeDtypeStruct;
    });
    const { result, outputs } = stage("evalShape", avals, (tracers) => f(...(unflatten(def, tracers) as Args)));
    const [, outDef] = flatten(result, isTensorLeaf);
    return unflatten(
      outDef,
      outputs.map((y) => new ShapeDtypeStruct(y.shape, y.dtype)),
    ) as ShapeTree<R>;
  };
}
