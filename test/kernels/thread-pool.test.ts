import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, encodeModule, op, valType } from "../../src/tensor/kernels/wasm/encoder";
import { ThreadPool, maxTaskParams } from "../../src/tensor/kernels/wasm/pool";
import { parseThreadCount, setThreads, threads, threadsReady } from "../../src/tensor/kernels/wasm/threads";
import { requireWasm, type WasmMemory, type WasmModule } from "../../src/tensor/kernels/wasm/wasm-api";
import type { WorkerHost } from "../../src/tensor/kernels/wasm/worker-host";
import { nodeWorkerHost } from "../../src/tensor/kernels/wasm/worker-host-node";

const { i32 } = valType;

/**
 * A task-loop module over a shared memory:
 * - `claim(counter, out, tasks, spin, thread)`: takes tasks t from the counter; writes
 *   `thread + 1` to the i32 `out[t]` after `spin` idle iterations; returns how many it took.
 * - `failOnWorker(spin, thread)`: traps on a worker; the caller idles `spin` iterations.
 */
function taskModule(): { module: WasmModule; memory: WasmMemory } {
  const wasm = requireWasm();
  const memory = wasm.Memory ? new wasm.Memory({ initial: 1, maximum: 1, shared: true }) : undefined;
  if (memory === undefined) throw new Error("no memory");
  const idle = (c: Code, spin: number, cnt: number): void => {
    c.localGet(spin).localSet(cnt);
    c.block().loop().localGet(cnt).op(op.i32Eqz).brIf(1).localGet(cnt).i32Const(1).op(op.i32Sub).localSet(cnt).br(0).end().end();
  };
  const claim = new Code(5);
  {
    const [counter, out, tasks, spin, thread] = [0, 1, 2, 3, 4];
    const t = claim.local(i32);
    const done = claim.local(i32);
    const cnt = claim.local(i32);
    claim.block().loop();
    claim.localGet(counter).i32Const(1).i32AtomicAdd().localTee(t).localGet(tasks).op(op.i32GeU).brIf(1);
    idle(claim, spin, cnt);
    claim.localGet(out).localGet(t).i32Const(4).op(op.i32Mul).op(op.i32Add).localGet(thread).i32Const(1).op(op.i32Add).i32Store();
    claim.localGet(done).i32Const(1).op(op.i32Add).localSet(done);
    claim.br(0).end().end().localGet(done);
  }
  const fail = new Code(2);
  {
    const cnt = fail.local(i32);
    fail.localGet(1).if().op(op.unreachable).end();
    idle(fail, 0, cnt);
    fail.i32Const(0);
  }
  const bytes = encodeModule({
    memory: { module: "env", field: "memory", initial: 1, maximum: 1, shared: true },
    functions: [
      { type: { params: [i32, i32, i32, i32, i32], results: [i32] }, locals: claim.locals, body: claim.finish(), exportName: "claim" },
      { type: { params: [i32, i32], results: [i32] }, locals: fail.locals, body: fail.finish(), exportName: "failOnWorker" },
    ],
  });
  return { module: new wasm.Module(bytes), memory };
}

const COUNTER = 0;
const OUT = 64;

/** Runs `claim` over `tasks` tasks and returns who ran each (thread + 1) and the caller's count. */
function claimAll(
  pool: ThreadPool,
  program: { module: WasmModule; memory: WasmMemory },
  tasks: number,
  spin: number,
  threadsToUse?: number,
): { owners: number[]; callerCount: number } {
  const view = new Int32Array(program.memory.buffer);
  view.fill(0, 0, OUT / 4 + tasks);
  const callerCount = pool.run({ ...program, exportName: "claim", params: [COUNTER, OUT, tasks, spin], threads: threadsToUse });
  return { owners: Array.from(view.subarray(OUT / 4, OUT / 4 + tasks)), callerCount };
}

describe("PUREDIFF_THREADS", () => {
  it("parses a positive whole number, and falls back to the cores when unset or empty", () => {
    expect(parseThreadCount(undefined, 6)).toBe(6);
    expect(parseThreadCount("", 6)).toBe(6);
    expect(parseThreadCount("4", 2)).toBe(4);
    expect(parseThreadCount(" 3 ", 2)).toBe(3);
    expect(parseThreadCount("1024", 2)).toBe(1024);
  });

  it("rejects anything else, naming the variable and the value", () => {
    for (const bad of ["0", "-1", "2.5", "abc", "1e3", "4 threads", "1025"]) {
      expect(() => parseThreadCount(bad, 2)).toThrow(`PUREDIFF_THREADS must be a whole number of threads from 1 to 1024, got ${JSON.stringify(bad)}`);
    }
  });

  const run = (value: string): { status: number | null; stdout: string; stderr: string } => {
    const code = 'console.log("threads=" + require("./src/tensor/kernels/wasm/threads.ts").threads())';
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], {
      env: { ...process.env, PUREDIFF_THREADS: value },
      encoding: "utf8",
      timeout: 60000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("sizes the pool of a fresh process", () => {
    expect(run("3").stdout).toContain("threads=3");
  });

  it("makes a bad value fail on first use with a clear message", () => {
    const r = run("many");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PUREDIFF_THREADS must be a whole number of threads from 1 to 1024, got "many"');
  });
});

describe("setThreads", () => {
  let before = 1;
  beforeAll(() => {
    before = threads();
  });
  afterAll(() => setThreads(before));

  it("changes the thread count both ways", () => {
    setThreads(3);
    expect(threads()).toBe(3);
    setThreads(1);
    expect(threads()).toBe(1);
    setThreads(2);
    expect(threads()).toBe(2);
  });

  it("rejects counts that are not whole numbers from 1 to 1024, and keeps the old one", () => {
    setThreads(2);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 1025]) {
      expect(() => setThreads(bad)).toThrow(`setThreads: n must be a whole number of threads from 1 to 1024, got ${bad}`);
    }
    expect(threads()).toBe(2);
  });

  it("threadsReady resolves to the threads a kernel may use once their workers run, and refuses a bad timeout", async () => {
    setThreads(2);
    const cores = Math.min(2, availableParallelism());
    expect(await threadsReady(20_000)).toBe(cores);
    for (const bad of [-1, NaN]) {
      await expect(threadsReady(bad)).rejects.toThrow(`threadsReady: timeoutMs must be a number of milliseconds >= 0, got ${bad}`);
    }
  });
});

/** Node's workers on a machine said to have four cores, so that three threads all run here. */
const fourCores: WorkerHost = { ...nodeWorkerHost, cores: () => 4 };

describe("ThreadPool", () => {
  const program = taskModule();
  const pool = new ThreadPool(fourCores, 3);
  afterAll(() => pool.resize(1));

  it("runs on the caller alone while the workers are still booting, and never hangs", () => {
    const fresh = new ThreadPool(fourCores, 3);
    const { owners, callerCount } = claimAll(fresh, program, 40, 0);
    // Every task done exactly once; workers that had not booted took none.
    expect(owners.every((o) => o >= 1 && o <= 3)).toBe(true);
    expect(callerCount + fresh.stats().workerTasks).toBe(40);
    fresh.resize(1);
  });

  it("shares a job's tasks over all threads, each with its own thread index", () => {
    expect(pool.waitReady(10000)).toBe(3);
    // The first job of a module teaches the workers; they join once they have instantiated it.
    const seen = new Set<number>();
    const end = Date.now() + 10000;
    while (seen.size < 3 && Date.now() < end) {
      const before = pool.stats();
      const { owners, callerCount } = claimAll(pool, program, 64, 20000);
      const after = pool.stats();
      expect(owners.every((o) => o >= 1 && o <= 3)).toBe(true);
      expect(callerCount).toBe(owners.filter((o) => o === 1).length);
      expect(callerCount + after.workerTasks - before.workerTasks).toBe(64);
      for (const o of owners) seen.add(o);
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it("runs a job on no more threads than cores, however large the pool", () => {
    const twoCores = new ThreadPool({ ...nodeWorkerHost, cores: () => 2 }, 8);
    expect(twoCores.size).toBe(8);
    expect(twoCores.active).toBe(2);
    // One worker is started, not seven.
    expect(twoCores.waitReady(10000)).toBe(2);
    const seen = new Set<number>();
    const end = Date.now() + 10000;
    while (seen.size < 2 && Date.now() < end) {
      const { owners } = claimAll(twoCores, program, 32, 20000);
      expect(owners.every((o) => o === 1 || o === 2)).toBe(true);
      for (const o of owners) seen.add(o);
    }
    expect(seen.size).toBe(2);
    twoCores.resize(1);
    expect(twoCores.active).toBe(1);
  });

  it("wakes sleeping workers only for jobs long enough to pay for it", () => {
    expect(pool.waitReady(10000)).toBe(3);
    // Workers stop spinning 0.1 ms after a job.
    const sleep = (): void => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    };
    for (let i = 0; i < 10; i++) {
      sleep();
      const view = new Int32Array(program.memory.buffer);
      view.fill(0, 0, OUT / 4 + 16);
      expect(pool.run({ ...program, exportName: "claim", params: [COUNTER, OUT, 16, 20000], estimatedMs: 0 })).toBe(16);
    }
    // A job said to take a minute wakes them (they join within a few tries).
    const before = pool.stats().workerJobs;
    const end = Date.now() + 10000;
    while (pool.stats().workerJobs === before && Date.now() < end) {
      sleep();
      pool.run({ ...program, exportName: "claim", params: [COUNTER, OUT, 64, 20000], estimatedMs: 60000 });
    }
    expect(pool.stats().workerJobs).toBeGreaterThan(before);
  });

  it("uses only the threads a job asks for", () => {
    for (let i = 0; i < 20; i++) {
      const { owners } = claimAll(pool, program, 32, 2000, 2);
      expect(owners.every((o) => o === 1 || o === 2)).toBe(true);
    }
    expect(claimAll(pool, program, 16, 0, 1).owners).toEqual(new Array<number>(16).fill(1));
  });

  it("reports a trap on a worker as an error", () => {
    let error: unknown;
    const end = Date.now() + 10000;
    while (error === undefined && Date.now() < end) {
      try {
        // The caller idles long enough for a worker to claim the job.
        pool.run({ ...program, exportName: "failOnWorker", params: [1_000_000] });
      } catch (e) {
        error = e;
      }
    }
    expect(String(error)).toContain("ThreadPool.run: failOnWorker failed on a worker thread");
    // The pool still works afterwards.
    expect(claimAll(pool, program, 8, 0).owners.every((o) => o >= 1 && o <= 3)).toBe(true);
  });

  it("finishes a job when a worker is gone, and replaces it", () => {
    pool.killWorker(0);
    const before = pool.stats().workerTasks;
    const { owners, callerCount } = claimAll(pool, program, 50, 0);
    expect(owners.every((o) => o === 1 || o === 3)).toBe(true);
    expect(callerCount + pool.stats().workerTasks - before).toBe(50);
    expect(pool.waitReady(10000)).toBe(3);
  });

  it("runs unshared memory on the caller alone", () => {
    const wasm = requireWasm();
    const memory = new wasm.Memory({ initial: 1, maximum: 1 });
    const c = new Code(1).localGet(0).i32Const(7).i32Store().i32Const(1);
    const bytes = encodeModule({
      memory: { module: "env", field: "memory", initial: 1, maximum: 1, shared: false },
      functions: [{ type: { params: [i32], results: [i32] }, locals: c.locals, body: c.finish(), exportName: "store7" }],
    });
    expect(pool.run({ module: new wasm.Module(bytes), memory, exportName: "store7", params: [] })).toBe(1);
    expect(new Int32Array(memory.buffer)[0]).toBe(7);
  });

  it("rejects a missing export, too many parameters and a bad size", () => {
    expect(() => pool.run({ ...program, exportName: "nope", params: [] })).toThrow("ThreadPool.run: the module has no exported function nope");
    expect(() => pool.run({ ...program, exportName: "claim", params: new Array<number>(maxTaskParams + 1).fill(0) })).toThrow(
      `ThreadPool.run: 17 parameters, at most ${maxTaskParams}`,
    );
    expect(() => pool.resize(0)).toThrow("ThreadPool.resize: size must be a positive integer, got 0");
  });
});
