import { Tensor } from "../tensor/tensor";
import { constantScalar } from "../tensor/scalar-constants";
import { isFloat, isInteger, mixedIntegers, promote, type DType } from "../tensor/dtype";
import { showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import type { Empty, PrimitiveName, PrimitiveParams } from "../core/primitive";
import type { Broadcast, CheckBroadcast } from "../tensor/shape-types";
// Ops are usable from any entry point: make sure every primitive rule is registered.
import "../core/primitives";

/** A tensor or a plain number (a scalar that adopts the other operand's dtype). */
export type Operand = Tensor | number;

/** The shape of an operand at the type level: numbers are scalars. */
export type ShapeOfOperand<T> = T extends Tensor<infer S> ? S : [];

/** The result of an elementwise op of one operand: a tensor of its shape. */
export type Same<T> = Tensor<ShapeOfOperand<T>>;

/** The result of an elementwise op of two operands: a tensor of their broadcast shape. */
export type Out<A, B> = Tensor<Broadcast<ShapeOfOperand<A>, ShapeOfOperand<B>>>;

/** A second operand, checked at compile time to broadcast with the first (`Op` names the op in the error). */
export type Second<A, B, Op extends string> = B & CheckBroadcast<ShapeOfOperand<A>, ShapeOfOperand<B>, Op>;

/** The primitives of one float operand and no params (exp, erf, tan, ...). */
type FloatUnaryPrimitive = { [N in PrimitiveName]: PrimitiveParams[N] extends Empty ? N : never }[PrimitiveName];

/**
 * The one-operand float primitive `name` on `x` (integers and bools taken to float32).
 * @example floatUnary("tan", tensor([0, 1])) // [0, 1.5574]
 */
export function floatUnary<T extends Operand>(name: FloatUnaryPrimitive, x: T): Same<T> {
  return bind(name, [asFloat(x)], {}) as Same<T>;
}

/** Converts a tensor to `dtype` (a no-op when it already has it). */
export function convertTo(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : bind("convert", [x], { dtype });
}

/**
 * What a non-operand value is, for messages: its type, and its value when short.
 * @example describeValue("1") // 'the string "1"'
 */
export function describeValue(x: unknown): string {
  if (x === undefined || x === null) return String(x);
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x)}`;
  if (typeof x === "bigint") return `the BigInt ${x}n`;
  if (Array.isArray(x)) return `an array of length ${x.length} (wrap it with tensor(...))`;
  if (typeof x === "object") return `an object of class ${(x as object).constructor?.name ?? "Object"}`;
  return `a ${typeof x}`;
}

/** Throws unless `x` is a tensor or a number, naming the op and the argument. */
export function checkOperand(op: string, arg: string, x: unknown): asserts x is Operand {
  if (!(x instanceof Tensor) && typeof x !== "number") throw new Error(`${op}: ${arg} must be a tensor or a number, got ${describeValue(x)}`);
}

/** A number as a scalar of `dtype`; tensors pass through. */
export function asTensor(x: Operand, dtype: DType = "float32", op = "op"): Tensor {
  if (x instanceof Tensor) return x;
  checkOperand(op, "x", x);
  return constantScalar(x, dtype);
}

/** A float version of `x` (int and bool become float32). */
export function asFloat(x: Operand): Tensor {
  const t = asTensor(x);
  return isFloat(t.dtype) ? t : convertTo(t, "float32");
}

/** The dtype a number operand takes next to a tensor of dtype `other` (a module-level function: no closure per op). */
function numberDType(n: number, other: DType, floatOnly: boolean): DType {
  return isFloat(other) ? other : Number.isInteger(n) && !floatOnly ? other : "float32";
}

/**
 * Two operands of one dtype: numbers adopt the tensor's dtype (a fractional number turns
 * an integer tensor float; an integer number is taken mod 2³² by a uint32 tensor), tensors
 * are promoted (bool < int32, uint32 < float32 < float64). int32 and uint32 tensors do not
 * mix: that is an error naming `op`, unless `floatOnly` takes both to float32.
 */
export function operandPair(a: Operand, b: Operand, floatOnly = false, op = "binary op"): [Tensor, Tensor] {
  checkOperand(op, "a", a);
  checkOperand(op, "b", b);
  const ta = a instanceof Tensor ? a : undefined;
  const tb = b instanceof Tensor ? b : undefined;
  let dtype: DType;
  if (ta && tb) {
    const mixed = ta.dtype !== tb.dtype && isInteger(ta.dtype) && isInteger(tb.dtype);
    if (mixed && !floatOnly) throw new Error(mixedIntegers(op, `a: ${ta.dtype} ${showShape(ta.shape)}`, `b: ${tb.dtype} ${showShape(tb.shape)}`));
    dtype = mixed ? "float32" : promote(ta.dtype, tb.dtype, op);
  } else if (ta) dtype = numberDType(b as number, ta.dtype, floatOnly);
  else if (tb) dtype = numberDType(a as number, tb.dtype, floatOnly);
  else dtype = "float32";
  if (dtype === "bool") dtype = floatOnly ? "float32" : "int32";
  if (floatOnly && !isFloat(dtype)) dtype = "float32";
  return [convertTo(asTensor(a, dtype), dtype), convertTo(asTensor(b, dtype), dtype)];
}
