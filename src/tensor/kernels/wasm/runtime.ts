/**
 * The instantiated GEMM module and the layout of its linear memory: a control block for the
 * worker handshake, the parameter block, one scratch area (packed A, edge tile) per thread, then
 * a data area that holds the current call's operands, output, packed B and task bookkeeping and
 * grows on demand. Created lazily, once per process (per worker: the worker instantiates the
 * same compiled module over the same shared memory).
 */
import { buildGemmModule, Blocking, GemmModule, paramBlockBytes, Precision, relaxedSimdAvailable } from "./gemm-module";
import { requireWasm, WasmMemory, WasmModule } from "./wasm-api";

const PAGE = 65536;
/** 4 GiB: the whole 32-bit address space. */
const MAX_PAGES = 65536;
const ALIGN = 64;

/** Per-thread scratch addresses, in bytes. */
export interface ThreadArea {
  readonly packA: number;
  readonly tile: number;
}

/** The run functions' signature: parameter block, this thread's packed-A buffer and edge tile; returns the tasks it ran. */
export type RunFn = (params: number, packA: number, tile: number) => number;

/** The live module, memory and layout. */
export interface Runtime {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly shared: boolean;
  readonly gemm: GemmModule;
  readonly run: Record<Precision, RunFn>;
  /** Byte offset of the 64-byte control block (Int32 slots) used by the worker handshake. */
  readonly control: number;
  /** Byte offset of the parameter block (see `paramField`). */
  readonly params: number;
  /** Scratch of thread 0 (the caller) and thread 1 (the worker). */
  readonly threads: readonly [ThreadArea, ThreadArea];
  /** First byte of the data area. */
  readonly data: number;
  /** Largest data area size, in bytes. */
  readonly maxData: number;
  /** Grows memory so the data area holds at least `bytes`. */
  reserve(bytes: number): void;
}

/** Rounds `x` up to a multiple of `to`. */
function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

function makeMemory(initial: number): { memory: WasmMemory; shared: boolean } {
  const wasm = requireWasm();
  try {
    const memory = new wasm.Memory({ initial, maximum: MAX_PAGES, shared: true });
    if (typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer) return { memory, shared: true };
  } catch {
    // fall through to an unshared memory
  }
  return { memory: new wasm.Memory({ initial, maximum: MAX_PAGES }), shared: false };
}

/** Options for {@link createRuntime} (benchmarks and tests of alternative blockings). */
export interface RuntimeOptions {
  readonly blocking?: Partial<Record<Precision, Blocking>>;
  /** Use relaxed-SIMD fused multiply-add when the engine has it (default: when available). */
  readonly fma?: boolean;
}

/**
 * Compiles the module and lays out a fresh memory.
 * @example
 * const rt = createRuntime();
 * rt.reserve(1 << 20); // data area of at least 1 MiB from rt.data on
 */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const wasm = requireWasm();
  const fma = options.fma ?? relaxedSimdAvailable();
  // Layout needs the scratch sizes, which depend only on the blocking: build once to learn them.
  const probe = buildGemmModule({ blocking: options.blocking, fma, shared: false, initialPages: 1, maximumPages: 1 });
  const control = 64;
  const params = 256;
  let at = params + paramBlockBytes;
  const area = (): ThreadArea => {
    const s = probe.scratchBytes;
    const tile = roundUp(at, ALIGN);
    at = tile + Math.max(s.f32.tile, s.f64.tile);
    const packA = roundUp(at, ALIGN);
    at = packA + Math.max(s.f32.packA, s.f64.packA);
    return { packA, tile };
  };
  const threads: [ThreadArea, ThreadArea] = [area(), area()];
  const data = roundUp(at, PAGE);
  const initial = data / PAGE + 16;
  const { memory, shared } = makeMemory(initial);
  const gemm = buildGemmModule({ blocking: options.blocking, fma, shared, initialPages: initial, maximumPages: MAX_PAGES });
  const module = new wasm.Module(gemm.bytes);
  const instance = new wasm.Instance(module, { env: { memory } });
  const exported = (name: string): RunFn => {
    const f = instance.exports[name];
    if (typeof f !== "function") throw new Error(`gemm module lacks ${name}`);
    return f as RunFn;
  };
  const maxData = MAX_PAGES * PAGE - data;
  return {
    module,
    memory,
    shared,
    gemm,
    run: { f32: exported("run_f32"), f64: exported("run_f64") },
    control,
    params,
    threads,
    data,
    maxData,
    reserve(bytes: number): void {
      if (bytes > maxData) throw new RangeError(`matmulWasm: ${bytes} bytes exceed the 4 GiB wasm memory`);
      const need = Math.ceil((data + bytes) / PAGE);
      const have = memory.buffer.byteLength / PAGE;
      // Grow geometrically to keep the number of grows small.
      if (need > have) memory.grow(Math.min(MAX_PAGES, Math.max(need, Math.ceil(have * 1.25))) - have);
    },
  };
}
