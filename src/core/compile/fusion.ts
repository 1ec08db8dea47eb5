import { sameShape, sizeOf } from "../../tensor/shape";
import type { Atom, Eqn, Jaxpr, Var } from "../jaxpr";
import { elementExpressions } from "./expressions";

/** A run of elementwise equations over `size` elements executed as one loop. */
export interface FusedGroup {
  readonly kind: "fused";
  readonly size: number;
  readonly eqns: readonly Eqn[];
  /** Reductions to a scalar over all elements of a group value, accumulated in the same loop. */
  readonly reductions: readonly Eqn[];
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

/** Can `e` run inside a loop over its output's `size` elements, reading each input by the same flat index? */
export function isFusible(e: Eqn): boolean {
  if (elementExpressions[e.primitive] === undefined) return false;
  if (e.out.aval.dtype === "int32" || e.inputs.some((a) => (a.kind === "var" ? a.aval.dtype : a.value.dtype) === "int32")) return false;
  if (e.primitive === "convert" && e.out.aval.dtype === "bool") return false;
  const shape = e.out.aval.shape;
  if (e.primitive === "reshape") return true;
  if (e.primitive === "broadcastTo") return atomSize(e.inputs[0]) === 1;
  return e.inputs.every((a) => atomSize(a) === 1 || sameShape(atomShape(a), shape) || isTrailingBroadcast(atomShape(a), shape));
}

/**
 * Groups consecutive fusible equations of equal element count; an equation that cannot
 * be fused runs before the pending group unless it reads one of the group's values.
 * Sum-to-scalar reductions of a group value join the group as loop epilogues.
 */
export function planSegments(jaxpr: Jaxpr): Segment[] {
  const segments: Segment[] = [];
  let group: { size: number; eqns: Eqn[]; reductions: Eqn[]; defined: Set<number> } | undefined;
  const flush = () => {
    if (group === undefined) return;
    if (group.eqns.length === 1 && group.reductions.length === 0) segments.push({ kind: "single", eqn: group.eqns[0] });
    else segments.push({ kind: "fused", size: group.size, eqns: group.eqns, reductions: group.reductions });
    group = undefined;
  };
  for (const e of jaxpr.eqns) {
    const size = sizeOf(e.out.aval.shape);
    const readsGroup = group !== undefined && e.inputs.some((a) => a.kind === "var" && (group as { defined: Set<number> }).defined.has(a.id));
    if (isFusible(e) && size > 1) {
      // A value reduced in the group's epilogue exists only after its loop has finished.
      const readsReduction = group !== undefined && e.inputs.some((a) => a.kind === "var" && (group as { reductions: Eqn[] }).reductions.some((r) => r.out.id === a.id));
      if (group !== undefined && (group.size !== size || readsReduction)) flush();
      group ??= { size, eqns: [], reductions: [], defined: new Set() };
      group.eqns.push(e);
      group.defined.add(e.out.id);
      continue;
    }
    const input = e.inputs[0];
    const isEpilogue =
      e.primitive === "reduceSum" && group !== undefined && input.kind === "var" && group.defined.has(input.id) && e.out.aval.shape.length === 0 && e.out.aval.dtype !== "int32";
    if (isEpilogue && group !== undefined) {
      group.reductions.push(e);
      group.defined.add(e.out.id);
      continue;
    }
    if (readsGroup) flush();
    segments.push({ kind: "single", eqn: e });
  }
  flush();
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
