import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor } from "../tensor/concrete";
import { allocate, type DType } from "../tensor/dtype";
import { sizeOf, type Shape } from "../tensor/shape";

/** The standard basis of a shape: one tensor per element, 1 there and 0 elsewhere. */
export function* concreteBasis(shape: Shape, dtype: DType): Generator<Tensor> {
  const n = sizeOf(shape);
  for (let i = 0; i < n; i++) {
    const data = allocate(dtype, n);
    data[i] = 1;
    yield new ConcreteTensor(data, shape, dtype);
  }
}
