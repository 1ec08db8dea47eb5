import type { Tensor } from "../../tensor/tensor";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import type { TypedArray } from "../../tensor/dtype";
import { isFloat } from "../../tensor/dtype";
import { showShape } from "../../tensor/shape";
import type { Aval } from "../primitive";

/** Wraps kernel output as a tensor of the given abstract value. */
export function wrap(data: TypedArray, out: Aval): ConcreteTensor {
  return new ConcreteTensor(data, out.shape, out.dtype);
}

/** The storage of input `i`. */
export function arg(inputs: readonly ConcreteTensor[], i: number): TypedArray {
  return dataOf(inputs[i]);
}

/** Throws unless the primitive got exactly `n` inputs. */
export function arity(name: string, inputs: readonly Aval[], n: number): void {
  if (inputs.length !== n) throw new Error(`${name}: expects ${n} input(s), got ${inputs.length}`);
}

/** Throws unless input `i` has a float dtype. */
export function requireFloat(name: string, x: Aval, argName = "x"): void {
  if (!isFloat(x.dtype)) throw new Error(`${name}: ${argName} must be float32 or float64, got ${x.dtype} (shape ${showShape(x.shape)})`);
}

/** Throws unless both inputs share a dtype (ops promote before binding). */
export function sameDType(name: string, a: Aval, b: Aval): void {
  if (a.dtype !== b.dtype) {
    throw new Error(`${name}: dtypes differ: a is ${a.dtype} ${showShape(a.shape)}, b is ${b.dtype} ${showShape(b.shape)}`);
  }
}

/** Sum of two optional tangents (null is zero). */
export function addTangents(a: Tensor | null, b: Tensor | null, plus: (x: Tensor, y: Tensor) => Tensor): Tensor | null {
  if (a === null) return b;
  if (b === null) return a;
  return plus(a, b);
}
