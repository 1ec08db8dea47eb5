/**
 * Fused groups compiled to WebAssembly. Each equation's `vectorElement` lowering writes its
 * lane code (see {@link Lanes}); values live in locals.
 *
 * - A group over one element (a scalar program, e.g. a chain of scalar steps and its
 *   gradient) becomes one function taking its inputs as parameters and returning its
 *   outputs and sums: no memory at all.
 * - A larger group becomes a task loop `(start, end) -> sums` over the element range
 *   [start, end) (start a multiple of the lane count): v128 lanes (4 for float32, int32,
 *   uint32; 2 for float64; bools as lane masks), then a scalar tail. Its inputs and outputs
 *   sit at fixed places in the data area of the process's wasm memory (the matrix kernel's,
 *   free between products); each call copies its inputs in and its outputs out.
 *
 * A large loop runs on the thread pool in chunks (see parallel-loop.ts).
 *
 * Sums are accumulated in float64 in element order, as the JavaScript loop and the reduce
 * kernel do, so they are bit-identical (on the pool too: the threads compute the summed values,
 * the caller adds them up in order). A group keeps the JavaScript loop when it holds:
 * - `rem` (JavaScript's `%`: no wasm instruction; integer `rem` by 0 would trap);
 * - in a loop over lanes: float64 `Math` functions V8 does not call directly from wasm
 *   (tanh, expm1, log1p, sigmoid, sinh, cosh, the inverse hyperbolics, log2, log10, cbrt),
 *   float64 next to float32 or 32-bit integers (conversions between lane widths), a bool
 *   row whose length is not a multiple of the lanes;
 * - a sum of integers or bools.
 * A scalar program lowers all of these but `rem`.
 * @module
 */
import type { DType, TypedArray } from "../../tensor/dtype";
import { dataOf, type ConcreteTensor } from "../../tensor/concrete";
import { Code, encodeModule, op, simd, valType, type FunctionDef, type FunctionImport, type ValType } from "../../tensor/kernels/wasm/encoder";
import { emitVectorMath, emitVectorMathLow, type VectorMathFn } from "../../tensor/kernels/wasm/vector-math";
import { getRuntime } from "../../tensor/kernels/wasm/matmul-wasm";
import { wasmApi } from "../../tensor/kernels/wasm/wasm-api";
import type { Runtime } from "../../tensor/kernels/wasm/runtime";
import { threadPool } from "../../tensor/kernels/wasm/threads";
import type { WasmModule } from "../../tensor/kernels/wasm/wasm-api";
import type { Atom, Var } from "../jaxpr";
import type { PrimitiveName } from "../primitive";
import { ruleOf } from "../bind";
import type { FusedGroup } from "./fusion";
import type { FusedKernel } from "./codegen";
import { controlBytes, emitTaskLoop, loopThreads, type SumTemporary } from "./parallel-loop";
import { LaneEmitter, lanesOf, mathArity, scalarType, Unlowerable, type LaneFunctions, type MathFunction } from "./lanes";

const { i32, f64, v128 } = valType;

const atomDType = (a: Atom): DType => (a.kind === "var" ? a.aval.dtype : a.value.dtype);
const atomSize = (a: Atom): number => (a.kind === "var" ? a.aval.shape : a.value.shape).reduce((n, d) => n * d, 1);
const atomKey = (a: Atom): Atom | number => (a.kind === "var" ? a.id : a);
/** A literal's first (only) value. */
const literalValue = (a: Atom): number => (a.kind === "literal" ? dataOf(a.value as ConcreteTensor)[0] : NaN);

/** Bytes per element of `dtype`'s storage. */
const elementBytes = (dtype: DType): number => (dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4);

/** Every `Math` function lane code may call, imported by every module in this order (fixed indices). */
const mathImports: readonly MathFunction[] = [
  "exp",
  "expm1",
  "log",
  "log1p",
  "tanh",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "asinh",
  "acosh",
  "atanh",
  "log2",
  "log10",
  "cbrt",
  "pow",
  "atan2",
];

/**
 * The functions of a module under construction besides its task function: the imported
 * `Math` functions, then the task function (index `mathImports.length`), then one function
 * per vectorised float32 math function the code calls, on four lanes or (for one or two
 * values of a scalar program) on the low two only, built on first use.
 */
class ModuleFunctions implements LaneFunctions {
  private readonly helpers: { readonly fn: VectorMathFn; readonly low: boolean; readonly def: FunctionDef }[] = [];

  math(fn: MathFunction): number {
    return mathImports.indexOf(fn);
  }

  vectorMath(fn: VectorMathFn, low = false): number {
    let k = this.helpers.findIndex((h) => h.fn === fn && h.low === low);
    if (k < 0) {
      const arity = fn === "pow" ? 2 : 1;
      const code = new Code(arity);
      for (let i = 0; i < arity; i++) code.localGet(i);
      const ctx = { code, importedMath: (name: MathFunction) => this.math(name) };
      if (low) emitVectorMathLow(ctx, fn);
      else emitVectorMath(ctx, fn, "float32");
      const params = arity === 2 ? [v128, v128] : [v128];
      k = this.helpers.push({ fn, low, def: { type: { params, results: [v128] }, locals: code.locals, body: code.finish() } }) - 1;
    }
    return mathImports.length + 1 + k;
  }

  imports(): FunctionImport[] {
    return mathImports.map((fn) => ({ module: "math", field: fn, type: { params: mathArity(fn) === 2 ? [f64, f64] : [f64], results: [f64] } }));
  }

  importValues(): Record<string, unknown> {
    return Object.fromEntries(mathImports.map((fn) => [fn, Math[fn]]));
  }

  /** The index `extra[k]` of {@link definitions} will have (once every helper is built). */
  extraIndex(k: number): number {
    return mathImports.length + 1 + this.helpers.length + k;
  }

  /** The module's own functions: `main` (exported as `run`), the helpers, then `extra`. */
  definitions(main: FunctionDef, extra: readonly FunctionDef[] = []): FunctionDef[] {
    return [main, ...this.helpers.map((h) => h.def), ...extra];
  }
}

/**
 * The float32 primitives whose lowering is exactly the vectorised math function of their one
 * operand (see `laneVectorMath` in their rules): a scalar program computes up to four
 * independent ones in one call, one per lane.
 */
const packableMath: Partial<Record<PrimitiveName, VectorMathFn>> = {
  exp: "exp",
  expm1: "expm1",
  log: "log",
  log1p: "log1p",
  tanh: "tanh",
  sigmoid: "sigmoid",
  sin: "sin",
  cos: "cos",
};

/** How far ahead a scalar program looks for equations to share a vectorised math call with. */
const PACK_LOOKAHEAD = 64;

/**
 * Emits the group's equations with `lanes`, each operand pushed by `push`, recording the
 * local holding each value the group defines in `locals`. Throws {@link Unlowerable} when
 * one has no lowering. In scalar mode, a float32 vectorised math step takes along up to
 * three later steps of the same function whose operands are already computed (in the
 * backward pass of a scalar chain, the derivatives at every forward value), filling the
 * lanes of one call instead of computing four lanes for one value (a call for one or two
 * values runs the lane code on two lanes only: half the work).
 */
function emitEquations(group: FusedGroup, lanes: LaneEmitter, push: (a: Atom) => void, locals: Map<Atom | number, number>, functions: ModuleFunctions): void {
  const { code } = lanes;
  const type = (dtype: DType): ValType => (lanes.width === 1 ? scalarType(dtype) : v128);
  const ready = (a: Atom): boolean => a.kind === "literal" || locals.has(a.id);
  const done = new Set<number>();
  group.eqns.forEach((e, k) => {
    if (done.has(e.out.id)) return;
    const fn = packableMath[e.primitive];
    if (lanes.width === 1 && fn !== undefined && e.out.aval.dtype === "float32") {
      const pack = [e];
      for (let j = k + 1; j < group.eqns.length && j <= k + PACK_LOOKAHEAD && pack.length < 4; j++) {
        const c = group.eqns[j];
        if (c.primitive === e.primitive && c.out.aval.dtype === "float32" && !done.has(c.out.id) && c.inputs.every(ready)) pack.push(c);
      }
      pack.forEach((p, lane) => {
        push(p.inputs[0]);
        if (lane === 0) code.simd(simd.f32x4Splat);
        else code.extractLane(simd.f32x4ReplaceLane, lane);
      });
      const result = code.local(v128);
      code.call(functions.vectorMath(fn, pack.length <= 2)).localSet(result);
      pack.forEach((p, lane) => {
        const local = code.local(valType.f32);
        code.localGet(result).extractLane(simd.f32x4ExtractLane, lane).localSet(local);
        locals.set(p.out.id, local);
        done.add(p.out.id);
      });
      return;
    }
    const lowering = ruleOf(e.primitive).vectorElement;
    if (lowering === undefined) throw new Unlowerable(`${e.primitive} has no lowering`);
    lanes.pushArg = (i) => push(e.inputs[i]);
    lanes.literalArg = (i) => (e.inputs[i].kind === "literal" && atomSize(e.inputs[i]) === 1 ? literalValue(e.inputs[i]) : undefined);
    const dtypes = { out: e.out.aval.dtype, inputs: e.inputs.map(atomDType) };
    if (!lowering(lanes, e.params as Readonly<Record<string, unknown>>, dtypes)) throw new Unlowerable(`${e.primitive} on ${dtypes.inputs.join(", ")}`);
    lanes.releaseTemps();
    const local = code.local(type(e.out.aval.dtype));
    code.localSet(local);
    locals.set(e.out.id, local);
  });
}

/** Reduction inputs must be float (the JavaScript loop adds them as numbers; bools and integers run alone). */
function checkReductions(group: FusedGroup): void {
  for (const r of group.reductions) {
    const dtype = atomDType(r.inputs[0]);
    if (dtype !== "float32" && dtype !== "float64") throw new Unlowerable(`sum of ${dtype}`);
  }
}

/**
 * Encodes and instantiates a module whose exported `run` is `main`, with the Math imports, the
 * helpers, `extra` functions and (for loops) the runtime's memory.
 */
function instantiate(
  main: FunctionDef,
  functions: ModuleFunctions,
  memory: Runtime | undefined,
  extra: readonly FunctionDef[] = [],
): { readonly run: (...args: number[]) => unknown; readonly module: WasmModule } {
  const wasm = wasmApi;
  if (wasm === undefined) throw new Unlowerable("no WebAssembly");
  const bytes = encodeModule({
    functionImports: functions.imports(),
    memory: memory === undefined ? undefined : { module: "env", field: "memory", initial: 1, maximum: 65536, shared: memory.shared },
    functions: functions.definitions({ ...main, exportName: "run" }, extra),
  });
  const module = new wasm.Module(bytes);
  const instance = new wasm.Instance(module, {
    math: functions.importValues(),
    ...(memory === undefined ? {} : { env: { memory: memory.memory } }),
  });
  return { run: instance.exports.run as (...args: number[]) => unknown, module };
}

/** A group over one element: a function of its scalar inputs returning its outputs and sums. */
function scalarProgram(group: FusedGroup, inputs: readonly Atom[], outputs: readonly Var[]): WasmKernel {
  checkReductions(group);
  const paramInputs = inputs.map((_, k) => k).filter((k) => inputs[k].kind === "var");
  const params = paramInputs.map((k) => scalarType(atomDType(inputs[k])));
  const code = new Code(params.length);
  const functions = new ModuleFunctions();
  const lanes = new LaneEmitter(code, 1, functions);
  const locals = new Map<Atom | number, number>();
  paramInputs.forEach((k, p) => {
    locals.set(atomKey(inputs[k]), p);
  });
  const push = (a: Atom): void => {
    const local = locals.get(atomKey(a));
    if (local !== undefined) code.localGet(local);
    else lanes.constant(literalValue(a), atomDType(a));
  };
  emitEquations(group, lanes, push, locals, functions);
  for (const v of outputs) push(v);
  // The sum of one element is that element (the reduce kernel copies it: −0 stays −0).
  for (const r of group.reductions) {
    push(r.inputs[0]);
    if (atomDType(r.inputs[0]) === "float32") code.op(op.f64PromoteF32);
  }
  const results = [...outputs.map((v) => scalarType(v.aval.dtype)), ...group.reductions.map(() => f64)];
  const { run } = instantiate({ type: { params, results }, locals: code.locals, body: code.finish() }, functions, undefined);
  // An adapter that spreads the inputs into the call and the results into the outputs.
  const args = paramInputs.map((_, p) => `inputs[${p}][0]`).join(", ");
  const single = results.length === 1;
  const stores = outputs.map((_, j) => `outputs[${j}][0] = ${single ? "r" : `r[${j}]`};`);
  const sums = group.reductions.map((_, k) => (single ? "r" : `r[${outputs.length + k}]`));
  const adapter = new Function("run", `return (inputs, outputs) => { const r = run(${args}); ${stores.join(" ")} return [${sums.join(", ")}]; };`);
  return { kernel: adapter(run) as FusedKernel, reads: paramInputs.map((k) => inputs[k]) };
}

/** Where a group input of a loop comes from: a scalar literal is a constant in the code, the others are copied into memory. */
type Source = { readonly kind: "constant" } | { readonly kind: "memory"; readonly offset: number; readonly size: number };

/** Pushes a v128 of lane masks from `width` bools at the address on the stack. */
function loadBoolLanes(code: Code, width: 2 | 4, offset: number): void {
  const z = 16;
  if (width === 4) {
    code.simdMem(simd.v128Load32Splat, 4, offset).v128Zero().shuffle([0, z, z, z, 1, z, z, z, 2, z, z, z, 3, z, z, z]);
    code.v128Zero().simd(simd.i32x4Ne);
  } else {
    code.simdMem(simd.v128Load16Splat, 2, offset).v128Zero().shuffle([0, z, z, z, z, z, z, z, 1, z, z, z, z, z, z, z]);
    code.v128Zero().simd(simd.i64x2Ne);
  }
}

/** Scalar load of one element of `dtype` at the address on the stack. */
function loadScalar(code: Code, dtype: DType, offset: number): void {
  if (dtype === "float32") code.f32Load(offset);
  else if (dtype === "float64") code.f64Load(offset);
  else if (dtype === "bool") code.i32Load8U(offset);
  else code.i32Load(offset);
}

/** Scalar store of one element of `dtype` (address, value on the stack). */
function storeScalar(code: Code, dtype: DType, offset: number): void {
  if (dtype === "float32") code.f32Store(offset);
  else if (dtype === "float64") code.f64Store(offset);
  else if (dtype === "bool") code.i32Store8(offset);
  else code.i32Store(offset);
}

/** The lane count of a loop over these dtypes, or undefined when float64 meets a 32-bit type. */
function loopWidth(dtypes: readonly DType[]): 2 | 4 | undefined {
  const widths = new Set(dtypes.map(lanesOf).filter((w) => w !== 0));
  if (widths.size > 1) return undefined;
  return widths.has(2) ? 2 : 4;
}

const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/** A group over many elements: a SIMD task loop over wasm memory, wrapped to copy in and out. */
function loopKernel(group: FusedGroup, inputs: readonly Atom[], outputs: readonly Var[]): WasmKernel {
  checkReductions(group);
  const width = loopWidth([...inputs.map(atomDType), ...group.eqns.map((e) => e.out.aval.dtype)]);
  if (width === undefined) throw new Unlowerable("float64 with 32-bit values");
  const rt = runtimeOrUnlowerable();
  const n = group.size;
  // Layout in the data area: memory inputs, then outputs, each 16-byte aligned.
  let bytes = 0;
  const sources: Source[] = inputs.map((a) => {
    if (a.kind === "literal" && atomSize(a) === 1) return { kind: "constant" };
    const size = atomSize(a);
    const offset = rt.data + bytes;
    bytes = align16(bytes + size * elementBytes(atomDType(a)));
    return { kind: "memory", offset, size };
  });
  const outOffsets = outputs.map((v) => {
    const offset = rt.data + bytes;
    bytes = align16(bytes + n * elementBytes(v.aval.dtype));
    return offset;
  });

  // Parallel calls only: each sum's values (see parallel-loop.ts), then the control block.
  const serialBytes = bytes;
  const sumTemps: SumTemporary[] = group.reductions.map((r) => {
    const dtype = atomDType(r.inputs[0]);
    const offset = rt.data + bytes;
    bytes = align16(bytes + n * elementBytes(dtype));
    return { dtype, offset };
  });
  const control = rt.data + bytes;
  const parallelBytes = bytes;

  const functions = new ModuleFunctions();
  /**
   * The range function over [start, end): `run`, returning the sums, or with `partial` the
   * `part` of a parallel call, storing the summed values to their temporaries instead.
   */
  const emitRange = (partial: boolean): FunctionDef => {
    const code = new Code(2);
    const [start, end] = [0, 1];
    const i = code.local(i32);
    const vectorEnd = code.local(i32);
    const vector = new LaneEmitter(code, width, functions);
    const scalar = new LaneEmitter(code, 1, functions);
    const accs = group.reductions.map(() => code.local(f64));
    for (const acc of accs) code.f64Const(0).localSet(acc);

    // Scalar inputs: loaded once, as a scalar and splat over the lanes.
    const scalarLocals = new Map<Atom | number, number>();
    const vectorLocals = new Map<Atom | number, number>();
    inputs.forEach((a, k) => {
      const s = sources[k];
      if (s.kind !== "memory" || s.size !== 1) return;
      const dtype = atomDType(a);
      const sl = code.local(scalarType(dtype));
      const vl = code.local(v128);
      code.i32Const(0);
      loadScalar(code, dtype, s.offset);
      code.localTee(sl);
      if (dtype === "bool") {
        // 0/1 to an all-ones or all-zeros mask in every lane.
        code.i32Const(0).op(op.i32Ne).localSet(sl).i32Const(0).localGet(sl).op(op.i32Sub).simd(simd.i32x4Splat);
      } else if (dtype === "float32") code.simd(simd.f32x4Splat);
      else if (dtype === "float64") code.simd(simd.f64x2Splat);
      else code.simd(simd.i32x4Splat);
      code.localSet(vl);
      scalarLocals.set(atomKey(a), sl);
      vectorLocals.set(atomKey(a), vl);
    });

    /** Pushes the byte address of element `index` (from `indexLocal`, reduced mod `size` when a row repeats) of a memory input. */
    const address = (indexLocal: number, size: number, shift: number, extra = 0): void => {
      code.localGet(indexLocal);
      if (extra !== 0) code.i32Const(extra).op(op.i32Add);
      if (size !== n) code.i32Const(size).op(op.i32RemU);
      if (shift !== 0) code.i32Const(shift).op(op.i32Shl);
    };
    const shiftOf = (dtype: DType): number => Math.log2(elementBytes(dtype));

    /** One pass of the body (vector or scalar) over index `i`: loads, equations, stores, sums. */
    const body = (lanes: LaneEmitter): void => {
      const w = lanes.width;
      const locals = new Map(w === 1 ? scalarLocals : vectorLocals);
      inputs.forEach((a, k) => {
        const s = sources[k];
        if (s.kind !== "memory" || s.size === 1) return;
        const dtype = atomDType(a);
        const shift = shiftOf(dtype);
        const local = code.local(w === 1 ? scalarType(dtype) : v128);
        if (w === 1) {
          address(i, s.size, shift);
          loadScalar(code, dtype, s.offset);
        } else if (s.size === n || s.size % w === 0) {
          address(i, s.size, shift);
          if (dtype === "bool") loadBoolLanes(code, w as 2 | 4, s.offset);
          else code.v128Load(s.offset);
        } else {
          // A row whose length is not a multiple of the lanes: gather lane by lane.
          if (dtype === "bool") throw new Unlowerable("bool row of odd length");
          for (let lane = 0; lane < w; lane++) {
            address(i, s.size, shift, lane);
            loadScalar(code, dtype, s.offset);
            if (lane === 0) code.simd(dtype === "float32" ? simd.f32x4Splat : dtype === "float64" ? simd.f64x2Splat : simd.i32x4Splat);
            else code.extractLane(dtype === "float32" ? simd.f32x4ReplaceLane : dtype === "float64" ? simd.f64x2ReplaceLane : simd.i32x4ReplaceLane, lane);
          }
        }
        code.localSet(local);
        locals.set(atomKey(a), local);
      });
      const push = (a: Atom): void => {
        const local = locals.get(atomKey(a));
        if (local !== undefined) code.localGet(local);
        else lanes.constant(literalValue(a), atomDType(a));
      };
      emitEquations(group, lanes, push, locals, functions);
      outputs.forEach((v, j) => {
        const dtype = v.aval.dtype;
        address(i, n, shiftOf(dtype));
        push(v);
        if (w === 1) storeScalar(code, dtype, outOffsets[j]);
        else if (dtype !== "bool") code.v128Store(outOffsets[j]);
        else {
          // Masks and'ed with 1, their low bytes gathered into `width` bytes.
          const masks = code.local(v128);
          code.v128Const32([1, 1, 1, 1]).simd(simd.v128And).localTee(masks).localGet(masks);
          if (w === 4) code.shuffle([0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).simdLaneMem(simd.v128Store32Lane, 4, outOffsets[j], 0);
          else code.shuffle([0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).simdLaneMem(simd.v128Store16Lane, 2, outOffsets[j], 0);
        }
      });
      group.reductions.forEach((r, k) => {
        const value = r.inputs[0];
        const dtype = atomDType(value);
        if (partial) {
          address(i, n, shiftOf(dtype));
          push(value);
          if (w === 1) storeScalar(code, dtype, sumTemps[k].offset);
          else code.v128Store(sumTemps[k].offset);
          return;
        }
        for (let lane = 0; lane < w; lane++) {
          code.localGet(accs[k]);
          push(value);
          if (w !== 1) code.extractLane(dtype === "float32" ? simd.f32x4ExtractLane : simd.f64x2ExtractLane, lane);
          if (dtype === "float32") code.op(op.f64PromoteF32);
          code.op(op.f64Add).localSet(accs[k]);
        }
      });
    };

    // i = start; vectorEnd = start + ((end − start) & −width)
    code.localGet(start).localSet(i);
    code.localGet(start).localGet(end).localGet(start).op(op.i32Sub).i32Const(-width).op(op.i32And).op(op.i32Add).localSet(vectorEnd);
    code.block().loop();
    code.localGet(i).localGet(vectorEnd).op(op.i32GeU).brIf(1);
    body(vector);
    code.localGet(i).i32Const(width).op(op.i32Add).localSet(i).br(0);
    code.end().end();
    code.block().loop();
    code.localGet(i).localGet(end).op(op.i32GeU).brIf(1);
    body(scalar);
    code.localGet(i).i32Const(1).op(op.i32Add).localSet(i).br(0);
    code.end().end();
    if (!partial) for (const acc of accs) code.localGet(acc);
    return { type: { params: [i32, i32], results: partial ? [] : accs.map(() => f64) }, locals: code.locals, body: code.finish() };
  };

  const main = emitRange(false);
  const part = sumTemps.length > 0 ? [emitRange(true)] : [];
  // Indices are known once both ranges have built their helpers.
  const tasks: FunctionDef = { ...emitTaskLoop({ run: mathImports.length, part: functions.extraIndex(0), sums: sumTemps }), exportName: "tasks" };
  const { run, module } = instantiate(main, functions, rt, [...part, tasks]);
  const memoryInputs = inputs.map((_, k) => k).filter((k) => sources[k].kind === "memory");
  const pool = threadPool();
  const steps = group.eqns.length;
  const kernel: FusedKernel = (data, outs, count) => {
    const plan = loopThreads(pool, rt.shared, count, steps, width);
    const chunks = Math.ceil(count / plan.chunk);
    rt.reserve(plan.threads === 1 ? serialBytes : parallelBytes + controlBytes(sumTemps.length, chunks));
    const buffer = rt.memory.buffer;
    memoryInputs.forEach((k, p) => {
      const s = sources[k] as { offset: number; size: number };
      const src = data[p];
      viewOf(src, buffer, s.offset, s.size).set(src);
    });
    let sums: number[];
    if (plan.threads === 1) {
      const r = run(0, count);
      sums = sumTemps.length === 0 ? [] : sumTemps.length === 1 ? [r as number] : (r as number[]);
    } else {
      new Int32Array(buffer, control, controlBytes(sumTemps.length, chunks) / 4).fill(0);
      pool.run({ module, memory: rt.memory, exportName: "tasks", params: [control, plan.chunk, count], threads: plan.threads, estimatedMs: plan.estimatedMs });
      sums = Array.from(new Float64Array(buffer, control + 8, sumTemps.length));
    }
    outs.forEach((o, j) => {
      o.set(viewOf(o, buffer, outOffsets[j], count));
    });
    return sums;
  };
  return { kernel, reads: memoryInputs.map((k) => inputs[k]) };
}

function runtimeOrUnlowerable(): Runtime {
  try {
    return getRuntime();
  } catch (e) {
    throw new Unlowerable(`no WebAssembly SIMD runtime: ${String(e)}`);
  }
}

/** A view of `length` elements of `like`'s type at byte `offset` of `buffer`. */
function viewOf(like: TypedArray, buffer: ArrayBuffer | SharedArrayBuffer, offset: number, length: number): TypedArray {
  const ctor = like.constructor as new (b: ArrayBuffer | SharedArrayBuffer, offset: number, length: number) => TypedArray;
  return new ctor(buffer, offset, length);
}

/** A group's wasm kernel and the inputs it reads at run time, in the order it takes their data (scalar literals are baked in as constants). */
export interface WasmKernel {
  readonly kernel: FusedKernel;
  readonly reads: readonly Atom[];
}

/**
 * The group compiled to WebAssembly, or undefined where it cannot be (an equation without
 * a lowering for its dtypes, float64 mixed with 32-bit values in a loop, no WebAssembly).
 * The kernel has the contract of the JavaScript loop of {@link generateKernel}, its inputs
 * being `reads`.
 */
export function generateWasmKernel(group: FusedGroup, inputs: readonly Atom[], outputs: readonly Var[]): WasmKernel | undefined {
  try {
    if (group.size === 1) return scalarProgram(group, inputs, outputs);
    return loopKernel(group, inputs, outputs);
  } catch (e) {
    if (e instanceof Unlowerable) return undefined;
    throw e;
  }
}
