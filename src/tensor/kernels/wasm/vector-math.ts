/**
 * Vectorised float32 `exp`, `expm1`, `log`, `log1p`, `tanh`, `sigmoid`, `sin`, `cos` and `pow`
 * emitted as WebAssembly SIMD into a function body under construction. Each f32x4 is split
 * into two f64x2 halves, computed in float64 and rounded once to float32 (see
 * `../vector-math-constants.ts`); `../vector-math-scalar.ts` mirrors every step in JavaScript,
 * so the two agree bit for bit.
 * @module
 */
import { type Code, simd, op, valType, uleb } from "./encoder";
import {
  COS_C,
  EXP_CLAMP,
  EXPM1_OVER_R,
  INV_PIO2,
  LN2,
  LN2_HI,
  LN2_LO,
  LOG2E,
  LOG_L,
  MAGIC,
  PIO2_1,
  PIO2_1T,
  SIN_S,
  SQRT_HALF_HIGH_WORD,
  TRIG_REDUCTION_LIMIT,
  type VectorMathFn,
} from "../vector-math-constants";

export type { VectorMathFn } from "../vector-math-constants";

/** The `Math` functions (float64 → float64) a vector math emission may call for rare lanes. */
export type ImportedMathName = "sin" | "cos";

/** Every name {@link emitVectorMath} may pass to `importedMath`: a module builder imports these. */
export const vectorMathImports: readonly ImportedMathName[] = ["sin", "cos"];

/**
 * Where {@link emitVectorMath} writes: the function body (it declares its temporaries there
 * with `code.local(valType.v128)`), and the function index of an imported JavaScript
 * `Math.<name>` (type f64 → f64), which `sin` and `cos` call for lanes with |x| ≥ 4.2e8
 * (and NaN, ±∞).
 */
export interface VectorMathContext {
  readonly code: Code;
  importedMath(name: ImportedMathName): number;
}

/**
 * Emits `fn` on float32 lanes: consumes one v128 (f32x4) from the wasm stack — two for `pow`,
 * base pushed first, then exponent — and leaves the f32x4 result. The lanes equal the
 * JavaScript mirror (`float32Math` in `vector-math-scalar.ts`) bit for bit (NaN payloads aside)
 * and are within one float32 ulp of the correctly rounded value; `sin`/`cos` call
 * `importedMath` only inside a cold branch.
 * @example
 * const code = new Code(1).localGet(0); // an f32x4 parameter on the stack
 * emitVectorMath({ code, importedMath: (n) => vectorMathImports.indexOf(n) }, "exp", "float32");
 * // the stack now holds exp of the four lanes
 */
export function emitVectorMath(ctx: VectorMathContext, fn: VectorMathFn, dtype: "float32"): void {
  if (dtype !== "float32") throw new Error(`emitVectorMath: only float32 is vectorised, got ${String(dtype)}`);
  const v = new Lanes(ctx.code);
  if (fn === "pow") {
    const exponent = v.pop();
    const base = v.pop();
    const [b0, b1] = v.halves(base);
    const [e0, e1] = v.halves(exponent);
    v.joinDemoted(powCore(v, b0, e0), powCore(v, b1, e1));
    return;
  }
  const [x0, x1] = v.halves(v.pop());
  const core = unaryCores[fn];
  v.joinDemoted(core(v, x0, ctx), core(v, x1, ctx));
}

/**
 * {@link emitVectorMath} on the low two lanes only, for one or two values: consumes one f32x4
 * (two for `pow`) and leaves an f32x4 whose lanes 0 and 1 are `fn` of the operands' lanes 0
 * and 1 (lanes 2 and 3 are zero). Each lane runs the very instructions of the four-lane code
 * (the lanes are independent), at half the work.
 * @example
 * const code = new Code(1).localGet(0).simd(simd.f32x4Splat); // one f32 parameter, splat
 * emitVectorMathLow({ code, importedMath: (n) => vectorMathImports.indexOf(n) }, "sin");
 * code.extractLane(simd.f32x4ExtractLane, 0); // sin of the parameter
 */
export function emitVectorMathLow(ctx: VectorMathContext, fn: VectorMathFn): void {
  const v = new Lanes(ctx.code);
  if (fn === "pow") {
    const exponent = v.op(simd.f64x2PromoteLowF32x4, v.pop());
    const base = v.op(simd.f64x2PromoteLowF32x4, v.pop());
    v.push(powCore(v, base, exponent));
  } else v.push(unaryCores[fn](v, v.op(simd.f64x2PromoteLowF32x4, v.pop()), ctx));
  ctx.code.simd(simd.f32x4DemoteF64x2Zero);
}

/** A float64 constant splatted over both lanes, or a 64-bit pattern in both lanes. */
type Constant = { readonly f64: number } | { readonly bits: bigint };
/** A v128 local, or a constant. */
type Operand = number | Constant;

const f64 = (value: number): Constant => ({ f64: value });
const bits = (value: bigint): Constant => ({ bits: value });

const SIGN_BIT = bits(0x8000000000000000n);
const EXPONENT_FIELD = bits(0xfff0000000000000n);

/** Three-address f64x2 / i64x2 operations on v128 locals, each result in a fresh local. */
class Lanes {
  constructor(readonly code: Code) {}

  /** Pops the stack top into a fresh local. */
  pop(): number {
    const local = this.code.local(valType.v128);
    this.code.localSet(local);
    return local;
  }

  push(a: Operand): void {
    if (typeof a === "number") {
      this.code.localGet(a);
      return;
    }
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    for (const at of [0, 8]) {
      if ("f64" in a) view.setFloat64(at, a.f64, true);
      else view.setBigUint64(at, a.bits, true);
    }
    this.code.raw(0xfd, ...uleb(simd.v128Const), ...bytes);
  }

  /** `opcode` applied to the operands, into a fresh local. */
  op(opcode: number, ...args: Operand[]): number {
    for (const a of args) this.push(a);
    this.code.simd(opcode);
    return this.pop();
  }

  add = (a: Operand, b: Operand): number => this.op(simd.f64x2Add, a, b);
  sub = (a: Operand, b: Operand): number => this.op(simd.f64x2Sub, a, b);
  mul = (a: Operand, b: Operand): number => this.op(simd.f64x2Mul, a, b);
  div = (a: Operand, b: Operand): number => this.op(simd.f64x2Div, a, b);

  /** `mask ? a : b` lane-wise. */
  select(a: Operand, b: Operand, mask: Operand): number {
    return this.op(simd.v128Bitselect, a, b, mask);
  }

  /** A lane-wise shift by a constant count. */
  shift(opcode: number, a: Operand, count: number): number {
    this.push(a);
    this.code.i32Const(count).simd(opcode);
    return this.pop();
  }

  /** c[0] + r·(c[1] + r·(…)), each step a multiply then an add. */
  horner(r: Operand, c: readonly number[]): number {
    let p: Operand = f64(c[c.length - 1]);
    for (let i = c.length - 2; i >= 0; i--) p = this.add(this.mul(p, r), f64(c[i]));
    return p as number;
  }

  /** The two f64x2 halves (lanes 0–1 and 2–3) of an f32x4 local. */
  halves(x: number): [number, number] {
    const low = this.op(simd.f64x2PromoteLowF32x4, x);
    this.push(x);
    this.push(x);
    this.code.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]);
    this.code.simd(simd.f64x2PromoteLowF32x4);
    return [low, this.pop()];
  }

  /** Pushes the f32x4 of both halves rounded to float32. */
  joinDemoted(low: number, high: number): void {
    this.push(low);
    this.code.simd(simd.f32x4DemoteF64x2Zero);
    this.push(high);
    this.code.simd(simd.f32x4DemoteF64x2Zero);
    this.code.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
  }
}

/** The pieces of e^x = (1 + r·q)·2^k after the reduction x = k·ln2 + r (x clamped to ±EXP_CLAMP). */
function expParts(v: Lanes, x: number): { r: number; q: number; scale: number } {
  const clamped = v.op(simd.f64x2Pmin, v.op(simd.f64x2Pmax, x, f64(-EXP_CLAMP)), f64(EXP_CLAMP));
  const t = v.add(v.mul(clamped, f64(LOG2E)), f64(MAGIC));
  const k = v.sub(t, f64(MAGIC));
  const r = v.sub(v.sub(clamped, v.mul(k, f64(LN2_HI))), v.mul(k, f64(LN2_LO)));
  const q = v.horner(r, EXPM1_OVER_R);
  // 2^k: the integer k sits in t's low bits; add the exponent bias and shift it into place.
  const scale = v.shift(simd.i64x2Shl, v.op(simd.i64x2Add, t, bits(1023n)), 52);
  return { r, q, scale };
}

function expCore(v: Lanes, x: number): number {
  const { r, q, scale } = expParts(v, x);
  return v.mul(v.add(v.mul(r, q), f64(1)), scale);
}

/** expm1 without the −0 fix-up: 2^k·(r·q) + (2^k − 1). */
function expm1Raw(v: Lanes, x: number): number {
  const { r, q, scale } = expParts(v, x);
  return v.add(v.mul(v.mul(r, q), scale), v.sub(scale, f64(1)));
}

/** `x == 0 ? x : y`: keeps the sign of zero for odd functions. */
function keepZero(v: Lanes, x: number, y: number): number {
  return v.select(x, y, v.op(simd.f64x2Eq, x, f64(0)));
}

/** log x for 0 < x < ∞: x = 2^k·z, z ∈ [√½, √2), log z = 2s + s·s²·L(s²) with s = (z−1)/(z+1). */
function logCore(v: Lanes, x: number): number {
  const tmp = v.op(simd.i64x2Sub, x, bits(BigInt(SQRT_HALF_HIGH_WORD) << 32n));
  const kWide = v.shift(simd.i64x2ShrS, tmp, 52);
  // The low 32-bit word of each 64-bit lane into i32 lanes 0 and 1, then to float64.
  v.push(kWide);
  v.push(kWide);
  v.code.shuffle([0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11]);
  v.code.simd(simd.f64x2ConvertLowI32x4S);
  const k = v.pop();
  const z = v.op(simd.i64x2Sub, x, v.op(simd.v128And, tmp, EXPONENT_FIELD));
  const f = v.sub(z, f64(1));
  const s = v.div(f, v.add(f, f64(2)));
  const s2 = v.mul(s, s);
  const logZ = v.add(v.add(s, s), v.mul(v.mul(s, s2), v.horner(s2, LOG_L)));
  return v.add(v.mul(k, f64(LN2)), logZ);
}

/** log with its special values: x > 0 ? (x == ∞ ? ∞ : core) : (x == 0 ? −∞ : NaN), where `core` = logCore(arg). */
function logSpecials(v: Lanes, x: number, core: number): number {
  const nonPositive = v.select(f64(-Infinity), f64(NaN), v.op(simd.f64x2Eq, x, f64(0)));
  const finite = v.select(core, nonPositive, v.op(simd.f64x2Gt, x, f64(0)));
  return v.select(f64(Infinity), finite, v.op(simd.f64x2Eq, x, f64(Infinity)));
}

function logFn(v: Lanes, x: number): number {
  return logSpecials(v, x, logCore(v, x));
}

/** log1p x = log u + (x − (u − 1))/u with u = 1 + x rounded (the quotient corrects that rounding). */
function log1pFn(v: Lanes, x: number): number {
  const u = v.add(x, f64(1));
  const correction = v.sub(x, v.sub(u, f64(1)));
  const core = v.add(logCore(v, u), v.div(correction, u));
  return keepZero(v, x, logSpecials(v, u, core));
}

/** tanh x = expm1(2x)/(expm1(2x) + 2). */
function tanhFn(v: Lanes, x: number): number {
  const e = expm1Raw(v, v.add(x, x));
  return keepZero(v, x, v.div(e, v.add(e, f64(2))));
}

/** sigmoid x = 1/(1 + e^−x). */
function sigmoidFn(v: Lanes, x: number): number {
  return v.div(f64(1), v.add(f64(1), expCore(v, v.op(simd.f64x2Neg, x))));
}

/** sin (quadrantShift 0) or cos (1): x = k·π/2 + r, then ±sin r or ±cos r by k + quadrantShift mod 4; huge lanes call Math. */
function trigFn(v: Lanes, x: number, ctx: VectorMathContext, name: ImportedMathName): number {
  const t = v.add(v.mul(x, f64(INV_PIO2)), f64(MAGIC));
  const k = v.sub(t, f64(MAGIC));
  const r = v.sub(v.sub(x, v.mul(k, f64(PIO2_1))), v.mul(k, f64(PIO2_1T)));
  const z = v.mul(r, r);
  const w = v.mul(z, z);
  const s = v.mul(z, r);
  const sinR = v.add(v.add(r, v.mul(s, v.add(f64(SIN_S[0]), v.mul(z, f64(SIN_S[1]))))), v.mul(v.mul(s, w), v.add(f64(SIN_S[2]), v.mul(z, f64(SIN_S[3])))));
  const cosR = v.add(v.add(v.add(f64(1), v.mul(z, f64(COS_C[0]))), v.mul(w, f64(COS_C[1]))), v.mul(v.mul(w, z), v.add(f64(COS_C[2]), v.mul(z, f64(COS_C[3])))));
  // The quadrant n (k + 1 for cos) is in t's low bits: bit 0 swaps sin r and cos r, bit 1 negates.
  const quadrant = name === "cos" ? v.op(simd.i64x2Add, t, bits(1n)) : t;
  const swap = v.shift(simd.i64x2ShrS, v.shift(simd.i64x2Shl, quadrant, 63), 63);
  const negate = v.op(simd.v128And, v.shift(simd.i64x2Shl, quadrant, 62), SIGN_BIT);
  const reduced = v.op(simd.v128Xor, v.select(cosR, sinR, swap), negate);
  const result = name === "sin" ? keepZero(v, x, reduced) : reduced;
  // Cold path: lanes with |x| ≥ the reduction limit (or NaN) take Math.sin / Math.cos.
  const ax = v.op(simd.f64x2Abs, x);
  const code = v.code;
  v.push(ax);
  v.push(f64(TRIG_REDUCTION_LIMIT));
  code.simd(simd.f64x2Lt).simd(simd.v128Not).simd(simd.v128AnyTrue).if();
  for (const lane of [0, 1]) {
    code.localGet(ax).extractLane(simd.f64x2ExtractLane, lane).f64Const(TRIG_REDUCTION_LIMIT).op(op.f64Lt).op(op.i32Eqz).if();
    code.localGet(result).localGet(x).extractLane(simd.f64x2ExtractLane, lane).call(ctx.importedMath(name));
    code.extractLane(simd.f64x2ReplaceLane, lane).localSet(result).end();
  }
  code.end();
  return result;
}

/**
 * JavaScript's `Math.pow` on float64 lanes: e^(b·log|a|), then its special cases — NaN for a
 * finite negative base and a non-integer exponent, a negative result for a negative base
 * (or −0, −∞) and an odd integer exponent, and 1 for a zero exponent.
 */
function powCore(v: Lanes, a: number, b: number): number {
  const absA = v.op(simd.f64x2Abs, a);
  const y = v.mul(b, logSpecials(v, absA, logCore(v, absA)));
  const magnitude = expCore(v, y);
  const integer = v.op(simd.f64x2Eq, b, v.op(simd.f64x2Trunc, b));
  const half = v.mul(b, f64(0.5));
  const odd = v.op(simd.v128AndNot, integer, v.op(simd.f64x2Eq, half, v.op(simd.f64x2Trunc, half)));
  const finiteNegative = v.op(simd.v128And, v.op(simd.f64x2Lt, a, f64(0)), v.op(simd.f64x2Ne, a, f64(-Infinity)));
  const undefinedPower = v.op(simd.v128AndNot, finiteNegative, integer);
  const negate = v.op(simd.v128And, v.op(simd.v128And, a, SIGN_BIT), odd);
  const signed = v.select(f64(NaN), v.op(simd.v128Xor, magnitude, negate), undefinedPower);
  return v.select(f64(1), signed, v.op(simd.f64x2Eq, b, f64(0)));
}

type UnaryCore = (v: Lanes, x: number, ctx: VectorMathContext) => number;

const unaryCores: Record<Exclude<VectorMathFn, "pow">, UnaryCore> = {
  exp: expCore,
  expm1: (v, x) => keepZero(v, x, expm1Raw(v, x)),
  log: logFn,
  log1p: log1pFn,
  tanh: tanhFn,
  sigmoid: sigmoidFn,
  sin: (v, x, ctx) => trigFn(v, x, ctx, "sin"),
  cos: (v, x, ctx) => trigFn(v, x, ctx, "cos"),
};
