/**
 * Thread scaling of the heavy kernels: B1-512 (float32 matmul), B5 (LeNet-5 value and
 * gradient, eager and jit), and jit's fused loops in B4-vg-jit (value and gradient of
 * sum(tanh(x)·x + 1) on 1e6 float32 elements) and B2-grad-jit (an MLP's value and gradient),
 * and max pooling alone (pool-max: LeNet's first 2×2 pooling, [128, 28, 28, 6] float32) with
 * the pool at each thread count, interleaved in one process
 * (round r times every count once, so load changes hit all counts alike; each switch waits for
 * the workers to start and runs one untimed call), medians of the rounds. Prints one JSON line
 * per (bench, threads) with the parallel efficiency against the first count, t1 / (m · tn)
 * where m = min(n, cores) is the threads a job can actually use,
 * the share of the pool's tasks the workers ran, and the cores the machine reports.
 *
 *   npx tsx bench/scaling.ts                      threads 1, 2, 4, 8; 21 rounds
 *   npx tsx bench/scaling.ts --threads 1,2 --rounds 31 --only B1-512
 *   npx tsx bench/scaling.ts --cores 8            pretend the machine has 8 cores
 *
 * `setThreads(n)` sizes the pool exactly as `PUREDIFF_THREADS=n` does at start-up. A job runs
 * on at most as many threads as cores, so above the core count nothing changes unless
 * `--cores` pretends there are more (to see what running them all would cost).
 */
import { availableParallelism } from "node:os";
import { jit, lax, matmul, setThreads, valueAndGrad, type Tensor } from "../src/index";
import { matmulThreadsReady, matmulThreadStats } from "../src/tensor/kernels/wasm/matmul-wasm";
import { setWorkerHost } from "../src/tensor/kernels/wasm/threads";
import { nodeWorkerHost } from "../src/tensor/kernels/wasm/worker-host-node";
import { randomTensor } from "./data";
import { elementwise, mlpInputs, mlpLoss, workloads as benchWorkloads } from "./run";
import { lenetInputs, lenetLoss } from "./lenet";
import { median } from "./measure";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const counts = option("--threads", "1,2,4,8").split(",").map(Number);
const rounds = Number(option("--rounds", "21"));
const only = option("--only", "");
const cores = Number(option("--cores", String(availableParallelism())));

/** The workloads: a call to time and how many calls make one sample. */
function workloads(): { id: string; call: () => unknown; calls: number; flops?: number }[] {
  const a = randomTensor([512, 512], 1, 1);
  const b = randomTensor([512, 512], 1, 2);
  const { params, x, y } = lenetInputs();
  const vg = valueAndGrad(lenetLoss);
  const vgJit = jit(valueAndGrad(lenetLoss));
  const sink = (r: readonly [Tensor, unknown]): number => r[0].item();
  const v = randomTensor([benchWorkloads.elementwise.n], benchWorkloads.elementwise.x.scale, benchWorkloads.elementwise.x.seed);
  const vgElementwise = jit(valueAndGrad(elementwise));
  const mlp = mlpInputs();
  const vgMlp = jit(valueAndGrad(mlpLoss));
  const activations = randomTensor([128, 28, 28, 6], 1, 3);
  return [
    { id: "B1-512", call: () => matmul(a, b).data(), calls: 10, flops: 2 * 512 ** 3 },
    { id: "B5-lenet", call: () => sink(vg(params, x, y)), calls: 2 },
    { id: "B5-lenet-jit", call: () => sink(vgJit(params, x, y)), calls: 2 },
    { id: "B4-vg-jit", call: () => sink(vgElementwise(v)), calls: 10 },
    { id: "B2-grad-jit", call: () => sink(vgMlp(mlp.params, mlp.x, mlp.y)), calls: 20 },
    { id: "pool-max", call: () => lax.reduceWindow(activations, -Infinity, "max", [1, 2, 2, 1], [1, 2, 2, 1], "VALID").data(), calls: 20 },
  ].filter((w) => only === "" || w.id === only);
}

function main(): void {
  if (cores !== availableParallelism()) setWorkerHost({ ...nodeWorkerHost, cores: () => cores });
  const list = workloads();
  const samples = new Map<string, number[]>();
  const shares = new Map<string, { worker: number; caller: number }>();
  for (const n of counts) {
    setThreads(n);
    if (!matmulThreadsReady()) console.error(`threads ${n}: some workers did not start`);
    for (const w of list) for (let i = 0; i < 3; i++) w.call();
  }
  for (let r = 0; r < rounds; r++) {
    for (const w of list) {
      for (const n of counts) {
        // Resizing retires or starts workers: wait for them and let them learn the kernels
        // (an untimed call) before timing.
        setThreads(n);
        matmulThreadsReady();
        w.call();
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        const before = matmulThreadStats();
        const t0 = performance.now();
        for (let i = 0; i < w.calls; i++) w.call();
        const ms = (performance.now() - t0) / w.calls;
        const after = matmulThreadStats();
        const key = `${w.id}@${n}`;
        const share = shares.get(key) ?? { worker: 0, caller: 0 };
        shares.set(key, { worker: share.worker + after.workerTasks - before.workerTasks, caller: share.caller + after.callerTasks - before.callerTasks });
        samples.set(key, [...(samples.get(key) ?? []), ms]);
      }
    }
  }
  for (const w of list) {
    const t1 = median(samples.get(`${w.id}@${counts[0]}`) ?? [NaN]);
    for (const n of counts) {
      const ms = median(samples.get(`${w.id}@${n}`) ?? [NaN]);
      const row: Record<string, number | string> = {
        bench: w.id,
        threads: n,
        cores: availableParallelism(),
        ...(cores !== availableParallelism() ? { pretendCores: cores } : {}),
        ms: Math.round(ms * 1000) / 1000,
      };
      if (w.flops !== undefined) row.gflops = Math.round(w.flops / (ms * 1e6));
      // A job uses at most as many threads as cores: efficiency is against the threads it can run.
      const used = (k: number): number => Math.min(k, cores);
      if (n !== counts[0]) row.efficiency = Math.round(((t1 * used(counts[0])) / (used(n) * ms)) * 100) / 100;
      const share = shares.get(`${w.id}@${n}`);
      if (share !== undefined && n > 1) row.workerShare = Math.round((share.worker / Math.max(1, share.worker + share.caller)) * 100) / 100;
      console.log(JSON.stringify(row));
    }
  }
}

main();
