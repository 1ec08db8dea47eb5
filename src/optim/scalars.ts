/**
 * Internal helpers for the scalar leaves of optimizer states: step counts are int32
 * scalar tensors, rates, scales and running values are float scalar tensors, so a state
 * is a tree of tensors and `update` traces under `jit` like any other function of
 * tensors. Not in the public barrel.
 */
import { add } from "../ops/arithmetic";
import { less, where } from "../ops/compare";
import { astype } from "../ops/gradient-control";
import { reshape } from "../ops/shape";
import { scalar } from "../tensor/create";
import type { FloatDType } from "../tensor/dtype";
import { isFloat } from "../tensor/dtype";
import { showShape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { flatten } from "../tree";
import { isTensor } from "./leaves";

/** The largest int32, where counts stop growing. */
const INT32_MAX = 2147483647;

/**
 * The float dtype of the scalar state leaves kept for a tree: float64 when one of its
 * tensor leaves is float64, else float32 (also for a tree without tensors).
 * @example
 * floatDTypeOf({ w: tensor([1], "float64"), b: tensor([0]) }); // "float64"
 */
export function floatDTypeOf(tree: unknown): FloatDType {
  const [leaves] = flatten(tree, isTensor);
  return leaves.some((x) => x instanceof Tensor && x.dtype === "float64") ? "float64" : "float32";
}

/**
 * A fresh count: the int32 scalar 0.
 * @example
 * zeroCount().dtype; // "int32"
 */
export function zeroCount(): Tensor<[]> {
  return scalar(0, "int32");
}

/**
 * `count + 1`, staying at the largest int32 instead of wrapping (Optax's
 * `safe_int32_increment`).
 * @example
 * increment(scalar(3, "int32")).item(); // 4
 */
export function increment(count: Tensor<[]>): Tensor<[]> {
  return where(less(count, INT32_MAX), add(count, 1), INT32_MAX) as Tensor<[]>;
}

function describe(x: unknown): string {
  if (x instanceof Tensor) return `a ${x.dtype} tensor of shape ${showShape(x.shape)}`;
  if (typeof x === "object" && x !== null) {
    const ctor = (x as { readonly constructor?: { readonly name?: string } }).constructor;
    return `an object of type ${ctor?.name ?? "unknown"}`;
  }
  return `${typeof x} ${String(x)}`;
}

/**
 * A count read from a state: an int32 scalar tensor (as `init` makes it), or a plain
 * integer put there by hand (read as int32). Anything else is a TypeError naming the
 * operation and the field.
 * @example
 * const count = readCount("optim.scaleByAdam.update", "state.count", state.count);
 */
export function readCount(operation: string, name: string, x: unknown): Tensor<[]> {
  if (typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= INT32_MAX) return scalar(x, "int32");
  if (x instanceof Tensor && x.shape.length === 0 && x.dtype === "int32") return x as Tensor<[]>;
  throw new TypeError(`${operation}: ${name} must be an int32 scalar tensor (a step count, as init makes it), got ${describe(x)}`);
}

/**
 * A float read from a state (a rate, a scale, a running value): a float scalar tensor
 * (kept in its dtype), or a plain number put there by hand (read as a scalar of `dtype`).
 * Anything else is a TypeError naming the operation and the field.
 * @example
 * const lr = readFloat("optim.scaleByLearningRate.update", "state.learningRate", state.learningRate, "float32");
 */
export function readFloat(operation: string, name: string, x: unknown, dtype: FloatDType): Tensor<[]> {
  if (typeof x === "number") return scalar(x, dtype);
  if (x instanceof Tensor && x.shape.length === 0 && isFloat(x.dtype)) return x as Tensor<[]>;
  throw new TypeError(`${operation}: ${name} must be a float scalar tensor (as init makes it) or a number, got ${describe(x)}`);
}

/**
 * A value given as a number or a one-element tensor (a loss), as a scalar of `dtype`;
 * undefined stays undefined, anything else is a TypeError naming the operation and the
 * argument.
 * @example
 * scalarOf("optim.reduceOnPlateau.update", "extra.loss", tensor([0.5]), "float32"); // scalar 0.5
 */
export function scalarOf(operation: string, name: string, x: unknown, dtype: FloatDType): Tensor<[]> | undefined {
  if (x === undefined) return undefined;
  if (typeof x === "number") return scalar(x, dtype);
  if (x instanceof Tensor && x.size === 1) {
    const flat = x.shape.length === 0 ? (x as Tensor<[]>) : (reshape(x, []) as Tensor<[]>);
    return flat.dtype === dtype ? flat : astype(flat, dtype);
  }
  throw new TypeError(`${operation}: ${name} must be a number or a one-element tensor, got ${describe(x)}`);
}
