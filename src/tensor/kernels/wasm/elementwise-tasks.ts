/**
 * WebAssembly SIMD task loops for the eager elementwise kernels, written with the jit's lane
 * lowerings (`core/compile/lanes.ts`), so an eager op and the same op in a fused wasm loop run
 * the same instructions and agree bit for bit. A task walks element pointers into the GEMM
 * runtime's linear memory one v128 at a time (4 lanes for 32-bit dtypes, 2 for float64);
 * each module holds one task and is compiled on first use, then cached.
 * @module
 */
import type { DType } from "../../dtype";
import { LaneEmitter, lanePick, lanesOf, Unlowerable, type VectorElement } from "../../../core/compile/lanes";
import { Code, encodeModule, op, simd, valType } from "./encoder";
import { getRuntime } from "./matmul-wasm";
import { requireWasm } from "./wasm-api";

/** How a task reads an operand: a vector of lanes per step (`"v"`), or one element splatted over every lane (`"s"`). */
export type OperandMode = "v" | "s";

/**
 * A task over k operands: `(p₀, …, pₖ₋₁, dst, dstEnd)`, byte addresses. It computes whole
 * vectors from `dst` until `dstEnd` (so up to a vector's worth past the last element the
 * caller wants; the caller's regions leave room for it). A vector operand advances a vector
 * per step, a splatted one is the single element at its address.
 */
export type TaskFunction = (...addresses: number[]) => void;

/** A compiled task and its lane count. */
export interface Task {
  readonly run: TaskFunction;
  readonly width: 2 | 4;
}

/** What a task computes: the lowering, the dtypes of its operands and output, and how it reads each operand. */
export interface TaskSpec {
  readonly lowering: VectorElement;
  readonly inputs: readonly DType[];
  readonly out: DType;
  readonly modes: readonly OperandMode[];
}

/** Bytes per element of `dtype`'s storage. */
export const elementBytes = (dtype: DType): number => (dtype === "float64" ? 8 : dtype === "bool" ? 1 : 4);

/**
 * The lane count of a task over these dtypes: 2 with float64, else 4 (bools take the others'
 * width); undefined when float64 meets a 32-bit dtype.
 * @example taskWidth(["bool", "float64"]) // 2
 */
export function taskWidth(dtypes: readonly DType[]): 2 | 4 | undefined {
  const widths = new Set(dtypes.map(lanesOf).filter((w) => w !== 0));
  if (widths.size > 1) return undefined;
  return widths.has(2) ? 2 : 4;
}

const { i32, v128 } = valType;

/** Pushes a v128 of lane masks from `width` bools (bytes) at the address on the stack. */
function loadBoolLanes(code: Code, width: 2 | 4): void {
  const z = 16;
  if (width === 4) {
    code.simdMem(simd.v128Load32Splat, 4).v128Zero().shuffle([0, z, z, z, 1, z, z, z, 2, z, z, z, 3, z, z, z]);
    code.v128Zero().simd(simd.i32x4Ne);
  } else {
    code.simdMem(simd.v128Load16Splat, 2).v128Zero().shuffle([0, z, z, z, z, z, z, z, 1, z, z, z, z, z, z, z]);
    code.v128Zero().simd(simd.i64x2Ne);
  }
}

/** Pushes one element of `dtype` at the address on the stack splatted over every lane (a bool as a lane mask). */
function loadSplat(code: Code, dtype: DType): void {
  if (dtype === "float64") code.simdMem(simd.v128Load64Splat, 8);
  else if (dtype !== "bool") code.simdMem(simd.v128Load32Splat, 4);
  else code.i32Load8U().i32Const(0).op(op.i32Ne).i32Const(-1).op(op.i32Mul).simd(simd.i32x4Splat);
}

/** Stores the v128 on the stack at the address below it: a vector, or for bools each mask's low byte and'ed with 1 (`masks` a v128 scratch local). */
function storeLanes(code: Code, dtype: DType, width: 2 | 4, masks: number): void {
  if (dtype !== "bool") {
    code.v128Store();
    return;
  }
  code.v128Const32([1, 1, 1, 1]).simd(simd.v128And).localTee(masks).localGet(masks);
  if (width === 4) code.shuffle([0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).simdLaneMem(simd.v128Store32Lane, 4, 0, 0);
  else code.shuffle([0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).simdLaneMem(simd.v128Store16Lane, 2, 0, 0);
}

/** The function body of `spec`'s task; throws {@link Unlowerable} when the lowering has no code for its dtypes. */
function taskBody(spec: TaskSpec, width: 2 | 4): Code {
  const k = spec.inputs.length;
  const [dst, end] = [k, k + 1];
  const code = new Code(k + 2);
  const splats = spec.modes.map((mode, i) => {
    if (mode === "v") return -1;
    const local = code.local(v128);
    code.localGet(i);
    loadSplat(code, spec.inputs[i]);
    code.localSet(local);
    return local;
  });
  const emitter = new LaneEmitter(code, width, { math: noCalls, vectorMath: noCalls });
  emitter.pushArg = (i) => {
    if (splats[i] >= 0) {
      code.localGet(splats[i]);
      return;
    }
    code.localGet(i);
    if (spec.inputs[i] === "bool") loadBoolLanes(code, width);
    else code.v128Load();
  };
  const step = (dtype: DType): number => width * elementBytes(dtype);
  const masks = code.local(v128);
  code.block().loop();
  code.localGet(dst).localGet(end).op(op.i32GeU).brIf(1);
  code.localGet(dst);
  if (!spec.lowering(emitter, {}, { out: spec.out, inputs: spec.inputs })) throw new Unlowerable(`${spec.inputs.join(", ")} → ${spec.out}`);
  storeLanes(code, spec.out, width, masks);
  spec.modes.forEach((mode, i) => {
    if (mode === "v") code.localGet(i).i32Const(step(spec.inputs[i])).op(op.i32Add).localSet(i);
  });
  code.localGet(dst).i32Const(step(spec.out)).op(op.i32Add).localSet(dst);
  code.br(0).end().end();
  return code;
}

function noCalls(): never {
  throw new Unlowerable("these tasks link no functions");
}

/** Compiled tasks by key; null where the lowering has no lane code for the dtypes. */
const tasks = new Map<string, Task | null>();

/**
 * The compiled task of `spec` over the GEMM runtime's memory, built on first use under `key`
 * (which must name the lowering, dtypes and modes), or undefined where the lowering has no
 * lane code for those dtypes (or float64 meets a 32-bit dtype).
 * @example const mulF32 = elementwiseTask("mul:float32:vv", { lowering: laneOp("mul"), inputs: ["float32", "float32"], out: "float32", modes: ["v", "v"] });
 */
export function elementwiseTask(key: string, spec: TaskSpec): Task | undefined {
  const cached = tasks.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const task = buildTask(spec);
  tasks.set(key, task ?? null);
  return task;
}

function buildTask(spec: TaskSpec): Task | undefined {
  const width = taskWidth([...spec.inputs, spec.out]);
  if (width === undefined) return undefined;
  let code: Code;
  try {
    code = taskBody(spec, width);
  } catch (e) {
    if (e instanceof Unlowerable) return undefined;
    throw e;
  }
  return { run: instantiate(code, spec.inputs.length + 2), width };
}

/** A module over the GEMM runtime's memory whose one function, `code` of `params` i32 parameters and no results, is returned. */
export function instantiate(code: Code, params: number): TaskFunction {
  const rt = getRuntime();
  const bytes = encodeModule({
    memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared: rt.shared },
    functions: [{ type: { params: Array.from({ length: params }, () => i32), results: [] }, locals: code.locals, body: code.finish(), exportName: "run" }],
  });
  const wasm = requireWasm();
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory: rt.memory } });
  return instance.exports.run as TaskFunction;
}

const extremeTasks = new Map<string, Task>();

/**
 * The task of a max (`wins` = "gt") or min ("lt") reduction of float `dtype`: `(src, srcEnd,
 * acc)` folds the whole vectors from `src` to `srcEnd` into the vector at `acc`, lane by lane,
 * with the JavaScript kernel's rule (an element replaces the lane's value when it wins the
 * comparison or is NaN; see {@link lanePick}), so each lane holds the reduction of its
 * elements.
 * @example extremeTask("gt", "float32").run(src, src + 4 * n, acc) // n a multiple of 4
 */
export function extremeTask(wins: "gt" | "lt", dtype: "float32" | "float64"): Task {
  const key = `${wins}:${dtype}`;
  const cached = extremeTasks.get(key);
  if (cached !== undefined) return cached;
  const width = dtype === "float64" ? 2 : 4;
  const [src, end, accAt] = [0, 1, 2];
  const code = new Code(3);
  const acc = code.local(v128);
  code.localGet(accAt).v128Load().localSet(acc);
  const emitter = new LaneEmitter(code, width, { math: noCalls, vectorMath: noCalls });
  emitter.pushArg = (i) => {
    if (i === 0) code.localGet(src).v128Load();
    else code.localGet(acc);
  };
  code.block().loop();
  code.localGet(src).localGet(end).op(op.i32GeU).brIf(1);
  lanePick(wins)(emitter, {}, { out: dtype, inputs: [dtype, dtype] });
  code.localSet(acc);
  code.localGet(src).i32Const(16).op(op.i32Add).localSet(src);
  code.br(0).end().end();
  code.localGet(accAt).localGet(acc).v128Store();
  const task: Task = { run: instantiate(code, 3), width };
  extremeTasks.set(key, task);
  return task;
}
