import type { Tensor } from "../../tensor/tensor";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { allocate } from "../../tensor/dtype";
import { evaluate } from "../bind";
import { Tracer } from "../trace";
import type { Atom, Jaxpr, Var } from "../jaxpr";
import { evalJaxpr } from "../staging";
import { eliminateDeadCode, foldConstants } from "./optimize";
import { groupOutputs, planSegments, type FusedGroup } from "./fusion";
import { generateKernel, groupInputs, type FusedKernel } from "./codegen";

/** A staged program ready to run: optimised, fused, with its loops generated. */
export interface Executable {
  /** The optimised program (what actually runs). */
  readonly jaxpr: Jaxpr;
  /** True when the program holds a value of an outer transform: it is valid for one call only. */
  readonly capturesTracer: boolean;
  /** How many loops the elementwise work was fused into, and how many kernels run alone. */
  readonly stats: { readonly fusedLoops: number; readonly singleKernels: number };
  run(args: readonly Tensor[]): Tensor[];
}

type Step =
  | { readonly kind: "single"; readonly eqn: Jaxpr["eqns"][number] }
  | { readonly kind: "fused"; readonly group: FusedGroup; readonly inputs: readonly Atom[]; readonly outputs: readonly Var[]; readonly kernel: FusedKernel };

/**
 * Compiles a staged program: dead code removed, constants folded, elementwise runs fused
 * into generated loops (reductions to a scalar as loop epilogues). Values of outer
 * transforms (tracers) run through the plain interpreter so those transforms still see
 * every primitive.
 */
export function compile(source: Jaxpr): Executable {
  const jaxpr = eliminateDeadCode(foldConstants(eliminateDeadCode(source)));
  const segments = planSegments(jaxpr);
  const steps: Step[] = segments.map((s) => {
    if (s.kind === "single") return s;
    const inputs = groupInputs(s);
    const outputs = groupOutputs(s, segments, jaxpr.outputs);
    return { kind: "fused", group: s, inputs, outputs, kernel: generateKernel(s, inputs, outputs) };
  });
  const stats = { fusedLoops: steps.filter((s) => s.kind === "fused").length, singleKernels: steps.filter((s) => s.kind === "single").length };
  const capturesTracer = [...jaxpr.eqns.flatMap((e) => e.inputs), ...jaxpr.outputs].some((a) => a.kind === "literal" && a.value instanceof Tracer);

  const run = (args: readonly Tensor[]): Tensor[] => {
    if (capturesTracer || args.some((a) => a instanceof Tracer)) return evalJaxpr(jaxpr, args);
    const env = new Map<number, ConcreteTensor>();
    jaxpr.inputs.forEach((v, i) => env.set(v.id, args[i] as ConcreteTensor));
    const read = (a: Atom): ConcreteTensor => (a.kind === "literal" ? (a.value as ConcreteTensor) : (env.get(a.id) as ConcreteTensor));
    for (const step of steps) {
      if (step.kind === "single") {
        env.set(step.eqn.out.id, evaluate(step.eqn.primitive, step.eqn.inputs.map(read), step.eqn.params as never));
        continue;
      }
      const n = step.group.size;
      const outs = step.outputs.map((v) => allocate(v.aval.dtype, n));
      const sums = step.kernel(step.inputs.map((a) => dataOf(read(a))), outs, n);
      step.outputs.forEach((v, i) => env.set(v.id, new ConcreteTensor(outs[i], v.aval.shape, v.aval.dtype)));
      step.group.reductions.forEach((r, k) => {
        const data = allocate(r.out.aval.dtype, 1);
        data[0] = sums[k];
        env.set(r.out.id, new ConcreteTensor(data, [], r.out.aval.dtype));
      });
    }
    return jaxpr.outputs.map(read);
  };
  return { jaxpr, capturesTracer, stats, run };
}
