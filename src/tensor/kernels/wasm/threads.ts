/**
 * A helper thread for the GEMM module: one `worker_threads` Worker that instantiates the same
 * compiled module over the same shared memory and runs `run_f32` / `run_f64` on a parameter
 * block when the caller asks, so a synchronous matmul can split its work over two cores.
 *
 * Handshake through Int32 slots of a control block in the shared memory:
 * the caller writes the job (function, parameter block), bumps REQ and notifies; whoever first
 * moves CLAIM from REQ-1 to REQ runs the job. The worker claims it when it wakes; the caller,
 * after finishing its own half, tries to claim it too — so a worker that is slow to wake, still
 * booting or gone costs nothing but the lost parallelism, never a hang. When the worker ran the
 * job it stores REQ into DONE and notifies; the caller waits for that with `Atomics.wait`.
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

/** Bytes the control block needs. */
export const controlBytes = 32;

/** What the worker receives. */
interface WorkerInit {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly control: number;
  readonly spin: number;
}

/** The worker's code: plain JS, no imports but `worker_threads`. */
const workerSource = `
"use strict";
const { workerData } = require("worker_threads");
const { module, memory, control, spin } = workerData;
const f = new Int32Array(memory.buffer, control, 8);
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
  let req = Atomics.load(f, ${REQ});
  for (let i = 0; req === seen && i < spin; i++) req = Atomics.load(f, ${REQ});
  if (req === seen) { Atomics.wait(f, ${REQ}, seen); continue; }
  seen = req;
  if (Atomics.compareExchange(f, ${CLAIM}, (req - 1) | 0, req) !== ((req - 1) | 0)) continue;
  let err = 0;
  try { run[Atomics.load(f, ${FN})](Atomics.load(f, ${PARAMS})); } catch (e) { err = 1; }
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
   * Starts the worker (asynchronously: it is usable once {@link ready}).
   * @example
   * const h = new GemmHelper(rt.module, rt.memory, rt.control);
   * h.waitReady(2000);
   * if (h.ready) { h.post(0, paramsOfWorkerHalf); runMyHalf(); h.finish((p) => rt.run.f32(p)); }
   */
  constructor(module: WasmModule, memory: WasmMemory, control: number, spin = 20000) {
    this.flags = new Int32Array(memory.buffer, control, controlBytes / 4);
    const init: WorkerInit = { module, memory, control, spin };
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

  /** How many jobs the worker (rather than the caller) has run so far. */
  get jobsRun(): number {
    return Atomics.load(this.flags, JOBS);
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
   * Offers the job `run[fn](params)` to the worker. Follow with {@link finish}.
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
   * Completes the posted job: runs it here with `runHere` if the worker has not claimed it yet,
   * otherwise waits until the worker is done. Throws if the worker's run failed.
   * @example helper.finish((p) => rt.run.f32(p))
   */
  finish(runHere: (params: number) => void): void {
    const f = this.flags;
    const req = Atomics.load(f, REQ);
    const prev = (req - 1) | 0;
    if (Atomics.compareExchange(f, CLAIM, prev, req) === prev) {
      runHere(Atomics.load(f, PARAMS));
      return;
    }
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
