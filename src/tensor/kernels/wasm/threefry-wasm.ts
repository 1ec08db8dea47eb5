/**
 * Threefry-2x32 under one key in WebAssembly SIMD: eight counter pairs per step (two vectors of four), the 20
 * rounds written out with 32-bit lane additions, rotations and xors (the same integer
 * operations as the JavaScript kernel, so the same bits). The module is built lazily, once,
 * over the GEMM runtime's memory; counters are copied into its data area a chunk at a time
 * and the words copied out.
 * @module
 */
import { Code, encodeModule, op, simd, valType } from "./encoder";
import { getRuntime } from "./matmul-wasm";
import { requireWasm, type WasmMemory } from "./wasm-api";
import { THREEFRY_PARITY, THREEFRY_ROTATIONS } from "../threefry";

/**
 * The task: encrypts the `count` counter pairs at byte addresses `x0`, `x1` under the key
 * `(k0, k1)`, writing the words to `y0` and `y1`; `count` is rounded up to a multiple of 8
 * (the caller leaves room for the extra pairs, whose words it ignores).
 */
type ThreefryTask = (k0: number, k1: number, x0: number, x1: number, y0: number, y1: number, count: number) => void;

interface ThreefryModule {
  readonly memory: WasmMemory;
  readonly run: ThreefryTask;
}

/** The task function's code: key schedule splatted once, then the loop over groups of four pairs. */
function threefryTask(): Code {
  const [k0, k1, x0, x1, y0, y1, count] = [0, 1, 2, 3, 4, 5, 6];
  const code = new Code(7);
  const v = (): number => code.local(valType.v128);
  // ks = (k0, k1, k0 ^ k1 ^ parity), splatted; the injection after group g adds
  // ks[g mod 3] to a and ks[(g + 1) mod 3] + g to b.
  const ks = [v(), v(), v()];
  code.localGet(k0).simd(simd.i32x4Splat).localSet(ks[0]);
  code.localGet(k1).simd(simd.i32x4Splat).localSet(ks[1]);
  code.localGet(k0).localGet(k1).op(op.i32Xor).i32Const(THREEFRY_PARITY).op(op.i32Xor).simd(simd.i32x4Splat).localSet(ks[2]);
  const injections = [1, 2, 3, 4, 5].map((g) => {
    const local = v();
    code
      .localGet(ks[(g + 1) % 3])
      .v128Const32([g, g, g, g])
      .simd(simd.i32x4Add)
      .localSet(local);
    return local;
  });
  const i = code.local(valType.i32);
  const bytes = code.local(valType.i32);
  // Two independent groups of four pairs per step, their rounds interleaved (each round
  // depends on the previous one: two chains keep the core busy).
  const chains = [0, 16].map((offset) => ({ offset, a: v(), b: v() }));
  // bytes = 32 · ⌈count / 8⌉
  code.localGet(count).i32Const(7).op(op.i32Add).i32Const(-8).op(op.i32And).i32Const(2).op(op.i32Shl).localSet(bytes);
  code.i32Const(0).localSet(i);
  code.block().loop();
  code.localGet(i).localGet(bytes).op(op.i32GeU).brIf(1);
  for (const { offset, a, b } of chains) {
    code.localGet(x0).localGet(i).op(op.i32Add).v128Load(offset).localGet(ks[0]).simd(simd.i32x4Add).localSet(a);
    code.localGet(x1).localGet(i).op(op.i32Add).v128Load(offset).localGet(ks[1]).simd(simd.i32x4Add).localSet(b);
  }
  for (let group = 1; group <= 5; group++) {
    for (let r = 0; r < 4; r++) {
      const s = THREEFRY_ROTATIONS[(group % 2 === 1 ? 0 : 4) + r];
      for (const { a, b } of chains) {
        // a += b; b = rotl(b, s) ^ a
        code.localGet(a).localGet(b).simd(simd.i32x4Add).localSet(a);
        code
          .localGet(b)
          .i32Const(s)
          .simd(simd.i32x4Shl)
          .localGet(b)
          .i32Const(32 - s)
          .simd(simd.i32x4ShrU)
          .simd(simd.v128Or);
        code.localGet(a).simd(simd.v128Xor).localSet(b);
      }
    }
    for (const { a, b } of chains) {
      code
        .localGet(a)
        .localGet(ks[group % 3])
        .simd(simd.i32x4Add)
        .localSet(a);
      code
        .localGet(b)
        .localGet(injections[group - 1])
        .simd(simd.i32x4Add)
        .localSet(b);
    }
  }
  for (const { offset, a, b } of chains) {
    code.localGet(y0).localGet(i).op(op.i32Add).localGet(a).v128Store(offset);
    code.localGet(y1).localGet(i).op(op.i32Add).localGet(b).v128Store(offset);
  }
  code.localGet(i).i32Const(32).op(op.i32Add).localSet(i).br(0);
  code.end().end();
  return code;
}

let built: ThreefryModule | undefined;

/** The module over the GEMM runtime's memory, compiled on first call. */
function threefryModule(): ThreefryModule {
  if (built) return built;
  const rt = getRuntime();
  const code = threefryTask();
  const i32 = valType.i32;
  const bytes = encodeModule({
    functionImports: [],
    memory: { module: "env", field: "memory", initial: 1, maximum: 65536, shared: rt.shared },
    functions: [{ type: { params: [i32, i32, i32, i32, i32, i32, i32], results: [] }, locals: code.locals, body: code.finish(), exportName: "run" }],
  });
  const wasm = requireWasm();
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory: rt.memory } });
  built = { memory: rt.memory, run: instance.exports.run as ThreefryTask };
  return built;
}

/** Pairs per chunk: the counters and words of one chunk stay in the core's cache. */
const CHUNK = 1 << 14;

/**
 * Threefry-2x32 of the counter pairs `(x0[i], x1[i])` under the one key `(k0, k1)`, the
 * words written to `out[i]` and `out[n + i]` (as {@link threefryKernel} with every key
 * element equal); throws where WebAssembly SIMD is not available.
 * @example
 * const out = new Uint32Array(2);
 * threefryOneKeyWasm(0, 0, Uint32Array.of(0), Uint32Array.of(0), out); // out = [0x6b200159, 0x99ba4efe]
 */
export function threefryOneKeyWasm(k0: number, k1: number, x0: Uint32Array, x1: Uint32Array, out: Uint32Array): void {
  const m = threefryModule();
  const rt = getRuntime();
  const n = x0.length;
  const chunk = Math.min(n, CHUNK);
  const span = Math.ceil(chunk / 8) * 32;
  const [a0, a1, b0, b1] = [0, 1, 2, 3].map((k) => rt.data + k * span);
  rt.reserve(4 * span);
  const heap = new Uint32Array(m.memory.buffer);
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    heap.set(x0.subarray(start, start + len), a0 / 4);
    heap.set(x1.subarray(start, start + len), a1 / 4);
    m.run(k0, k1, a0, a1, b0, b1, len);
    out.set(heap.subarray(b0 / 4, b0 / 4 + len), start);
    out.set(heap.subarray(b1 / 4, b1 / 4 + len), n + start);
  }
}
