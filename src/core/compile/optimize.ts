import { Tensor } from "../../tensor/tensor";
import { ConcreteTensor } from "../../tensor/concrete";
import { evaluate } from "../bind";
import { Jaxpr, type Atom, type Eqn } from "../jaxpr";

/** Drops equations whose results nothing uses (dead code). */
export function eliminateDeadCode(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<number>();
  for (const a of jaxpr.outputs) if (a.kind === "var") live.add(a.id);
  const kept: Eqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i];
    if (!live.has(e.out.id)) continue;
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
    const constant = inputs.every((a) => a.kind === "literal" && a.value instanceof ConcreteTensor);
    // Broadcasting a constant would only trade a scalar for a large array; keep those for fusion.
    if (constant && e.primitive !== "broadcastTo" && e.out.aval.shape.reduce((n, d) => n * d, 1) <= maxFoldedSize) {
      const values = inputs.map((a) => (a.kind === "literal" ? a.value : undefined) as ConcreteTensor);
      folded.set(e.out.id, evaluate(e.primitive, values, e.params as never));
      continue;
    }
    eqns.push({ ...e, inputs });
  }
  return new Jaxpr(jaxpr.inputs, eqns, jaxpr.outputs.map(resolve));
}
