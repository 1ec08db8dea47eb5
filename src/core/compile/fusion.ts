import { sameShape, sizeOf } from "../../tensor/shape";
import type { Atom, Eqn, Jaxpr, PrimitiveEqn, Var } from "../jaxpr";
import { ruleOf } from "../bind";
import { isIntegerDType } from "../primitive";

/** A run of elementwise equations over `size` elements executed as one loop. */
export interface FusedGroup {
  readonly kind: "fused";
  readonly size: number;
  readonly eqns: readonly PrimitiveEqn[];
  /** Reductions to a scalar over all elements of a group value, accumulated in the same loop. */
  readonly reductions: readonly PrimitiveEqn[];
}

/** One equation run by its kernel. */
export interface Single {
  readonly kind: "single";
  readonly eqn: Eqn;
}

/** The plan of a compiled program: segments in execution order. */
export type Segment = FusedGroup | Single;

const atomShape = (a: Atom) => (a.kind === "var" ? a.aval.shape : a.value.shape);
const atomSize = (a: Atom) => sizeOf(atomShape(a));

/**
 * Does an input of `shape` repeat along the leading axes of `out` (like a bias row added to
 * a batch), so that element i of the output reads element i mod size(shape)?
 */
export function isTrailingBroadcast(shape: readonly number[], out: readonly number[]): boolean {
  let i = shape.length - 1;
  let j = out.length - 1;
  while (i >= 0 && shape[i] === out[j]) {
    i--;
    j--;
  }
  for (; i >= 0; i--) if (shape[i] !== 1) return false;
  return true;
}

/** The element expression of `e` on operands named `args` (default placeholders), or undefined when it has none for its dtypes. */
export function elementExpression(e: PrimitiveEqn, args: readonly string[] = e.inputs.map((_, i) => `x${i}`)): string | undefined {
  const element = ruleOf(e.primitive).element;
  const dtypes = { out: e.out.aval.dtype, inputs: e.inputs.map((a) => (a.kind === "var" ? a.aval.dtype : a.value.dtype)) };
  return element?.(args, e.params as Readonly<Record<string, unknown>>, dtypes);
}

/** Can `e` run inside a loop over its output's `size` elements, reading each input by the same flat index? */
export function isFusible(e: PrimitiveEqn): boolean {
  if (elementExpression(e) === undefined) return false;
  if (e.primitive === "convert" && e.out.aval.dtype === "bool") return false;
  const shape = e.out.aval.shape;
  if (e.primitive === "reshape") return true;
  if (e.primitive === "broadcastTo") return atomSize(e.inputs[0]) === 1;
  return e.inputs.every((a) => atomSize(a) === 1 || sameShape(atomShape(a), shape) || isTrailingBroadcast(atomShape(a), shape));
}

interface PendingGroup {
  readonly size: number;
  readonly eqns: PrimitiveEqn[];
  readonly reductions: PrimitiveEqn[];
  /** Values the group defines, its epilogue sums included. */
  readonly defined: Set<number>;
  /** Its epilogue sums: they exist only once its loop has finished. */
  readonly sums: Set<number>;
}

/**
 * Groups fusible equations by element count: each joins the pending group of its size,
 * so scalar bookkeeping does not split a large loop. A group runs (is emitted) as soon as
 * something outside it, or one of its own later equations, needs a value it computes
 * after its loop; an equation that cannot be fused runs in program order once the groups
 * it reads have run. Sum-to-scalar reductions of a group value join it as loop epilogues.
 */
export function planSegments(jaxpr: Jaxpr): Segment[] {
  const segments: Segment[] = [];
  const pending: PendingGroup[] = [];
  const emit = (g: PendingGroup) => {
    pending.splice(pending.indexOf(g), 1);
    if (g.eqns.length === 1 && g.reductions.length === 0) segments.push({ kind: "single", eqn: g.eqns[0] });
    else segments.push({ kind: "fused", size: g.size, eqns: g.eqns, reductions: g.reductions });
  };
  const reads = (e: Eqn, ids: Set<number>) => e.inputs.some((a) => a.kind === "var" && ids.has(a.id));
  for (const e of jaxpr.eqns) {
    if (e.kind === "primitive" && isFusible(e)) {
      const size = sizeOf(e.out.aval.shape);
      let home = pending.find((g) => g.size === size);
      for (const g of pending.slice()) {
        if ((g !== home && reads(e, g.defined)) || (g === home && reads(e, g.sums))) emit(g);
      }
      home = pending.find((g) => g.size === size);
      if (home === undefined) {
        home = { size, eqns: [], reductions: [], defined: new Set(), sums: new Set() };
        pending.push(home);
      }
      home.eqns.push(e);
      home.defined.add(e.out.id);
      continue;
    }
    const input = e.inputs[0];
    const owner = input?.kind === "var" ? pending.find((g) => g.defined.has(input.id) && !g.sums.has(input.id)) : undefined;
    if (e.kind === "primitive" && e.primitive === "reduceSum" && owner !== undefined && e.out.aval.shape.length === 0 && !isIntegerDType(e.out.aval.dtype)) {
      owner.reductions.push(e);
      owner.defined.add(e.out.id);
      owner.sums.add(e.out.id);
      continue;
    }
    for (const g of pending.slice()) if (reads(e, g.defined)) emit(g);
    segments.push({ kind: "single", eqn: e });
  }
  for (const g of pending.slice()) emit(g);
  return segments;
}

/** The values a group must write out: those read outside it, or returned. */
export function groupOutputs(group: FusedGroup, segments: readonly Segment[], outputs: readonly Atom[]): Var[] {
  const inside = new Set(group.eqns.map((e) => e.out.id));
  const needed = new Set<number>();
  const note = (a: Atom) => {
    if (a.kind === "var" && inside.has(a.id)) needed.add(a.id);
  };
  for (const s of segments) {
    if (s === group) continue;
    if (s.kind === "single") s.eqn.inputs.forEach(note);
    else [...s.eqns, ...s.reductions].forEach((e) => e.inputs.forEach(note));
  }
  outputs.forEach(note);
  return group.eqns.map((e) => e.out).filter((v) => needed.has(v.id));
}
