/**
 * Benchmark of the WebAssembly SIMD matmul: prints one JSON line per case,
 * {"bench":"matmul-wasm-512-f32-t1","ms":median,"gflops":...,"p10Ms":...,"workerShare":...}
 * (gflops from the median; p10Ms the 10th percentile, a hint of what an unloaded machine gives;
 * workerShare the fraction of tasks the helper thread ran). Run: npx tsx bench/matmul-wasm.ts
 * Optional filter: npx tsx bench/matmul-wasm.ts 512-f32 (substring of the bench name).
 */
import { matmulThreadsReady, matmulThreadStats, matmulWasm } from "../src/tensor/kernels/wasm/matmul-wasm";
import { setThreads } from "../src/tensor/kernels/wasm/threads";
import type { MatmulSpec } from "../src/tensor/kernels/wasm/spec";

interface Case {
  name: string;
  size: number;
  dtype: "float32" | "float64";
  threads: 1 | 2;
  transA: boolean;
  transB: boolean;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function runCase(c: Case): { ms: number; gflops: number; p10: number; workerShare: number } {
  const { size, dtype } = c;
  const make = (): Float32Array | Float64Array => {
    const x = dtype === "float32" ? new Float32Array(size * size) : new Float64Array(size * size);
    for (let i = 0; i < x.length; i++) x[i] = Math.random() - 0.5;
    return x;
  };
  const a = make();
  const b = make();
  const spec: MatmulSpec = { batch: 1, m: size, k: size, n: size, transA: c.transA, transB: c.transB, aBatchStride: 0, bBatchStride: 0 };
  setThreads(c.threads);
  const flops = 2 * size * size * size;
  // Warm up (also lets the engine tier the module up to optimized code) for ~300 ms.
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) matmulWasm(a, b, spec, dtype);
  // Repetitions: at least 15 and ~1 s of samples, each sample ≥ 2 ms (several calls for small sizes).
  const once = performance.now();
  matmulWasm(a, b, spec, dtype);
  const per = Math.max(1e-3, performance.now() - once);
  const inner = Math.max(1, Math.ceil(2 / per));
  const samples: number[] = [];
  const before = matmulThreadStats();
  const end = performance.now() + 1000;
  while (samples.length < 15 || (performance.now() < end && samples.length < 500)) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) matmulWasm(a, b, spec, dtype);
    samples.push((performance.now() - t0) / inner);
  }
  const after = matmulThreadStats();
  const worker = after.workerTasks - before.workerTasks;
  const caller = after.callerTasks - before.callerTasks;
  const ms = median(samples);
  const p10 = [...samples].sort((x, y) => x - y)[Math.floor(samples.length / 10)];
  return { ms, gflops: flops / (ms * 1e6), p10, workerShare: worker / Math.max(1, worker + caller) };
}

function main(): void {
  const filter = process.argv[2] ?? "";
  const parallel = matmulThreadsReady();
  if (!parallel) console.error("helper thread unavailable: t2 runs single-threaded");
  const cases: Case[] = [];
  for (const dtype of ["float32", "float64"] as const) {
    for (const size of [128, 256, 512]) {
      for (const threads of [1, 2] as const) {
        const d = dtype === "float32" ? "f32" : "f64";
        cases.push({ name: `matmul-wasm-${size}-${d}-t${threads}`, size, dtype, threads, transA: false, transB: false });
      }
    }
    for (const threads of [1, 2] as const) {
      const d = dtype === "float32" ? "f32" : "f64";
      cases.push({ name: `matmul-wasm-512-${d}-transB-t${threads}`, size: 512, dtype, threads, transA: false, transB: true });
      cases.push({ name: `matmul-wasm-512-${d}-transA-t${threads}`, size: 512, dtype, threads, transA: true, transB: false });
    }
  }
  for (const c of cases) {
    if (!c.name.includes(filter)) continue;
    const r = runCase(c);
    const line = {
      bench: c.name,
      ms: Number(r.ms.toFixed(4)),
      gflops: Number(r.gflops.toFixed(2)),
      p10Ms: Number(r.p10.toFixed(4)),
      workerShare: Number(r.workerShare.toFixed(2)),
    };
    console.log(JSON.stringify(line));
  }
}

main();
