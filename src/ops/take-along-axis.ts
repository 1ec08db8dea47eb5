import type { Tensor } from "../tensor/tensor";
import { ConcreteTensor, dataOf } from "../tensor/concrete";
import { broadcastShapes, normalizeAxis, showShape, sizeOf, stridesOf, type Shape } from "../tensor/shape";
import { tensor } from "../tensor/create";
import { bind } from "../core/bind";
import { broadcastTo } from "./shape";

/**
 * Picks entries along `axis` with an index tensor of the same rank (NumPy's
 * take_along_axis): `out[i, j] = x[idx[i, j], j]` for axis 0. The other axes of `x` and
 * `indices` broadcast; negative indices count from the end. The result has the
 * broadcast shape, with the indices' length along `axis`. The pairing with `argsort` /
 * `argmax(…, keepDims)` is the usual use.
 * @example
 * ```ts
 * import { takeAlongAxis, tensor } from "purediff";
 * takeAlongAxis(tensor([[10, 30, 20]]), tensor([[1, 2, 0]], "int32"), 1).toArray(); // => [[30, 20, 10]]
 * ```
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number): Tensor<number[]> {
  const r = x.shape.length;
  if (indices.dtype !== "int32") throw new Error(`takeAlongAxis: indices must be int32, got ${indices.dtype} (shape ${showShape(indices.shape)})`);
  if (indices.shape.length !== r) {
    throw new Error(`takeAlongAxis: indices (shape ${showShape(indices.shape)}) must have the rank of x (shape ${showShape(x.shape)})`);
  }
  const ax = normalizeAxis("takeAlongAxis", axis, r);
  const n = x.shape[ax];
  const others = (s: Shape): number[] => s.map((d, i) => (i === ax ? 1 : d));
  const common = broadcastShapes("takeAlongAxis", others(x.shape), others(indices.shape));
  const outShape = common.map((d, i) => (i === ax ? indices.shape[ax] : d));
  const source: Tensor = broadcastTo(
    x,
    common.map((d, i) => (i === ax ? n : d)),
  );
  const idx: Tensor = broadcastTo(indices, outShape);
  if (indices instanceof ConcreteTensor) {
    for (const i of dataOf(indices)) {
      if (i < -n || i >= n) throw new Error(`takeAlongAxis: index ${i} is out of range for axis ${ax} of size ${n} (x shape ${showShape(x.shape)})`);
    }
  }
  // The flat position in `source` of each output entry: its own coordinates off the axis, the index on it.
  const strides = stridesOf(source.shape);
  const base = new Int32Array(sizeOf(outShape));
  const outStrides = stridesOf(outShape);
  for (let flat = 0; flat < base.length; flat++) {
    let offset = 0;
    for (let i = 0; i < r; i++) if (i !== ax) offset += (Math.floor(flat / outStrides[i]) % outShape[i]) * strides[i];
    base[flat] = offset;
  }
  const negative = bind("compare", [idx, tensor(0, "int32")], { op: "lt" });
  const wrapped = bind("select", [negative, bind("add", [idx, tensor(n, "int32")], {}), idx], {});
  const onAxis = bind("mul", [wrapped, tensor(strides[ax], "int32")], {});
  const flatIdx = bind("add", [onAxis, tensor(base, "int32", outShape)], {});
  return bind("gather", [bind("reshape", [source], { shape: [source.size] }), flatIdx], { axis: 0 }) as Tensor<number[]>;
}
