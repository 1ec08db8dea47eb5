import type { Tensor } from "../../tensor/tensor";
import { ConcreteTensor, dataOf } from "../../tensor/concrete";
import { allocate } from "../../tensor/dtype";
import { evaluate } from "../bind";
import type { Atom, Eqn, Jaxpr, Var } from "../jaxpr";
import { eliminateDeadCode, foldConstants, inlineCalls } from "./optimize";
import { groupOutputs, planSegments, type FusedGroup } from "./fusion";
import { generateKernel, groupInputs, type FusedKernel } from "./codegen";

/** A staged program ready to run on concrete inputs: optimised, fused, with its loops generated. */
export interface Executable {
  /** The optimised program (what actually runs). */
  readonly jaxpr: Jaxpr;
  /** How many loops the elementwise work was fused into, and how many kernels run alone. */
  readonly stats: { readonly fusedLoops: number; readonly singleKernels: number };
  run(args: readonly Tensor[]): ConcreteTensor[];
}

type Step =
  | { readonly kind: "single"; readonly eqn: Eqn }
  | { readonly kind: "fused"; readonly group: FusedGroup; readonly inputs: readonly Atom[]; readonly outputs: readonly Var[]; readonly kernel: FusedKernel };

/**
 * Compiles a staged program whose transforms have all been applied: calls inlined, dead
 * code removed, constants folded, elementwise runs fused into generated loops
 * (reductions to a scalar as loop epilogues). Loops and conditionals run their own
 * compiled sub-programs.
 */
export function compile(source: Jaxpr): Executable {
  const jaxpr = eliminateDeadCode(foldConstants(eliminateDeadCode(inlineCalls(source))));
  const segments = planSegments(jaxpr);
  const steps: Step[] = segments.map((s) => {
    if (s.kind === "single") return s;
    const inputs = groupInputs(s);
    const outputs = groupOutputs(s, segments, jaxpr.outputs);
    return { kind: "fused", group: s, inputs, outputs, kernel: generateKernel(s, inputs, outputs) };
  });
  const stats = { fusedLoops: steps.filter((s) => s.kind === "fused").length, singleKernels: steps.filter((s) => s.kind === "single").length };

  const run = (args: readonly Tensor[]): ConcreteTensor[] => {
    const env = new Map<number, ConcreteTensor>();
    jaxpr.inputs.forEach((v, i) => env.set(v.id, args[i] as ConcreteTensor));
    const read = (a: Atom): ConcreteTensor => (a.kind === "literal" ? (a.value as ConcreteTensor) : (env.get(a.id) as ConcreteTensor));
    for (const step of steps) {
      if (step.kind === "single") {
        const e = step.eqn;
        if (e.kind === "primitive") env.set(e.out.id, evaluate(e.primitive, e.inputs.map(read), e.params as never));
        else e.primitive.impl(e.inputs.map(read), e.params).forEach((y, i) => env.set(e.outs[i].id, y as ConcreteTensor));
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
  return { jaxpr, stats, run };
}

const compiled = new WeakMap<Jaxpr, Executable>();

/** The compiled form of a program, compiled once and kept as long as the program lives. */
export function compiledOf(jaxpr: Jaxpr): Executable {
  let exe = compiled.get(jaxpr);
  if (exe === undefined) compiled.set(jaxpr, (exe = compile(jaxpr)));
  return exe;
}
