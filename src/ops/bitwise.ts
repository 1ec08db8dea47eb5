/**
 * Bitwise ops on the 32 bits of int32 and uint32 tensors (and, for and/or/xor/not, on
 * bools): the integer mixing behind counter-based random numbers. Operands broadcast;
 * plain integer numbers adopt the tensor's dtype (taken mod 2³², so `0xffffffff` is all
 * ones in either dtype); floats, and int32 mixed with uint32, are errors. None of them is
 * differentiable: gradients see them as constants.
 * @module
 */
import { Tensor } from "../tensor/tensor";
import { isFloat, isInteger, mixedIntegers, type DType } from "../tensor/dtype";
import { showShape } from "../tensor/shape";
import { bind } from "../core/bind";
import type { BitwiseOp } from "../tensor/kernels/bitwise";
import { asTensor, convertTo, type Operand, type ShapeOfOperand, type Out, type Second } from "./operands";

const describeOperand = (x: Operand): string => (x instanceof Tensor ? `${x.dtype} ${showShape(x.shape)}` : `number ${String(x)}`);

/** The common dtype of two bitwise operands, or an error naming `op`, the shapes and the dtypes. */
function bitsDType(op: string, a: Operand, b: Operand, allowBool: boolean): DType {
  const got = () => `${describeOperand(a)} and ${describeOperand(b)}`;
  const allowed = allowBool ? "int32, uint32 or bool" : "int32 or uint32";
  const tensors: Tensor[] = [];
  for (const x of [a, b]) {
    if (x instanceof Tensor) {
      if (isFloat(x.dtype)) throw new Error(`${op}: operands must be ${allowed}, got ${got()}`);
      tensors.push(x);
    } else if (typeof x !== "number" || !Number.isInteger(x)) {
      throw new Error(`${op}: a plain number operand must be an integer, got ${got()}`);
    }
  }
  const ints = [...new Set(tensors.map((t) => t.dtype).filter(isInteger))];
  if (ints.length > 1) throw new Error(mixedIntegers(op, describeOperand(a), describeOperand(b)));
  // A bool operand joins an integer one; bools with a plain number are int32, as in arithmetic.
  if (!allowBool && tensors.some((t) => t.dtype === "bool")) throw new Error(`${op}: operands must be ${allowed}, got ${got()}`);
  if (ints.length === 1) return ints[0];
  return tensors.length === 2 ? "bool" : "int32";
}

function bitwise(op: BitwiseOp, name: string, a: Operand, b: Operand): Tensor {
  const dtype = bitsDType(name, a, b, op === "and" || op === "or" || op === "xor");
  return bind("bitwise", [convertTo(asTensor(a, dtype), dtype), convertTo(asTensor(b, dtype), dtype)], { op });
}

/**
 * Elementwise a AND b, bit by bit (logical and for bools).
 * @example
 * ```ts
 * import { bitwiseAnd, tensor } from "purediff";
 * bitwiseAnd(tensor([0b1100, 0b1010], "uint32"), 0b0110).toArray(); // => [4, 2]
 * ```
 */
export function bitwiseAnd<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "bitwiseAnd">): Out<A, B> {
  return bitwise("and", "bitwiseAnd", a, b) as Out<A, B>;
}

/**
 * Elementwise a OR b, bit by bit (logical or for bools).
 * @example
 * ```ts
 * import { bitwiseOr, tensor } from "purediff";
 * bitwiseOr(tensor([0b1100, 0b1010], "uint32"), 0b0110).toArray(); // => [14, 14]
 * ```
 */
export function bitwiseOr<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "bitwiseOr">): Out<A, B> {
  return bitwise("or", "bitwiseOr", a, b) as Out<A, B>;
}

/**
 * Elementwise a XOR b, bit by bit (logical exclusive or for bools).
 * @example
 * ```ts
 * import { bitwiseXor, tensor } from "purediff";
 * bitwiseXor(tensor([0b1100, 0b1010], "uint32"), 0b0110).toArray(); // => [10, 12]
 * ```
 */
export function bitwiseXor<A extends Operand, B extends Operand>(a: A, b: Second<A, B, "bitwiseXor">): Out<A, B> {
  return bitwise("xor", "bitwiseXor", a, b) as Out<A, B>;
}

/**
 * Elementwise complement of every bit (logical not for bools).
 * @example
 * ```ts
 * import { bitwiseNot, tensor } from "purediff";
 * bitwiseNot(tensor([0, 1], "uint32")).toArray(); // => [4294967295, 4294967294]
 * ```
 * @example
 * ```ts
 * import { bitwiseNot, tensor } from "purediff";
 * bitwiseNot(tensor([0, -1], "int32")).toArray(); // => [-1, 0]
 * ```
 */
export function bitwiseNot<T extends Operand>(x: T): Tensor<ShapeOfOperand<T>> {
  if (x instanceof Tensor ? isFloat(x.dtype) : typeof x !== "number" || !Number.isInteger(x)) {
    throw new Error(`bitwiseNot: the operand must be int32, uint32, bool or an integer number, got ${describeOperand(x)}`);
  }
  return bind("bitwiseNot", [asTensor(x, "int32")], {}) as Tensor<ShapeOfOperand<T>>;
}

/**
 * Elementwise x · 2ⁿ mod 2³²: the bits of x moved n places up, zeros shifted in. Counts of
 * 32 or more give 0 (as XLA's shift_left); counts are read as unsigned, so a negative
 * int32 count counts as huge.
 * @example
 * ```ts
 * import { shiftLeft, tensor } from "purediff";
 * shiftLeft(tensor([1, 3], "uint32"), tensor([31, 1], "uint32")).toArray(); // => [2147483648, 6]
 * ```
 * @example
 * ```ts
 * import { shiftLeft, tensor } from "purediff";
 * shiftLeft(tensor([1], "uint32"), 32).toArray(); // => [0]
 * ```
 */
export function shiftLeft<A extends Operand, B extends Operand>(x: A, n: Second<A, B, "shiftLeft">): Out<A, B> {
  return bitwise("shiftLeft", "shiftLeft", x, n) as Out<A, B>;
}

/**
 * Elementwise logical right shift: the bits of x moved n places down, zeros shifted in
 * (int32 values are shifted as their 32 bits). Counts of 32 or more give 0.
 * @example
 * ```ts
 * import { shiftRightLogical, tensor } from "purediff";
 * shiftRightLogical(tensor([4294967295], "uint32"), 28).toArray(); // => [15]
 * ```
 * @example
 * ```ts
 * import { shiftRightLogical, tensor } from "purediff";
 * shiftRightLogical(tensor([-1], "int32"), 28).toArray(); // => [15]
 * ```
 */
export function shiftRightLogical<A extends Operand, B extends Operand>(x: A, n: Second<A, B, "shiftRightLogical">): Out<A, B> {
  return bitwise("shiftRightLogical", "shiftRightLogical", x, n) as Out<A, B>;
}

/**
 * Elementwise arithmetic right shift: the bits of x moved n places down, copies of bit 31
 * (the sign of an int32) shifted in. Counts of 32 or more fill every bit with bit 31 (0 or
 * −1 for int32), as XLA's shift_right_arithmetic.
 * @example
 * ```ts
 * import { shiftRightArithmetic, tensor } from "purediff";
 * shiftRightArithmetic(tensor([-16, 16], "int32"), 2).toArray(); // => [-4, 4]
 * ```
 * @example
 * ```ts
 * import { shiftRightArithmetic, tensor } from "purediff";
 * shiftRightArithmetic(tensor([-16], "int32"), 40).toArray(); // => [-1]
 * ```
 */
export function shiftRightArithmetic<A extends Operand, B extends Operand>(x: A, n: Second<A, B, "shiftRightArithmetic">): Out<A, B> {
  return bitwise("shiftRightArithmetic", "shiftRightArithmetic", x, n) as Out<A, B>;
}

/**
 * Elementwise rotation of the 32 bits of x by r places towards the top: the bits shifted
 * out at bit 31 come back in at bit 0. r is taken mod 32. Composed from shifts and or:
 * (x << r) | (x >>> (32 − r)), a shift by 32 giving 0.
 * @example
 * ```ts
 * import { rotateLeft, tensor } from "purediff";
 * rotateLeft(tensor([0x80000001], "uint32"), 1).toArray(); // => [3]
 * ```
 * @example
 * ```ts
 * import { rotateLeft, tensor } from "purediff";
 * rotateLeft(tensor([1, 1], "uint32"), tensor([31, 33], "uint32")).toArray(); // => [2147483648, 2]
 * ```
 */
export function rotateLeft<A extends Operand, B extends Operand>(x: A, r: Second<A, B, "rotateLeft">): Out<A, B> {
  const dtype = bitsDType("rotateLeft", x, r, false);
  const t = convertTo(asTensor(x, dtype), dtype);
  const s = typeof r === "number" ? ((r % 32) + 32) % 32 : bitwise("and", "rotateLeft", r as Operand, 31);
  const back = typeof s === "number" ? 32 - s : bind("sub", [asTensor(32, dtype), s], {});
  return bitwise("or", "rotateLeft", shiftLeft(t, s), shiftRightLogical(t, back)) as Out<A, B>;
}

/**
 * NumPy's `left_shift`: x · 2ⁿ mod 2³², the bits of x moved n places up (the same op as
 * {@link shiftLeft}; counts of 32 or more give 0).
 * @example
 * ```ts
 * import { leftShift, tensor } from "purediff";
 * leftShift(tensor([1, 3], "int32"), 2).toArray(); // => [4, 12]
 * ```
 */
export function leftShift<A extends Operand, B extends Operand>(x: A, n: Second<A, B, "leftShift">): Out<A, B> {
  return bitwise("shiftLeft", "leftShift", x, n) as Out<A, B>;
}

/**
 * NumPy's `right_shift`: the bits of x moved n places down, arithmetic (sign-filling,
 * {@link shiftRightArithmetic}) for int32 and logical (zero-filling,
 * {@link shiftRightLogical}) for uint32, so it is ⌊x / 2ⁿ⌋ in both. Counts of 32 or more
 * give 0, or −1 for a negative int32.
 * @example
 * ```ts
 * import { rightShift, tensor } from "purediff";
 * rightShift(tensor([-16, 16], "int32"), 2).toArray(); // => [-4, 4]
 * ```
 * @example
 * ```ts
 * import { rightShift, tensor } from "purediff";
 * rightShift(tensor([4294967280], "uint32"), 2).toArray(); // => [1073741820]
 * ```
 */
export function rightShift<A extends Operand, B extends Operand>(x: A, n: Second<A, B, "rightShift">): Out<A, B> {
  const dtype = bitsDType("rightShift", x, n, false);
  return bitwise(dtype === "uint32" ? "shiftRightLogical" : "shiftRightArithmetic", "rightShift", x, n) as Out<A, B>;
}
