/**
 * Eager float32 kernels for the vectorised math functions: one WebAssembly module (built
 * lazily, once) whose functions run {@link emitVectorMath} over element ranges of arrays in
 * the GEMM runtime's linear memory. Operands are copied into that memory's data area a chunk
 * at a time, each chunk's result copied straight into the fresh output array.
 * @module
 */
import { allocateUnfilled } from "../../dtype";
import { vectorMathFns, type VectorMathFn } from "../vector-math-constants";
import { Code, encodeModule, op, simd, valType, type FunctionDef } from "./encoder";
import { getRuntime } from "./matmul-wasm";
import { emitVectorMath, vectorMathImports, type ImportedMathName } from "./vector-math";
import { requireWasm, type WasmMemory } from "./wasm-api";

/** A unary task: out[i] = fn(x[i]) for i in [start, end), addresses in bytes. */
export type UnaryTask = (src: number, dst: number, start: number, end: number) => void;
/**
 * The pow task: out[i] = pow(a[i], b[i]) for i in [start, end); an operand whose `splat` flag
 * is 1 is one element read for every i.
 */
export type PowTask = (a: number, b: number, dst: number, start: number, end: number, aSplat: number, bSplat: number) => void;

/** The instantiated module: one task function per math function, over `memory`. */
export interface VectorMathModule {
  readonly memory: WasmMemory;
  readonly unary: Readonly<Record<Exclude<VectorMathFn, "pow">, UnaryTask>>;
  readonly pow: PowTask;
}

const i32 = valType.i32;

/** Pushes `base + 4·index` (the byte address of float32 element `index`). */
function elementAddress(code: Code, base: number, index: number): Code {
  return code.localGet(base).localGet(index).i32Const(2).op(op.i32Shl).op(op.i32Add);
}

/**
 * The body of a task loop: four elements per step while four remain, then one at a time
 * (a splatted lane, of which lane 0 is stored). `load(vector)` pushes the operands at element `i`.
 */
function taskLoop(code: Code, dst: number, i: number, end: number, load: (vector: boolean) => void, apply: () => void): void {
  code.block().loop();
  code.localGet(i).i32Const(4).op(op.i32Add).localGet(end).op(op.i32GtS).brIf(1);
  elementAddress(code, dst, i);
  load(true);
  apply();
  code.v128Store();
  code.localGet(i).i32Const(4).op(op.i32Add).localSet(i).br(0);
  code.end().end();
  code.block().loop();
  code.localGet(i).localGet(end).op(op.i32GeS).brIf(1);
  elementAddress(code, dst, i);
  load(false);
  apply();
  code.simdLaneMem(simd.v128Store32Lane, 4, 0, 0);
  code.localGet(i).i32Const(1).op(op.i32Add).localSet(i).br(0);
  code.end().end();
}

/**
 * The task function `(src, dst, start, end)` of `fn` (unexported), calling `importedMath` for
 * sin and cos.
 * @example encodeModule({ functions: [unaryTask("tanh", noImports)] })
 */
export function unaryTask(fn: Exclude<VectorMathFn, "pow">, importedMath: (name: ImportedMathName) => number): FunctionDef {
  const [src, dst, start, end] = [0, 1, 2, 3];
  const code = new Code(4);
  const load = (vector: boolean): void => {
    elementAddress(code, src, start);
    if (vector) code.v128Load();
    else code.simdMem(simd.v128Load32Splat, 4);
  };
  taskLoop(code, dst, start, end, load, () => emitVectorMath({ code, importedMath }, fn, "float32"));
  return { type: { params: [i32, i32, i32, i32], results: [] }, locals: code.locals, body: code.finish() };
}

function powTask(importedMath: (name: ImportedMathName) => number): FunctionDef {
  const [a, b, dst, start, end, aSplat, bSplat] = [0, 1, 2, 3, 4, 5, 6];
  const code = new Code(7);
  const operand = (base: number, splat: number, vector: boolean): void => {
    if (vector) {
      code.localGet(splat).raw(0x04, valType.v128);
      code.localGet(base).simdMem(simd.v128Load32Splat, 4);
      code.else();
      elementAddress(code, base, start).v128Load();
      code.end();
    } else {
      // base + (splat ? 0 : 4·i), one element splatted.
      code.localGet(base).i32Const(0).localGet(start).i32Const(2).op(op.i32Shl).localGet(splat).op(op.select).op(op.i32Add);
      code.simdMem(simd.v128Load32Splat, 4);
    }
  };
  const load = (vector: boolean): void => {
    operand(a, aSplat, vector);
    operand(b, bSplat, vector);
  };
  taskLoop(code, dst, start, end, load, () => emitVectorMath({ code, importedMath }, "pow", "float32"));
  return { type: { params: [i32, i32, i32, i32, i32, i32, i32], results: [] }, locals: code.locals, body: code.finish(), exportName: "pow" };
}

let built: VectorMathModule | undefined;

/**
 * The vector math module over the GEMM runtime's memory, compiled on first call.
 * @example vectorMathModule().unary.exp(src, dst, 0, n) // n float32 at byte offsets src → dst
 */
export function vectorMathModule(): VectorMathModule {
  if (built) return built;
  const rt = getRuntime();
  const importedMath = (name: ImportedMathName): number => vectorMathImports.indexOf(name);
  const f64ToF64 = { params: [valType.f64], results: [valType.f64] };
  const unaryFns = vectorMathFns.filter((fn): fn is Exclude<VectorMathFn, "pow"> => fn !== "pow");
  const bytes = encodeModule({
    functionImports: vectorMathImports.map((name) => ({ module: "math", field: name, type: f64ToF64 })),
    memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared: rt.shared },
    functions: [...unaryFns.map((fn) => ({ ...unaryTask(fn, importedMath), exportName: fn })), powTask(importedMath)],
  });
  const wasm = requireWasm();
  const math: Record<ImportedMathName, (x: number) => number> = { sin: Math.sin, cos: Math.cos };
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory: rt.memory }, math });
  const task = <T>(name: string): T => instance.exports[name] as T;
  const unary = Object.fromEntries(unaryFns.map((fn) => [fn, task<UnaryTask>(fn)])) as Record<Exclude<VectorMathFn, "pow">, UnaryTask>;
  built = { memory: rt.memory, unary, pow: task<PowTask>("pow") };
  return built;
}

/** Byte offset of float32 element `count` past `at`, rounded up to 64 bytes. */
const after = (at: number, count: number): number => Math.ceil((at + 4 * count) / 64) * 64;

/** Elements per chunk: operands and result of one chunk stay in the core's cache between the copies and the loop. */
const CHUNK = 1 << 14;

/**
 * fn(x) elementwise on the SIMD module (x float32 values), into a fresh Float32Array; the
 * elements go through wasm memory a chunk at a time.
 * @example vectorMathUnary("exp", Float32Array.of(0, 1)) // Float32Array [1, 2.7182817459106445]
 */
export function vectorMathUnary(fn: Exclude<VectorMathFn, "pow">, x: Float32Array): Float32Array {
  const m = vectorMathModule();
  const rt = getRuntime();
  const n = x.length;
  const out = allocateUnfilled("float32", n);
  const chunk = Math.min(n, CHUNK);
  const src = rt.data;
  const dst = after(src, chunk);
  rt.reserve(after(dst, chunk) - rt.data);
  const heap = new Float32Array(m.memory.buffer);
  const task = m.unary[fn];
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    heap.set(x.subarray(start, start + len), src / 4);
    task(src, dst, 0, len);
    out.set(heap.subarray(dst / 4, dst / 4 + len), start);
  }
  return out;
}

/**
 * pow(a, b) elementwise on the SIMD module over `n` elements; an operand of length 1 is
 * broadcast, any other must have length `n`.
 * @example vectorMathPow(Float32Array.of(2, 3), Float32Array.of(2), 2) // Float32Array [4, 9]
 */
export function vectorMathPow(a: Float32Array, b: Float32Array, n: number): Float32Array {
  for (const [label, operand] of [
    ["a", a],
    ["b", b],
  ] as const) {
    if (operand.length !== 1 && operand.length !== n) throw new RangeError(`vectorMathPow: ${label} has ${operand.length} elements, expected 1 or ${n}`);
  }
  const m = vectorMathModule();
  const rt = getRuntime();
  const out = allocateUnfilled("float32", n);
  const chunk = Math.min(n, CHUNK);
  const aAt = rt.data;
  const bAt = after(aAt, chunk);
  const dst = after(bAt, chunk);
  rt.reserve(after(dst, chunk) - rt.data);
  const heap = new Float32Array(m.memory.buffer);
  const aSplat = a.length === 1 ? 1 : 0;
  const bSplat = b.length === 1 ? 1 : 0;
  if (aSplat) heap[aAt / 4] = a[0];
  if (bSplat) heap[bAt / 4] = b[0];
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    if (!aSplat) heap.set(a.subarray(start, start + len), aAt / 4);
    if (!bSplat) heap.set(b.subarray(start, start + len), bAt / 4);
    m.pow(aAt, bAt, dst, 0, len, aSplat, bSplat);
    out.set(heap.subarray(dst / 4, dst / 4 + len), start);
  }
  return out;
}
