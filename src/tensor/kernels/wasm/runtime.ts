/**
 * The compiled GEMM module and the layout of its linear memory: the parameter block, then a
 * data area that holds the current call's operands, output, packed B, task bookkeeping and the
 * threads' scratch (packed A, edge tile), and grows on demand. Created lazily, once per process;
 * the thread pool instantiates the module on each thread over the same shared memory.
 */
import { buildGemmModule, type Blocking, type GemmModule, type Precision, relaxedSimdAvailable } from "./gemm-module";
import { requireWasm, type WasmMemory, type WasmModule } from "./wasm-api";

const PAGE = 65536;
/** 4 GiB: the whole 32-bit address space. */
const MAX_PAGES = 65536;

/** The live module, memory and layout. */
export interface Runtime {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** Whether the memory is shared (its buffer a SharedArrayBuffer), so workers can join. */
  readonly shared: boolean;
  readonly gemm: GemmModule;
  /** Byte offset of the parameter block (see `paramField`). */
  readonly params: number;
  /** First byte of the data area. */
  readonly data: number;
  /** Largest data area size, in bytes. */
  readonly maxData: number;
  /** Grows memory so the data area holds at least `bytes`. */
  reserve(bytes: number): void;
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
  const params = 256;
  const data = PAGE;
  const initial = 16;
  const { memory, shared } = makeMemory(initial);
  const gemm = buildGemmModule({ blocking: options.blocking, fma, shared, initialPages: initial, maximumPages: MAX_PAGES });
  const module = new wasm.Module(gemm.bytes);
  const maxData = MAX_PAGES * PAGE - data;
  return {
    module,
    memory,
    shared,
    gemm,
    params,
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
