/**
 * The vectorised float32 unary functions on every core for large arrays: a module (no imports,
 * so the pool's workers can instantiate it) holding each function's task (`unaryTask`, the same
 * code as the one-thread kernel, so the same bits) and a pool task loop around it. The caller
 * copies a block of the input into the runtime's memory, the pool's threads take its tasks,
 * and the caller copies the block's results straight into the output.
 * @module
 */
import { allocateUnfilled } from "../../dtype";
import type { VectorMathFn } from "../vector-math-constants";
import { Code, encodeModule, op, valType, type FunctionDef } from "./encoder";
import { getRuntime } from "./matmul-wasm";
import { threadPool } from "./threads";
import { unaryTask } from "./vector-math-kernel";
import { requireWasm, type WasmModule } from "./wasm-api";

/** The functions the pooled module has: those whose lanes never call back into JavaScript (sin and cos may). */
const pooledFns = ["exp", "expm1", "log", "log1p", "tanh", "sigmoid"] as const;

/** A unary function the pooled module runs. */
export type PooledMathFn = (typeof pooledFns)[number];

/** Elements per pool task (a multiple of the 4 lanes). */
const TASK = 4096;
/** Elements per block copied in and out around one pool job (operand and result stay in the shared cache; long enough a job to be worth waking the workers). */
const BLOCK = 1 << 18;
/** About how long one element takes on one thread, in ms (tanh, the slowest of them, measured ~2.8 ns). */
const MS_PER_ELEMENT = 3e-6;

const { i32 } = valType;

/**
 * The pool loop of the task function at index `taskIndex`: `(src, dst, n, counter, thread)`
 * takes tasks of {@link TASK} elements from the counter until none are left, runs each over
 * its element range, and returns how many it ran.
 */
function poolLoop(taskIndex: number, exportName: string): FunctionDef {
  const [src, dst, n, counter] = [0, 1, 2, 3];
  const code = new Code(5);
  const start = code.local(i32);
  const count = code.local(i32);
  code.block().loop();
  code.localGet(counter).i32Const(1).i32AtomicAdd().i32Const(TASK).op(op.i32Mul).localTee(start);
  code.localGet(n).op(op.i32GeS).brIf(1);
  // fn(src, dst, start, min(start + TASK, n))
  code.localGet(src).localGet(dst).localGet(start);
  code.localGet(start).i32Const(TASK).op(op.i32Add).localGet(n);
  code.localGet(start).i32Const(TASK).op(op.i32Add).localGet(n).op(op.i32LtS).op(op.select);
  code.call(taskIndex);
  code.localGet(count).i32Const(1).op(op.i32Add).localSet(count).br(0);
  code.end().end();
  code.localGet(count);
  return { type: { params: [i32, i32, i32, i32, i32], results: [i32] }, locals: code.locals, body: code.finish(), exportName };
}

let built: WasmModule | undefined;

/** The pooled module over the runtime's (shared) memory, compiled on first call. */
function pooledModule(shared: boolean): WasmModule {
  if (built) return built;
  const noImports = (): number => {
    throw new Error("the pooled vector math module imports no functions");
  };
  const tasks = pooledFns.map((fn) => unaryTask(fn, noImports));
  const loops = pooledFns.map((fn, k) => poolLoop(k, fn));
  const bytes = encodeModule({ memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared }, functions: [...tasks, ...loops] });
  built = new (requireWasm().Module)(bytes);
  return built;
}

/**
 * Whether `fn` has a pooled kernel and the pool has more than one thread to run it on (the
 * memory shared with the workers).
 * @example if (canPoolVectorMath("tanh")) y = vectorMathUnaryPooled("tanh", x);
 */
export function canPoolVectorMath(fn: VectorMathFn): fn is PooledMathFn {
  return (pooledFns as readonly string[]).includes(fn) && getRuntime().shared && threadPool().active > 1;
}

/**
 * fn(x) elementwise on the pool's threads (x float32 values), into a fresh Float32Array: the
 * same bits as the one-thread kernel.
 * @example vectorMathUnaryPooled("tanh", x) // equals vectorMathUnary("tanh", x)
 */
export function vectorMathUnaryPooled(fn: PooledMathFn, x: Float32Array): Float32Array {
  const rt = getRuntime();
  const module = pooledModule(rt.shared);
  const pool = threadPool();
  const n = x.length;
  const out = allocateUnfilled("float32", n);
  const block = Math.min(n, BLOCK);
  const counter = rt.data;
  const src = counter + 64;
  const dst = src + Math.ceil((4 * block) / 64) * 64;
  rt.reserve(dst + 4 * block - rt.data);
  const heap = new Float32Array(rt.memory.buffer);
  const counterView = new Int32Array(rt.memory.buffer, counter, 1);
  for (let start = 0; start < n; start += block) {
    const len = Math.min(block, n - start);
    heap.set(x.subarray(start, start + len), src / 4);
    counterView[0] = 0;
    pool.run({ module, memory: rt.memory, exportName: fn, params: [src, dst, len, counter], estimatedMs: len * MS_PER_ELEMENT });
    out.set(heap.subarray(dst / 4, dst / 4 + len), start);
  }
  return out;
}
