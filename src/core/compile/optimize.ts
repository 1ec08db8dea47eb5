import type { Tensor } from "../../tensor/tensor";
import { ConcreteTensor } from "../../tensor/concrete";
import { evaluate } from "../bind";
import { Jaxpr, eqnOutputs, type Atom, type Eqn, type Var } from "../jaxpr";

/** Drops equations whose results nothing uses (dead code). */
export function eliminateDeadCode(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<number>();
  for (const a of jaxpr.outputs) if (a.kind === "var") live.add(a.id);
  const kept: Eqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i];
    if (!eqnOutputs(e).some((v) => live.has(v.id))) continue;
    kept.push(e);
    for (const a of e.inputs) if (a.kind === "var") live.add(a.id);
  }
  return new Jaxpr(jaxpr.inputs, kept.reverse(), jaxpr.outputs);
}

/** Evaluates equations whose inputs are all concrete constants once, at compile time. */
export function foldConstants(jaxpr: Jaxpr, maxFoldedSize = 1 << 16): Jaxpr {
  const folded = new Map<number, Tensor>();
  const resolve = (a: Atom): Atom => (a.kind === "var" && folded.has(a.id) ? { kind: "literal", value: folded.get(a.id) as Tensor } : a);
  const eqns: Eqn[] = [];
  for (const e of jaxpr.eqns) {
    const inputs = e.inputs.map(resolve);
    const constant = e.kind === "primitive" && inputs.every((a) => a.kind === "literal" && a.value instanceof ConcreteTensor);
    // Broadcasting a constant would only trade a scalar for a large array; keep those for fusion.
    if (constant && e.kind === "primitive" && e.primitive !== "broadcastTo" && e.out.aval.shape.reduce((n, d) => n * d, 1) <= maxFoldedSize) {
      const values = inputs.map((a) => (a.kind === "literal" ? a.value : undefined) as ConcreteTensor);
      folded.set(e.out.id, evaluate(e.primitive, values, e.params as never));
      continue;
    }
    eqns.push({ ...e, inputs });
  }
  return new Jaxpr(jaxpr.inputs, eqns, jaxpr.outputs.map(resolve));
}

/**
 * Replaces calls whose primitive can be inlined (jit calls, custom-rule calls,
 * checkpoints) by their programs, recursively, with fresh variable names, so the
 * compiler fuses across call boundaries. Runs after every transform has been applied.
 */
export function inlineCalls(jaxpr: Jaxpr): Jaxpr {
  if (!jaxpr.eqns.some((e) => e.kind === "higherOrder" && e.primitive.inline !== undefined)) return jaxpr;
  let nextId = 0;
  const fresh = (v: Var): Var => ({ kind: "var", id: nextId++, aval: v.aval });
  const eqns: Eqn[] = [];
  const expand = (program: Jaxpr, args: readonly Atom[]): Atom[] => {
    const env = new Map<number, Atom>();
    program.inputs.forEach((v, i) => env.set(v.id, args[i]));
    const read = (a: Atom): Atom => (a.kind === "literal" ? a : (env.get(a.id) as Atom));
    for (const e of program.eqns) {
      const inputs = e.inputs.map(read);
      if (e.kind === "higherOrder" && e.primitive.inline !== undefined) {
        const outs = expand(e.primitive.inline(e.params), inputs);
        e.outs.forEach((v, i) => env.set(v.id, outs[i]));
        continue;
      }
      if (e.kind === "primitive") {
        const out = fresh(e.out);
        env.set(e.out.id, out);
        eqns.push({ ...e, inputs, out });
      } else {
        const outs = e.outs.map(fresh);
        e.outs.forEach((v, i) => env.set(v.id, outs[i]));
        eqns.push({ ...e, inputs, outs });
      }
    }
    return program.outputs.map(read);
  };
  const inputs = jaxpr.inputs.map(fresh);
  const outputs = expand(jaxpr, inputs);
  return new Jaxpr(inputs, eqns, outputs);
}
