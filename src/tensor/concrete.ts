import { Tensor } from "./tensor";
import { dtypeOfData, type DType, type TypedArray } from "./dtype";
import { sizeOf, showShape, type Shape } from "./shape";

/**
 * A tensor that holds its values: a row-major typed array that is never handed out
 * mutable. Kernels read it through {@link dataOf}; users only get copies.
 */
export class ConcreteTensor<S extends Shape = Shape> extends Tensor<S> {
  readonly #data: TypedArray;

  constructor(data: TypedArray, shape: S, dtype: DType = dtypeOfData(data)) {
    super(frozenShape(shape), dtype);
    if (dtypeOfData(data) !== dtype) {
      throw new Error(`Tensor: storage ${data.constructor.name} does not hold dtype ${dtype}`);
    }
    if (data.length !== sizeOf(shape)) {
      throw new Error(`Tensor: ${data.length} values do not fill shape ${showShape(shape)}`);
    }
    this.#data = data;
  }

  protected override concreteData(): TypedArray {
    return this.#data;
  }

  /** The storage itself, for kernels. Internal: callers must not write to it. */
  static storage(t: ConcreteTensor): TypedArray {
    return t.#data;
  }
}

/** The shape every concrete scalar shares. */
const scalarShape: Shape = Object.freeze([]);

/**
 * `shape` as an immutable array the tensor may keep: a frozen shape is shared as it is (no
 * one can change it; tensors computed from others share their shapes this way), any other
 * is copied and frozen, so the caller's array stays theirs.
 */
function frozenShape<S extends Shape>(shape: S): S {
  if (shape.length === 0) return scalarShape as unknown as S;
  return (Object.isFrozen(shape) ? shape : Object.freeze(shape.slice())) as unknown as S;
}

/** The storage of a concrete tensor, read-only by contract. Internal to the library. */
export function dataOf(t: ConcreteTensor): TypedArray {
  return ConcreteTensor.storage(t);
}
