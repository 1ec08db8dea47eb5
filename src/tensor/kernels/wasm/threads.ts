/**
 * A helper thread for the GEMM module: one `worker_threads` Worker that instantiates the same
 * compiled module over the same shared memory and runs `run_f32` / `run_f64` on a parameter
 * block when the caller asks, so a synchronous matmul can split its work over two cores.
 *
 * Handshake through Int32 slots of a control block in the shared memory: the caller writes the
 * job (function, parameter block), bumps REQ and notifies, then runs the same job itself. The
 * job is a task loop over a shared counter, so whichever threads run it share its tasks and the
 * caller alone finishes it if need be. When the caller is done it moves CLAIM from REQ-1 to REQ:
 * if that succeeds the worker never started the job (slow to wake, still booting or gone) and
 * there is nothing to wait for; otherwise the worker claimed it first and the caller waits with
 * `Atomics.wait` until the worker stores REQ into DONE. No hang, whatever the worker does.
 *
 * The worker is unref'd (it never keeps the process alive) and its code is a JS string run with
 * `eval: true`, so it works the same from TypeScript sources (tsx, vitest) and from `dist/`.
 */
import { Worker } from "worker_threads";
import { WasmMemory, WasmModule } from "./wasm-api";

const REQ = 0;
const DONE = 1;
const FN = 2;
const PARAMS = 3;
const READY = 4;
const ERROR = 5;
const CLAIM = 6;
const JOBS = 7;
const TASKS = 8;

/** Bytes the control block needs. */
export const controlBytes = 64;

/** What the worker receives. */
interface WorkerInit {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly control: number;
  /** The worker's own packed-A buffer and edge tile. */
  readonly packA: number;
  readonly tile: number;
  /** How long the worker spins for the next job before sleeping, in ms. */
  readonly spinMs: number;
}

/** The worker's code: plain JS, no imports but `worker_threads`. */
const workerSource = `
"use strict";
const { workerData } = require("worker_threads");
const { module, memory, control, packA, tile, spinMs } = workerData;
const f = new Int32Array(memory.buffer, control, ${controlBytes / 4});
let run;
try {
  const exp = new WebAssembly.Instance(module, { env: { memory } }).exports;
  run = [exp.run_f32, exp.run_f64];
} catch (e) {
  Atomics.store(f, ${READY}, -1);
  Atomics.notify(f, ${READY});
  throw e;
}
Atomics.store(f, ${READY}, 1);
Atomics.notify(f, ${READY});
let seen = Atomics.load(f, ${REQ});
for (;;) {
  // Spin a little before sleeping: back-to-back calls then find the worker awake.
  let req = Atomics.load(f, ${REQ});
  for (const until = performance.now() + spinMs; req === seen; req = Atomics.load(f, ${REQ})) {
    if (performance.now() > until) break;
    for (let i = 0; i < 64 && req === seen; i++) req = Atomics.load(f, ${REQ});
  }
  if (req === seen) { Atomics.wait(f, ${REQ}, seen); continue; }
  seen = req;
  if (Atomics.compareExchange(f, ${CLAIM}, (req - 1) | 0, req) !== ((req - 1) | 0)) continue;
  let err = 0;
  try { Atomics.add(f, ${TASKS}, run[Atomics.load(f, ${FN})](Atomics.load(f, ${PARAMS}), packA, tile)); } catch (e) { err = 1; }
  Atomics.store(f, ${ERROR}, err);
  Atomics.add(f, ${JOBS}, 1);
  Atomics.store(f, ${DONE}, req);
  Atomics.notify(f, ${DONE});
}
`;

/** One helper thread bound to a module and its shared memory. */
export class GemmHelper {
  private readonly flags: Int32Array;
  private worker: Worker | undefined;
  private failed = false;

  /**
   * Starts the worker (asynchronously: it joins in once {@link ready}).
   * @example
   * const h = new GemmHelper(rt.module, rt.memory, rt.control, rt.threads[1]);
   * h.post(0, rt.params);
   * rt.run.f32(rt.params, rt.threads[0].packA, rt.threads[0].tile);
   * h.finish();
   */
  constructor(module: WasmModule, memory: WasmMemory, control: number, scratch: { packA: number; tile: number }, spinMs = 0.1) {
    this.flags = new Int32Array(memory.buffer, control, controlBytes / 4);
    const init: WorkerInit = { module, memory, control, packA: scratch.packA, tile: scratch.tile, spinMs };
    try {
      const w = new Worker(workerSource, { eval: true, workerData: init });
      w.unref();
      w.on("error", () => this.markFailed());
      w.on("exit", () => this.markFailed());
      this.worker = w;
    } catch {
      this.markFailed();
    }
  }

  private markFailed(): void {
    this.failed = true;
    this.worker = undefined;
  }

  /** True once the worker has instantiated the module and waits for jobs. */
  get ready(): boolean {
    return !this.failed && Atomics.load(this.flags, READY) === 1;
  }

  /** True when the worker could not start or has stopped. */
  get dead(): boolean {
    return this.failed || Atomics.load(this.flags, READY) === -1;
  }

  /** How many jobs the worker has joined so far. */
  get jobsRun(): number {
    return Atomics.load(this.flags, JOBS);
  }

  /** How many tasks the worker has run so far. */
  get tasksRun(): number {
    return Atomics.load(this.flags, TASKS);
  }

  /**
   * Blocks up to `timeoutMs` for the worker to become ready (worker boot does not need the
   * caller's event loop). Returns {@link ready}.
   * @example helper.waitReady(5000) // true once the worker runs
   */
  waitReady(timeoutMs: number): boolean {
    const end = Date.now() + timeoutMs;
    while (!this.dead && Atomics.load(this.flags, READY) === 0) {
      const left = end - Date.now();
      if (left <= 0) break;
      Atomics.wait(this.flags, READY, 0, Math.min(left, 50));
    }
    return this.ready;
  }

  /**
   * Offers the job `run[fn](params, …)` to the worker; the caller then runs it too, and
   * calls {@link finish}.
   * @example helper.post(0, paramsAddress)
   */
  post(fn: 0 | 1, params: number): void {
    Atomics.store(this.flags, FN, fn);
    Atomics.store(this.flags, PARAMS, params);
    Atomics.store(this.flags, ERROR, 0);
    Atomics.add(this.flags, REQ, 1);
    Atomics.notify(this.flags, REQ, 1);
  }

  /**
   * Call after running the posted job yourself: returns at once if the worker has not claimed
   * it (then it never will), otherwise waits until the worker has left it. Throws if the
   * worker's run failed.
   * @example helper.finish()
   */
  finish(): void {
    const f = this.flags;
    const req = Atomics.load(f, REQ);
    const prev = (req - 1) | 0;
    if (Atomics.compareExchange(f, CLAIM, prev, req) === prev) return;
    for (let i = 0; i < 1000 && Atomics.load(f, DONE) !== req; i++) {
      // brief spin: the worker usually finishes about when we do
    }
    for (let done = Atomics.load(f, DONE); done !== req; done = Atomics.load(f, DONE)) Atomics.wait(f, DONE, done, 1000);
    if (Atomics.load(f, ERROR) !== 0) throw new Error("matmulWasm: the helper thread failed");
  }

  /** Stops the worker (tests; normally it just dies with the process). */
  terminate(): Promise<number> | undefined {
    const w = this.worker;
    this.markFailed();
    return w?.terminate();
  }
}
