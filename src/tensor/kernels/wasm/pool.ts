/**
 * A pool of worker threads that run the exported task loops of WebAssembly modules over a
 * shared memory, with a synchronous API.
 *
 * ## The task-loop convention
 * `pool.run({ module, memory, exportName, params, threads })` calls the export
 * `exportName(...params, thread)` (all i32) on `threads` threads at once: on the caller as
 * `thread` 0 and on workers 1 … threads − 1, each with its own instance of `module` over
 * `memory` (a shared `WebAssembly.Memory` imported as `env.memory`; a worker instantiates a
 * module the first time a job needs it and keeps the instance). Besides the memory a module may
 * import functions of JavaScript's `Math` as `math.<name>` (every thread has its own `Math`,
 * the same functions), nothing else. The export must be a task loop:
 * it takes tasks from a counter in `memory` with an atomic add until none are left and returns
 * how many it ran, so the caller alone finishes the job if no worker joins; `thread` selects
 * per-thread scratch. `run` returns when every task is done.
 *
 * Kernels use the process-wide pool of `threads.ts`, sized by `PUREDIFF_THREADS` / `setThreads`:
 * ```ts
 * // the task counter at `counter` is zeroed, the job's parameter block written at `params`
 * threadPool().run({ module, memory, exportName: "run_f32", params: [params], threads: 4, estimatedMs: flops / 6e7 });
 * ```
 * The GEMM module (`gemm-module.ts`, `run_f32(params, thread)`) is the model: a parameter
 * block in memory, a task counter, per-thread scratch at `scratch + thread * scratchStride`.
 * Workers keep every instance they were taught for the life of the pool.
 *
 * ## The handshake (per worker, in its own `SharedArrayBuffer` of Int32 slots)
 * The caller writes the job (function id, parameters), bumps REQ and notifies, then runs the
 * loop itself. When it is done it moves CLAIM from REQ − 1 to REQ: if that succeeds the worker
 * never started the job (slow to wake, still booting, busy instantiating, or gone) and there is
 * nothing to wait for; otherwise the worker claimed it first and the caller waits (`Atomics.wait`)
 * until the worker stores REQ into DONE. A worker that meets a function it does not know yet
 * leaves the job unclaimed, returns to its event loop to receive the module, and joins later
 * jobs. No hang, whatever a worker does short of dying in the middle of a task.
 *
 * A pool may be sized above the core count, but a job runs on at most as many threads as there
 * are cores (see {@link ThreadPool.active}); workers are started for those only. After a job a
 * worker spins briefly before sleeping, so back-to-back calls find it awake; only a sleeping
 * worker is notified, and a job wakes sleeping workers only if it is long enough to be worth
 * what wake-ups cost lately (see {@link PoolTask.estimatedMs}). The platform (starting
 * workers, counting cores) is a {@link WorkerHost}.
 */
import { requireWasm, type WasmMemory, type WasmModule } from "./wasm-api";
import type { WorkerHandle, WorkerHost } from "./worker-host";

/** Int32 slots of a worker's control block. */
const REQ = 0;
const DONE = 1;
const FN = 2;
const NPARAMS = 3;
const READY = 4;
const ERROR = 5;
const CLAIM = 6;
const JOBS = 7;
const TASKS = 8;
/** Microseconds to spin for the next job before sleeping. */
const SPIN_US = 9;
/** 1 while the worker sleeps in `Atomics.wait` (or is about to). */
const SLEEPING = 10;
const PARAMS = 16;
/** Most parameters a task loop takes (besides the thread index). */
export const maxTaskParams = 16;
const SLOTS = PARAMS + maxTaskParams;

/** A job wakes sleeping workers when it would take this many times the recent cost of a wake-up. */
export const WAKE_FACTOR = 4;

/** How long a worker spins for the next job before sleeping, in microseconds. */
const SPIN_MICROSECONDS = 100;

/** What a module may import as `math.<name>`: the functions (and constants) of `Math`. */
const mathImports: Record<string, unknown> = Object.fromEntries(Object.getOwnPropertyNames(Math).map((name) => [name, Math[name as keyof Math]]));

/** One job: see the file header. */
export interface PoolTask {
  readonly module: WasmModule;
  /** The shared memory the module imports as `env.memory`. */
  readonly memory: WasmMemory;
  readonly exportName: string;
  /** The export's arguments before the thread index (i32 each, at most {@link maxTaskParams}). */
  readonly params: readonly number[];
  /** Threads to use, caller included (default: the whole pool; clamped to 1 … {@link ThreadPool.active}). */
  readonly threads?: number;
  /**
   * About how long the job takes on one thread, in ms. Sleeping workers are woken only when it
   * exceeds {@link WAKE_FACTOR} times what a wake-up has cost the caller lately (tens of
   * microseconds on an idle machine, a millisecond on a loaded one, where the woken thread
   * takes the caller's core); otherwise only workers still spinning after the previous job
   * join. Omitted: always wake.
   */
  readonly estimatedMs?: number;
}

/** Message telling a worker how to find function `fnId`. */
interface FunctionMessage {
  readonly fnId: number;
  readonly instanceId: number;
  readonly exportName: string;
  /** Present the first time this worker hears of `instanceId`. */
  readonly module?: WasmModule;
  readonly memory?: WasmMemory;
}

/** A worker's init data. */
interface WorkerInit {
  readonly control: SharedArrayBuffer;
  readonly thread: number;
}

/** The worker's code (a function expression, see worker-host.ts): plain JS. */
const workerSource = `(init, listen) => {
  const f = new Int32Array(init.control);
  const thread = init.thread;
  const instances = new Map();
  const fns = [];
  let parked = false;
  listen((msg) => {
    try {
      let exp = instances.get(msg.instanceId);
      if (exp === undefined) {
        exp = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory }, math: Math }).exports;
        instances.set(msg.instanceId, exp);
      }
      fns[msg.fnId] = exp[msg.exportName];
    } catch (e) {
      fns[msg.fnId] = null;
    }
    if (parked) { parked = false; pump(); }
  });
  let seen = Atomics.load(f, ${REQ});
  function pump() {
    for (;;) {
      let req = Atomics.load(f, ${REQ});
      const spin = Atomics.load(f, ${SPIN_US});
      if (req === seen && spin > 0) {
        const until = performance.now() + spin / 1000;
        while (req === seen && performance.now() < until) {
          for (let i = 0; i < 64 && req === seen; i++) req = Atomics.load(f, ${REQ});
        }
      }
      if (req === seen) {
        Atomics.store(f, ${SLEEPING}, 1);
        Atomics.wait(f, ${REQ}, seen);
        Atomics.store(f, ${SLEEPING}, 0);
        continue;
      }
      const fn = fns[Atomics.load(f, ${FN})];
      // Unknown function: leave the job to the caller, fetch the module, come back.
      if (fn === undefined) { parked = true; return; }
      seen = req;
      if (Atomics.compareExchange(f, ${CLAIM}, (req - 1) | 0, req) !== ((req - 1) | 0)) continue;
      let err = 0;
      try {
        if (typeof fn !== "function") throw new Error("no such export");
        const n = Atomics.load(f, ${NPARAMS});
        const args = [];
        for (let i = 0; i < n; i++) args.push(Atomics.load(f, ${PARAMS} + i));
        args.push(thread);
        Atomics.add(f, ${TASKS}, fn(...args));
      } catch (e) { err = 1; }
      Atomics.store(f, ${ERROR}, err);
      Atomics.add(f, ${JOBS}, 1);
      Atomics.store(f, ${DONE}, req);
      Atomics.notify(f, ${DONE});
    }
  }
  Atomics.store(f, ${READY}, 1);
  Atomics.notify(f, ${READY});
  pump();
}`;

/** The caller's instance of a module over a memory, and the ids workers know it and its exports by. */
interface Program {
  readonly id: number;
  readonly exports: Record<string, unknown>;
  readonly fnIds: Map<string, number>;
}

/** One worker as the pool sees it. */
class PoolWorker {
  readonly flags: Int32Array;
  private handle: WorkerHandle | undefined;
  private gone = false;
  /** Instance ids this worker has been sent. */
  readonly knownInstances = new Set<number>();
  /** Function ids this worker has been told about. */
  readonly knownFns = new Set<number>();

  constructor(host: WorkerHost, thread: number) {
    const control = new SharedArrayBuffer(SLOTS * 4);
    this.flags = new Int32Array(control);
    this.flags[SPIN_US] = SPIN_MICROSECONDS;
    const init: WorkerInit = { control, thread };
    try {
      this.handle = host.spawn(workerSource, init, () => this.markGone());
    } catch {
      this.markGone();
    }
  }

  private markGone(): void {
    this.gone = true;
    this.handle = undefined;
  }

  get ready(): boolean {
    return !this.gone && Atomics.load(this.flags, READY) === 1;
  }

  get dead(): boolean {
    return this.gone;
  }

  /** Makes sure the worker knows function `fnId` (see {@link FunctionMessage}). */
  teach(fnId: number, instanceId: number, exportName: string, module: WasmModule, memory: WasmMemory): void {
    if (this.knownFns.has(fnId) || this.handle === undefined) return;
    const first = !this.knownInstances.has(instanceId);
    const message: FunctionMessage = first ? { fnId, instanceId, exportName, module, memory } : { fnId, instanceId, exportName };
    try {
      this.handle.post(message);
    } catch {
      this.markGone();
      return;
    }
    this.knownInstances.add(instanceId);
    this.knownFns.add(fnId);
  }

  /** True while the worker sleeps (a job posted now needs a wake-up). */
  get sleeping(): boolean {
    return Atomics.load(this.flags, SLEEPING) === 1;
  }

  /** Posts a job; returns the ms the caller spent waking the worker (0 if it was awake). */
  post(fnId: number, params: readonly number[]): number {
    const f = this.flags;
    Atomics.store(f, FN, fnId);
    Atomics.store(f, NPARAMS, params.length);
    for (let i = 0; i < params.length; i++) Atomics.store(f, PARAMS + i, params[i]);
    Atomics.store(f, ERROR, 0);
    Atomics.add(f, REQ, 1);
    // A worker that stores SLEEPING after this load sees the new REQ and does not sleep.
    if (Atomics.load(f, SLEEPING) !== 1) return 0;
    const start = performance.now();
    Atomics.notify(f, REQ, 1);
    return performance.now() - start;
  }

  /** Returns at once if the worker has not claimed the posted job, else waits for it; true if its run failed. */
  finish(): boolean {
    const f = this.flags;
    const req = Atomics.load(f, REQ);
    const prev = (req - 1) | 0;
    if (Atomics.compareExchange(f, CLAIM, prev, req) === prev) return false;
    for (let i = 0; i < 1000 && Atomics.load(f, DONE) !== req; i++) {
      // brief spin: the worker usually finishes about when the caller does
    }
    for (let done = Atomics.load(f, DONE); done !== req; done = Atomics.load(f, DONE)) Atomics.wait(f, DONE, done, 1000);
    return Atomics.load(f, ERROR) !== 0;
  }

  terminate(): void {
    const h = this.handle;
    this.markGone();
    h?.terminate();
  }
}

/** Counters of the work sharing since the pool started. */
export interface PoolStats {
  /** Jobs the workers joined, summed over the workers. */
  readonly workerJobs: number;
  /** Tasks the workers ran. */
  readonly workerTasks: number;
  /** Tasks the calling thread ran. */
  readonly callerTasks: number;
}

/** The pool: the calling thread plus `size − 1` workers. */
export class ThreadPool {
  private readonly workers: PoolWorker[] = [];
  private readonly host: WorkerHost;
  /** The caller's instance of each (module, memory) pair, with the ids workers know it by. */
  private readonly programs = new WeakMap<WasmModule, Map<WasmMemory, Program>>();
  private nextInstanceId = 0;
  private nextFnId = 0;
  private callerTasks = 0;
  private retiredJobs = 0;
  private retiredTasks = 0;
  private count = 1;
  /** What waking a worker has cost the caller lately (moving average), in ms. */
  private wakeCostMs = 0.02;

  /**
   * A pool of `size` threads, the caller included (workers start asynchronously and join jobs
   * once booted).
   * @example
   * const pool = new ThreadPool(nodeWorkerHost, 2);
   * pool.run({ module, memory, exportName: "run", params: [paramsAddress] });
   */
  constructor(host: WorkerHost, size: number) {
    this.host = host;
    this.resize(size);
  }

  /** Threads of the pool, the caller included. */
  get size(): number {
    return this.count;
  }

  /**
   * Spawns or retires workers so the pool has `size` threads (call between jobs).
   * @example pool.resize(4)
   */
  resize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 1) throw new Error(`ThreadPool.resize: size must be a positive integer, got ${size}`);
    this.count = size;
    while (this.workers.length > this.active - 1) {
      const w = this.workers.pop();
      if (w === undefined) break;
      this.retire(w);
    }
  }

  /**
   * Threads a job runs on at most: the size, but no more than the cores. More would only take
   * turns on the cores, and a thread descheduled while it holds a task makes the others wait
   * for it (measured on 2 cores: B1-512 three times slower on 8 threads than on 2).
   */
  get active(): number {
    return Math.min(this.count, this.host.cores());
  }

  /** Stops a worker, keeping its counts in {@link stats}. */
  private retire(w: PoolWorker): void {
    this.retiredJobs += Atomics.load(w.flags, JOBS);
    this.retiredTasks += Atomics.load(w.flags, TASKS);
    w.terminate();
  }

  /** Starts the workers of the first `threads − 1` seats that have none (or a dead one). */
  private ensureWorkers(threads: number): void {
    for (let i = 0; i < threads - 1; i++) {
      const w = this.workers[i];
      if (w !== undefined && !w.dead) continue;
      if (w !== undefined) this.retire(w);
      this.workers[i] = new PoolWorker(this.host, i + 1);
    }
  }

  /**
   * Starts the workers of {@link active} threads and blocks up to `timeoutMs` until all run
   * (worker boot does not need the caller's event loop). Returns how many threads are ready,
   * the caller included.
   * @example pool.waitReady(10000) // 2 on a two-core machine
   */
  waitReady(timeoutMs: number): number {
    this.ensureWorkers(this.active);
    const end = Date.now() + timeoutMs;
    for (const w of this.workers) {
      while (!w.dead && Atomics.load(w.flags, READY) === 0) {
        const left = end - Date.now();
        if (left <= 0) break;
        Atomics.wait(w.flags, READY, 0, Math.min(left, 50));
      }
    }
    return 1 + this.workers.filter((w) => w.ready).length;
  }

  /**
   * Runs a task loop on up to `task.threads` threads (see the file header) and returns how
   * many tasks the calling thread ran. Without shared memory it runs on the caller alone.
   * @example
   * pool.run({ module, memory, exportName: "run_f32", params: [paramsAddress], threads: 2 }) // 8
   */
  run(task: PoolTask): number {
    const { module, memory, exportName, params } = task;
    if (params.length > maxTaskParams) throw new Error(`ThreadPool.run: ${params.length} parameters, at most ${maxTaskParams}`);
    const program = this.program(module, memory);
    const fn = program.exports[exportName];
    if (typeof fn !== "function") throw new Error(`ThreadPool.run: the module has no exported function ${exportName}`);
    const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
    const threads = shared ? Math.max(1, Math.min(this.active, Math.floor(task.threads ?? this.count))) : 1;
    const call = fn as (...args: number[]) => number;
    if (threads === 1) {
      const done = call(...params, 0);
      this.callerTasks += done;
      return done;
    }
    this.ensureWorkers(threads);
    let fnId = program.fnIds.get(exportName);
    if (fnId === undefined) program.fnIds.set(exportName, (fnId = this.nextFnId++));
    const posted: PoolWorker[] = [];
    const wakeWorth = task.estimatedMs === undefined || task.estimatedMs >= WAKE_FACTOR * this.wakeCostMs;
    for (let i = 0; i < threads - 1; i++) {
      const w = this.workers[i];
      w.teach(fnId, program.id, exportName, module, memory);
      if (!w.ready) continue;
      if (!wakeWorth && w.sleeping) {
        // Forget slowly, so that wake-ups are tried again once the machine calms down.
        this.wakeCostMs *= 0.97;
        continue;
      }
      const spent = w.post(fnId, params);
      if (spent > 0) this.wakeCostMs = 0.8 * this.wakeCostMs + 0.2 * spent;
      posted.push(w);
    }
    let done = 0;
    let failed = false;
    try {
      done = call(...params, 0);
      this.callerTasks += done;
    } finally {
      for (const w of posted) failed = w.finish() || failed;
    }
    if (failed) throw new Error(`ThreadPool.run: ${exportName} failed on a worker thread`);
    return done;
  }

  private program(module: WasmModule, memory: WasmMemory): Program {
    let byMemory = this.programs.get(module);
    if (byMemory === undefined) this.programs.set(module, (byMemory = new Map()));
    let program = byMemory.get(memory);
    if (program === undefined) {
      const exports = new (requireWasm().Instance)(module, { env: { memory }, math: mathImports }).exports;
      program = { id: this.nextInstanceId++, exports, fnIds: new Map() };
      byMemory.set(memory, program);
    }
    return program;
  }

  /**
   * How the work has been shared so far.
   * @example pool.stats() // { workerJobs: 12, workerTasks: 40, callerTasks: 52 }
   */
  stats(): PoolStats {
    let workerJobs = this.retiredJobs;
    let workerTasks = this.retiredTasks;
    for (const w of this.workers) {
      workerJobs += Atomics.load(w.flags, JOBS);
      workerTasks += Atomics.load(w.flags, TASKS);
    }
    return { workerJobs, workerTasks, callerTasks: this.callerTasks };
  }

  /**
   * Stops worker `index` (0-based) without telling the pool, as a crash would (tests).
   * @example pool.killWorker(0)
   */
  killWorker(index: number): void {
    this.workers[index]?.terminate();
  }
}
