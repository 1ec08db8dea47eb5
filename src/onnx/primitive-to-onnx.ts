/**
 * Each primitive's ONNX form (opset 18): the nodes that compute, from the values named by
 * the equation's inputs, exactly what the primitive computes, broadcasting as NumPy does
 * (ONNX's elementwise operators broadcast the same way). Primitives without an entry have
 * no ONNX form here; {@link exportOnnx} names them.
 * @module
 */
import type { Aval, PrimitiveName, PrimitiveParams } from "../core/primitive";
import type { CompareOp } from "../tensor/kernels/binary";
import { showShape } from "../tensor/shape";
import { onnxElementType, type GraphBuilder } from "./graph-builder";
import { reduceWindowToOnnx } from "./reduce-window-to-onnx";
import { convToOnnx } from "./conv-to-onnx";
import { OnnxDataType } from "./onnx-schema";

/** The abstract values of an equation's inputs and output. */
export interface EqnAvals {
  readonly inputs: readonly Aval[];
  readonly out: Aval;
}

/** Adds the nodes of one equation and returns the name of its output value. */
export type Lowering<P> = (b: GraphBuilder, args: readonly string[], params: P, avals: EqnAvals) => string;

type LoweringTable = { readonly [K in PrimitiveName]?: Lowering<PrimitiveParams[K]> };

/** A primitive that is one ONNX operator on the same inputs. */
const op =
  (opType: string): Lowering<unknown> =>
  (b, args) =>
    b.node(opType, args);

const compareOps: Record<CompareOp, string> = { eq: "Equal", ne: "Equal", gt: "Greater", ge: "GreaterOrEqual", lt: "Less", le: "LessOrEqual" };

/** A reduction over `axes` (given as an int64 input, as opset 18 takes them), the axes dropped. */
const reduce =
  (opType: string): Lowering<{ readonly axes: readonly number[] }> =>
  (b, [x], { axes }) =>
    axes.length === 0 ? b.node("Identity", [x]) : b.node(opType, [x, b.int64(axes)], { keepdims: 0 });

/**
 * `reduceMax`/`reduceMin`: ONNX Runtime's ReduceMax and ReduceMin skip NaNs, purediff's
 * propagate them (as NumPy's `max`), so for floats a window holding a NaN gives NaN.
 */
const reduceExtreme =
  (opType: "ReduceMax" | "ReduceMin"): Lowering<{ readonly axes: readonly number[] }> =>
  (b, [x], params, avals) => {
    const reduced = reduce(opType)(b, [x], params, avals);
    const { dtype } = avals.out;
    if ((dtype !== "float32" && dtype !== "float64") || params.axes.length === 0) return reduced;
    const hasNaN = b.node("ReduceMax", [b.node("Cast", [b.node("IsNaN", [x])], { to: onnxElementType("int32") }), b.int64(params.axes)], { keepdims: 0 });
    return b.node("Where", [b.node("Cast", [hasNaN], { to: onnxElementType("bool") }), b.filled(NaN, [], dtype), reduced]);
  };

/**
 * `convert`: a `Cast`, except from a float to int32 or uint32, where purediff truncates
 * toward zero and saturates out-of-range values (NaN becoming 0) while ONNX leaves them
 * undefined: NaN is replaced by 0 and the bounds are chosen by comparison.
 */
const convert: Lowering<PrimitiveParams["convert"]> = (b, [x], { dtype }, { inputs: [xAval] }) => {
  const cast = (v: string) => b.node("Cast", [v], { to: onnxElementType(dtype) });
  const fromFloat = xAval.dtype === "float32" || xAval.dtype === "float64";
  if (!fromFloat || (dtype !== "int32" && dtype !== "uint32")) return cast(x);
  const [lo, hi] = dtype === "int32" ? [-2147483648, 2147483647] : [0, 4294967295];
  const inRange = cast(b.node("Where", [b.node("IsNaN", [x]), b.filled(0, [], xAval.dtype), x]));
  const high = b.node("Where", [b.node("GreaterOrEqual", [x, b.filled(hi, [], xAval.dtype)]), b.filled(hi, [], dtype), inRange]);
  return b.node("Where", [b.node("LessOrEqual", [x, b.filled(lo, [], xAval.dtype)]), b.filled(lo, [], dtype), high]);
};

/** The last two axes of a value of rank `rank` swapped. */
const swapLast = (b: GraphBuilder, x: string, rank: number): string => {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return b.node("Transpose", [x], { perm });
};

/**
 * `pad` with interior steps: along each axis of step s > 1, every element is followed by
 * s − 1 zeros (a new axis of length 1 padded to s, merged into the axis, the trailing
 * zeros sliced off); then edges are padded (or cut, where negative) by `Pad`.
 */
const pad: Lowering<PrimitiveParams["pad"]> = (b, [x], { before, shape, step }, { inputs: [xAval] }) => {
  let value = x;
  const current = xAval.shape.slice();
  step.forEach((s, a) => {
    if (s === 1 || current[a] === 0) return;
    const withAxis = b.node("Unsqueeze", [value, b.int64([a + 1])]);
    const rank = current.length + 1;
    const pads = new Array<number>(2 * rank).fill(0);
    pads[rank + a + 1] = s - 1;
    const spread = b.node("Pad", [withAxis, b.int64(pads)], { mode: "constant" });
    const merged = current.map((d, i) => (i === a ? d * s : d));
    const flat = b.node("Reshape", [spread, b.int64(merged)], { allowzero: 1 });
    current[a] = (current[a] - 1) * s + 1;
    value = b.node("Slice", [flat, b.int64([0]), b.int64([current[a]]), b.int64([a])]);
  });
  const after = shape.map((d, a) => d - before[a] - current[a]);
  if (before.every((p) => p === 0) && after.every((p) => p === 0)) return value === x ? b.node("Identity", [x]) : value;
  return b.node("Pad", [value, b.int64([...before, ...after])], { mode: "constant" });
};

/**
 * `scatterAdd` (the transpose of `gather`): ONNX's `ScatterND` with add reduction into
 * zeros, after the indexed axis (in the result) and the index axes (in the updates) are
 * moved to the front; the result's axis is moved back.
 */
const scatterAdd: Lowering<PrimitiveParams["scatterAdd"]> = (b, [u, idx], { axis, shape }, { inputs: [uAval, idxAval], out }) => {
  const k = idxAval.shape.length;
  const rank = uAval.shape.length;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const updates = axis === 0 ? u : b.node("Transpose", [u], { perm: [...range(axis, axis + k), ...range(0, axis), ...range(axis + k, rank)] });
  const indices = b.node("Unsqueeze", [b.node("Cast", [idx], { to: OnnxDataType.int64 }), b.int64([k])]);
  const front = [shape[axis], ...shape.slice(0, axis), ...shape.slice(axis + 1)];
  const zeros = b.node("Expand", [b.filled(0, [], out.dtype), b.int64(front)]);
  const summed = b.node("ScatterND", [zeros, indices, updates], { reduction: "add" });
  return axis === 0 ? summed : b.node("Transpose", [summed], { perm: [...range(1, axis + 1), 0, ...range(axis + 1, shape.length)] });
};

/**
 * `sort` by one key: ONNX's `TopK` of the whole axis, sorted. One operand is sorted by
 * itself; a second operand (argsort's indices) is gathered in the keys' order, equal keys
 * keeping their order both ways (TopK breaks ties by the lower index, as purediff's
 * stable sort does). NaN keys are ordered as ONNX Runtime orders them.
 */
const sort: Lowering<PrimitiveParams["sort"]> = (b, args, { axis, numKeys, descending }, { inputs }) => {
  if (numKeys !== 1 || args.length > 2)
    throw new Error(`sort of ${args.length} operands by ${numKeys} keys has no ONNX form here (one key, at most one more operand)`);
  const [values, indices] = b.nodeWithOutputs("TopK", [args[0], b.int64([inputs[0].shape[axis]])], { axis, largest: descending ? 1 : 0, sorted: 1 }, 2);
  return args.length === 2 ? b.node("GatherElements", [args[1], indices], { axis }) : values;
};

/**
 * `log1p` without a log1p operator, accurate for small x (Goldberg's identity): with
 * u = 1 + x rounded, log1p(x) = x · log(u) / (u − 1), and x itself where u rounds to 1;
 * where u is infinite, log(u).
 */
const log1p: Lowering<unknown> = (b, [x], _p, { out }) => {
  const u = b.node("Add", [x, b.filled(1, [], out.dtype)]);
  const d = b.node("Sub", [u, b.filled(1, [], out.dtype)]);
  const logU = b.node("Log", [u]);
  const scaled = b.node("Mul", [x, b.node("Div", [logU, d])]);
  const small = b.node("Where", [b.node("Equal", [d, b.filled(0, [], out.dtype)]), x, scaled]);
  return b.node("Where", [b.node("IsInf", [u]), logU, small]);
};

/**
 * `expm1` without an expm1 operator, accurate for small x (Kahan's identity): with
 * u = exp(x) rounded, expm1(x) = (u − 1) · x / log(u), and x where u rounds to 1; where
 * u − 1 is −1 or u is infinite, u − 1.
 */
const expm1: Lowering<unknown> = (b, [x], _p, { out }) => {
  const u = b.node("Exp", [x]);
  const d = b.node("Sub", [u, b.filled(1, [], out.dtype)]);
  const scaled = b.node("Mul", [d, b.node("Div", [x, b.node("Log", [u])])]);
  const small = b.node("Where", [b.node("Equal", [d, b.filled(0, [], out.dtype)]), x, scaled]);
  const saturated = b.node("Or", [b.node("IsInf", [u]), b.node("Equal", [d, b.filled(-1, [], out.dtype)])]);
  return b.node("Where", [saturated, d, small]);
};

/**
 * `div`: for int32, purediff's quotient truncates toward zero, is 0 for a zero divisor and
 * wraps for −2³¹ / −1, where ONNX's integer division is undefined (and traps on x86):
 * the divisor is made safe first, and the two cases chosen by `Where`.
 */
const div: Lowering<unknown> = (b, [x, y], _p, { out }) => {
  if (out.dtype !== "int32" && out.dtype !== "uint32") return b.node("Div", [x, y]);
  const zero = b.node("Equal", [y, b.filled(0, [], out.dtype)]);
  if (out.dtype === "uint32")
    return b.node("Where", [zero, b.filled(0, [], out.dtype), b.node("Div", [x, b.node("Where", [zero, b.filled(1, [], out.dtype), y])])]);
  const minusOne = b.node("Equal", [y, b.filled(-1, [], out.dtype)]);
  const safe = b.node("Where", [b.node("Or", [zero, minusOne]), b.filled(1, [], out.dtype), y]);
  const quotient = b.node("Where", [minusOne, b.node("Neg", [x]), b.node("Div", [x, safe])]);
  return b.node("Where", [zero, b.filled(0, [], out.dtype), quotient]);
};

/**
 * `rem`, the truncated remainder (JavaScript's `%`): ONNX's `Mod` with `fmod` for floats;
 * for integers, as for {@link div}, a zero divisor gives 0 and −2³¹ % −1 gives 0, where
 * ONNX's integer remainder is undefined.
 */
const rem: Lowering<unknown> = (b, [x, y], _p, { out }) => {
  if (out.dtype !== "int32" && out.dtype !== "uint32") return b.node("Mod", [x, y], { fmod: 1 });
  const unsafe =
    out.dtype === "int32"
      ? b.node("Or", [b.node("Equal", [y, b.filled(0, [], out.dtype)]), b.node("Equal", [y, b.filled(-1, [], out.dtype)])])
      : b.node("Equal", [y, b.filled(0, [], out.dtype)]);
  const remainder = b.node("Mod", [x, b.node("Where", [unsafe, b.filled(1, [], out.dtype), y])], { fmod: 1 });
  return b.node("Where", [unsafe, b.filled(0, [], out.dtype), remainder]);
};

/** The primitives with an ONNX form, and that form. */
export const primitiveToOnnx: LoweringTable = {
  neg: op("Neg"),
  exp: op("Exp"),
  log: op("Log"),
  log1p,
  expm1,
  sqrt: op("Sqrt"),
  abs: op("Abs"),
  sign: op("Sign"),
  sin: op("Sin"),
  cos: op("Cos"),
  tanh: op("Tanh"),
  sigmoid: op("Sigmoid"),
  erf: op("Erf"),
  floor: op("Floor"),
  ceil: op("Ceil"),
  // ONNX's Round rounds halves to even, as purediff's round does.
  round: op("Round"),
  tan: op("Tan"),
  asin: op("Asin"),
  acos: op("Acos"),
  atan: op("Atan"),
  sinh: op("Sinh"),
  cosh: op("Cosh"),
  asinh: op("Asinh"),
  acosh: op("Acosh"),
  atanh: op("Atanh"),
  exp2: (b, [x], _p, { out }) => b.node("Pow", [b.filled(2, [], out.dtype), x]),
  rem,
  add: op("Add"),
  sub: op("Sub"),
  mul: op("Mul"),
  div,
  pow: op("Pow"),
  max: op("Max"),
  min: op("Min"),
  compare: (b, args, { op: cmp }, { inputs }) => {
    // ONNX orders numbers only: bools (0 and 1 in purediff) are compared as int32.
    const ordered = inputs[0].dtype === "bool" && cmp !== "eq" && cmp !== "ne" ? args.map((a) => b.node("Cast", [a], { to: onnxElementType("int32") })) : args;
    const result = b.node(compareOps[cmp], ordered);
    return cmp === "ne" ? b.node("Not", [result]) : result;
  },
  bitwise: (b, args, { op: which }, { out }) => {
    if (which !== "and" && which !== "or" && which !== "xor")
      throw new Error(`bitwise[op=${which}] has no ONNX form here (ONNX shifts only unsigned integers); and, or and xor have one`);
    const name = which.charAt(0).toUpperCase() + which.slice(1);
    return b.node(out.dtype === "bool" ? name : `Bitwise${name}`, args);
  },
  bitwiseNot: (b, args, _p, { out }) => b.node(out.dtype === "bool" ? "Not" : "BitwiseNot", args),
  select: op("Where"),
  convert,
  stopGradient: op("Identity"),
  reduceSum: reduce("ReduceSum"),
  reduceMax: reduceExtreme("ReduceMax"),
  reduceMin: reduceExtreme("ReduceMin"),
  reduceProd: reduce("ReduceProd"),
  argReduce: (b, [x], { op: which, axis }) =>
    b.node("Cast", [b.node(which === "argmax" ? "ArgMax" : "ArgMin", [x], { axis, keepdims: 0, select_last_index: 0 })], { to: onnxElementType("int32") }),
  reshape: (b, [x], { shape }) => b.node("Reshape", [x, b.int64(shape)], { allowzero: 1 }),
  broadcastTo: (b, [x], { shape }) => b.node("Expand", [x, b.int64(shape)]),
  transpose: (b, [x], { perm }) => b.node("Transpose", [x], { perm }),
  slice: (b, [x], { start, end, step }) =>
    start.length === 0 ? b.node("Identity", [x]) : b.node("Slice", [x, b.int64(start), b.int64(end), b.int64(start.map((_, a) => a)), b.int64(step)]),
  pad,
  concat: (b, args, { axis }) => b.node("Concat", args, { axis }),
  gather: (b, args, { axis }) => b.node("Gather", args, { axis }),
  scatterAdd,
  rev: (b, [x], { axes }) =>
    axes.length === 0
      ? b.node("Identity", [x])
      : // From the last element (−1) down past the first (the most negative int64 stands for −∞).
        b.node("Slice", [x, b.int64(axes.map(() => -1)), b.int64(axes.map(() => Number.MIN_SAFE_INTEGER)), b.int64(axes), b.int64(axes.map(() => -1))]),
  matmul: (b, [x, y], { transA, transB }, { inputs: [xAval, yAval] }) =>
    b.node("MatMul", [transA ? swapLast(b, x, xAval.shape.length) : x, transB ? swapLast(b, y, yAval.shape.length) : y]),
  sort,
  cumsum: (b, [x], { axis, reverse }) => b.node("CumSum", [x, b.int64([axis])], { exclusive: 0, reverse: reverse ? 1 : 0 }),
  reduceWindow: (b, [x], params, { inputs: [xAval], out }) => reduceWindowToOnnx(b, x, params, xAval, out),
  convGeneralDilated: (b, [x, w], params, { inputs: [xAval, wAval] }) => convToOnnx(b, x, w, params, xAval, wAval),
};

/** The names of the primitives {@link primitiveToOnnx} covers, sorted. */
export const onnxPrimitives: readonly string[] = Object.keys(primitiveToOnnx).sort();

/** Operands' dtypes and shapes for error messages: `float32[2,3], int32[]`. */
export const showAvals = (avals: readonly Aval[]): string => avals.map((a) => `${a.dtype}${showShape(a.shape)}`).join(", ");
