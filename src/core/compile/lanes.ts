/**
 * The instruction set primitives lower their fused-loop form to WebAssembly with (the
 * `vectorElement` field of a rule). A lowering pushes its operands and applies lane
 * operations; the emitter picks the opcode for the mode it runs in: one element in scalar
 * locals (a tail loop, or a whole scalar program), or a v128 of 4 lanes (float32, int32,
 * uint32) or 2 lanes (float64). Bools are 0/1 in scalar mode and all-ones/all-zeros lane
 * masks of the group's lane width in vector mode. Every operation has the exact semantics of
 * the JavaScript `element` form followed by the store to the output dtype, so wasm loops and
 * kernels agree bit for bit.
 * @module
 */
import type { DType } from "../../tensor/dtype";
import { type Code, op, simd, valType, type ValType } from "../../tensor/kernels/wasm/encoder";
import type { VectorMathFn } from "../../tensor/kernels/wasm/vector-math";

/** The JavaScript `Math` functions a lowering may call per lane (the exact path: V8 runs the same fdlibm code as for `Math.*`). */
export type MathFunction =
  | "exp"
  | "expm1"
  | "log"
  | "log1p"
  | "tanh"
  | "sin"
  | "cos"
  | "tan"
  | "asin"
  | "acos"
  | "atan"
  | "sinh"
  | "cosh"
  | "asinh"
  | "acosh"
  | "atanh"
  | "log2"
  | "log10"
  | "cbrt"
  | "pow"
  | "atan2";

/**
 * The `Math` functions V8 calls straight from wasm (an imported builtin becomes a direct call
 * of its C++ code, no JavaScript frame). Others cost a full JavaScript call per lane, more
 * than a JavaScript loop spends, so loops over lanes decline them.
 */
const directImports: ReadonlySet<MathFunction> = new Set<MathFunction>(["exp", "log", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "pow"]);

/** The `Math` functions of two arguments. */
const binaryMath: ReadonlySet<MathFunction> = new Set<MathFunction>(["pow", "atan2"]);

/** How many arguments `Math[fn]` takes. */
export const mathArity = (fn: MathFunction): 1 | 2 => (binaryMath.has(fn) ? 2 : 1);

/** Lane operations. Comparisons take operands of the given dtype and give bools; `select` pops (a, b, condition). */
export type LaneOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "neg"
  | "abs"
  | "sqrt"
  | "floor"
  | "ceil"
  | "trunc"
  | "nearest"
  | "eq"
  | "ne"
  | "lt"
  | "gt"
  | "le"
  | "ge"
  | "and"
  | "or"
  | "xor"
  | "not"
  | "select";

/** Thrown by the emitter for an operation it has no code for in its mode; the compiler then keeps the JavaScript loop. */
export class Unlowerable extends Error {}

/** Scalar float64 code run once per lane (see {@link Lanes.perLane}). */
export interface ScalarF64 {
  readonly code: Code;
  /** The operands, as float64 locals. */
  readonly args: readonly number[];
  /** Calls `Math[fn]` on the float64 values on the stack. */
  math(fn: MathFunction): void;
}

/** The emitter a lowering writes to. Methods push onto (and pop from) the wasm value stack. */
export interface Lanes {
  readonly code: Code;
  /** 1 in scalar mode, else the lane count of each v128 value. */
  readonly width: 1 | 2 | 4;
  /** Pushes operand `i`. */
  arg(i: number): void;
  /** Operand `i`'s value when it is a scalar constant of the program (the same in every lane), else undefined. */
  literal(i: number): number | undefined;
  /** A fresh i32 local for this lowering's scratch values (reused by later lowerings). */
  i32Temp(): number;
  /** Pushes `value` as `dtype`, in every lane. */
  constant(value: number, dtype: DType): void;
  /** Applies `operation` to operands of `dtype`. */
  apply(operation: LaneOp, dtype: DType): void;
  /** Converts the top value as the JavaScript form `a` stored into `to` does. */
  convert(from: DType, to: DType): void;
  /** `Math[fn]` on the top value(s) of float `dtype`, computed in float64 and rounded once to `dtype`. */
  math(fn: MathFunction, dtype: DType): void;
  /** Scalar float64 code per lane on the top `arity` values of float `dtype`, its result rounded once to `dtype`. */
  perLane(dtype: DType, arity: number, body: (s: ScalarF64) => void): void;
  /** The vectorised float32 `fn` (the eager kernels' and the JavaScript loops' float32 math) on the top value(s), float32. */
  vectorMath(fn: VectorMathFn): void;
}

/** The scalar value type of `dtype` (bools and both integer dtypes are i32). */
export function scalarType(dtype: DType): ValType {
  return dtype === "float32" ? valType.f32 : dtype === "float64" ? valType.f64 : valType.i32;
}

/** The lane count a value of `dtype` has in vector mode, or 0 for bools (which take the group's). */
export function lanesOf(dtype: DType): 0 | 2 | 4 {
  return dtype === "bool" ? 0 : dtype === "float64" ? 2 : 4;
}

type Table = Partial<Record<LaneOp, number>>;

/** The 32-bit integer operations that do not depend on the sign (bools use the bitwise ones and the comparisons). */
const scalarI32Bits: Table = { eq: op.i32Eq, ne: op.i32Ne, and: op.i32And, or: op.i32Or, xor: op.i32Xor, select: op.select };
const scalarI32Common: Table = { add: op.i32Add, sub: op.i32Sub, mul: op.i32Mul, ...scalarI32Bits };
const scalarI32Signed: Table = { lt: op.i32LtS, gt: op.i32GtS, le: op.i32LeS, ge: op.i32GeS };
const scalarI32Unsigned: Table = { lt: op.i32LtU, gt: op.i32GtU, le: op.i32LeU, ge: op.i32GeU };
const vectorI32Common: Table = {
  add: simd.i32x4Add,
  sub: simd.i32x4Sub,
  mul: simd.i32x4Mul,
  neg: simd.i32x4Neg,
  eq: simd.i32x4Eq,
  ne: simd.i32x4Ne,
  and: simd.v128And,
  or: simd.v128Or,
  xor: simd.v128Xor,
  not: simd.v128Not,
  select: simd.v128Bitselect,
};
const vectorI32Signed: Table = { lt: simd.i32x4LtS, gt: simd.i32x4GtS, le: simd.i32x4LeS, ge: simd.i32x4GeS };
const vectorI32Unsigned: Table = { lt: simd.i32x4LtU, gt: simd.i32x4GtU, le: simd.i32x4LeU, ge: simd.i32x4GeU };

const scalarOps: Record<DType, Table> = {
  float32: {
    add: op.f32Add,
    sub: op.f32Sub,
    mul: op.f32Mul,
    div: op.f32Div,
    neg: op.f32Neg,
    abs: op.f32Abs,
    sqrt: op.f32Sqrt,
    floor: op.f32Floor,
    ceil: op.f32Ceil,
    trunc: op.f32Trunc,
    nearest: op.f32Nearest,
    eq: op.f32Eq,
    ne: op.f32Ne,
    lt: op.f32Lt,
    gt: op.f32Gt,
    le: op.f32Le,
    ge: op.f32Ge,
    select: op.select,
  },
  float64: {
    add: op.f64Add,
    sub: op.f64Sub,
    mul: op.f64Mul,
    div: op.f64Div,
    neg: op.f64Neg,
    abs: op.f64Abs,
    sqrt: op.f64Sqrt,
    floor: op.f64Floor,
    ceil: op.f64Ceil,
    trunc: op.f64Trunc,
    nearest: op.f64Nearest,
    eq: op.f64Eq,
    ne: op.f64Ne,
    lt: op.f64Lt,
    gt: op.f64Gt,
    le: op.f64Le,
    ge: op.f64Ge,
    select: op.select,
  },
  int32: { ...scalarI32Common, ...scalarI32Signed },
  uint32: { ...scalarI32Common, ...scalarI32Unsigned },
  bool: { ...scalarI32Bits, ...scalarI32Unsigned },
};

const vectorOps: Record<DType, Table> = {
  float32: {
    add: simd.f32x4Add,
    sub: simd.f32x4Sub,
    mul: simd.f32x4Mul,
    div: simd.f32x4Div,
    neg: simd.f32x4Neg,
    abs: simd.f32x4Abs,
    sqrt: simd.f32x4Sqrt,
    floor: simd.f32x4Floor,
    ceil: simd.f32x4Ceil,
    trunc: simd.f32x4Trunc,
    nearest: simd.f32x4Nearest,
    eq: simd.f32x4Eq,
    ne: simd.f32x4Ne,
    lt: simd.f32x4Lt,
    gt: simd.f32x4Gt,
    le: simd.f32x4Le,
    ge: simd.f32x4Ge,
    select: simd.v128Bitselect,
  },
  float64: {
    add: simd.f64x2Add,
    sub: simd.f64x2Sub,
    mul: simd.f64x2Mul,
    div: simd.f64x2Div,
    neg: simd.f64x2Neg,
    abs: simd.f64x2Abs,
    sqrt: simd.f64x2Sqrt,
    floor: simd.f64x2Floor,
    ceil: simd.f64x2Ceil,
    trunc: simd.f64x2Trunc,
    nearest: simd.f64x2Nearest,
    eq: simd.f64x2Eq,
    ne: simd.f64x2Ne,
    lt: simd.f64x2Lt,
    gt: simd.f64x2Gt,
    le: simd.f64x2Le,
    ge: simd.f64x2Ge,
    select: simd.v128Bitselect,
  },
  int32: { ...vectorI32Common, ...vectorI32Signed },
  uint32: { ...vectorI32Common, ...vectorI32Unsigned },
  bool: { ne: simd.v128Xor, and: simd.v128And, or: simd.v128Or, xor: simd.v128Xor, not: simd.v128Not, select: simd.v128Bitselect },
};

/** Little-endian bit pattern of a float32 as an unsigned 32-bit integer. */
function f32Bits(v: number): number {
  return new Uint32Array(Float32Array.of(v).buffer)[0];
}

/** Two 32-bit lanes holding the bits of a float64. */
function f64Bits(v: number): [number, number] {
  const w = new Uint32Array(Float64Array.of(v).buffer);
  return [w[0], w[1]];
}

/** The functions of the module being built that lane code calls, by function index. */
export interface LaneFunctions {
  /** The imported `Math[fn]` (float64 → float64, or two float64 for pow and atan2). */
  math(fn: MathFunction): number;
  /**
   * The vectorised float32 `fn` as a function of one v128 (two for pow) returning a v128; with
   * `low`, the same code on lanes 0 and 1 only (for one or two values).
   */
  vectorMath(fn: VectorMathFn, low?: boolean): number;
}

/**
 * The emitter behind {@link Lanes}, writing to `code` and calling `functions`. `pushArg`
 * pushes an operand of the equation being lowered, `literalArg` gives a scalar constant
 * operand's value (both set by the compiler before each lowering).
 */
export class LaneEmitter implements Lanes {
  pushArg: (i: number) => void = () => {
    throw new Unlowerable("no operands");
  };
  literalArg: (i: number) => number | undefined = () => undefined;
  private readonly f64Temps: number[] = [];
  private readonly vTemps: number[] = [];
  private readonly i32Temps: number[] = [];
  private f64Used = 0;
  private vUsed = 0;
  private i32Used = 0;

  constructor(
    readonly code: Code,
    readonly width: 1 | 2 | 4,
    private readonly functions: LaneFunctions,
  ) {}

  /** Frees the temporaries of the previous lowering for reuse. */
  releaseTemps(): void {
    this.f64Used = 0;
    this.vUsed = 0;
    this.i32Used = 0;
  }

  private f64Temp(): number {
    if (this.f64Used === this.f64Temps.length) this.f64Temps.push(this.code.local(valType.f64));
    return this.f64Temps[this.f64Used++];
  }

  private vTemp(): number {
    if (this.vUsed === this.vTemps.length) this.vTemps.push(this.code.local(valType.v128));
    return this.vTemps[this.vUsed++];
  }

  i32Temp(): number {
    if (this.i32Used === this.i32Temps.length) this.i32Temps.push(this.code.local(valType.i32));
    return this.i32Temps[this.i32Used++];
  }

  arg(i: number): void {
    this.pushArg(i);
  }

  literal(i: number): number | undefined {
    return this.literalArg(i);
  }

  constant(value: number, dtype: DType): void {
    const c = this.code;
    switch (dtype) {
      case "float32":
        if (this.width === 1) c.f32Const(value);
        else c.v128Const32([f32Bits(value), f32Bits(value), f32Bits(value), f32Bits(value)]);
        return;
      case "float64": {
        if (this.width === 1) c.f64Const(value);
        else {
          const [lo, hi] = f64Bits(value);
          c.v128Const32([lo, hi, lo, hi]);
        }
        return;
      }
      case "bool": {
        const bit = value !== 0 ? 1 : 0;
        if (this.width === 1) c.i32Const(bit);
        else c.v128Const32(bit === 1 ? [-1, -1, -1, -1] : [0, 0, 0, 0]);
        return;
      }
      default: {
        const v = value | 0;
        if (this.width === 1) c.i32Const(v);
        else c.v128Const32([v, v, v, v]);
      }
    }
  }

  private checkWidth(dtype: DType): void {
    const lanes = lanesOf(dtype);
    if (this.width !== 1 && lanes !== 0 && lanes !== this.width) throw new Unlowerable(`${dtype} in a ${this.width}-lane loop`);
  }

  apply(operation: LaneOp, dtype: DType): void {
    this.checkWidth(dtype);
    const c = this.code;
    if (this.width === 1) {
      if (operation === "neg" && (dtype === "int32" || dtype === "uint32")) {
        // −x mod 2³² is x·(−1) mod 2³².
        c.i32Const(-1).op(op.i32Mul);
        return;
      }
      if (operation === "not") {
        if (dtype === "bool") c.op(op.i32Eqz);
        else if (dtype === "int32" || dtype === "uint32") c.i32Const(-1).op(op.i32Xor);
        else throw new Unlowerable(`not on ${dtype}`);
        return;
      }
      const code = scalarOps[dtype][operation];
      if (code === undefined) throw new Unlowerable(`${operation} on ${dtype}`);
      c.op(code);
      return;
    }
    if (dtype === "bool" && operation === "eq") {
      c.simd(simd.v128Xor).simd(simd.v128Not);
      return;
    }
    const code = vectorOps[dtype][operation];
    if (code === undefined) throw new Unlowerable(`${operation} on ${dtype} lanes`);
    c.simd(code);
  }

  convert(from: DType, to: DType): void {
    const c = this.code;
    if (from === to || ((from === "int32" || from === "uint32") && (to === "int32" || to === "uint32"))) return;
    if (to === "bool" || ((from === "float32" || from === "float64") && to !== "float32" && to !== "float64"))
      throw new Unlowerable(`convert ${from} to ${to}`);
    if (this.width === 1) {
      const table: Partial<Record<DType, Partial<Record<DType, number>>>> = {
        float32: { float64: op.f64PromoteF32 },
        float64: { float32: op.f32DemoteF64 },
        int32: { float32: op.f32ConvertI32S, float64: op.f64ConvertI32S },
        uint32: { float32: op.f32ConvertI32U, float64: op.f64ConvertI32U },
        bool: { float32: op.f32ConvertI32U, float64: op.f64ConvertI32U },
      };
      const code = table[from]?.[to];
      if (code !== undefined) c.op(code);
      return;
    }
    this.checkWidth(from);
    this.checkWidth(to);
    if (from === "bool") {
      // A mask and'ed with one's bits is one or zero.
      this.constant(1, to);
      c.simd(simd.v128And);
      return;
    }
    if (to === "float32") c.simd(from === "int32" ? simd.f32x4ConvertI32x4S : simd.f32x4ConvertI32x4U);
    else throw new Unlowerable(`convert ${from} to ${to} lanes`);
  }

  math(fn: MathFunction, dtype: DType): void {
    const index = this.functions.math(fn);
    this.perLane(dtype, mathArity(fn), (s) => {
      for (const a of s.args) s.code.localGet(a);
      s.code.call(index);
    });
  }

  vectorMath(fn: VectorMathFn): void {
    const c = this.code;
    if (this.width === 4) {
      c.call(this.functions.vectorMath(fn));
      return;
    }
    if (this.width !== 1) throw new Unlowerable(`float32 math in a ${this.width}-lane loop`);
    // One element: splat it, run the lane code on the low lanes, keep lane 0 (the lanes are independent).
    if (fn === "pow") {
      const exponent = this.vTemp();
      c.simd(simd.f32x4Splat).localSet(exponent).simd(simd.f32x4Splat).localGet(exponent);
    } else c.simd(simd.f32x4Splat);
    c.call(this.functions.vectorMath(fn, true)).extractLane(simd.f32x4ExtractLane, 0);
  }

  perLane(dtype: DType, arity: number, body: (s: ScalarF64) => void): void {
    if (dtype !== "float32" && dtype !== "float64") throw new Unlowerable(`per-lane float code on ${dtype}`);
    this.checkWidth(dtype);
    const c = this.code;
    const f32 = dtype === "float32";
    const args = Array.from({ length: arity }, () => this.f64Temp());
    const scalar: ScalarF64 = {
      code: c,
      args,
      math: (fn) => {
        c.call(this.functions.math(fn));
      },
    };
    if (this.width === 1) {
      for (let k = arity - 1; k >= 0; k--) {
        if (f32) c.op(op.f64PromoteF32);
        c.localSet(args[k]);
      }
      body(scalar);
      if (f32) c.op(op.f32DemoteF64);
      return;
    }
    const vectors = Array.from({ length: arity }, () => this.vTemp());
    for (let k = arity - 1; k >= 0; k--) c.localSet(vectors[k]);
    for (let lane = 0; lane < this.width; lane++) {
      vectors.forEach((v, k) => {
        c.localGet(v).extractLane(f32 ? simd.f32x4ExtractLane : simd.f64x2ExtractLane, lane);
        if (f32) c.op(op.f64PromoteF32);
        c.localSet(args[k]);
      });
      body(scalar);
      if (f32) c.op(op.f32DemoteF64);
      if (lane === 0) c.simd(f32 ? simd.f32x4Splat : simd.f64x2Splat);
      else c.extractLane(f32 ? simd.f32x4ReplaceLane : simd.f64x2ReplaceLane, lane);
    }
  }
}

/** The dtypes a lowering works on (the operands' and the output's). */
export interface LaneDTypes {
  readonly out: DType;
  readonly inputs: readonly DType[];
}

/**
 * Emits one element's value (or a v128 of lanes) into `lanes` and returns true, or returns
 * false, having emitted nothing, where its dtypes or params have no such code (the fused
 * group then keeps its JavaScript loop). The emitter throws {@link Unlowerable} for an
 * operation its mode lacks, with the same effect.
 */
export type VectorElement = (lanes: Lanes, params: Readonly<Record<string, unknown>>, dtypes: LaneDTypes) => boolean;

const isFloatDType = (dtype: DType): boolean => dtype === "float32" || dtype === "float64";

/**
 * The lowering of an operation on all operands, of the output's dtype (of the first
 * operand's for comparisons, whose output is bool).
 * @example const addLanes = laneOp("add"); // a + b in every lane
 */
export function laneOp(operation: LaneOp): VectorElement {
  return (lanes, _params, { out, inputs }) => {
    for (let i = 0; i < inputs.length; i++) lanes.arg(i);
    lanes.apply(operation, inputs[0] ?? out);
    return true;
  };
}

/**
 * The lowering of `Math[fn]` on float operands (computed in float64, rounded once to the
 * output dtype, as the JavaScript form stored into the output does). Loops over lanes take
 * only the functions V8 calls directly; a scalar program takes all.
 * @example const sinLanes = laneMath("sin");
 */
export function laneMath(fn: MathFunction): VectorElement {
  return (lanes, _params, { out, inputs }) => {
    if (!isFloatDType(out) || (lanes.width !== 1 && !directImports.has(fn))) return false;
    for (let i = 0; i < inputs.length; i++) lanes.arg(i);
    lanes.math(fn, out);
    return true;
  };
}

/**
 * The lowering of a vectorised function: float32 through {@link Lanes.vectorMath} (the same
 * code as the eager kernel, bit for bit), float64 through `float64` (per-lane `Math` calls).
 * @example const tanhLanes = laneVectorMath("tanh", laneMath("tanh"));
 */
export function laneVectorMath(fn: VectorMathFn, float64: VectorElement): VectorElement {
  return (lanes, params, dtypes) => {
    if (dtypes.out !== "float32") return float64(lanes, params, dtypes);
    for (let i = 0; i < dtypes.inputs.length; i++) lanes.arg(i);
    lanes.vectorMath(fn);
    return true;
  };
}

/**
 * The lowering of `max` (`wins` = "gt") or `min` ("lt") as their JavaScript forms pick: `a`
 * where `a` wins the comparison or is NaN, else `b` (so NaN propagates and max(0, −0) is −0).
 * @example const maxLanes = lanePick("gt");
 */
export function lanePick(wins: "gt" | "lt"): VectorElement {
  return (lanes, _p, { out }) => {
    lanes.arg(0);
    lanes.arg(1);
    lanes.arg(0);
    lanes.arg(1);
    lanes.apply(wins, out);
    lanes.arg(0);
    lanes.arg(0);
    lanes.apply("ne", out);
    lanes.apply("or", "bool");
    lanes.apply("select", out);
    return true;
  };
}

/** The lowering of `sign`: 1 where a > 0, −1 where a < 0, else a itself (keeping −0 and NaN). */
export const laneSign: VectorElement = (lanes, _p, { out }) => {
  lanes.constant(1, out);
  lanes.constant(-1, out);
  lanes.arg(0);
  lanes.arg(0);
  lanes.constant(0, out);
  lanes.apply("lt", out);
  lanes.apply("select", out);
  lanes.arg(0);
  lanes.constant(0, out);
  lanes.apply("gt", out);
  lanes.apply("select", out);
  return true;
};

/** The lowering of `select(cond, a, b)`: `a` where the bool `cond` is true, else `b`. */
export const laneSelect: VectorElement = (lanes, _p, { out }) => {
  lanes.arg(1);
  lanes.arg(2);
  lanes.arg(0);
  lanes.apply("select", out);
  return true;
};

/** The lowering of an operation that passes its operand through unchanged (reshape, broadcast of a scalar, the gradient barrier). */
export const laneIdentity: VectorElement = (lanes) => {
  lanes.arg(0);
  return true;
};
