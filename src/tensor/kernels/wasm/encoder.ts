/**
 * A tiny WebAssembly binary encoder: LEB128, the module sections we need (type, import of one
 * memory, function, export, code) and a fluent builder for function bodies covering the scalar
 * and fixed-width SIMD opcodes our kernels use. It knows nothing about matmul.
 */

/** A WebAssembly value type, as its binary code. */
export type ValType = 0x7f | 0x7e | 0x7d | 0x7c | 0x7b;

/** The value types by name. */
export const valType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

/**
 * Unsigned LEB128 of a non-negative integer below 2^53.
 * @example uleb(624485) // [0xe5, 0x8e, 0x26]
 */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`uleb: ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/**
 * Signed LEB128 of an integer in the 32-bit range (as `i32.const` wants it).
 * @example sleb(-123456) // [0xc0, 0xbb, 0x78]
 */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value)) throw new RangeError(`sleb: ${value}`);
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/**
 * A name as WebAssembly stores it: byte length then UTF-8 bytes.
 * @example name("env") // [3, 0x65, 0x6e, 0x76]
 */
export function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A vector: its element count then the concatenated elements.
 * @example vec([[1], [2, 3]]) // [2, 1, 2, 3]
 */
export function vec(items: readonly (readonly number[])[]): number[] {
  const out = uleb(items.length);
  for (const item of items) out.push(...item);
  return out;
}

/**
 * A section: its id, payload byte length, payload.
 * @example section(1, [0]) // [1, 1, 0]
 */
export function section(id: number, payload: readonly number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

/** A function signature. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** One function to put in a module: its signature, extra locals, body bytes, optional export name. */
export interface FunctionDef {
  readonly type: FuncType;
  readonly locals: readonly ValType[];
  readonly body: readonly number[];
  readonly exportName?: string;
}

/** A linear memory imported from the host. `maximum` is required when `shared`. */
export interface MemoryImport {
  readonly module: string;
  readonly field: string;
  readonly initial: number;
  readonly maximum?: number;
  readonly shared: boolean;
}

/** A function imported from the host (for example `Math.sin`); imports take the first function indices. */
export interface FunctionImport {
  readonly module: string;
  readonly field: string;
  readonly type: FuncType;
}

/** Everything a module built by {@link encodeModule} may hold. */
export interface ModuleDef {
  readonly memory?: MemoryImport;
  /** Imported functions: indices 0 … n−1, so the first defined function has index n. */
  readonly functionImports?: readonly FunctionImport[];
  readonly functions: readonly FunctionDef[];
}

function typeKey(t: FuncType): string {
  return `${t.params.join(",")}->${t.results.join(",")}`;
}

function limits(m: MemoryImport): number[] {
  if (m.maximum === undefined) {
    if (m.shared) throw new Error("a shared memory needs a maximum");
    return [0x00, ...uleb(m.initial)];
  }
  return [m.shared ? 0x03 : 0x01, ...uleb(m.initial), ...uleb(m.maximum)];
}

/** Folds runs of equal local types into the (count, type) pairs of a code entry. */
function localDecls(locals: readonly ValType[]): number[][] {
  const groups: number[][] = [];
  let i = 0;
  while (i < locals.length) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    groups.push([...uleb(j - i), locals[i]]);
    i = j;
  }
  return groups;
}

/**
 * The binary of a module: optional imported functions, one optional imported memory and some
 * functions, in order, so the first defined function has index `functionImports.length`.
 * @example
 * const add = new Code(2).localGet(0).localGet(1).op(op.i32Add);
 * const bytes = encodeModule({ functions: [{ type: { params: [valType.i32, valType.i32], results: [valType.i32] }, locals: [], body: add.finish(), exportName: "add" }] });
 * new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.add // (a, b) => a + b
 */
export function encodeModule(def: ModuleDef): Uint8Array {
  const types: FuncType[] = [];
  const typeIndex = new Map<string, number>();
  const typeOf = (type: FuncType): number => {
    const key = typeKey(type);
    let idx = typeIndex.get(key);
    if (idx === undefined) {
      idx = types.length;
      types.push(type);
      typeIndex.set(key, idx);
    }
    return idx;
  };
  const functionImports = def.functionImports ?? [];
  const importTypes = functionImports.map((f) => typeOf(f.type));
  const funcTypes = def.functions.map((f) => typeOf(f.type));
  const bytes: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  bytes.push(...section(1, vec(types.map((t) => [0x60, ...vec(t.params.map((p) => [p])), ...vec(t.results.map((r) => [r]))]))));
  const imports = functionImports.map((f, i) => [...name(f.module), ...name(f.field), 0x00, ...uleb(importTypes[i])]);
  if (def.memory) {
    const m = def.memory;
    imports.push([...name(m.module), ...name(m.field), 0x02, ...limits(m)]);
  }
  if (imports.length > 0) bytes.push(...section(2, vec(imports)));
  bytes.push(...section(3, vec(funcTypes.map((t) => uleb(t)))));
  const exports: number[][] = [];
  def.functions.forEach((f, i) => {
    if (f.exportName !== undefined) exports.push([...name(f.exportName), 0x00, ...uleb(functionImports.length + i)]);
  });
  bytes.push(...section(7, vec(exports)));
  const bodies = def.functions.map((f) => {
    const body = [...vec(localDecls(f.locals)), ...f.body];
    return [...uleb(body.length), ...body];
  });
  bytes.push(...section(10, vec(bodies)));
  return new Uint8Array(bytes);
}

/** Opcodes without immediates (single byte), and SIMD opcodes (after the 0xfd prefix). */
export const op = {
  unreachable: 0x00,
  nop: 0x01,
  return: 0x0f,
  drop: 0x1a,
  select: 0x1b,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32LeS: 0x4c,
  i32LeU: 0x4d,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivS: 0x6d,
  i32DivU: 0x6e,
  i32RemU: 0x70,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  f32Eq: 0x5b,
  f32Ne: 0x5c,
  f32Lt: 0x5d,
  f32Gt: 0x5e,
  f32Le: 0x5f,
  f32Ge: 0x60,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  f32Abs: 0x8b,
  f32Neg: 0x8c,
  f32Ceil: 0x8d,
  f32Floor: 0x8e,
  f32Trunc: 0x8f,
  f32Nearest: 0x90,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32Min: 0x96,
  f32Max: 0x97,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Ceil: 0x9b,
  f64Floor: 0x9c,
  f64Trunc: 0x9d,
  f64Nearest: 0x9e,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
  f32ConvertI32S: 0xb2,
  f32ConvertI32U: 0xb3,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD opcodes (encoded as 0xfd then the LEB128 of the number). */
export const simd = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  v128Load16Splat: 0x08,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  i32x4ExtractLane: 0x1b,
  i32x4ReplaceLane: 0x1c,
  f32x4ExtractLane: 0x1f,
  f32x4ReplaceLane: 0x20,
  f64x2ExtractLane: 0x21,
  f64x2ReplaceLane: 0x22,
  i32x4Eq: 0x37,
  i32x4Ne: 0x38,
  i32x4LtS: 0x39,
  i32x4LtU: 0x3a,
  i32x4GtS: 0x3b,
  i32x4GtU: 0x3c,
  i32x4LeS: 0x3d,
  i32x4LeU: 0x3e,
  i32x4GeS: 0x3f,
  i32x4GeU: 0x40,
  f32x4Eq: 0x41,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  f32x4Le: 0x45,
  f32x4Ge: 0x46,
  f64x2Eq: 0x47,
  f64x2Ne: 0x48,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  f64x2Le: 0x4b,
  f64x2Ge: 0x4c,
  v128Not: 0x4d,
  v128And: 0x4e,
  v128Or: 0x50,
  v128Xor: 0x51,
  v128Bitselect: 0x52,
  v128Store16Lane: 0x59,
  f32x4Ceil: 0x67,
  f32x4Floor: 0x68,
  f32x4Trunc: 0x69,
  f32x4Nearest: 0x6a,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f64x2Ceil: 0x74,
  f64x2Floor: 0x75,
  f64x2Trunc: 0x7a,
  f64x2Nearest: 0x94,
  i32x4Neg: 0xa1,
  i32x4Shl: 0xab,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Add: 0xae,
  i32x4Sub: 0xb1,
  i32x4Mul: 0xb5,
  i64x2Ne: 0xd7,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Div: 0xe7,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Sqrt: 0xef,
  f64x2Div: 0xf3,
  f32x4ConvertI32x4S: 0xfa,
  f32x4ConvertI32x4U: 0xfb,
  v128Load32Zero: 0x5c,
  v128Load64Zero: 0x5d,
  v128Load32Lane: 0x56,
  v128Load64Lane: 0x57,
  v128Store32Lane: 0x5a,
  v128Store64Lane: 0x5b,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  v128AndNot: 0x4f,
  v128AnyTrue: 0x53,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  i64x2Shl: 0xcb,
  i64x2ShrS: 0xcc,
  i64x2Add: 0xce,
  i64x2Sub: 0xd1,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
  f64x2ConvertLowI32x4S: 0xfe,
  f32x4RelaxedMadd: 0x105,
  f64x2RelaxedMadd: 0x107,
} as const;

/** Natural alignment exponent of an access of `bytes` bytes. */
function alignOf(bytes: number): number {
  return Math.log2(bytes);
}

/**
 * A function body under construction. Locals are numbered after the parameters; `finish()`
 * appends the final `end`. Methods return `this` so code reads as a stack-machine listing.
 * @example
 * const c = new Code(1);             // one parameter, local 0
 * const t = c.local(valType.i32);     // local 1
 * c.localGet(0).i32Const(2).op(op.i32Mul).localSet(t).localGet(t);
 * c.finish(); // body bytes; c.locals == [i32]
 */
export class Code {
  readonly bytes: number[] = [];
  readonly locals: ValType[] = [];

  /** @param paramCount the number of parameters, which take the first local indices. */
  constructor(private readonly paramCount: number) {}

  /** Declares a new local of `type` and returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.paramCount + this.locals.length - 1;
  }

  /** Emits raw bytes. */
  raw(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  /** Emits an opcode without immediates. */
  op(code: number): this {
    this.bytes.push(code);
    return this;
  }

  localGet(i: number): this {
    return this.raw(0x20, ...uleb(i));
  }

  localSet(i: number): this {
    return this.raw(0x21, ...uleb(i));
  }

  localTee(i: number): this {
    return this.raw(0x22, ...uleb(i));
  }

  i32Const(v: number): this {
    return this.raw(0x41, ...sleb(v));
  }

  /** `block` with no result. */
  block(): this {
    return this.raw(0x02, 0x40);
  }

  /** `loop` with no result. */
  loop(): this {
    return this.raw(0x03, 0x40);
  }

  /** `if` with no result. */
  if(): this {
    return this.raw(0x04, 0x40);
  }

  else(): this {
    return this.raw(0x05);
  }

  end(): this {
    return this.raw(0x0b);
  }

  br(depth: number): this {
    return this.raw(0x0c, ...uleb(depth));
  }

  brIf(depth: number): this {
    return this.raw(0x0d, ...uleb(depth));
  }

  call(func: number): this {
    return this.raw(0x10, ...uleb(func));
  }

  /**
   * A counted loop: runs `body` while the i32 local `counter`, from its current value, is
   * below the unsigned value `limit` pushes, adding 1 to it after each pass.
   */
  whileBelow(counter: number, limit: () => void, body: () => void): this {
    this.block().loop();
    this.localGet(counter);
    limit();
    this.op(op.i32GeU).brIf(1);
    body();
    this.localGet(counter).i32Const(1).op(op.i32Add).localSet(counter).br(0);
    return this.end().end();
  }

  /**
   * The task loop of a thread-pool job: claims task after task from the shared counter (an
   * atomic add at the address `counter` pushes) into the local `task` until the count
   * `tasks` pushes, runs `body` for each, and counts in the local `done` the tasks it ran.
   */
  claimTasks(task: number, done: number, counter: () => void, tasks: () => void, body: () => void): this {
    this.block().loop();
    counter();
    this.i32Const(1).i32AtomicAdd().localTee(task);
    tasks();
    this.op(op.i32GeU).brIf(1);
    body();
    this.localGet(done).i32Const(1).op(op.i32Add).localSet(done).br(0);
    return this.end().end();
  }

  /** {@link whileBelow} with `counter` from 0. */
  countUp(counter: number, limit: () => void, body: () => void): this {
    return this.i32Const(0).localSet(counter).whileBelow(counter, limit, body);
  }

  /** A memory access opcode with its alignment exponent and constant byte offset. */
  private mem(code: number, align: number, offset: number): this {
    return this.raw(code, ...uleb(align), ...uleb(offset));
  }

  i32Load(offset = 0): this {
    return this.mem(0x28, 2, offset);
  }

  f32Load(offset = 0): this {
    return this.mem(0x2a, 2, offset);
  }

  f64Load(offset = 0): this {
    return this.mem(0x2b, 3, offset);
  }

  i32Load8U(offset = 0): this {
    return this.mem(0x2d, 0, offset);
  }

  i32Store8(offset = 0): this {
    return this.mem(0x3a, 0, offset);
  }

  i32Store(offset = 0): this {
    return this.mem(0x36, 2, offset);
  }

  f32Store(offset = 0): this {
    return this.mem(0x38, 2, offset);
  }

  f64Store(offset = 0): this {
    return this.mem(0x39, 3, offset);
  }

  f32Const(v: number): this {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, v, true);
    return this.raw(0x43, ...new Uint8Array(b.buffer));
  }

  f64Const(v: number): this {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v, true);
    return this.raw(0x44, ...new Uint8Array(b.buffer));
  }

  /** A SIMD opcode without immediates. */
  simd(code: number): this {
    return this.raw(0xfd, ...uleb(code));
  }

  /** A SIMD memory opcode (`v128.load`, `v128.store`, the splat and zero loads). */
  simdMem(code: number, accessBytes: number, offset = 0): this {
    return this.raw(0xfd, ...uleb(code), ...uleb(alignOf(accessBytes)), ...uleb(offset));
  }

  /** `v128.load` (alignment hint 1 byte: our addresses need not be 16-aligned). */
  v128Load(offset = 0): this {
    return this.raw(0xfd, ...uleb(simd.v128Load), 0, ...uleb(offset));
  }

  /** `v128.store` (alignment hint 1 byte). */
  v128Store(offset = 0): this {
    return this.raw(0xfd, ...uleb(simd.v128Store), 0, ...uleb(offset));
  }

  /** `v128.const` of sixteen zero bytes. */
  v128Zero(): this {
    return this.raw(0xfd, ...uleb(simd.v128Const), ...new Array<number>(16).fill(0));
  }

  /** `i8x16.shuffle` with 16 lane indices into the concatenation of the two operands. */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16) throw new Error("shuffle needs 16 lanes");
    return this.raw(0xfd, ...uleb(simd.i8x16Shuffle), ...lanes);
  }

  /** A SIMD lane memory opcode (`v128.store32_lane`, …): memarg then the lane index. */
  simdLaneMem(code: number, accessBytes: number, offset: number, lane: number): this {
    return this.raw(0xfd, ...uleb(code), ...uleb(alignOf(accessBytes)), ...uleb(offset), lane);
  }

  /** `v128.const` of four 32-bit lanes given as their bit patterns. */
  v128Const32(lanes: readonly [number, number, number, number]): this {
    const bytes: number[] = [];
    for (const v of lanes) bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this.raw(0xfd, ...uleb(simd.v128Const), ...bytes);
  }

  /** An extract_lane or replace_lane opcode. */
  extractLane(code: number, lane: number): this {
    return this.raw(0xfd, ...uleb(code), lane);
  }

  /** `i32.atomic.load` (threads proposal; 4-byte aligned address). */
  i32AtomicLoad(offset = 0): this {
    return this.raw(0xfe, 0x10, 2, ...uleb(offset));
  }

  /** `i32.atomic.store`. */
  i32AtomicStore(offset = 0): this {
    return this.raw(0xfe, 0x17, 2, ...uleb(offset));
  }

  /** `i32.atomic.rmw.add`: adds, returns the old value. */
  i32AtomicAdd(offset = 0): this {
    return this.raw(0xfe, 0x1e, 2, ...uleb(offset));
  }

  /** `i32.atomic.rmw.cmpxchg` (address, expected, replacement): returns the old value. */
  i32AtomicCmpxchg(offset = 0): this {
    return this.raw(0xfe, 0x48, 2, ...uleb(offset));
  }

  /** The finished body bytes (with the closing `end`). */
  finish(): number[] {
    return [...this.bytes, 0x0b];
  }
}
