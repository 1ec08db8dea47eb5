/**
 * Eager elementwise ops on WebAssembly SIMD for large arrays: arithmetic, comparisons,
 * selection and the cheap unary ops, with the jit's lane lowerings (so eager and jit agree
 * bit for bit, and both agree with the JavaScript kernels). Each function returns undefined
 * where it does not apply — too few elements, no WebAssembly, a dtype or op without lane
 * code, a broadcast other than a whole array, a single element or a trailing row — and the
 * caller then runs its JavaScript loop.
 * @module
 */
import { laneOp, lanePick, laneSelect, laneSign, type VectorElement } from "../../core/compile/lanes";
import { allocateUnfilled, dtypeOfData, type DType, type TypedArray } from "../dtype";
import type { Shape } from "../shape";
import { wasmAvailable } from "./wasm/matmul-wasm";
import { elementwiseTask, extremeTask, type OperandMode } from "./wasm/elementwise-tasks";
import { operandModes, operandRepeat, reduceExtreme, runElementwise, type Operand } from "./wasm/elementwise-kernel";
import type { BinaryOp, CompareOp } from "./binary";
import type { UnaryOp } from "./unary";

/** Fewest output elements for which the SIMD kernels beat the JavaScript loops (measured with `npm run bench:elementwise`). */
export const ELEMENTWISE_SIMD_MIN_ELEMENTS = 2048;

let minElements = ELEMENTWISE_SIMD_MIN_ELEMENTS;

/**
 * Sets the fewest output elements that go to the SIMD kernels (for tests and benchmarks: 1
 * sends every op there, Infinity none) and returns the previous value.
 * @example const previous = setElementwiseSimdMinElements(Infinity); // JavaScript loops only
 */
export function setElementwiseSimdMinElements(n: number): number {
  const previous = minElements;
  minElements = n;
  return previous;
}

const binaryLowerings: Partial<Record<BinaryOp, VectorElement>> = {
  add: laneOp("add"),
  sub: laneOp("sub"),
  mul: laneOp("mul"),
  div: laneOp("div"),
  max: lanePick("gt"),
  min: lanePick("lt"),
};

const unaryLowerings: Partial<Record<UnaryOp, VectorElement>> = {
  neg: laneOp("neg"),
  abs: laneOp("abs"),
  sqrt: laneOp("sqrt"),
  floor: laneOp("floor"),
  ceil: laneOp("ceil"),
  sign: laneSign,
};

/** Whether arrays of `size` output elements go to the SIMD kernels at all. */
const large = (size: number): boolean => size >= minElements && wasmAvailable();

/**
 * Runs `lowering` over the operands into a fresh array of `out`, or returns undefined where
 * it has no lane code for these dtypes.
 */
function run(name: string, lowering: VectorElement, operands: readonly Operand[], out: DType, size: number): TypedArray | undefined {
  const modes: OperandMode[] = operandModes(operands, size);
  const inputs = operands.map((o) => o.dtype);
  const task = elementwiseTask(`${name}:${inputs.join(",")}:${out}:${modes.join("")}`, { lowering, inputs, out, modes });
  if (task === undefined) return undefined;
  const result = allocateUnfilled(out, size);
  runElementwise(task, operands, modes, result, out, size);
  return result;
}

/**
 * The operands as {@link Operand}s broadcast from `shapes` to `outShape`, when each holds
 * `dtype`'s storage and broadcasts as an operand can (see {@link operandRepeat}), else undefined.
 */
function operandsOf(arrays: readonly TypedArray[], shapes: readonly Shape[], dtypes: readonly DType[], outShape: Shape): Operand[] | undefined {
  const operands: Operand[] = [];
  for (let k = 0; k < arrays.length; k++) {
    const repeat = operandRepeat(shapes[k], outShape);
    if (repeat === undefined || dtypeOfData(arrays[k]) !== dtypes[k]) return undefined;
    operands.push({ data: arrays[k], dtype: dtypes[k], repeat });
  }
  return operands;
}

/**
 * `a op b` (the binary kernel's contract) on SIMD, or undefined.
 * @example simdBinary("mul", a, [4096], b, [], [4096], "float32") // a · b[0], as binaryKernel computes it
 */
export function simdBinary(
  op: BinaryOp,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  dtype: DType,
  size: number,
): TypedArray | undefined {
  const lowering = binaryLowerings[op];
  if (lowering === undefined || !large(size)) return undefined;
  const operands = operandsOf([a, b], [aShape, bShape], [dtype, dtype], outShape);
  return operands && run(op, lowering, operands, dtype, size);
}

/**
 * `a op b` compared (the compare kernel's contract) on SIMD, as bools, or undefined.
 * @example simdCompare("gt", a, [4096], b, [], [4096], 4096) // a > b[0] as 1/0
 */
export function simdCompare(op: CompareOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, size: number): Uint8Array | undefined {
  if (!large(size)) return undefined;
  const dtype = dtypeOfData(a);
  const operands = operandsOf([a, b], [aShape, bShape], [dtype, dtype], outShape);
  return (operands && run(op, laneOp(op), operands, "bool", size)) as Uint8Array | undefined;
}

/**
 * `op` on every element of `x` (the unary kernel's contract) on SIMD, or undefined.
 * @example simdUnary("sqrt", x, "float64") // Math.sqrt of every element
 */
export function simdUnary(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray | undefined {
  const lowering = unaryLowerings[op];
  if (lowering === undefined || !large(x.length)) return undefined;
  const operands = operandsOf([x], [[x.length]], [dtype], [x.length]);
  return operands && run(op, lowering, operands, dtype, x.length);
}

/**
 * `where(cond, a, b)` (the select kernel's contract) on SIMD, or undefined.
 * @example simdSelect(cond, [4096], a, [4096], b, [], [4096], "float32") // a where cond, else b[0]
 */
export function simdSelect(
  cond: Uint8Array,
  cShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  dtype: DType,
  size: number,
): TypedArray | undefined {
  if (!large(size)) return undefined;
  const operands = operandsOf([cond, a, b], [cShape, aShape, bShape], ["bool", dtype, dtype], outShape);
  return operands && run("select", laneSelect, operands, dtype, size);
}

/**
 * The max or min of x[start … start + n − 1] (the reduce kernel's rule: NaN wins) on SIMD, or
 * undefined — also where the result is NaN or a zero, whose bits depend on the element order:
 * the caller's loop then finds it.
 * @example simdExtreme("max", x, 0, x.length) // the largest element of x, when it is not NaN or 0
 */
export function simdExtreme(op: "max" | "min", x: TypedArray, start: number, n: number): number | undefined {
  if (!large(n) || !(x instanceof Float32Array || x instanceof Float64Array)) return undefined;
  const wins = op === "max" ? "gt" : "lt";
  return reduceExtreme(extremeTask(wins, x instanceof Float32Array ? "float32" : "float64"), wins, x, start, n);
}
