import type { Tensor } from "../../tensor/tensor";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { allocate, allocateUnfilled } from "../../tensor/dtype";
import { sizeOf } from "../../tensor/shape";
import { isPooledSize, withRecycling } from "../../tensor/recycled-storage";
import { LiveArrays } from "../live-arrays";
import { evaluate } from "../bind";
import { eqnOutputs, type Atom, type Eqn, type Jaxpr, type Var } from "../jaxpr";
import { eliminateDeadCode, foldConstants, inlineCalls } from "./optimize";
import { groupOutputs, planSegments, type FusedGroup } from "./fusion";
import { generateKernel, groupInputs, type FusedKernel } from "./codegen";
import { generateWasmKernel } from "./wasm-codegen";

/** A staged program ready to run on concrete inputs: optimised, fused, with its loops generated. */
export interface Executable {
  /** The optimised program (what actually runs). */
  readonly jaxpr: Jaxpr;
  /**
   * How many loops the elementwise work was fused into (of which `wasmLoops` run as
   * WebAssembly, the others as generated JavaScript), how many kernels run alone, and the
   * most values (inputs included) held at once during a run: each is released after the
   * last step that reads it.
   */
  readonly stats: { readonly fusedLoops: number; readonly wasmLoops: number; readonly singleKernels: number; readonly peakLiveValues: number };
  run(args: readonly Tensor[]): ConcreteTensor[];
}

type Step =
  | { readonly kind: "single"; readonly eqn: Eqn }
  | {
      readonly kind: "fused";
      readonly group: FusedGroup;
      /** What the kernel reads at run time, in the order it takes their data. */
      readonly inputs: readonly Atom[];
      readonly outputs: readonly Var[];
      readonly kernel: FusedKernel;
      readonly wasm: boolean;
    };

/**
 * Compiles a staged program whose transforms have all been applied: calls inlined, dead
 * code removed, constants folded, elementwise runs fused into generated loops
 * (reductions to a scalar as loop epilogues), in WebAssembly where every step of a loop
 * has a lowering, else in JavaScript. Loops and conditionals run their own
 * compiled sub-programs.
 */
export function compile(source: Jaxpr): Executable {
  const jaxpr = eliminateDeadCode(foldConstants(eliminateDeadCode(inlineCalls(source))));
  const segments = planSegments(jaxpr);
  const steps: Step[] = segments.map((s) => {
    if (s.kind === "single") return s;
    const inputs = groupInputs(s);
    const outputs = groupOutputs(s, segments, jaxpr.outputs);
    const wasm = generateWasmKernel(s, inputs, outputs);
    if (wasm !== undefined) return { kind: "fused", group: s, inputs: wasm.reads, outputs, kernel: wasm.kernel, wasm: true };
    return { kind: "fused", group: s, inputs, outputs, kernel: generateKernel(s, inputs, outputs), wasm: false };
  });
  const released = lastUses(steps, jaxpr.outputs);
  const stats = {
    fusedLoops: steps.filter((s) => s.kind === "fused").length,
    wasmLoops: steps.filter((s) => s.kind === "fused" && s.wasm).length,
    singleKernels: steps.filter((s) => s.kind === "single").length,
    peakLiveValues: peakLive(jaxpr.inputs.length, steps, released),
  };

  const written = steps.map((step) =>
    (step.kind === "single" ? eqnOutputs(step.eqn) : [...step.outputs, ...step.group.reductions.map((r) => r.out)]).map((v) => v.id),
  );
  // Whether a run may allocate arrays large enough for the pool (8 bytes an element: an
  // over-estimate, so a program of small values skips the scope and its bookkeeping).
  const recycles = steps.some((step) => (step.kind === "single" ? eqnOutputs(step.eqn) : step.outputs).some((v) => isPooledSize(sizeOf(v.aval.shape) * 8)));

  const run = (args: readonly Tensor[], live?: LiveArrays): ConcreteTensor[] => {
    const env = new Map<number, ConcreteTensor>();
    for (let i = 0; i < jaxpr.inputs.length; i++) env.set(jaxpr.inputs[i].id, args[i] as ConcreteTensor);
    for (let k = 0; k < steps.length; k++) {
      live?.beginStep();
      runStep(steps[k], env);
      if (live !== undefined) for (const id of written[k]) live.hold(env.get(id));
      // Values nothing reads any more are dropped, so the collector can take them mid-run
      // (and their large arrays are recycled when nothing else holds them).
      for (const id of released[k]) {
        live?.letGo(env.get(id));
        env.delete(id);
      }
      live?.endStep();
    }
    return jaxpr.outputs.map((a) => readAtom(env, a));
  };
  return {
    jaxpr,
    stats,
    run: recycles ? (args) => withRecycling((scope) => run(args, new LiveArrays(scope))) : (args) => run(args),
  };
}

/** For each step, the variables it is the last to read (program outputs are never released). */
function lastUses(steps: readonly Step[], outputs: readonly Atom[]): number[][] {
  const last = new Map<number, number>();
  steps.forEach((step, k) => {
    const atoms = step.kind === "single" ? step.eqn.inputs : step.inputs;
    for (const a of atoms) if (a.kind === "var") last.set(a.id, k);
  });
  for (const a of outputs) if (a.kind === "var") last.delete(a.id);
  const released: number[][] = steps.map(() => []);
  for (const [id, k] of last) released[k].push(id);
  return released;
}

/** The most values held at once: the inputs, plus what each step writes, minus what it releases. */
function peakLive(inputs: number, steps: readonly Step[], released: readonly number[][]): number {
  let live = inputs;
  let peak = live;
  steps.forEach((step, k) => {
    live += step.kind === "single" ? eqnOutputs(step.eqn).length : step.outputs.length + step.group.reductions.length;
    peak = Math.max(peak, live);
    live -= released[k].length;
  });
  return peak;
}

/** A literal's value, or a variable's from `env`. */
function readAtom(env: Map<number, ConcreteTensor>, a: Atom): ConcreteTensor {
  return a.kind === "literal" ? (a.value as ConcreteTensor) : (env.get(a.id) as ConcreteTensor);
}

/**
 * Runs one step, reading its inputs from `env` and writing its outputs there. (No closures
 * are made per run: a named one costs a call where names are kept, as under tsx.)
 */
function runStep(step: Step, env: Map<number, ConcreteTensor>): void {
  if (step.kind === "single") {
    const e = step.eqn;
    const inputs = e.inputs.map((a) => readAtom(env, a));
    if (e.kind === "primitive") env.set(e.out.id, evaluate(e.primitive, inputs, e.params as never));
    else e.primitive.impl(inputs, e.params).forEach((y, i) => env.set(e.outs[i].id, y as ConcreteTensor));
    return;
  }
  const n = step.group.size;
  const outs = step.outputs.map((v) => allocateUnfilled(v.aval.dtype, n));
  const sums = step.kernel(
    step.inputs.map((a) => dataOf(readAtom(env, a))),
    outs,
    n,
  );
  step.outputs.forEach((v, i) => env.set(v.id, new ConcreteTensor(outs[i], v.aval.shape, v.aval.dtype)));
  step.group.reductions.forEach((r, k) => {
    const data = allocate(r.out.aval.dtype, 1);
    data[0] = sums[k];
    env.set(r.out.id, new ConcreteTensor(data, [], r.out.aval.dtype));
  });
}

const compiled = new WeakMap<Jaxpr, Executable>();

/** The compiled form of a program, compiled once and kept as long as the program lives. */
export function compiledOf(jaxpr: Jaxpr): Executable {
  let exe = compiled.get(jaxpr);
  if (exe === undefined) compiled.set(jaxpr, (exe = compile(jaxpr)));
  return exe;
}
