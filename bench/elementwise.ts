/**
 * The eager elementwise kernels on their JavaScript loops against their WebAssembly SIMD path,
 * per op and size, interleaved in one process (each round times every op and size once on
 * each path, so load changes hit both alike), medians of the rounds in µs per call, fresh
 * output arrays as the kernels allocate them. Prints one JSON line per (op, size) with the
 * ratio js / simd; the SIMD threshold (`ELEMENTWISE_SIMD_MIN_ELEMENTS`) is chosen from it.
 *
 *   npx tsx bench/elementwise.ts                            every op, sizes 64 … 1e6, 15 rounds
 *   npx tsx bench/elementwise.ts --sizes 1024,2048 --only mul,neg --rounds 31
 */
import type { TypedArray } from "../src/tensor/dtype";
import { binaryKernel, compareKernel, selectKernel } from "../src/tensor/kernels/binary";
import { setElementwiseSimdMinElements } from "../src/tensor/kernels/elementwise-simd";
import { reduceKernel } from "../src/tensor/kernels/reduce";
import { unaryKernel } from "../src/tensor/kernels/unary";
import { median } from "./measure";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const sizes = option("--sizes", "64,256,1024,2048,4096,16384,65536,262144,1000000").split(",").map(Number);
const rounds = Number(option("--rounds", "15"));
const only = option("--only", "");

/** Values in [-1, 1) from a fixed seed. */
function values<T extends TypedArray>(array: T, seed: number): T {
  let s = seed;
  for (let i = 0; i < array.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    array[i] = s / 2 ** 31 - 1;
  }
  return array;
}

/** The ops, each a call on operands of n elements. */
function ops(n: number): { id: string; call: () => unknown }[] {
  const a = values(new Float32Array(n), 1);
  const b = values(new Float32Array(n), 2);
  const a64 = values(new Float64Array(n), 3);
  const b64 = values(new Float64Array(n), 4);
  const ai = Int32Array.from(a, (v) => v * 1000);
  const bi = Int32Array.from(b, (v) => v * 1000);
  // A trailing row of 256 elements (1000 where 256 does not divide n, a single row where neither does).
  const rowLength = n % 256 === 0 ? 256 : n % 1000 === 0 ? 1000 : n;
  const rows = n / rowLength;
  const row = values(new Float32Array(rowLength), 5);
  const one = Float32Array.of(1);
  const cond = Uint8Array.from(a, (v) => (v > 0 ? 1 : 0));
  const zero = Float32Array.of(0);
  return [
    { id: "mul", call: () => binaryKernel("mul", a, [n], b, [n], [n], "float32") },
    { id: "add-scalar", call: () => binaryKernel("add", a, [n], one, [], [n], "float32") },
    { id: "add-row", call: () => binaryKernel("add", a, [rows, rowLength], row, [rowLength], [rows, rowLength], "float32") },
    { id: "max", call: () => binaryKernel("max", a, [n], b, [n], [n], "float32") },
    { id: "div-f64", call: () => binaryKernel("div", a64, [n], b64, [n], [n], "float64") },
    { id: "mul-i32", call: () => binaryKernel("mul", ai, [n], bi, [n], [n], "int32") },
    { id: "neg", call: () => unaryKernel("neg", a, "float32") },
    { id: "sqrt", call: () => unaryKernel("sqrt", b, "float32") },
    { id: "sign", call: () => unaryKernel("sign", a, "float32") },
    { id: "gt", call: () => compareKernel("gt", a, [n], b, [n], [n]) },
    { id: "select", call: () => selectKernel(cond, [n], a, [n], zero, [], [n], "float32") },
    { id: "tanh", call: () => unaryKernel("tanh", a, "float32") },
    { id: "sum", call: () => reduceKernel("sum", a, [n], [0], "float32") },
    { id: "max-reduce", call: () => reduceKernel("max", a, [n], [0], "float32") },
  ].filter((o) => only === "" || only.split(",").includes(o.id));
}

/** µs per call of `call`, repeated to take about half a millisecond. */
function sample(call: () => unknown, reps: number): number {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) call();
  return ((performance.now() - t0) * 1000) / reps;
}

for (const n of sizes) {
  const reps = Math.max(1, Math.round(200_000 / n));
  for (const { id, call } of ops(n)) {
    const times: Record<"js" | "simd", number[]> = { js: [], simd: [] };
    for (let r = -2; r < rounds; r++) {
      for (const path of ["js", "simd"] as const) {
        setElementwiseSimdMinElements(path === "js" ? Infinity : 1);
        const us = sample(call, reps);
        if (r >= 0) times[path].push(us);
      }
    }
    const js = median(times.js);
    const simd = median(times.simd);
    console.log(JSON.stringify({ op: id, n, jsUs: +js.toFixed(2), simdUs: +simd.toFixed(2), ratio: +(js / simd).toFixed(2) }));
  }
}
