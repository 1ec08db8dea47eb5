import { bitwiseKernel, bitwiseNotKernel, type BitwiseOp } from "../../tensor/kernels/bitwise";
import { broadcastShapes, showShape } from "../../tensor/shape";
import type { Aval, Empty, PrimitiveParams, PrimitiveRule } from "../primitive";
import { elementwise } from "../batching";
import { arg, arity, wrap } from "./common";
import { laneOp, type Lanes, type VectorElement } from "../compile/lanes";
import { op as wasmOp, simd, valType } from "../../tensor/kernels/wasm/encoder";

/** The public op of each bitwise operation, for messages. */
const bitwiseOpNames: Readonly<Record<BitwiseOp, string>> = {
  and: "bitwiseAnd",
  or: "bitwiseOr",
  xor: "bitwiseXor",
  shiftLeft: "shiftLeft",
  shiftRightLogical: "shiftRightLogical",
  shiftRightArithmetic: "shiftRightArithmetic",
};

/** True when `op` also takes bool operands (the logical operations). */
const takesBool = (op: BitwiseOp | "not"): boolean => op === "and" || op === "or" || op === "xor" || op === "not";

/** Throws unless the operands' dtype suits `op`: int32 or uint32, and bool for and/or/xor/not. */
function checkBitsDType(name: string, op: BitwiseOp | "not", inputs: readonly Aval[]): void {
  const dtype = inputs[0].dtype;
  const ok = dtype === "int32" || dtype === "uint32" || (dtype === "bool" && takesBool(op));
  const same = inputs.every((x) => x.dtype === dtype);
  if (!ok || !same) {
    const allowed = takesBool(op) ? "int32, uint32 or bool" : "int32 or uint32";
    const got = inputs.map((x) => `${x.dtype} ${showShape(x.shape)}`).join(" and ");
    throw new Error(`${name}: operands must be ${allowed}${inputs.length > 1 ? ", both of one dtype" : ""}; got ${got}`);
  }
}

/** The shift operations (the bitwise operations other than and/or/xor). */
type ShiftOp = "shiftLeft" | "shiftRightLogical" | "shiftRightArithmetic";

/**
 * One 32-bit shift of the value `pushA` pushes by the count `pushB` pushes (twice, so it must
 * be free of side effects): counts of 32 or more (as unsigned) give 0 (logical) or the sign
 * (arithmetic, count capped at 31), as the JavaScript forms do.
 */
function scalarShift(lanes: Lanes, op: ShiftOp, pushA: () => void, pushB: () => void): void {
  const { code } = lanes;
  pushA();
  if (op === "shiftRightArithmetic") {
    pushB();
    code.i32Const(31);
    pushB();
    code.i32Const(31).op(wasmOp.i32LtU).op(wasmOp.select).op(wasmOp.i32ShrS);
    return;
  }
  pushB();
  code.op(op === "shiftLeft" ? wasmOp.i32Shl : wasmOp.i32ShrU).i32Const(0);
  pushB();
  code.i32Const(32).op(wasmOp.i32LtU).op(wasmOp.select);
}

const vectorShifts: Readonly<Record<ShiftOp, number>> = { shiftLeft: simd.i32x4Shl, shiftRightLogical: simd.i32x4ShrU, shiftRightArithmetic: simd.i32x4ShrS };

/**
 * Shifts in wasm: one instruction per element in scalar code; over lanes, one SIMD shift when
 * the count is a constant (SIMD shifts take one count for all lanes, modulo 32, so counts of
 * 32 or more are settled here), else lane by lane with the scalar code.
 */
const shiftLanes: VectorElement = (lanes, params) => {
  const op = params.op as ShiftOp;
  const { code } = lanes;
  if (lanes.width === 1) {
    scalarShift(
      lanes,
      op,
      () => lanes.arg(0),
      () => lanes.arg(1),
    );
    return true;
  }
  if (lanes.width !== 4) return false;
  const count = lanes.literal(1);
  if (count !== undefined) {
    const c = count >>> 0;
    if (op !== "shiftRightArithmetic" && c >= 32) {
      code.v128Const32([0, 0, 0, 0]);
      return true;
    }
    lanes.arg(0);
    code.i32Const(Math.min(c, 31)).simd(vectorShifts[op]);
    return true;
  }
  const [a, b] = [code.local(valType.v128), code.local(valType.v128)];
  const bLane = lanes.i32Temp();
  lanes.arg(1);
  code.localSet(b);
  lanes.arg(0);
  code.localSet(a);
  for (let lane = 0; lane < 4; lane++) {
    code.localGet(b).extractLane(simd.i32x4ExtractLane, lane).localSet(bLane);
    scalarShift(
      lanes,
      op,
      () => code.localGet(a).extractLane(simd.i32x4ExtractLane, lane),
      () => code.localGet(bLane),
    );
    if (lane === 0) code.simd(simd.i32x4Splat);
    else code.extractLane(simd.i32x4ReplaceLane, lane);
  }
  return true;
};

const bitwise: PrimitiveRule<PrimitiveParams["bitwise"]> = {
  abstractEval(inputs, { op }) {
    const name: string | undefined = bitwiseOpNames[op];
    if (name === undefined) throw new Error(`bitwise: unknown op ${JSON.stringify(op)}`);
    arity(name, inputs, 2);
    checkBitsDType(name, op, inputs);
    return { shape: broadcastShapes(name, inputs[0].shape, inputs[1].shape), dtype: inputs[0].dtype };
  },
  impl: (inputs, { op }, out) => wrap(bitwiseKernel(op, arg(inputs, 0), inputs[0].shape, arg(inputs, 1), inputs[1].shape, out.shape, out.dtype), out),
  // Integer and bool values carry no derivative.
  jvp: () => null,
  vjp: () => [null, null],
  batch: elementwise,
  element: ([a, b], { op }) => {
    switch (op as BitwiseOp) {
      case "and":
        return `(${a} & ${b})`;
      case "or":
        return `(${a} | ${b})`;
      case "xor":
        return `(${a} ^ ${b})`;
      case "shiftLeft":
        return `(${b} >>> 0 < 32 ? ${a} << ${b} : 0)`;
      case "shiftRightLogical":
        return `(${b} >>> 0 < 32 ? ${a} >>> ${b} : 0)`;
      case "shiftRightArithmetic":
        return `(${a} >> Math.min(${b} >>> 0, 31))`;
    }
  },
  vectorElement: (lanes, params, dtypes) => {
    const op = params.op as BitwiseOp;
    return op === "and" || op === "or" || op === "xor" ? laneOp(op)(lanes, params, dtypes) : shiftLanes(lanes, params, dtypes);
  },
};

const bitwiseNot: PrimitiveRule<Empty> = {
  abstractEval(inputs) {
    arity("bitwiseNot", inputs, 1);
    checkBitsDType("bitwiseNot", "not", inputs);
    return inputs[0];
  },
  impl: (inputs, _p, out) => wrap(bitwiseNotKernel(arg(inputs, 0), out.dtype), out),
  jvp: () => null,
  vjp: () => [null],
  batch: elementwise,
  element: ([a], _p, { out }) => (out === "bool" ? `(${a} === 0 ? 1 : 0)` : `(~${a})`),
  vectorElement: laneOp("not"),
};

/**
 * Bitwise primitives on the 32 bits of int32/uint32 elements (and/or/xor/not also on
 * bools): the integer mixing that counter-based random numbers (Threefry) are built from.
 * Not differentiable: their tangents and cotangents are symbolic zeros.
 */
export const bitwiseRules = { bitwise, bitwiseNot };

declare module "../primitive" {
  interface PrimitiveParams {
    bitwise: { readonly op: BitwiseOp };
    bitwiseNot: Empty;
  }
}
